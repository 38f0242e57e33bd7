"""Review finding (visits 2, 3): a visit's risk types could not be corrected, and a visit whose risk was flagged to the
township could not be voided. A 更正 now sets the risk types: one added goes to the township as a new visit's does,
one taken off withdraws the flag the visit raised (screening.visit_holds.visit_withdrawal), each audited, in the same
transaction; a case opened from the risk keeps it (tests/workflow/test_visit_void_holds.py)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from households.models import HouseholdEvent, Visit
from households.services import visit_fix
from households.services.visits import visit_record
from screening.models import RiskFlag
from tests.clock import today
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


def correct(actor, visit, **asked):
    kept = {"income_change": visit.income_change, "expense_change": visit.expense_change, "notes": visit.notes}
    return visit_fix.visit_correct(actor=actor, visit=visit, reason=asked.pop("reason", "风险记错"), **kept | asked)


def active(household) -> set[str]:
    return set(RiskFlag.objects.filter(household=household, is_active=True).values_list("risk_type", flat=True))


@pytest.fixture
def flagged(personas, household_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return visit_record(
            actor=personas.cadre_a,
            household=household_a,
            visited_on=today(),
            findings=ALL_SECURED,
            risk_found=True,
            risk_types=["medical_cost"],
            notes="住院",
        )


def test_a_risk_type_added_goes_to_the_township_and_one_taken_off_withdraws_its_flag(
    personas, household_a, flagged, django_capture_on_commit_callbacks
):
    assert active(household_a) == {"medical_cost"}

    with django_capture_on_commit_callbacks(execute=True):
        correct(personas.cadre_a, flagged, risk_types=["unemployment"], reason="记错风险类型")

    visit = Visit.objects.get(pk=flagged.pk)
    assert visit.risk_types == ["unemployment"] and visit.risk_found is True
    assert active(household_a) == {"unemployment"}
    row = HouseholdEvent.objects.filter(household=household_a, summary__startswith="更正").get()
    assert "撤回这次走访报送乡镇的风险标记（大病重病重残医疗支出大）" in row.summary
    assert any(change["field"] == "risk_types" for change in row.changes)
    withdrawn = AuditEvent.objects.get(action="screening.flag_withdraw")
    assert "随更正" in withdrawn.summary and withdrawn.after == {"is_active": "否"}


def test_taking_every_risk_off_leaves_a_visit_that_found_none(personas, household_a, flagged):
    correct(personas.cadre_a, flagged, risk_types=[])

    visit = Visit.objects.get(pk=flagged.pk)
    assert visit.risk_types == [] and visit.risk_found is False
    assert active(household_a) == set()


def test_a_risk_taken_off_frees_the_date_its_flag_held(personas, household_a, flagged):
    yesterday = today() - dt.timedelta(days=1)

    correct(personas.cadre_a, flagged, risk_types=[], visited_on=yesterday, reason="误报，日期也记错")

    assert Visit.objects.get(pk=flagged.pk).visited_on == yesterday
    assert active(household_a) == set()


def test_the_same_risk_types_in_another_order_are_no_correction(personas, household_a):
    visit = visit_record(
        actor=personas.cadre_a,
        household=household_a,
        visited_on=today(),
        findings=ALL_SECURED,
        risk_found=True,
        risk_types=["unemployment", "medical_cost"],
    )

    with pytest.raises(ValidationError) as nothing:
        correct(personas.cadre_a, visit, risk_types=["medical_cost", "unemployment"])

    assert nothing.value.message_dict == {"reason": [visit_fix.MSG_NO_CHANGE]}
