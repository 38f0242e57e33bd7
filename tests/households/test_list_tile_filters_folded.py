"""The home tile 本月尚未走访 opens /households/?visited_this_month=no&monthly_visit=yes, which opened all eleven
filters: on a 390-px phone the households began some 1,300 px down (review). A tile's filters alone leave
更多筛选条件 folded, its summary naming them, and opened on a wide screen by page_actions.js (data-open-wide); a
filter the user chose still opens it. Each row says when the household was last visited, read for the page in the
list's one query (no query per row)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.choices import HouseholdType
from households.models import Visit
from households.services import registry
from tests.clock import today
from tests.households.conftest import member_row, numbered

pytestmark = pytest.mark.django_db


def details_tag(page: str) -> str:
    return re.search(r'<details class="filter-more"[^>]*>', page).group(0)


def test_a_tiles_link_leaves_the_filters_folded_naming_them(household_a, personas, login):
    page = login(personas.cadre_a).get("/households/?visited_this_month=no&monthly_visit=yes").content.decode()

    tag = details_tag(page)
    assert " open" not in tag and "data-open-wide" in tag
    assert "（已选：只看每月应走访户：是、本月已走访：否）" in page


def test_a_dashboard_link_with_its_village_is_folded_too(household_a, personas, login, county):
    url = f"/households/?visited_last_month=no&village={county.village_a.code}"
    tag = details_tag(login(personas.township).get(url).content.decode())

    assert " open" not in tag and "data-open-wide" in tag


def test_a_filter_the_user_chose_opens_them_everywhere(household_a, personas, login):
    client = login(personas.cadre_a)

    chosen = details_tag(client.get("/households/?household_type=lifted_out&visited_this_month=no").content.decode())
    plain = details_tag(client.get("/households/").content.decode())

    assert " open" in chosen and "data-open-wide" not in chosen
    assert " open" not in plain and "data-open-wide" not in plain


def visit_queries(captured) -> int:
    return sum('"households_visit"' in query["sql"] for query in captured.captured_queries)


def test_each_row_says_the_last_visit_without_a_query_per_row(household_a, personas, login, county):
    client = login(personas.township)
    for day in (today() - dt.timedelta(days=40), today()):
        Visit.objects.create(
            household=household_a, region_path=household_a.region_path, visited_on=day, visitor=personas.cadre_a
        )
    with CaptureQueriesContext(connection) as few:
        page = client.get("/households/").content.decode()
    assert f"最近走访 {today():%Y-%m-%d}" in page
    for number in range(3):
        other = registry.household_create(
            actor=personas.township,
            village=county.village_a,
            household_type=HouseholdType.LIFTED_OUT,
            members=[member_row(numbered("户主", number), "head", dt.date(1970, 1, 1 + number), 40 + number)],
        )
        Visit.objects.create(
            household=other, region_path=other.region_path, visited_on=today(), visitor=personas.cadre_a
        )

    with CaptureQueriesContext(connection) as more:
        page = client.get("/households/").content.decode()

    assert page.count(f"最近走访 {today():%Y-%m-%d}") == 4
    # the rows' visits are read in the list's own query, not once per row
    assert visit_queries(more) == visit_queries(few) == 1
