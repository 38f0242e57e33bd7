"""Review findings on Laiyuan's 4-step procedure (001 §三): its 村级评议公示 is the village's review as well as its
publicity, so it passes only with the review meeting's minutes and runs 5 calendar days (it passed the minute it was
posted, with no minutes, and promised an automatic pass of "不少于 — 个自然日"); the county's 免于比对 needs a reason
and a clear risk; a green channel's approval waiting for the township says so instead of 办理中."""

import pytest
from django.core.exceptions import ValidationError

from config.errors import ApplicationError
from households.choices import Health
from tests.clock import today
from tests.workflow.helpers import act_after_publicity, household_checked, minutes, sign_consent
from workflow.choices import CaseKind, CaseStepStatus, Channel, Outcome
from workflow.models import CaseStep, Procedure, Step
from workflow.services.cases import case_act, case_open
from workflow.services.deadlines import publicity_complete_due
from workflow.services.procedures import procedure_activate, procedure_deactivate
from workflow.services.publicity import publicity_posted_record
from workflow.services.skip_rules import MSG_SKIP_REASON

pytestmark = pytest.mark.django_db


def laiyuan(personas):
    current = Procedure.objects.get(kind="identification", region_prefix="360425", is_active=True)
    procedure_deactivate(actor=personas.county_officer, procedure=current)
    Procedure.objects.filter(code="laiyuan_identification").update(region_prefix="360425", is_active=False)
    procedure_activate(actor=personas.county_officer, procedure=Procedure.objects.get(code="laiyuan_identification"))


def opened(personas, household, risk="disaster_loss"):
    laiyuan(personas)
    sign_consent(actor=personas.cadre_a, household=household)
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=[risk],
        national_risk_types=["natural_disaster"] if risk == "disaster_loss" else ["illness"],
        category="sudden_hardship",
    )
    household_checked(actor=personas.cadre_a, case=case)  # 入户核查核实 passes on a recorded visit (Step.needs_visit)
    return case_act(actor=personas.cadre_a, case=case, step_code="household_check", outcome=Outcome.PASS)


def test_the_combined_step_runs_five_days_and_needs_the_minutes(personas, login, household_a):
    step = Step.objects.get(procedure__code="laiyuan_identification", code="village_review_publicity")
    assert (step.days, step.day_type, step.with_review) == (5, "calendar", True)
    case = opened(personas, household_a)
    publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_review_publicity")
    posted = CaseStep.objects.get(case=case, step=step)
    assert posted.ends_on is not None and (posted.ends_on - today()).days == 5
    # Posted and passed in the same minute: refused, the period runs.
    with pytest.raises(ApplicationError, match="公示期至"):
        case_act(
            actor=personas.cadre_a,
            case=case,
            step_code="village_review_publicity",
            outcome=Outcome.PASS,
            attachment=minutes(),
        )
    # The case page promises no automatic pass: its role passes it with the minutes.
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "不少于 —" not in page and "系统自动通过" not in page
    assert "期满无异议后上传评议会议记录办理通过" in page
    # The period over, the system leaves it to the cadre; without the minutes the pass is refused.
    CaseStep.objects.filter(pk=posted.pk).update(ends_on=today().replace(year=today().year - 1))
    assert publicity_complete_due(today=today()) == 0
    with pytest.raises(ValidationError, match="评议会议记录"):
        case_act(actor=personas.cadre_a, case=case, step_code="village_review_publicity", outcome=Outcome.PASS)
    case_act(
        actor=personas.cadre_a,
        case=case,
        step_code="village_review_publicity",
        outcome=Outcome.PASS,
        attachment=minutes(),
    )
    assert CaseStep.objects.get(pk=posted.pk).status == CaseStepStatus.DONE


def test_a_publicity_without_days_does_not_promise_an_automatic_pass(personas, login, household_a):
    case = opened(personas, household_a)
    Step.objects.filter(code="village_review_publicity", procedure__code="laiyuan_identification").update(
        days=None, day_type=""
    )
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "登记张贴日期" in page and "不少于 —" not in page and "系统自动通过" not in page
    assert "本环节未设公示天数，系统不会自动通过" in page


def to_comparison(personas, case):
    for actor, code in ((personas.township, "township_check"), (personas.cadre_a, "village_review_publicity")):
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    return case


def test_skipping_the_comparison_needs_a_reason(personas, household_a):
    case = to_comparison(personas, opened(personas, household_a))
    with pytest.raises(ValidationError) as error:
        case_act(actor=personas.county_officer, case=case, step_code="county_comparison", outcome=Outcome.SKIP)
    assert error.value.message_dict == {"note": [MSG_SKIP_REASON]}
    case_act(
        actor=personas.county_officer, case=case, step_code="county_comparison", outcome=Outcome.SKIP, note="风险明确"
    )
    assert CaseStep.objects.get(case=case, step__code="county_comparison").status == CaseStepStatus.SKIPPED


def test_a_risk_the_record_contradicts_is_not_clear_and_is_compared(personas, login, household_a):
    household_a.members.update(health=Health.HEALTHY)
    case = to_comparison(personas, opened(personas, household_a, risk="medical_cost"))
    with pytest.raises(ApplicationError, match="申报风险与档案信息不符"):
        case_act(
            actor=personas.county_officer,
            case=case,
            step_code="county_comparison",
            outcome=Outcome.SKIP,
            note="风险明确",
        )
    # The API says the same.
    response = login(personas.county_officer).post(
        f"/api/v1/cases/{case.pk}/act/",
        {"step_code": "county_comparison", "outcome": "skip", "note": "风险明确"},
        content_type="application/json",
    )
    assert response.status_code in (400, 409) and "申报风险与档案信息不符" in response.content.decode()
    assert CaseStep.objects.get(case=case, step__code="county_comparison").status == CaseStepStatus.OPEN


def test_a_green_channel_approval_waiting_for_the_township_says_so(personas, login, household_a):
    from tests.workflow.test_green_channel import open_green

    case = open_green(personas.township, household_a)
    page = login(personas.approver).get(f"/workflow/cases/{case.pk}/").content.decode()
    row = page.split("县级审批</strong>")[1].split("</li>")[0]
    assert "待乡镇审核通过后办理" in row and "办理中" not in row
    assert "暂不能办理" in page
