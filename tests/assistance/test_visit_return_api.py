"""A 走访 recorded through the API (a mobile app) may count as the plan's 回访, as on the visit form (000 §三(三)7:
建立定期回访制度，跟踪帮扶效果落实): the same checks and messages, one transaction, and the next due date answered."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from assistance import visit_extra
from assistance.models import Plan, ReturnVisit
from assistance.services import contacts, plans, visits
from households.choices import HouseholdType, VisitKind
from households.models import Household, Visit
from tests.assistance.measured import measured
from tests.clock import today
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


def overdue_day() -> dt.date:
    """The plan's return visit was due five days ago."""
    return today() - dt.timedelta(days=5)


@pytest.fixture
def plan(personas, monitored_a):
    """A monthly plan whose return visit is overdue; cadre_a is the household's help contact (帮扶责任人)."""
    plan = measured(plans.plan_create(actor=personas.township, household=monitored_a))
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=personas.cadre_a)
    Plan.objects.filter(pk=plan.pk).update(next_return_due=overdue_day())
    plan.refresh_from_db()
    return plan


def post_visit(client, household, **fields):
    body = {"household": household.pk, "visited_on": today().isoformat(), "kind": "monthly", **ALL_SECURED, **fields}
    return client.post("/api/v1/visits/", body, content_type="application/json")


def test_the_help_contacts_visit_counted_as_the_return_visit_moves_the_due_date(personas, login, plan):
    response = post_visit(
        login(personas.cadre_a),
        plan.household,
        notes="家中正常",
        as_return_visit=True,
        return_effect="good",
        return_note="已务工",
    )

    assert response.status_code == 201, response.json()
    due = today() + dt.timedelta(days=30)  # the plan's monthly cadence, from the visit
    assert response.json()["next_return_due"] == due.isoformat()
    plan.refresh_from_db()
    assert plan.next_return_due == due
    visit = Visit.objects.get(household=plan.household)
    return_visit = ReturnVisit.objects.get(plan=plan)
    assert response.json()["id"] == visit.pk and return_visit.visit == visit
    assert visit.kind == VisitKind.MONTHLY  # the 走访 stays what it was
    assert (return_visit.effect, return_visit.note, return_visit.recorded_by) == ("good", "已务工", personas.cadre_a)
    assert visit.notes == "家中正常\n同时作为帮扶回访，帮扶成效：成效明显。已务工。"
    assert AuditEvent.objects.filter(action="assistance.return_visit", summary__contains="随月度走访记录").exists()
    assert not {"as_return_visit", "return_effect", "return_note"} & set(response.json())  # write-only


def test_counting_the_visit_without_an_effect_is_refused_and_saves_nothing(personas, login, plan):
    response = post_visit(login(personas.cadre_a), plan.household, as_return_visit=True, return_note="已务工")

    assert response.status_code == 400
    assert response.json()["return_effect"] == [visits.MSG_BAD_EFFECT]  # the form's message: 请选择帮扶成效。
    assert not Visit.objects.exists() and not ReturnVisit.objects.exists()
    plan.refresh_from_db()
    assert plan.next_return_due == overdue_day()


def test_counting_a_visit_to_a_household_without_a_plan_is_refused_and_saves_nothing(personas, login, household_a):
    response = post_visit(login(personas.cadre_a), household_a, as_return_visit=True, return_effect="good")

    assert response.status_code == 400
    assert response.json()["as_return_visit"] == [visit_extra.MSG_NO_PLAN]
    assert "该户没有帮扶方案" in visit_extra.MSG_NO_PLAN
    assert not Visit.objects.exists() and not ReturnVisit.objects.exists()


def test_counting_a_visit_once_the_household_is_no_longer_followed_is_refused(personas, login, plan):
    # An ordinary household no longer monitored (a lifted-out one is still helped as 脱贫户: assistance.following).
    Household.objects.filter(pk=plan.household_id).update(monitoring_category="", household_type=HouseholdType.ORDINARY)

    response = post_visit(login(personas.cadre_a), plan.household, as_return_visit=True, return_effect="good")

    assert response.status_code == 400
    assert response.json()["as_return_visit"] == [visit_extra.MSG_NOT_FOLLOWED]
    assert not Visit.objects.exists() and not ReturnVisit.objects.exists()


def test_a_visit_before_the_plan_counted_as_return_visit_is_refused_with_nothing_saved(personas, login, plan):
    Plan.objects.filter(pk=plan.pk).update(created_at=timezone.now())
    earlier = today() - dt.timedelta(days=2)

    response = post_visit(
        login(personas.cadre_a),
        plan.household,
        visited_on=earlier.isoformat(),
        as_return_visit=True,
        return_effect="good",
    )

    assert response.status_code == 400
    assert response.json()["visited_on"] == [visits.MSG_BEFORE_PLAN.format(made=today())]
    assert not Visit.objects.exists() and not ReturnVisit.objects.exists()


def test_a_plain_visit_without_the_fields_is_recorded_as_before(personas, login, plan, household_a):
    client = login(personas.cadre_a)

    response = post_visit(client, plan.household, notes="家中正常", water_ok=False)
    # the box unticked, as on the page
    effect_alone = post_visit(client, plan.household, return_effect="good", water_ok=False)

    assert response.status_code == 201 and effect_alone.status_code == 201
    assert response.json()["next_return_due"] is None and response.json()["notes"] == "家中正常"
    assert Visit.objects.filter(household=plan.household, kind=VisitKind.MONTHLY).count() == 2
    assert not ReturnVisit.objects.exists()
    plan.refresh_from_db()
    assert plan.next_return_due == overdue_day()
    household_a.refresh_from_db()
    assert household_a.water_ok is False


def test_an_unknown_effect_is_refused_naming_the_field(personas, login, plan):
    response = post_visit(login(personas.cadre_a), plan.household, as_return_visit=True, return_effect="great")

    assert response.status_code == 400 and "great" in response.json()["return_effect"][0]
    assert not Visit.objects.exists()


def test_the_schema_describes_the_return_visit_fields_in_chinese(personas, login):
    schema = login(personas.cadre_a).get("/api/v1/schema/").content.decode()

    assert "同时作为帮扶回访（该户有帮扶计划时）" in schema
    assert "return_effect" in schema and "next_return_due" in schema
