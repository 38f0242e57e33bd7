"""The assistance API's responses match the schema it publishes: a field returned null (a claim not yet decided, a
measure for the whole household, a plan without a help contact) is declared nullable."""

from decimal import Decimal

import pytest

from assistance.models import MeasureType
from assistance.services import claims, measures, plans
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    """A plan with a measure for the whole household (no member) and an undecided claim; no help contact."""
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="housing_renovation"),
        starts_on=today(),
        responsible_person="刘医生",
        confirm_mismatch=True,
        mismatch_reason="危房改造",
    )
    claims.claim_create(
        actor=personas.cadre_a, household=monitored_a, cause="illness", amount=Decimal("1000"), occurred_on=today()
    )
    return plan


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/api/v1/assistance/plans/", "/api/v1/assistance/plans/"),
        ("/api/v1/assistance/plans/{id}/", "/api/v1/assistance/plans/{id}/"),
        ("/api/v1/assistance/plans/{id}/suggestions/", "/api/v1/assistance/plans/{id}/suggestions/"),
        ("/api/v1/assistance/measures/", "/api/v1/assistance/measures/"),
        ("/api/v1/assistance/claims/", "/api/v1/assistance/claims/"),
    ],
)
def test_an_assistance_response_matches_its_schema(personas, login, plan, path, url):
    client = login(personas.township)

    response = client.get(url.format(id=plan.pk))

    assert_matches_schema(openapi(client), path, "get", response)
    assert "null" in response.content.decode() or path.endswith("suggestions/")
