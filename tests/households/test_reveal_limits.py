"""Revealing a masked ID number asks why, and is capped per account and day (review sec, finding 1): an official
revealed 30 members' numbers in a second, with no reason asked, no cap and no one told."""

import pytest

from accounts.models import AuditEvent
from households.services.reveal import LIMIT_REACHED, REVEAL

pytestmark = pytest.mark.django_db


def _reveal(client, member, reason="核对医疗救助对象身份"):
    return client.post(f"/households/members/{member.pk}/reveal/", {"reason": reason})


def test_the_page_asks_for_a_reason_before_showing_the_number(household_a, personas, login):
    client = login(personas.official)
    head = household_a.members.get(name="张大山")

    page = client.get(f"/households/{household_a.pk}/").content.decode()
    assert 'name="reason"' in page and "查看理由（必填，将记入审计日志）" in page

    refused = _reveal(client, head, reason="  ").content.decode()
    assert head.id_number not in refused and "请填写查看完整身份证号的理由" in refused
    assert not AuditEvent.objects.filter(action=REVEAL).exists()

    shown = _reveal(client, head).content.decode()
    assert head.id_number in shown
    event = AuditEvent.objects.get(action=REVEAL)
    assert "理由：核对医疗救助对象身份" in event.summary and event.after == {"reason": "核对医疗救助对象身份"}


def test_the_reason_is_in_the_audit_log(household_a, personas, login):
    _reveal(login(personas.official), household_a.members.get(name="张大山"))
    log = login(personas.audit_admin).get("/accounts/audit/", {"category": "reveal"}).content.decode()
    assert "理由：核对医疗救助对象身份" in log


def test_the_daily_cap_refuses_with_the_limit_and_tells_the_security_admin(household_a, personas, login, settings):
    settings.ID_REVEAL_DAILY_LIMIT = 3
    client = login(personas.official)
    head = household_a.members.get(name="张大山")

    for _ in range(3):
        assert head.id_number in _reveal(client, head).content.decode()
    refused = _reveal(client, head).content.decode()

    assert head.id_number not in refused
    assert "已达每日上限（3 个）" in refused and "明天 0 点后可再查看" in refused
    assert AuditEvent.objects.filter(action=REVEAL).count() == 3
    (notice,) = AuditEvent.objects.filter(action=LIMIT_REACHED)
    assert notice.actor == personas.official and "official" in notice.summary

    security = login(personas.security_admin)
    home = security.get("/").content.decode()
    assert "身份证号查看达上限" in home
    page = security.get("/accounts/security/").content.decode()
    assert 'id="reveal-limit"' in page and "账号 official" in page and "当天已查看 3 个完整身份证号" in page


def test_another_account_has_its_own_cap(household_a, personas, login, settings):
    settings.ID_REVEAL_DAILY_LIMIT = 1
    head = household_a.members.get(name="张大山")
    assert head.id_number in _reveal(login(personas.official), head).content.decode()
    assert head.id_number in _reveal(login(personas.township), head).content.decode()
