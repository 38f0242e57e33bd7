"""The plans API reads a page of plans in a fixed number of queries, however many plans and measures it holds."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assistance.models import MeasureType
from assistance.services import measures, plans
from households.choices import HouseholdType, Relation
from households.services import registry
from tests.assistance.conftest import monitor
from tests.clock import today
from tests.households.conftest import member_row, numbered

pytestmark = pytest.mark.django_db


def plan_with_measure(personas, county, n):
    household = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[member_row(numbered("户主", n), Relation.HEAD, dt.date(1966, 5, 1), 300 + n, health="serious")],
        household_type=HouseholdType.ORDINARY,
    )
    plan = plans.plan_create(actor=personas.township, household=monitor(household, risks=["medical_cost"]))
    measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="family_doctor"),
        member=household.members.get(),
        starts_on=today(),
        responsible_person="刘医生",
    )
    return plan


def queries_for(client, page_size):
    with CaptureQueriesContext(connection) as queries:
        rows = client.get(f"/api/v1/assistance/plans/?page_size={page_size}").json()["results"]
    assert len(rows) == page_size and all(row["measures"][0]["head_name"] for row in rows)
    return len(queries.captured_queries)


def test_the_plans_api_does_not_query_each_measures_household(personas, county, login):
    for n in range(4):
        plan_with_measure(personas, county, n)
    client = login(personas.township)
    queries_for(client, 1)  # the session and the user are read once, as on any request

    assert queries_for(client, 4) == queries_for(client, 1)
