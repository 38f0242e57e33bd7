"""The household list finds a household by the last 4+ digits of its 户编号 (as by an ID number's), through an
index on the reversed number (migration 0025)."""

import pytest
from django.db import connection

from households.models import Household
from households.selectors import household_list
from households.selectors_search import household_match

pytestmark = pytest.mark.django_db


def _numbers(actor, q):
    return [h.number for h in household_list(actor=actor, filters={"q": q})]


def test_the_last_digits_of_a_household_number_find_it(household_a, household_b, personas, login):
    number = household_a.number

    for q in (number[-4:], number[-6:], number):
        assert _numbers(personas.cadre_a, q) == [number], q
    assert number[-3:] not in ("",) and _numbers(personas.cadre_a, number[-3:]) == []  # too few digits
    assert _numbers(personas.cadre_a, household_b.number[-8:]) == []  # another village's, out of scope
    page = login(personas.cadre_a).get("/households/", {"q": number[-4:]}).content.decode()
    assert "共 1 户" in page and number in page


def test_the_number_suffix_search_reads_the_reversed_number_index(household_a, personas):
    """As the ID number suffix test (test_id_search): plain index scans off, so only an index whose expression is
    the reversed number can serve the prefix condition."""
    sql, params = Household.objects.filter(household_match("0001")).values("pk").query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "household_number_reversed" in plan


def test_the_search_box_says_the_last_digits_of_a_household_number_find_it(personas, login):
    page = login(personas.cadre_a).get("/households/").content.decode()

    assert "户编号（完整或后4位以上）" in page
    assert 'aria-describedby="id_q_helptext"' in page and 'id="id_q_helptext"' in page
