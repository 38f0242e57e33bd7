"""Revealing a masked ID number asks why, and is capped per account and day (review sec, finding 1): an official
revealed 30 members' numbers in a second, with no reason asked, no cap and no one told."""

import pytest

from accounts.models import AuditEvent
from households.services.reveal import LIMIT_REACHED, REFUSED, REVEAL

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
    settings.ID_REVEAL_DAILY_LIMIT = 2
    client = login(personas.official)
    head, spouse, son = (household_a.members.get(name=name) for name in ("张大山", "李秀英", "张小明"))

    for member in (head, spouse):
        assert member.id_number in _reveal(client, member).content.decode()
    refused = _reveal(client, son).content.decode()

    assert son.id_number not in refused
    assert "已达每日上限（2 个）" in refused and "明天 0 点后可再查看" in refused
    assert AuditEvent.objects.filter(action=REVEAL).count() == 2
    (notice,) = AuditEvent.objects.filter(action=LIMIT_REACHED)
    assert notice.actor == personas.official and "official" in notice.summary

    security = login(personas.security_admin)
    home = security.get("/").content.decode()
    assert "身份证号查看达上限" in home
    page = security.get("/accounts/security/").content.decode()
    assert 'id="reveal-limit"' in page and "账号 official" in page and "当天已查看 2 个完整身份证号" in page


def test_another_account_has_its_own_cap(household_a, personas, login, settings):
    settings.ID_REVEAL_DAILY_LIMIT = 1
    head = household_a.members.get(name="张大山")
    assert head.id_number in _reveal(login(personas.official), head).content.decode()
    assert head.id_number in _reveal(login(personas.township), head).content.decode()


def test_the_same_person_revealed_again_the_same_day_counts_once(household_a, personas, login, settings):
    """Six members revealed again and again no longer reach the cap of 20: the cap counts persons a day."""
    settings.ID_REVEAL_DAILY_LIMIT = 2
    client = login(personas.official)
    head, spouse, son = (household_a.members.get(name=name) for name in ("张大山", "李秀英", "张小明"))

    for _ in range(3):
        assert head.id_number in _reveal(client, head).content.decode()
    assert spouse.id_number in _reveal(client, spouse).content.decode()
    assert head.id_number in _reveal(client, head).content.decode()  # already revealed today: shown again

    refused = _reveal(client, son).content.decode()
    assert son.id_number not in refused and "您今天已查看 2 个完整身份证号" in refused
    assert AuditEvent.objects.filter(action=REVEAL).count() == 5  # every reveal is still audited
    assert AuditEvent.objects.filter(action=LIMIT_REACHED).count() == 1


def test_a_reveal_refused_at_the_cap_is_audited_as_a_refusal_with_its_reason(household_a, personas, login, settings):
    settings.ID_REVEAL_DAILY_LIMIT = 1
    client = login(personas.official)
    head, son = household_a.members.get(name="张大山"), household_a.members.get(name="张小明")
    _reveal(client, head)

    _reveal(client, son, reason="核对学生资助名单")

    (event,) = AuditEvent.objects.filter(action=REFUSED)
    assert event.actor == personas.official and event.object_id == str(son.pk)
    assert "张小明" in event.summary and "被拒绝" in event.summary and "理由：核对学生资助名单" in event.summary
    assert event.after["reason"] == "核对学生资助名单" and "已达每日上限" in event.after["refused"]
    assert not AuditEvent.objects.filter(action=REVEAL, object_id=str(son.pk)).exists()

    log = login(personas.audit_admin).get("/accounts/audit/", {"category": "refused"}).content.decode()
    assert "查看完整身份证号被拒绝（已达每日上限）" in log and "理由：核对学生资助名单" in log
