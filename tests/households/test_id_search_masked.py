"""A role that sees ID numbers masked cannot rebuild them by searching (review admins, finding 1): an official who
reads 3604**********0013 and the birth year could find the whole number by searching prefixes, or by trying the ~32
whole numbers that fit the year. Such a role searches by the last four characters (already shown) or by a whole
number, which is counted (at most DAILY_LIMIT a day) and recorded in the audit log; the page says why a partial
search found nothing, the API refuses it with a 400. Those who keep the registry search as before."""

import pytest

from accounts.models import AuditEvent
from households.choices import Relation
from households.services.id_search import DAILY_LIMIT, MSG_PARTIAL, MSG_TOO_MANY

pytestmark = pytest.mark.django_db


def _son(household):
    return household.members.get(relation=Relation.SON).id_number


def test_an_official_cannot_find_a_household_by_part_of_an_id_number(household_a, personas, login):
    number = _son(household_a)
    official = login(personas.official)

    for part in (number[:10], number[:17], number[-8:], number[-5:]):
        page = official.get("/households/", {"q": part}).content.decode()
        assert household_a.number not in page and MSG_PARTIAL in page, part
        response = official.get("/api/v1/households/", {"q": part})
        assert response.status_code == 400 and MSG_PARTIAL in response.json()["q"][0], part

    # The last four characters, already shown in the mask, still find it; a cadre finds it by any part.
    assert household_a.number in official.get("/households/", {"q": number[-4:]}).content.decode()
    assert household_a.number in login(personas.cadre_a).get("/households/", {"q": number[:10]}).content.decode()


def test_an_officials_search_by_a_whole_number_is_audited_and_limited(household_a, personas, login):
    number = _son(household_a)
    official = login(personas.official)

    assert household_a.number in official.get("/households/", {"q": number}).content.decode()
    found = official.get("/api/v1/members/", {"id_number": number}).json()
    assert found["count"] == 1
    events = AuditEvent.objects.filter(action="member.search_id_number", actor=personas.official)
    assert events.count() == 2 and number not in events.first().summary and number[-4:] in events.first().summary

    for _ in range(DAILY_LIMIT - 2):
        official.get("/api/v1/members/", {"id_number": number})
    page = official.get("/households/", {"q": number}).content.decode()
    assert MSG_TOO_MANY in page and "共 0 户" in page
    response = official.get("/api/v1/members/", {"id_number": number})
    assert response.status_code == 400 and MSG_TOO_MANY in response.json()["id_number"][0]
    assert AuditEvent.objects.filter(action="member.search_id_number").count() == DAILY_LIMIT


def test_a_cadres_search_by_id_number_is_neither_counted_nor_audited(household_a, personas, login):
    cadre = login(personas.cadre_a)
    for _ in range(DAILY_LIMIT + 1):
        assert cadre.get("/api/v1/members/", {"id_number": _son(household_a)}).json()["count"] == 1
    assert not AuditEvent.objects.filter(action="member.search_id_number").exists()


def test_the_last_allowed_whole_number_search_that_finds_no_one_says_not_found(household_a, personas, login):
    """The day's last allowed search runs; if it finds no one the page says so, not that the limit was reached
    (which it says from the next search on)."""
    official = login(personas.official)
    nobody = "360425199001011230"  # valid, and no one in the demo registry
    for _ in range(DAILY_LIMIT - 1):
        official.get("/api/v1/members/", {"id_number": _son(household_a)})

    last = official.get("/households/", {"q": nobody}).content.decode()
    assert "档案中没有身份证号为" in last and MSG_TOO_MANY not in last

    after = official.get("/households/", {"q": nobody}).content.decode()
    assert MSG_TOO_MANY in after
    assert AuditEvent.objects.filter(action="member.search_id_number").count() == DAILY_LIMIT


def test_an_officials_whole_number_search_names_whom_it_found_in_the_audit_log(household_a, personas, login):
    """Revealing a number is an audited act: the event says whose number was confirmed (the member and household
    found), as a reveal does, and reads 家庭成员 as its object type on the audit log's API, not the code "member"."""
    son = household_a.members.get(relation=Relation.SON)
    official = login(personas.official)
    official.get("/api/v1/members/", {"id_number": son.id_number})
    official.get("/api/v1/households/", {"q": son.id_number})
    official.get("/api/v1/members/", {"id_number": "360425199001011230"})  # valid, no one in the registry

    found, by_household, nobody = AuditEvent.objects.filter(action="member.search_id_number").order_by("pk")
    for event in (found, by_household):
        assert (event.object_type, event.object_id) == ("households.member", str(son.pk))
        assert son.name in event.summary and household_a.number in event.summary
        assert son.id_number not in event.summary
    assert nobody.object_id == "" and "没有此人" in nobody.summary

    rows = login(personas.audit_admin).get("/api/v1/audit-events/", {"action": "member.search_id_number"}).json()
    shown = {row["id"]: row for row in rows["results"]}
    assert shown[found.pk]["object_type_display"] == "家庭成员"
    assert shown[found.pk]["object_display"] == f"家庭成员 {son.pk}"
    assert shown[nobody.pk]["object_type_display"] == "家庭成员"
