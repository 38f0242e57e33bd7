"""The household list's filters behind the dashboard's visit tiles (review township finding 5): visited_last_month
(of the households due a visit last month: 否 none that month, 是 at least one) and never_visited (monitored, no visit
since the 纳入监测日期), on the page and in the API; the definitions are households.selectors', which the dashboard
counts with (tests/reports/test_dashboard_visit_lists.py checks the counts agree)."""

import datetime as dt

import pytest
from django.utils import timezone

from households.choices import HouseholdType, MonitoringCategory
from households.models import Household, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(personas, household_a, household_b):
    """张大山 (脱贫户) was visited last month; 王五 became monitored two months ago and was visited only before."""
    today = timezone.localdate()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    start = (last_month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    Household.objects.filter(pk=household_b.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL, monitoring_start=start
    )
    for household, day in ((household_a, last_month), (household_b, start - dt.timedelta(days=3))):
        Visit.objects.create(
            household=household, region_path=household.region_path, visited_on=day, visitor=personas.cadre_a
        )
    return household_a, household_b


def numbers(response) -> set[str]:
    return {household.number for household in response.context["page"]}


def test_the_list_filters_last_month_s_missed_visits_and_never_visited_households(personas, login, due):
    lifted_out, monitored = due
    client = login(personas.township)

    page = client.get("/households/").content.decode()
    assert "上月已走访（上月应走访户）" in page and "只看纳入监测以来从未走访的监测对象" in page
    unvisited = client.get("/households/", {"visited_last_month": "no"})
    assert numbers(unvisited) == {monitored.number}
    # the tile's filter is shown on a wide screen, and named in the folded summary on a phone (filter_fold)
    assert '<details class="filter-more" data-open-wide>' in unvisited.content.decode()
    assert "（已选：上月已走访：否）" in unvisited.content.decode()
    assert numbers(client.get("/households/", {"visited_last_month": "yes"})) == {lifted_out.number}
    assert numbers(client.get("/households/", {"never_visited": "yes"})) == {monitored.number}
    assert lifted_out.household_type == HouseholdType.LIFTED_OUT


def test_the_api_filters_the_same_and_refuses_an_unknown_value(personas, login, due):
    _, monitored = due
    client = login(personas.township)

    unvisited = client.get("/api/v1/households/", {"visited_last_month": "no"}).json()
    never = client.get("/api/v1/households/", {"never_visited": "yes"}).json()
    wrong = client.get("/api/v1/households/", {"visited_last_month": "maybe"})

    assert [row["number"] for row in unvisited["results"]] == [monitored.number]
    assert [row["number"] for row in never["results"]] == [monitored.number]
    assert wrong.status_code == 400
