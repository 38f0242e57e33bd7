"""Each tab of the household list (在册, 已注销, 全部) reads its page in order from an index, never by sorting the
scope's households: over a county of 150,000 the 全部 tab took 0.58 s while the list's ordering index was partial
on is_active (PostgreSQL cannot give one order from two partial indexes), 0.2 ms from the unconditional one
(households migration 0040); 已注销 reads its own small partial index."""

import pytest
from django.db import connection

from households.selectors import household_list
from tests.households.test_list_registry_state import closed_household

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("state", "index"),
    [("active", "household_list_order"), ("closed", "household_list_closed"), ("all", "household_list_order")],
)
def test_a_page_of_each_tab_is_read_in_order_from_an_index(personas, county, household_a, state, index):
    gone = closed_household(personas, county.village_a, "迁出甲", county.village_a.code + "0090")
    page = household_list(actor=personas.county_officer, filters={"registry_state": state})[:20]
    sql, params = page.query.sql_with_params()

    with connection.cursor() as cursor:
        # On a test database of a few rows a sort costs nothing: forbid it and scans, as a county's size would.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    expected = {"active": [household_a], "closed": [gone], "all": sorted([household_a, gone], key=lambda h: h.number)}
    assert [h.number for h in page] == [h.number for h in expected[state]]
    assert f"Index Scan using {index} on households_household" in plan, plan
    assert "Sort Key: households_household.region_path" not in plan, plan
