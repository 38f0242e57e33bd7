"""可疑登录: the login lock counts per account and address, so a guesser who moves to another address before each
lock, or one address trying a password on each of many accounts, was never told to anyone. Now the security admin
is, once per account or address per window, on the security page, their home page and in the audit log."""

import datetime as dt

import pytest
from django.test import Client

from accounts.login_spread import SPREAD
from accounts.models import AuditEvent
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "Wrong@Pass2026"


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.SECURITY_SPREAD_WINDOW_MINUTES = 60
    settings.SECURITY_SPREAD_ADDRESSES = 3
    settings.SECURITY_SPREAD_ACCOUNTS = 3


def _fail(username: str, address: str) -> None:
    response = Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": WRONG})
    assert response.status_code == 200  # the form again, "用户名或密码错误": no lock at one failure


def _security_page(login, personas) -> str:
    page = login(personas.security_admin).get("/accounts/security/").content.decode()
    return page[page.index('id="login-spread"') : page.index('id="locked"')]


def test_one_account_failing_from_many_addresses_is_told_to_the_security_admin_once(personas, login):
    for address in ("10.0.0.1", "10.0.0.2"):
        _fail("cadre_a", address)
    assert not AuditEvent.objects.filter(action=SPREAD).exists()

    _fail("cadre_a", "10.0.0.3")
    _fail("cadre_a", "10.0.0.4")  # the same window: no second notice

    notices = list(AuditEvent.objects.filter(action=SPREAD))
    assert len(notices) == 1
    assert notices[0].summary.startswith("可疑登录：账号 cadre_a 在60分钟内从 3 个不同地址登录失败（10.0.0.3、")
    assert notices[0].object_id == str(personas.cadre_a.pk)
    section = _security_page(login, personas)
    assert "账号 cadre_a" in section
    assert "从 3 个不同地址登录失败 3 次" in section
    assert "10.0.0.1" in section and "10.0.0.3" in section
    assert "最近7天没有可疑登录" not in section


def test_one_address_failing_against_many_accounts_is_told_with_an_unknown_name_masked(personas, login):
    for username in ("cadre_a", "township", "nosuchperson"):
        _fail(username, "10.7.7.7")

    notice = AuditEvent.objects.get(action=SPREAD)
    assert notice.summary.startswith("可疑登录：地址 10.7.7.7 在60分钟内对 3 个账号登录失败（")
    assert "nosuchperson" not in notice.summary and "no***" in notice.summary
    section = _security_page(login, personas)
    assert "地址 10.7.7.7" in section
    assert "对 3 个账号登录失败 3 次" in section
    assert "cadre_a" in section and "no***" in section


def test_the_same_account_mistyped_at_one_office_is_no_notice(personas, login):
    for _ in range(4):
        _fail("cadre_a", "10.1.1.1")
    _fail("township", "10.1.1.1")

    assert not AuditEvent.objects.filter(action=SPREAD).exists()
    assert "最近7天没有可疑登录" in _security_page(login, personas)


def test_failures_older_than_the_window_are_not_counted(personas):
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=61)
    for address in ("10.0.0.1", "10.0.0.2"):
        AuditEvent.objects.create(
            created_at=old, action="auth.login_failed", summary="登录失败", actor_username="cadre_a",
            object_type="accounts.user", object_id=str(personas.cadre_a.pk), ip_address=address,
        )  # fmt: skip

    _fail("cadre_a", "10.0.0.3")

    assert not AuditEvent.objects.filter(action=SPREAD).exists()


def test_the_security_admins_home_page_counts_the_notices_and_links_to_them(personas, login):
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        _fail("cadre_a", address)

    home = login(personas.security_admin).get("/").content.decode()

    assert "可疑登录" in home
    assert "/accounts/security/#login-spread" in home
    assert (
        Client(REMOTE_ADDR="10.0.0.9")
        .post("/accounts/login/", {"username": "cadre_a", "password": TEST_PASSWORD})
        .status_code
        == 302
    )  # the owner still signs in: a notice locks nothing


def test_made_up_names_from_one_address_are_counted_apart_though_their_masked_forms_are_alike(settings):
    """The log keeps an unknown name masked ("rv***"), which nine made-up names share: they were counted as one
    account and never reached the threshold. They are told apart by a keyed hash, never by the name itself."""
    settings.SECURITY_SPREAD_ACCOUNTS = 8
    names = [f"rvguess{number:02d}" for number in range(1, 10)]
    for username in names[:7]:
        _fail(username, "10.9.9.9")
    assert not AuditEvent.objects.filter(action=SPREAD).exists()

    for username in names[7:]:
        _fail(username, "10.9.9.9")

    notice = AuditEvent.objects.get(action=SPREAD)
    assert notice.summary.startswith("可疑登录：地址 10.9.9.9 在60分钟内对 8 个账号登录失败（rv***、")
    failed = AuditEvent.objects.filter(action="auth.login_failed", ip_address="10.9.9.9")
    stored = " ".join(f"{event.summary} {event.actor_username} {event.after}" for event in failed)
    assert not any(name in stored for name in names)


def test_the_audit_log_names_the_kept_hash_in_words(personas, login):
    _fail("rvguess01", "10.9.9.8")
    page = login(personas.audit_admin).get("/accounts/audit/").content.decode()
    assert "所输账号名的摘要（不可还原，用于识别可疑登录）" in page
    assert "typed_key" not in page and "rvguess01" not in page
