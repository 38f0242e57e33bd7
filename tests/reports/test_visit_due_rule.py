"""One "due a visit" rule for any period (households.selectors.visit_due, unvisited_between): the 应走访未走访农户清单
for a period and the dashboard's 上月未走访 list the same households for the same month (seed 001 §一)."""

import datetime as dt

import pytest

from households.choices import HouseholdType, MonitoringCategory
from households.models import Household, Visit
from households.selectors import last_month_unvisited, previous_month, unvisited_between, visit_due
from tests.clock import today
from tests.factories import HouseholdFactory
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def newly_monitored(county):
    """An ordinary household monitored only from this month: not due a visit last month."""
    return HouseholdFactory(
        village=county.village_a,
        number="360425100201009",
        household_type=HouseholdType.ORDINARY,
        monitoring_category=MonitoringCategory.SUDDEN_HARDSHIP,
        monitoring_start=today().replace(day=1),
    )


def visited(household, day, visitor):
    Visit.objects.create(household=household, region_path=household.region_path, visited_on=day, visitor=visitor)


def test_the_unvisited_list_for_last_month_is_the_dashboards_last_month_unvisited(
    personas, registry, newly_monitored, login
):
    start, end = previous_month(today())
    visited(registry.a1, end, personas.cadre_a)
    visited(registry.b1, start - dt.timedelta(days=1), personas.cadre_b)  # the month before: does not count

    rows = read_xlsx(
        download(
            login(personas.county_officer).post(
                "/reports/export/", {"ledger": "unvisited", "date_from": start.isoformat(), "date_to": end.isoformat()}
            )
        )
    )

    listed = {row[3] for row in ledger_table(rows)[1]}
    in_scope = Household.objects.visible_to(personas.county_officer).filter(is_active=True)
    assert listed == set(last_month_unvisited(in_scope, today()).values_list("number", flat=True))
    assert listed == {registry.a2.number, registry.a3.number, registry.b1.number, registry.c1.number}


def test_a_household_monitored_after_a_period_was_not_due_in_it_whatever_the_period(registry, newly_monitored):
    households = Household.objects.all()
    start, end = previous_month(today())

    assert newly_monitored in visit_due(households, today())
    assert newly_monitored not in visit_due(households, end)
    assert newly_monitored not in unvisited_between(households, start, end)
    assert newly_monitored in unvisited_between(households, today().replace(day=1), today())
