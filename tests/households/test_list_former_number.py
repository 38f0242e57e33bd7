"""A household is found by the 户编号 it gave up (整户迁移 gives it a number of its new village; 修改农户 a number typed
over): the old number is on the 明白卡 and the 基础信息采集表 printed, and in the ledgers already sent, so a search by
it, whole or by its last digits, lists the household marked 原户编号 (review srch finding 2). The numbers given up are
read from households.models.RetiredNumber (a row per number, unique index), never from the 变更记录's text."""

import pytest
from django.db import connection

from households.choices import RelocateReason
from households.models import Household
from households.selectors import household_list
from households.selectors_search import MSG_NUMBER_NOT_FOUND, household_match
from households.services import registry
from households.services.relocation import household_relocate

pytestmark = pytest.mark.django_db


@pytest.fixture
def relocated(personas, county, household_a):
    """household_a moved from 城南村 to 城北村 (same township): a new number of 城北村; returns the old one."""
    old = household_a.number
    household_relocate(
        actor=personas.township,
        household=household_a,
        village=county.village_b,
        address="城北村安置点8栋",
        reason=RelocateReason.RELOCATION,
    )
    household_a.refresh_from_db()
    return old


def _found(actor, q):
    return [(h.number, h.former_number) for h in household_list(actor=actor, filters={"q": q})]


def test_the_number_given_up_by_a_move_finds_the_household_marked_with_it(relocated, household_a, personas, login):
    for q in (relocated, relocated[-6:]):
        assert _found(personas.township, q) == [(household_a.number, relocated)], q

    page = login(personas.township).get("/households/", {"q": relocated}).content.decode()

    assert "共 1 户" in page and household_a.number in page
    assert f"原户编号 {relocated}（按原户编号找到）" in page


def test_the_number_typed_over_on_the_edit_finds_the_household(household_a, personas, county):
    old = household_a.number
    registry.household_update(
        actor=personas.cadre_a, household=household_a, number=county.village_a.code + "0555", confirm_unusual=True
    )

    assert _found(personas.cadre_a, old) == [(county.village_a.code + "0555", old)]


def test_a_household_found_by_its_own_number_is_not_marked(relocated, household_a, personas):
    assert _found(personas.township, household_a.number) == [(household_a.number, None)]
    assert _found(personas.township, "张大山") == [(household_a.number, None)]


def test_the_old_village_s_cadre_finds_nothing_and_is_told_of_a_household_number(relocated, personas, login):
    """The household is 城北村's now: out of 城南村's cadre's scope, whatever number it is searched by."""
    page = login(personas.cadre_a).get("/households/", {"q": relocated}).content.decode()

    assert "共 0 户" in page and MSG_NUMBER_NOT_FOUND.format(number=relocated) in page
    # Said once: the card below offers what to do, not a second 没有符合条件的农户.
    assert "没有符合条件的农户" not in page and "可以调整查找条件，或" in page


def test_the_api_lists_the_household_by_its_old_number_with_former_number(relocated, household_a, personas, login):
    client = login(personas.township)

    by_old = client.get("/api/v1/households/", {"q": relocated}).json()["results"]
    by_own = client.get("/api/v1/households/", {"q": household_a.number}).json()["results"]

    assert [(row["id"], row["former_number"]) for row in by_old] == [(household_a.pk, relocated)]
    assert [(row["id"], row["former_number"]) for row in by_own] == [(household_a.pk, None)]


def test_a_search_by_an_old_number_still_reads_the_households_through_indexes(relocated, household_a):
    """The numbers given up are read first and named by id: with sequential scans off, the households are read
    through the reversed number's index and the primary key (a BitmapOr), never by a scan of the county's
    households, which a subquery under the OR cost the case search (workflow.selectors)."""
    match = household_match(relocated)
    sql, params = Household.objects.filter(match).values("pk").query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert list(Household.objects.filter(match)) == [household_a]
    assert "household_number_reversed" in plan and "Seq Scan" not in plan, plan
