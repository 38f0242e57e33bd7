"""The plans API's suggestions (缺什么补什么) answer for a plan read through the API's own prefetching queryset."""

import pytest

from assistance.models import MeasureType
from assistance.services import measures, plans
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.township, household=monitored_a)


@pytest.mark.parametrize("role", ["cadre_a", "township", "county_officer"])
def test_the_suggestions_of_a_plan_are_listed_for_every_role_in_scope(personas, login, plan, role):
    response = login(getattr(personas, role)).get(f"/api/v1/assistance/plans/{plan.pk}/suggestions/")

    assert response.status_code == 200, response.content[:300]
    spouse = plan.household.members.get(name="李秀英")
    assert ("medical_insurance_subsidy", spouse.pk) in [(row["measure_code"], row["member"]) for row in response.json()]


def test_a_measure_already_taken_is_no_longer_suggested(personas, login, plan):
    client = login(personas.township)
    first = client.get(f"/api/v1/assistance/plans/{plan.pk}/suggestions/").json()
    suggested = first[0]
    measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code=suggested["measure_code"]),
        member=plan.household.members.get(pk=suggested["member"]) if suggested["member"] else None,
        starts_on=today(),
        responsible_person="刘医生",
        confirm_unusual=True,
    )

    after = client.get(f"/api/v1/assistance/plans/{plan.pk}/suggestions/")

    assert after.status_code == 200
    taken = (suggested["measure_code"], suggested["member"])
    assert taken not in [(row["measure_code"], row["member"]) for row in after.json()]
