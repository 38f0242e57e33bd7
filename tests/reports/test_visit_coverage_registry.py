"""工作成效's visit coverage counts a household only while it was in the registry (review: a county going live in
September was charged January to August as missed visits for every household, and a household closed since was
dropped from the months it was due in): from the month it was registered (created_at) or split off (split_on), up
to the month it was closed (closed_on, set by 注销 and by 合户)."""

import datetime as dt

import pytest

from households.choices import HouseholdType, MonitoringCategory
from households.models import Household, Visit
from reports.selectors.visit_coverage import visit_windows
from tests.factories import HouseholdFactory
from tests.reports.conftest import LIVE_SINCE, download, libreoffice_csv, registered_since
from tests.reports.test_visit_coverage_remark import month

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def households(county, personas):
    """涂埠镇, 2026 (all twelve months begun by the tests' clock, 2026-12-07 or later):
    - `golive`: lifted out, registered 2026-09-15 (the county went live): due September–December, 4 months;
    - `monitored`: monitored since 2025-03-01 but registered 2026-09-15: due September–December, 4 months;
    - `closed`: lifted out, registered long ago, closed (注销) on 2026-05-20: due January–May, 5 months;
    - `merged`: lifted out, registered long ago, merged (合户) into `golive` on 2026-03-03: due January–March;
    - `split`: lifted out, split off `closed` on 2026-07-10: due July–December, 6 months;
    - `gone_long_ago`: closed on 2025-11-30: not due in 2026; `no_day`: inactive with no closing day: not counted.
    Visits: golive in August (before it was registered: not counted) and October; closed in March and in June (after
    its closing: not counted); merged in January."""

    def household(name, monitored=False):
        return HouseholdFactory(
            village=county.village_a,
            head_name=name,
            household_type=HouseholdType.ORDINARY if monitored else HouseholdType.LIFTED_OUT,
            monitoring_category=MonitoringCategory.MARGINAL if monitored else "",
            monitoring_start=dt.date(2025, 3, 1) if monitored else None,
        )

    made = {name: household(name, name == "monitored") for name in ("golive", "monitored", "closed", "merged")}
    made |= {name: household(name) for name in ("split", "gone_long_ago", "no_day")}
    registered_since(dt.date(2026, 9, 15), made["golive"], made["monitored"])
    registered_since(LIVE_SINCE, *(made[name] for name in ("closed", "merged", "split", "gone_long_ago", "no_day")))
    closing = {
        "closed": {"closed_on": dt.date(2026, 5, 20)},
        "merged": {"closed_on": dt.date(2026, 3, 3), "merged_into": made["golive"]},
        "gone_long_ago": {"closed_on": dt.date(2025, 11, 30)},
        "no_day": {},
    }
    for name, fields in closing.items():
        Household.objects.filter(pk=made[name].pk).update(is_active=False, **fields)
    Household.objects.filter(pk=made["split"].pk).update(split_from=made["closed"], split_on=dt.date(2026, 7, 10))
    visits = [
        ("golive", dt.date(2026, 8, 20)), ("golive", dt.date(2026, 10, 9)), ("closed", dt.date(2026, 3, 4)),
        ("closed", dt.date(2026, 6, 1)), ("merged", dt.date(2026, 1, 12)),
    ]  # fmt: skip
    for name, day in visits:
        Visit.objects.create(
            household=made[name], region_path=made[name].region_path, visited_on=day, visitor=personas.cadre_a
        )
    return made


def test_each_household_is_due_only_in_the_months_it_was_in_the_registry(personas, households):
    windows = visit_windows(personas.official, "", *YEAR).in_bulk()
    due = {name: windows[h.pk].due_months if h.pk in windows else None for name, h in households.items()}

    assert due == {
        "golive": 4, "monitored": 4, "closed": 5, "merged": 3, "split": 6, "gone_long_ago": None, "no_day": None,
    }  # fmt: skip
    assert month(windows[households["golive"].pk].due_from) == dt.date(2026, 9, 1)
    assert month(windows[households["closed"].pk].due_to) == dt.date(2026, 5, 1)


def test_the_yearly_review_charges_no_month_before_go_live_and_keeps_the_closed_households(personas, households, login):
    """5 households due, 22 household-months; visited months: golive October, closed March, merged January (3 of 22,
    13.6 %); none was visited in every month it was due."""
    client = login(personas.official)
    response = client.get("/reports/performance/?period=year&date=2026-06-01")
    town = {row.region.name: row for row in response.context["p"].rows}["涂埠镇"]
    api = client.get("/api/v1/reports/performance/?period=year&date=2026-06-01").json()
    row = next(r for r in api["rows"] if r["name"] == "涂埠镇")

    assert (town.visit_due, town.visit_due_months, town.visit_months, town.visited) == (5, 22, 3, 3)
    assert round(town.visit_share, 1) == 13.6  # before: 12 months charged for each of 4 active households, 1 of 48
    assert (row["visit_due"], row["visit_due_months"], row["visit_months"]) == (5, 22, 3)
    page = response.content.decode()
    assert "13.6%（每月均走访 0/5）" in page
    assert "按农户建档（分户）月份起算" in page and "注销、合户的农户计至注销当月" in page


def test_the_workbook_carries_the_same_months_due(personas, households, login):
    data = download(login(personas.official).get("/reports/performance/export/?period=year&date=2026-06-01"))
    rows = libreoffice_csv(data)
    header = next(row for row in rows if "应走访户月数" in row)
    town = next(row for row in rows[rows.index(header) :] if row and row[0] == "涂埠镇")

    assert (town[header.index("应走访户数")], town[header.index("应走访户月数")]) == ("5", "22")
    assert town[header.index("走访覆盖率（按月）")] == "13.6%"
