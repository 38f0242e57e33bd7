"""A closed (已注销) household's help plan gets no new measure, and no plan is made for it, through the API as on its
page, until the closing is undone (households.services.closing.closed_refusal); nor is a help contact assigned to it."""

import datetime as dt

import pytest

from assistance.models import HelpContactAssignment, PlanMeasure
from assistance.services import plans
from households.choices import HouseholdType, LivingStatus, Relation
from households.services import registry
from households.services.closing import household_close
from households.services.member_status import member_set_status
from tests.assistance.conftest import monitor
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_plan(personas, county):
    """A monitored household of one with a help plan, whose head moved out; the township closed it."""
    household = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=[member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11, labour_skill="ordinary")],
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
    )
    household = monitor(household, risks=["unsafe_housing"])
    plan = plans.plan_create(actor=personas.township, household=household)
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=household.members.get(),
        status=LivingStatus.MOVED_OUT,
        on=today(),
    )
    household_close(actor=personas.township, household=household, reason="all_moved_out")
    return plan


def measure(client, plan):
    body = {
        "plan": plan.pk,
        "measure_code": "housing_renovation",
        "responsible_person": "张工",
        "starts_on": today().isoformat(),
    }
    return client.post("/api/v1/assistance/measures/", body, content_type="application/json")


def test_a_closed_household_gets_no_measure_nor_plan_until_the_closing_is_undone(closed_plan, personas, login):
    client = login(personas.township)
    household = closed_plan.household
    said = f"该户已注销（全户迁出，{today():%Y-%m-%d}注销），请先撤销注销。"

    refused = measure(client, closed_plan)
    no_plan = client.post("/api/v1/assistance/plans/", {"household": household.pk}, content_type="application/json")
    contact = {"household": household.pk, "contact": personas.cadre_a.pk}
    no_contact = client.post("/api/v1/assistance/help-contacts/", contact, content_type="application/json")

    assert refused.status_code == 400 and refused.json()["detail"] == said
    assert no_plan.status_code == 400 and no_plan.json()["detail"] == said
    assert no_contact.status_code == 400 and said in no_contact.content.decode()
    assert not PlanMeasure.objects.filter(plan=closed_plan).exists()
    assert not HelpContactAssignment.objects.filter(household=household).exists()

    head = household.members.get()
    # Nobody left: the head's wrong mark is undone with the closing (households.services.closing).
    restored = client.post(
        f"/api/v1/households/{household.pk}/reopen/", {"note": "误将户主标记为迁出", "restore_member": head.pk}
    )
    added = measure(client, closed_plan)
    assigned = client.post("/api/v1/assistance/help-contacts/", contact, content_type="application/json")

    assert restored.status_code == 200, restored.content.decode()
    assert added.status_code == 201, added.content.decode()
    assert assigned.status_code == 201, assigned.content.decode()
