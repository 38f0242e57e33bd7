"""A 走访 counted as a plan's return visit is the ground of that return visit and of the plan's next due date: it is
not corrected or voided on its own (households.services.visit_fix, assistance.visit_holds)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from assistance.models import Plan
from assistance.services import contacts, plans, visits
from assistance.visit_holds import MSG_RETURN_VISIT
from households.services import visit_fix
from households.services.visits import visit_record
from tests.assistance.measured import measured
from tests.clock import today
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    plan = measured(plans.plan_create(actor=personas.township, household=monitored_a))
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=personas.cadre_a)
    Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=5))
    plan.refresh_from_db()
    return plan


def test_a_visit_counted_as_a_return_visit_is_neither_corrected_nor_voided(personas, plan):
    visit = visit_record(actor=personas.cadre_a, household=plan.household, visited_on=today(), findings=ALL_SECURED)
    assert visit_fix.visit_fix_refusal(personas.cadre_a, visit, visit_fix.VOID) is None
    visits.visit_count_as_return_visit(actor=personas.cadre_a, plan=plan, visit=visit, effect="good")

    with pytest.raises(ValidationError) as voided:
        visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="重复")
    with pytest.raises(ValidationError) as corrected:
        visit_fix.visit_correct(
            actor=personas.township, visit=visit, reason="改", income_change=None, expense_change=None, notes="改"
        )

    assert voided.value.messages == [MSG_RETURN_VISIT.format(date=today(), effect="成效明显")]
    assert corrected.value.messages == voided.value.messages
    visit.refresh_from_db()
    assert visit.voided_at is None and visit.notes != "改"
