"""The dashboard's visit tiles open the list behind them (review township finding 5): "上月未走访的监测户和脱贫户"
is /households/?visited_last_month=no and "纳入监测以来从未走访" is /households/?never_visited=yes, for the region
shown, with the same count; the per-village table gives each village's last-month shortfall, linked the same way.
Fixtures: tests/reports/conftest.py (registry: a1, a2 monitored and a3 脱贫户 in village A, b1 in village B of
涂埠镇; c1 in 虬津镇)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from households.choices import HouseholdType, MonitoringCategory
from households.models import Visit
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

UNVISITED = "上月未走访的监测户和脱贫户"


def visit(household, day, visitor):
    Visit.objects.create(household=household, region_path=household.region_path, visited_on=day, visitor=visitor)


@pytest.fixture
def visits(personas, registry, county):
    """Last month only a1 was visited (and a1 never since its inclusion? it was, last month); b1 was visited
    before its inclusion only; a household monitored this month (not 脱贫户) was not due last month."""
    today = timezone.localdate()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    registry.a1.monitoring_start = last_month.replace(day=1)
    registry.a1.save(update_fields=["monitoring_start"])
    visit(registry.a1, last_month, personas.cadre_a)
    visit(registry.b1, registry.b1.monitoring_start - dt.timedelta(days=1), personas.cadre_b)
    HouseholdFactory(
        village=county.village_a, household_type=HouseholdType.ORDINARY, head_name="新纳入",
        monitoring_category=MonitoringCategory.SUDDEN_HARDSHIP, monitoring_start=today.replace(day=1),
    )  # fmt: skip
    return registry


def listed(client, query: str) -> set[str]:
    page = client.get(f"/households/?{query}")
    assert page.status_code == 200 and not page.context["form"].errors
    rows = page.context["page"].paginator.object_list
    return {household.head_name for household in rows}


def test_the_last_month_tile_opens_its_list_with_the_same_households(personas, county, visits, login):
    client = login(personas.township)

    response = client.get("/reports/dashboard/")
    d = response.context["d"]
    tile = {item.label: item for item in d.overdue}[UNVISITED]
    page = response.content.decode()
    card = page[page.index(f'data-overdue="{UNVISITED}"') - 200 :][:700]
    link = f"/households/?visited_last_month=no&amp;township={county.township.code}"

    assert link in card and "点击查看名单" in card
    names = listed(client, f"visited_last_month=no&township={county.township.code}")
    assert names == {"=1+1", "王五", "赵六"}  # a2, a3 (脱贫户), b1; not a1 (visited), not 新纳入 (not yet due)
    assert tile.count == len(names)
    api = client.get("/api/v1/households/", {"visited_last_month": "no"}).json()
    assert api["count"] == tile.count
    assert listed(client, "visited_last_month=yes") == {"张三"}


def test_the_never_visited_tile_opens_its_list_with_the_same_households(personas, county, visits, login):
    client = login(personas.township)

    response = client.get("/reports/dashboard/")
    d = response.context["d"]
    page = response.content.decode()
    card = page[page.index('data-coverage="纳入监测以来从未走访"') - 200 :][:700]

    assert f"/households/?never_visited=yes&amp;township={county.township.code}" in card
    names = listed(client, f"never_visited=yes&township={county.township.code}")
    assert names == {"=1+1", "赵六", "新纳入"}  # a1 was visited since its inclusion; a3 is not monitored
    assert d.never_visited == len(names)
    api = client.get("/api/v1/households/", {"never_visited": "yes"}).json()
    assert api["count"] == d.never_visited


def test_the_per_village_table_shows_each_village_s_last_month_shortfall_linked_to_its_list(
    personas, county, visits, login
):
    client = login(personas.township)

    response = client.get("/reports/dashboard/")
    rows = {row.region.code: row for row in response.context["d"].children}
    page = response.content.decode()

    assert "<th>上月未走访的监测户和脱贫户（户）</th>" in page
    for village, expected in ((county.village_a, {"=1+1", "王五"}), (county.village_b, {"赵六"})):
        assert rows[village.code].last_month_unvisited == len(expected)
        assert listed(client, f"visited_last_month=no&village={village.code}") == expected
        cell = re.search(rf'data-unvisited="{village.code}"><a href="([^"]+)">(\d+)</a>', page)
        assert cell.group(1) == f"/households/?visited_last_month=no&amp;village={village.code}"
        assert int(cell.group(2)) == len(expected)
    api = client.get("/api/v1/reports/dashboard/").json()
    assert {c["code"]: c["last_month_unvisited"] for c in api["children"]} == {
        county.village_a.code: 2,
        county.village_b.code: 1,
    }


def test_the_county_s_tile_counts_every_township_and_its_rows_are_townships(personas, county, visits, login):
    client = login(personas.county_officer)

    d = client.get("/reports/dashboard/").context["d"]
    tile = {item.label: item for item in d.overdue}[UNVISITED]

    assert tile.count == len(listed(client, "visited_last_month=no")) == 4  # and c1 in 虬津镇
    rows = {row.region.code: row.last_month_unvisited for row in d.children}
    assert rows == {county.township.code: 3, county.township2.code: 1}
