"""Visit coverage of a household monitored again after an exit (风险再标注): its earlier monitoring's months were
due too. d1 (tests/reports/conftest.py `cases`) was monitored from 2026-01-02 and its exit decided on 2026-05-10;
re-marked here with a new 纳入监测日期, it counted only from that date, so in 2026 its visits of February were
neither due nor counted. The earlier 纳入监测日期 is read from the household's history as the 风险消除台账 reads
it (workflow.selectors_exit_shown.exit_monitoring_start); the months between the exit and the re-mark stay not due."""

import datetime as dt

import pytest

from households.choices import HouseholdType, MonitoringCategory
from households.models import Household, HouseholdEvent, Visit
from reports.selectors.visit_coverage import visit_windows
from tests.factories import HouseholdFactory
from tests.reports.conftest import LIVE_SINCE, registered_since

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def remark(household: Household, on: dt.date) -> None:
    """The history the exit's approval and a later re-mark's write (services.outcomes, households.services.common)."""
    for changes in (
        [{"field": "risk_eliminated_on", "label": "风险消除时间", "old": "", "new": "2026-05-10"}],
        [{"field": "monitoring_start", "label": "纳入监测日期", "old": "2026-01-02", "new": on.isoformat()}],
    ):
        HouseholdEvent.objects.create(
            household=household, region_path=household.region_path, summary="变更", changes=changes
        )
    Household.objects.filter(pk=household.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL, monitoring_start=on
    )


def month(value: dt.date | dt.datetime | None) -> dt.date | None:
    """A window's month as a date (PostgreSQL's DATE_TRUNC gives a timestamp at midnight)."""
    return value.date() if isinstance(value, dt.datetime) else value


def visit(household: Household, day: dt.date, personas) -> None:
    Visit.objects.create(
        household=household, region_path=household.region_path, visited_on=day, visitor=personas.cadre_a
    )


def town(client) -> object:
    response = client.get("/reports/performance/?period=year&date=2026-06-01")
    return {row.region.name: row for row in response.context["p"].rows}["涂埠镇"]


@pytest.mark.parametrize(
    ("remarked_on", "due_months"),
    [(dt.date(2026, 11, 5), 7), (dt.date(2026, 5, 20), 12)],  # Jan–May and Nov–Dec; Jan–May and May–Dec, May once
)
def test_a_remarked_household_is_due_in_its_earlier_monitoring_too(personas, cases, remarked_on, due_months):
    remark(cases.d1, remarked_on)

    window = visit_windows(personas.official, "", *YEAR).get(pk=cases.d1.pk)

    assert (month(window.earlier_from), month(window.earlier_to)) == (dt.date(2026, 1, 1), dt.date(2026, 5, 1))
    assert month(window.due_from) == dt.date(2026, remarked_on.month, 1)
    assert window.due_months == due_months


def test_its_earlier_visits_count_and_those_between_its_exit_and_remark_do_not(personas, cases, login):
    for day in (dt.date(2026, 2, 1), dt.date(2026, 8, 10), dt.date(2026, 11, 20)):
        visit(cases.d1, day, personas)
    client = login(personas.official)
    before = town(client)  # d1 exited: due January to May, visited in February

    remark(cases.d1, dt.date(2026, 11, 5))
    after = town(client)

    assert after.visit_due == before.visit_due
    assert after.visit_due_months - before.visit_due_months == 2  # November and December added, nothing lost
    assert after.visit_months - before.visit_months == 1  # November; August was not due


def test_a_household_never_exited_has_no_earlier_window(personas, cases, county):
    joined = HouseholdFactory(
        village=county.village_a,
        household_type=HouseholdType.ORDINARY,
        monitoring_category=MonitoringCategory.SUDDEN_HARDSHIP,
        monitoring_start=dt.date(2026, 3, 15),
    )
    registered_since(LIVE_SINCE, joined)

    window = visit_windows(personas.official, "", *YEAR).get(pk=joined.pk)

    assert (window.earlier_from, window.earlier_to, window.earlier_months) == (None, None, 0)
    assert window.due_months == 10  # March to December


def test_the_page_says_both_periods_are_due(personas, cases, login):
    page = login(personas.official).get("/reports/performance/?period=year&date=2026-06-01").content.decode()

    assert "风险消除后又再标注的，此前监测期间和再标注后的月份都应走访（其间不计）" in page
