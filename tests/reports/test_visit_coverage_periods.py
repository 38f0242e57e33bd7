"""Visit coverage for past periods counts the households due then: a monitored household from the month of its
monitoring_start, up to the month of its approved exit; a lifted-out household throughout. Not today's population
multiplied by the period's months."""

import datetime as dt

import pytest

from households.choices import HouseholdType, MonitoringCategory
from households.models import Visit
from tests.factories import HouseholdFactory
from tests.reports.conftest import LIVE_SINCE, registered_since

pytestmark = pytest.mark.django_db


@pytest.fixture
def mid_period(cases, county, personas):
    """涂埠镇, on top of the fixtures: a1, a2, a3, b1 (lifted out, due every month) and d1 (monitored from 2026-01-02,
    risk eliminated on 2026-05-10). New: `joined` monitored from 2026-02-15 (an ordinary household) and `late`
    monitored from 2026-10-04. Visits: joined on 01-20 (before it was monitored), 02-20 and 03-05; d1 on 02-01 and
    06-15 (after its exit)."""
    joined, late = (
        HouseholdFactory(
            village=county.village_a,
            household_type=HouseholdType.ORDINARY,
            head_name=name,
            monitoring_category=MonitoringCategory.SUDDEN_HARDSHIP,
            monitoring_start=start,
        )
        for name, start in (("年中纳入", dt.date(2026, 2, 15)), ("十月纳入", dt.date(2026, 10, 4)))
    )
    registered_since(LIVE_SINCE, joined, late)
    visits = [
        (joined, dt.date(2026, 1, 20)), (joined, dt.date(2026, 2, 20)), (joined, dt.date(2026, 3, 5)),
        (cases.d1, dt.date(2026, 2, 1)), (cases.d1, dt.date(2026, 6, 15)),
    ]  # fmt: skip
    for household, day in visits:
        Visit.objects.create(
            household=household, region_path=household.region_path, visited_on=day, visitor=personas.cadre_a
        )
    return joined, late


def town(client, period, date):
    response = client.get(f"/reports/performance/?period={period}&date={date}")
    return {row.region.name: row for row in response.context["p"].rows}["涂埠镇"], response.content.decode()


def test_a_household_monitored_mid_quarter_is_due_only_from_its_month(personas, registry, mid_period, login):
    """Q1 2026: four lifted-out households × 3 months, joined Feb and Mar, d1 Jan–Mar: 6 households, 17 months due.
    Visited months among them: a1 Jan, joined Feb and Mar (its January visit was before it was monitored), d1 Feb."""
    Visit.objects.create(
        household=registry.a1, region_path=registry.a1.region_path, visited_on=dt.date(2026, 1, 8),
        visitor=personas.cadre_a,
    )  # fmt: skip
    row, page = town(login(personas.official), "quarter", "2026-02-01")

    assert (row.visit_due, row.visit_due_months, row.months) == (6, 17, 3)
    assert (row.visit_months, row.visited, row.visited_every_month) == (4, 3, 1)
    assert round(row.visit_share, 1) == 23.5  # 4 / 17; today's population would say 4 / (7 × 3)
    assert "23.5%（每月均走访 1/6）" in page


def test_a_household_is_not_due_after_its_exit_nor_before_it_was_monitored(personas, mid_period, login):
    client = login(personas.official)

    second, _ = town(client, "quarter", "2026-05-01")  # d1 due April and May only; its June visit does not count
    third, _ = town(client, "quarter", "2026-08-01")  # d1 gone; `late` not yet monitored
    fourth, _ = town(client, "quarter", "2026-11-01")  # `late` due from October
    earlier, page = town(client, "year", "2024-06-01")  # only the lifted-out households
    api = client.get("/api/v1/reports/performance/?period=quarter&date=2026-05-01").json()

    assert (second.visit_due, second.visit_due_months, second.visit_months) == (6, 17, 0)
    assert (third.visit_due, third.visit_due_months) == (5, 15)
    assert (fourth.visit_due, fourth.visit_due_months) == (6, 18)  # `late` due October to December
    assert (earlier.visit_due, earlier.visit_due_months) == (4, 48)
    assert "应走访户数" in page and "至风险消除批准日期所在月止" in page
    row = next(r for r in api["rows"] if r["name"] == "涂埠镇")
    assert (row["visit_due"], row["visit_due_months"]) == (6, 17)
