"""The 帮扶回访 form reports every field's error in one round (review of the cadre's journey, item 4): a missing
帮扶成效 and a date in the future came one after the other, the date only on the second submit."""

import datetime as dt

import pytest

from assistance.models import ReturnVisit
from assistance.services import plans
from assistance.services.visits import MSG_BAD_EFFECT
from households.services.visits import MSG_DATE_FUTURE
from tests.assistance.measured import measured
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return measured(plans.plan_create(actor=personas.township, household=monitored_a))


def test_a_missing_effect_and_a_future_date_are_said_at_once(personas, login, plan):
    response = login(personas.cadre_a).post(
        f"/assistance/plans/{plan.pk}/return-visits/new/",
        {"visited_on": (today() + dt.timedelta(days=2)).isoformat(), "note": "回访"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert MSG_BAD_EFFECT in page and MSG_DATE_FUTURE in page
    assert not ReturnVisit.objects.filter(plan=plan).exists()
