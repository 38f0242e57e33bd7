"""Review finding (visits 1, 3): a case's step that passed on the household visit (Step.needs_visit: 村级评议 after
上户核实) stayed passed when that visit was voided afterwards, and a case opened from a visit's risk stood on a visit
that counts nowhere. Voiding such a visit is refused naming the case and the step (workflow.visit_holds), on the page
and through the API, and so is a 更正 that moves its date out of what the step counted; another visit of the window
(a 补录) frees it, and a withdrawn case holds nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.models import Visit
from households.services import visit_fix
from households.services.visits import visit_record
from tests.clock import today
from tests.workflow.batch_helpers import open_case
from tests.workflow.helpers import minutes, sign_consent
from workflow.choices import CaseStatus, Channel, Outcome
from workflow.models import Case
from workflow.services.cases import case_act
from workflow.visit_holds import (
    MSG_RISK_CASE,
    MSG_RISK_CASE_REDATE,
    MSG_RISK_CASE_RETYPE,
    MSG_STEP_REDATE,
    MSG_STEP_VOID,
)

pytestmark = pytest.mark.django_db


def found() -> dt.date:
    """open_case's discovery day (asked when a test runs, not at import: the clock may be set per test)."""
    return today() - dt.timedelta(days=3)


@pytest.fixture
def reviewed(personas, household_a):
    """Yongxiu's identification whose 村级评议 passed on the one visit since the case was found."""
    sign_consent(actor=personas.cadre_a, household=household_a)
    case = open_case(personas.cadre_a, household_a)
    visit = visit_record(actor=personas.cadre_a, household=household_a, visited_on=found(), notes="上户核实")
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes())
    return case, visit


def step_refusal(case: Case) -> str:
    said = {"kind": "纳入", "number": case.pk, "step": "村级评议", "since": found(), "acted": today()}
    return MSG_STEP_VOID.format(**said, status=case.get_status_display())


def test_the_visit_a_passed_step_rests_on_is_not_voided_and_the_refusal_names_the_case_and_step(personas, reviewed):
    case, visit = reviewed

    with pytest.raises(ValidationError) as refused:
        visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="记错农户")

    assert refused.value.messages == [step_refusal(case)]
    assert f"纳入案件（第{case.pk}号，办理中）“村级评议”环节" in refused.value.messages[0]
    assert Visit.objects.counted().filter(pk=visit.pk).exists()


def test_a_decided_case_holds_its_visit_too_and_a_withdrawn_one_does_not(personas, reviewed):
    case, visit = reviewed
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED)

    with pytest.raises(ValidationError) as refused:
        visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="记错农户")
    assert f"（第{case.pk}号，已通过）" in refused.value.messages[0]

    Case.objects.filter(pk=case.pk).update(status=CaseStatus.WITHDRAWN)
    visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="记错农户")
    assert not Visit.objects.counted().filter(pk=visit.pk).exists()


def test_another_visit_of_the_window_entered_later_frees_the_wrong_one(personas, household_a, reviewed):
    _case, visit = reviewed
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=found(), notes="补录实际的上户核实")

    visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="重复录入")

    assert not Visit.objects.counted().filter(pk=visit.pk).exists()


def test_a_visit_after_the_step_passed_is_not_its_ground(personas, household_a, reviewed):
    _case, visit = reviewed
    later = visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), notes="月访")

    visit_fix.visit_void(actor=personas.cadre_a, visit=later, reason="重复录入")
    with pytest.raises(ValidationError):
        visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="记错农户")


def test_a_correction_may_not_move_the_date_out_of_what_the_step_counted(personas, reviewed):
    case, visit = reviewed
    before = found() - dt.timedelta(days=2)

    with pytest.raises(ValidationError) as refused:
        visit_fix.visit_correct(
            actor=personas.cadre_a, visit=visit, reason="日期记错", visited_on=before, **unchanged(visit)
        )
    visit_fix.visit_correct(
        actor=personas.cadre_a, visit=visit, reason="日期记错", visited_on=today(), **unchanged(visit)
    )

    said = {"kind": "纳入", "number": case.pk, "status": "办理中", "step": "村级评议", "since": found()}
    assert refused.value.message_dict == {"visited_on": [MSG_STEP_REDATE.format(**said, acted=today(), new=before)]}
    assert Visit.objects.get(pk=visit.pk).visited_on == today()


def unchanged(visit):
    return {"income_change": visit.income_change, "expense_change": visit.expense_change, "notes": visit.notes}


def test_the_page_shows_the_refusal_instead_of_the_form_and_the_api_answers_400(personas, login, reviewed):
    case, visit = reviewed
    client = login(personas.cadre_a)

    page = client.get(f"/households/visits/{visit.pk}/void/").content.decode()
    posted = client.post(f"/households/visits/{visit.pk}/void/", {"reason": "记错农户"})
    api = client.post(f"/api/v1/visits/{visit.pk}/void/", {"reason": "记错农户"}, content_type="application/json")

    assert "data-refusal" in page and step_refusal(case) in page and "确认作废" not in page
    assert posted.status_code == 200 and step_refusal(case) in posted.content.decode()
    assert api.status_code == 400 and step_refusal(case) in api.content.decode()
    assert Visit.objects.counted().filter(pk=visit.pk).exists()


def test_a_visit_whose_risk_opened_a_case_is_not_voided_and_keeps_its_flag(
    personas, household_a, django_capture_on_commit_callbacks
):
    from screening.models import RiskFlag

    with django_capture_on_commit_callbacks(execute=True):
        visit = visit_record(
            actor=personas.cadre_a,
            household=household_a,
            visited_on=today(),
            risk_found=True,
            risk_types=["medical_cost"],
            notes="住院自付费用高",
        )
    case = open_case(personas.cadre_a, household_a)  # 基层干部排查, 大病重病重残医疗支出大: the visit's 发起识别
    assert case.channel == Channel.CADRE_VISIT

    with pytest.raises(ValidationError) as refused:
        visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="误报")
    with pytest.raises(ValidationError) as taken_off:
        visit_fix.visit_correct(actor=personas.cadre_a, visit=visit, reason="误报", risk_types=[], **unchanged(visit))
    with pytest.raises(ValidationError) as redated:  # the case's channel and discovery day were read from it
        yesterday = today() - dt.timedelta(days=1)
        visit_fix.visit_correct(
            actor=personas.cadre_a, visit=visit, reason="日期记错", visited_on=yesterday, **unchanged(visit)
        )

    said = {"types": "大病重病重残医疗支出大", "kind": "纳入", "number": case.pk, "status": "办理中"}
    assert refused.value.messages == [MSG_RISK_CASE.format(**said)]
    assert taken_off.value.message_dict == {"risk_types": [MSG_RISK_CASE_RETYPE.format(**said)]}
    assert redated.value.message_dict == {"visited_on": [MSG_RISK_CASE_REDATE.format(**said, old=today())]}
    assert RiskFlag.objects.get(household=household_a, is_active=True).detected_on == today()
    assert Visit.objects.get(pk=visit.pk).risk_types == ["medical_cost"]
