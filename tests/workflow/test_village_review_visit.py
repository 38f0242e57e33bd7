"""Review finding: Yongxiu's 村级评议 passed with only the minutes uploaded, the case page saying 立案以来尚无走访记录.
Seed 000 §三(三)2: 村委会要对…进行上户核实 before the village's meeting; 001 §三 starts with 入户核查核实. Where the
county's procedure asks it (Step.needs_visit), the step passes only with a visit to the household recorded since
the case was found, and says what is missing; 003's village committee 核实 names no visit: Taogou's steps ask none."""

import datetime as dt

import pytest

from config.errors import ApplicationError
from households.services.visits import visit_record
from tests.clock import today
from tests.workflow.batch_helpers import open_case
from tests.workflow.helpers import minutes, sign_consent
from tests.workflow.test_laiyuan_review_publicity import laiyuan
from workflow.choices import CaseKind, CaseStepStatus, Channel, Outcome
from workflow.models import CaseStep, Step
from workflow.services.cases import case_act, case_open
from workflow.services.pass_rules import MSG_VISIT_MISSING

pytestmark = pytest.mark.django_db


def status(case, code):
    return CaseStep.objects.get(case=case, step__code=code).status


def test_the_shipped_steps_that_ask_a_visit_are_yongxius_review_and_laiyuans_check():
    asked = set(Step.objects.filter(needs_visit=True).values_list("procedure__code", "code"))
    assert asked == {
        ("yongxiu_identification", "village_review"),
        ("laiyuan_identification", "household_check"),
        # 风险消除's village reviews (migration 0040: a risk is eliminated only once found gone at the household)
        ("yongxiu_exit", "village_review"),
        ("laiyuan_exit", "village_review"),
        ("taogou_exit", "village_review"),
    }


def test_yongxius_village_review_needs_a_visit_since_the_case_was_found(personas, login, household_a):
    sign_consent(actor=personas.cadre_a, household=household_a)
    case = open_case(personas.cadre_a, household_a)  # found 3 days ago
    found = today() - dt.timedelta(days=3)
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=found - dt.timedelta(days=1), notes="月访")
    missing = MSG_VISIT_MISSING.format(step="村级评议", since=found.isoformat())

    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert missing in page
    with pytest.raises(ApplicationError) as refused:
        case_act(
            actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes()
        )
    assert refused.value.message == missing
    assert status(case, "village_review") == CaseStepStatus.OPEN

    visit_record(actor=personas.cadre_a, household=household_a, visited_on=found, notes="上户核实，住院自付费用高")
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes())
    assert status(case, "village_review") == CaseStepStatus.DONE


def test_a_refusal_needs_no_visit(personas, household_a):
    case = open_case(personas.cadre_a, household_a)
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note="收入达标")
    assert status(case, "village_review") == CaseStepStatus.DONE


def test_laiyuans_household_check_needs_the_visit(personas, household_a):
    laiyuan(personas)
    sign_consent(actor=personas.cadre_a, household=household_a)
    case = case_open(
        actor=personas.cadre_a, household=household_a, kind=CaseKind.IDENTIFICATION, channel=Channel.CADRE_VISIT,
        risk_types=["disaster_loss"], national_risk_types=["natural_disaster"], category="sudden_hardship",
    )  # fmt: skip

    with pytest.raises(ApplicationError, match="“入户核查核实”须先上户核实"):
        case_act(actor=personas.cadre_a, case=case, step_code="household_check", outcome=Outcome.PASS)

    visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), notes="入户核查灾情")
    case_act(actor=personas.cadre_a, case=case, step_code="household_check", outcome=Outcome.PASS)
    assert status(case, "household_check") == CaseStepStatus.DONE
