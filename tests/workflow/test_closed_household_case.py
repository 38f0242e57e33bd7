"""No case is opened for a closed (已注销) household, through the API as on its page: the refusal gives the
closing's reason and day, and the case opens once the closing is undone."""

import datetime as dt

import pytest

from households.choices import HouseholdType, LivingStatus, Relation
from households.services import registry
from households.services.closing import household_close
from households.services.member_status import member_set_status
from tests.clock import today
from tests.households.conftest import member_row
from workflow.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(personas, county):
    household = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=[member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11)],
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
    )
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=household.members.get(),
        status=LivingStatus.MOVED_OUT,
        on=today(),
    )
    household_close(actor=personas.township, household=household, reason="all_moved_out")
    return household


def test_no_case_is_opened_for_a_closed_household_until_the_closing_is_undone(closed, personas, login):
    client = login(personas.cadre_a)
    body = {
        "household": closed.pk,
        "kind": "identification",
        "channel": "cadre_visit",
        "risk_types": ["medical_cost"],
        "category": "sudden_hardship",
    }

    refused = client.post("/api/v1/cases/", body, content_type="application/json")

    assert refused.status_code == 400
    assert refused.json()["detail"] == f"该户已注销（全户迁出，{today():%Y-%m-%d}注销），请先撤销注销。"
    assert not Case.objects.filter(household=closed).exists()

    # Nobody is left in the household: the undo restores the head marked 迁出 by mistake with it.
    head = closed.members.get()
    reopen = {"note": "误将户主标记为迁出", "restore_member": head.pk}
    reopened = login(personas.township).post(f"/api/v1/households/{closed.pk}/reopen/", reopen)
    assert reopened.status_code == 200, reopened.content.decode()
    opened = client.post("/api/v1/cases/", body, content_type="application/json")

    assert opened.status_code == 201, opened.content.decode()
