"""One account guessed from many addresses locks everywhere (review security finding 3, MLPS level 3: failed logins
limited per account): the lock per account and address let a guesser move on before each lock, unlimited; only a
可疑登录 notice followed. A second lock counts the account's failures from every address together, at the
policy's higher limit, audited and lifted by the security admin as the other."""

import pytest
from django.test import Client

from accounts.lockouts import locked_account_list
from accounts.models import AuditEvent
from accounts.policy import current_policy
from accounts.views import MSG_LOCKED, MSG_LOCKED_ALL
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "Wrong@Pass2026"
OFFICE = "10.1.1.1"


def _web_login(username: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})


def _guess_from_many_addresses(total: int, per_address: int = 4) -> list[int]:
    """`total` wrong passwords for cadre_a, `per_address` from each address: never enough for a lock at one."""
    return [_web_login("cadre_a", WRONG, f"10.9.{n // per_address}.1").status_code for n in range(total)]


def test_an_account_guessed_from_many_addresses_locks_at_every_address(personas):
    limit = current_policy().account_failure_limit
    assert limit == 15 and current_policy().failure_limit == 5

    answers = _guess_from_many_addresses(limit)

    assert answers[:-1] == [200] * (limit - 1) and answers[-1] == 403
    # The owner too, from their office with the right password, and by API token.
    refused = _web_login("cadre_a", TEST_PASSWORD, OFFICE)
    assert refused.status_code == 403
    minutes = current_policy().lockout_minutes
    assert MSG_LOCKED_ALL.format(minutes=minutes) in refused.content.decode()
    token = Client(REMOTE_ADDR=OFFICE).post("/api/v1/auth/token/", {"username": "cadre_a", "password": TEST_PASSWORD})
    assert token.status_code == 403 and token.json()["detail"] == MSG_LOCKED_ALL.format(minutes=minutes)
    # Another account is not touched.
    assert _web_login("cadre_b", TEST_PASSWORD, OFFICE).status_code == 302


def test_the_lock_is_audited_once_as_a_lock_at_every_address(personas):
    _guess_from_many_addresses(current_policy().account_failure_limit)
    _web_login("cadre_a", TEST_PASSWORD, OFFICE)  # refused during the lock: recorded as such, no new lock

    locks = AuditEvent.objects.filter(action="auth.lockout", object_id=str(personas.cadre_a.pk))
    assert [event.summary for event in locks] == [
        "账号锁定：账号 cadre_a 在30分钟内从各地址合计登录失败15次，所有地址锁定30分钟"
    ]
    assert AuditEvent.objects.filter(action="auth.login_locked", actor_username="cadre_a").count() == 1


def test_fewer_failures_than_the_account_limit_lock_nothing(personas):
    _guess_from_many_addresses(current_policy().account_failure_limit - 1)

    assert _web_login("cadre_a", TEST_PASSWORD, OFFICE).status_code == 302


def test_a_failure_that_locks_at_its_address_and_reaches_the_account_limit_locks_both(personas):
    # 5 from each of 3 addresses (accounts.lockouts.ACCOUNT_LOCK_ADDRESSES): the 15th locks its address and the account.
    _guess_from_many_addresses(15, per_address=5)

    assert _web_login("cadre_a", TEST_PASSWORD, OFFICE).status_code == 403
    assert [lock.all_addresses for lock in locked_account_list()] == [True]
    locks = AuditEvent.objects.filter(action="auth.lockout", object_id=str(personas.cadre_a.pk)).order_by("id")
    assert [event.summary for event in locks][2:] == [
        "账号锁定：账号 cadre_a 连续登录失败5次，锁定30分钟",
        "账号锁定：账号 cadre_a 在30分钟内从各地址合计登录失败15次，所有地址锁定30分钟",
    ]


def test_the_security_admin_sees_the_lock_and_lifts_it(personas, login):
    _guess_from_many_addresses(current_policy().account_failure_limit)
    admin = login(personas.security_admin)

    page = admin.get("/accounts/security/").content.decode()
    unlocked = admin.post(f"/accounts/security/unlock/{personas.cadre_a.pk}/")

    assert "所有地址已锁定" in page and "各地址合计失败 15 次" in page
    assert "换地址猜测密码、或同一地址逐个试探账号都不会触发锁定" not in page
    assert "各地址合计失败 15 次时该账号在所有地址锁定" in page
    assert unlocked.status_code == 302
    event = AuditEvent.objects.filter(action="auth.unlock").latest("id")
    assert event.summary == "解除账号 cadre_a 的登录锁定（各地址合计失败15次）"
    assert _web_login("cadre_a", TEST_PASSWORD, OFFICE).status_code == 302


def test_the_lock_at_one_address_still_says_this_address(personas):
    for _ in range(5):
        _web_login("cadre_a", WRONG, "10.9.9.9")

    body = _web_login("cadre_a", TEST_PASSWORD, "10.9.9.9").content.decode()

    assert MSG_LOCKED.format(minutes=30) in body
    assert [lock.all_addresses for lock in locked_account_list()] == [False]


def test_the_account_limit_is_set_on_the_security_page_within_its_range(
    personas, login, django_capture_on_commit_callbacks
):
    admin = login(personas.security_admin)
    form = admin.get("/accounts/security/").context["form"]
    values = {name: value for name, value in form.initial.items()}

    refused = admin.post("/accounts/security/", {**values, "account_failure_limit": 5})
    with django_capture_on_commit_callbacks(execute=True):
        saved = admin.post("/accounts/security/", {**values, "account_failure_limit": 12})

    assert "各地址合计登录失败锁定次数必须在10到100之间。" in refused.content.decode()
    assert saved.status_code == 302
    assert current_policy().account_failure_limit == 12
    event = AuditEvent.objects.filter(action="security.policy_update").latest("id")
    assert "各地址合计登录失败锁定次数 15 → 12" in event.summary
