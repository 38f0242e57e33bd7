"""Finding a household by part of an ID number (review cadre_phone finding 4): the last 4–17 characters or the
first 6–17 digits of a member's number, in the user's scope, through an index; an empty result says what to type."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models.functions import Reverse

from households.choices import Relation
from households.models import Member
from households.selectors import household_list
from households.selectors_search import MSG_ID_HINT, member_match
from households.services import registry
from tests.households.conftest import make_id, member_row

pytestmark = pytest.mark.django_db


def _numbers(actor, q):
    return [h.number for h in household_list(actor=actor, filters={"q": q})]


def test_the_last_digits_or_the_first_digits_of_a_members_id_find_the_household(household_a, personas):
    number = household_a.members.get(relation=Relation.SON).id_number

    for q in (number[-4:], number[-12:], number[:17], number[:10], number.lower(), number):
        assert _numbers(personas.cadre_a, q) == [household_a.number], q
    assert _numbers(personas.cadre_a, number[-3:]) == []  # three digits name too many people


def test_a_partial_id_finds_only_households_in_the_users_scope(household_a, household_b, personas, county):
    # The same last four digits in both villages.
    suffix = household_b.members.get().id_number[-4:]
    rows = [member_row("同尾号", Relation.HEAD, dt.date(1990, 1, 1), 1)]
    rows[0]["id_number"] = next(
        make_id(dt.date(1990, 1, 1) + dt.timedelta(days=d), s)
        for d in range(400)
        for s in range(1, 999, 2)
        if make_id(dt.date(1990, 1, 1) + dt.timedelta(days=d), s).endswith(suffix)
    )
    mine = registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
    )

    assert _numbers(personas.cadre_a, suffix) == [mine.number]
    assert sorted(_numbers(personas.township, suffix)) == sorted([mine.number, household_b.number])


def test_an_empty_result_for_an_id_like_query_says_what_to_type(household_a, personas, login):
    client = login(personas.cadre_a)

    by_id = client.get("/households/", {"q": "999"}).content.decode()
    by_name = client.get("/households/", {"q": "无此人"}).content.decode()

    assert MSG_ID_HINT in by_id and "共 0 户" in by_id
    assert MSG_ID_HINT not in by_name


def test_the_suffix_search_reads_the_reversed_number_index(household_a, personas):
    """The suffix condition is the indexed expression. Without the scope's condition, so that the planner has no
    other index to choose on a test table of a few rows (the region index, with the scope, costs the same there;
    on a county's 500,000 members the reversed number's is the selective one). Plain index scans are off too: on a
    few rows a full scan of another index with a filter can tie with the reversed number's, while a bitmap scan
    needs an index whose condition is the prefix, which only the reversed number's index gives."""
    assert "REVERSE" in str(member_match(personas.cadre_a, "0018").query)
    members = Member.objects.alias(id_reversed=Reverse("id_number")).filter(id_reversed__startswith="8100")
    sql, params = members.values("household_id").query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "member_id_number_reversed" in plan
    assert "Index Cond" in plan
