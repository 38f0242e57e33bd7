"""Review finding (visits 2): when a visit's 走访发现 flag is withdrawn (the visit voided, or the risk type taken off
it), does a household proposed for monitoring (已提议纳入监测, the worklist's 提议纳入监测, services.proposals) keep
a proposal standing on it? The proposal is the worklist's decision on the rules' hit, which no visit flag feeds, so
it stays; what the flag added is read when the identification opens (its risk type, 基层干部排查 and the visit's
day), so the withdrawn flag is not carried into the case. The withdrawal's history row and audit event say so, for
whoever proposed it; a household with its identification open is the case's to hold (workflow.visit_holds)."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from households.models import HouseholdEvent
from households.services import visit_fix
from households.services.visits import visit_record
from screening.choices import ResultStatus
from screening.models import ScreeningResult
from screening.visit_holds import PROPOSAL_KEPT
from tests.clock import today
from workflow.choices import Channel
from workflow.services.proposals import ScreeningOpening, screening_opening, screening_risk_types

pytestmark = pytest.mark.django_db


def proposed(household) -> ScreeningResult:
    return ScreeningResult.objects.create(
        household=household,
        region_path=household.region_path,
        status=ResultStatus.PROPOSED,
        reasons=["规则命中"],
        risk_types=["low_income"],
        first_hit_on=today() - dt.timedelta(days=1),
    )


def flagged(personas, household, capture):
    with capture(execute=True):  # the visit's risks become flags 走访发现 once it commits (screening.hooks)
        return visit_record(
            actor=personas.cadre_a,
            household=household,
            visited_on=today() - dt.timedelta(days=3),
            risk_found=True,
            risk_types=["medical_cost", "disaster_loss"],
            notes="住院",
        )


def test_a_voided_visits_flag_is_not_carried_into_the_proposals_case_and_the_history_says_so(
    personas, household_a, django_capture_on_commit_callbacks
):
    visit = flagged(personas, household_a, django_capture_on_commit_callbacks)
    result = proposed(household_a)
    before = screening_risk_types(result=result)
    assert before == ["low_income", "medical_cost", "disaster_loss"]
    assert screening_opening(result=result, risk_types=before).channel == Channel.CADRE_VISIT

    visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="记错农户")

    voided = HouseholdEvent.objects.get(household=household_a, summary__startswith="作废")
    assert voided.summary.endswith(
        f"撤回这次走访报送乡镇的风险标记（大病重病重残医疗支出大、因灾因意外财产损失大）{PROPOSAL_KEPT}"
    )
    assert PROPOSAL_KEPT in AuditEvent.objects.get(action="visit.void").summary
    after = screening_risk_types(result=result)
    assert after == ["low_income"]
    assert screening_opening(result=result, risk_types=after) == ScreeningOpening(
        Channel.SCREENING_HIT, result.first_hit_on
    )
    assert ScreeningResult.objects.get(pk=result.pk).status == ResultStatus.PROPOSED


def test_a_risk_type_taken_off_says_so_too_and_no_proposal_says_nothing(
    personas, household_a, django_capture_on_commit_callbacks
):
    visit = flagged(personas, household_a, django_capture_on_commit_callbacks)
    kept = {"income_change": None, "expense_change": None, "notes": "住院"}

    visit_fix.visit_correct(actor=personas.cadre_a, visit=visit, reason="未受灾", risk_types=["medical_cost"], **kept)
    proposed(household_a)
    visit_fix.visit_correct(actor=personas.cadre_a, visit=visit, reason="未住院", risk_types=[], **kept)

    before = HouseholdEvent.objects.get(household=household_a, summary__contains="未受灾")
    after = HouseholdEvent.objects.get(household=household_a, summary__contains="未住院")
    assert before.summary.endswith("撤回这次走访报送乡镇的风险标记（因灾因意外财产损失大）")
    assert after.summary.endswith(f"撤回这次走访报送乡镇的风险标记（大病重病重残医疗支出大）{PROPOSAL_KEPT}")
    assert ScreeningResult.objects.get(household=household_a).status == ResultStatus.PROPOSED
