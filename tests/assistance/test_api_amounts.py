"""Amounts sent to the assistance API with more digits than the database holds are a 400 at the field, said in
yuan, never a server error (decimal.InvalidOperation when rounded to two places)."""

import pytest

from assistance.api import MSG_AMOUNT_DECIMALS, MSG_AMOUNT_LIMIT
from assistance.models import InsuranceClaim, PlanMeasure
from assistance.services import plans
from tests.clock import today

pytestmark = pytest.mark.django_db
HUGE = "999999999999999999999999999999"


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.township, household=monitored_a)


def measure_body(plan, amount):
    return {
        "plan": plan.pk,
        "measure_code": "housing_renovation",
        "responsible_person": "张工",
        "starts_on": today().isoformat(),
        "amount": amount,
        "confirm_mismatch": True,
        "mismatch_reason": "测试",
        "confirm_unusual": True,
    }


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (HUGE, MSG_AMOUNT_LIMIT),
        ("1e40", MSG_AMOUNT_LIMIT),
        ("12345678901.125", MSG_AMOUNT_LIMIT),
        ("123456.123456789", MSG_AMOUNT_DECIMALS),
        ("100.125", MSG_AMOUNT_DECIMALS),
    ],
)
def test_a_measure_amount_beyond_the_database_is_refused_at_the_field(personas, login, plan, amount, message):
    response = login(personas.township).post(
        "/api/v1/assistance/measures/", measure_body(plan, amount), content_type="application/json"
    )

    assert response.status_code == 400, response.content[:300]
    assert response.json()["amount"] == [message]
    assert not PlanMeasure.objects.exists()


def test_a_claim_amount_beyond_the_database_is_refused_at_the_field(personas, login, monitored_a):
    response = login(personas.cadre_a).post(
        "/api/v1/assistance/claims/",
        {"household": monitored_a.pk, "cause": "illness", "amount": HUGE, "occurred_on": today().isoformat()},
        content_type="application/json",
    )

    assert response.status_code == 400 and "amount" in response.json()
    assert not InsuranceClaim.objects.exists()
