"""The whole-number search's daily cap is counted from the audit log and its reaching is told to the security admin,
as reveals are (review security finding 4): its counter lived in Redis, so a flush or restart of it gave every
official another 20 searches, and reaching the cap raised no notice."""

import pytest
from django.core.cache import cache

from accounts.models import AuditEvent
from households.choices import Relation
from households.services.id_search import DAILY_LIMIT, MSG_TOO_MANY, id_search_begin, id_search_refusal
from households.services.reveal import LIMIT_REACHED

pytestmark = pytest.mark.django_db


def _son(household):
    return household.members.get(relation=Relation.SON).id_number


def test_a_cache_flush_gives_no_more_searches(household_a, personas):
    number, official = _son(household_a), personas.official
    for _ in range(DAILY_LIMIT - 1):
        assert id_search_begin(official, number)

    cache.clear()  # Redis flushed or restarted

    assert id_search_begin(official, number)  # the day's last
    next_request = type(official).objects.get(pk=official.pk)  # the next request's user
    assert id_search_refusal(next_request, number) == MSG_TOO_MANY
    assert not id_search_begin(official, number)
    assert AuditEvent.objects.filter(action="member.search_id_number", actor=official).count() == DAILY_LIMIT


def test_the_search_that_reaches_the_cap_tells_the_security_admin(household_a, personas, login):
    number, official = _son(household_a), personas.official
    client = login(official)
    for _ in range(DAILY_LIMIT - 1):
        client.get("/api/v1/members/", {"id_number": number})
    assert not AuditEvent.objects.filter(action=LIMIT_REACHED).exists()

    client.get("/api/v1/members/", {"id_number": number})
    client.get("/api/v1/members/", {"id_number": number})  # refused: no second notice

    (notice,) = AuditEvent.objects.filter(action=LIMIT_REACHED)
    assert notice.actor == official and notice.after["kind"] == "search"
    assert f"账号 official 今天已按完整身份证号查找 {DAILY_LIMIT} 次" in notice.summary
    security = login(personas.security_admin)
    assert "身份证号查看达上限" in security.get("/").content.decode()
    page = security.get("/accounts/security/").content.decode()
    assert f"当天已按完整身份证号查找 {DAILY_LIMIT} 次" in page
