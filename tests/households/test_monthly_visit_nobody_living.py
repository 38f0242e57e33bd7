"""A household nobody lives in any more is due no monthly visit (review registry finding 2): its members all died or
moved out, a visit to it is refused and the data check lists it for 农户注销. Its page shows no 本月未走访/记录走访,
the cadre's home tile and the list's 本月未走访 filter leave it out, as the dashboard's 上月未走访 does."""

import pytest

from households.choices import LivingStatus, Relation
from households.models import Member
from households.selectors import household_list, last_month_unvisited
from households.tiles import _not_visited
from tests.clock import today

pytestmark = pytest.mark.django_db

DUE = {"monthly_visit": "yes", "visited_this_month": "no"}


def _all_gone(household) -> None:
    Member.objects.filter(household=household, relation=Relation.HEAD).update(living_status=LivingStatus.DECEASED)
    Member.objects.filter(household=household).exclude(relation=Relation.HEAD).update(
        living_status=LivingStatus.MOVED_OUT
    )


def test_a_lifted_out_household_nobody_lives_in_is_not_due_a_visit(household_a, personas, login):
    client = login(personas.cadre_a)
    before = client.get(f"/households/{household_a.pk}/").content.decode()
    assert "本月未走访" in before and f"/households/{household_a.pk}/visits/new/" in before
    assert household_a in household_list(actor=personas.cadre_a, filters=DUE)

    _all_gone(household_a)

    page = client.get(f"/households/{household_a.pk}/").content.decode()
    listed = client.get("/households/", {**DUE}).content.decode()
    assert "本月未走访" not in page and f"/households/{household_a.pk}/visits/new/" not in page
    assert "该户已无在册成员（全户已故或迁出）" in page  # what the page says instead: for 农户注销
    assert household_a not in household_list(actor=personas.cadre_a, filters=DUE)
    assert _not_visited(personas.cadre_a) == 0
    assert household_a.number not in listed
    assert household_a not in last_month_unvisited(household_list(actor=personas.cadre_a), today())


def test_the_list_row_says_no_visit_due_for_it(household_a, personas, login):
    client = login(personas.cadre_a)
    _all_gone(household_a)

    page = client.get("/households/", {"q": household_a.number}).content.decode()

    assert household_a.number in page and "本月未走访" not in page


def test_one_member_still_living_keeps_it_due(household_a, personas):
    Member.objects.filter(household=household_a, relation=Relation.HEAD).update(living_status=LivingStatus.DECEASED)

    assert household_a in household_list(actor=personas.cadre_a, filters=DUE)
    household_a.refresh_from_db()
    assert household_a.monthly_visit_due
