"""A correction after a county's return runs the township's second publicity again (review finding repub 1): 000
§三(三)4 has the township "将符合条件的对象再次予以公示 … 无异议后上报", so what the county approves must be what the
township publicised. A county return to the township, then the township's to the village, leaves that publicity
passed; a correction that changes what the notice prints puts it back to 未开始 with the village's own."""

import pytest

from households.choices import MonitoringCategory
from tests.workflow.helpers import act_after_publicity, case_act, minutes
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import CaseStep

pytestmark = pytest.mark.django_db
BOTH = "“村级公示”、“乡镇审核后再次公示”"


def _status(case, code):
    return CaseStep.objects.get(case=case, step__code=code).status


def _returned_twice(personas, household):
    """Returned by the county to the township, then by the township to the village."""
    case = open_case(personas, household)  # 大病重病 / 突发严重困难户
    walk_to(personas, case, "county_approval")
    case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.RETURN, note="补照片")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note="请核实")
    return case


def _pass_again(personas, case, code):
    act_after_publicity(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    act_after_publicity(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    act_after_publicity(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    return _status(case, code)


def test_the_return_keeps_the_publicities_unless_a_correction_changes_the_notice(personas, household_a):
    case = _returned_twice(personas, household_a)

    said = case.events.filter(action="case_return").latest("pk").summary
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes())
    act_after_publicity(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)

    assert "乡镇审核后再次公示的结果保留" in said
    assert f"{BOTH}须按更正后的内容重新公示" in said and "村级公示须重新进行" not in said
    # Nothing the notices printed changed: both publicities stand, the county's approval opens again.
    assert _status(case, "village_publicity") == _status(case, "township_publicity") == CaseStepStatus.DONE
    assert _status(case, "county_approval") == CaseStepStatus.OPEN


def test_an_api_correction_runs_the_township_second_publicity_again(personas, login, household_a):
    case = _returned_twice(personas, household_a)
    assert _status(case, "township_publicity") == CaseStepStatus.DONE

    response = login(personas.cadre_a).post(
        f"/api/v1/cases/{case.pk}/correct/",
        {"risk_types": ["unemployment"], "category": "unstable"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content.decode()
    steps = {step["code"]: step["status"] for step in response.json()["steps"]}
    assert steps["village_publicity"] == steps["township_publicity"] == CaseStepStatus.PENDING
    assert steps["county_comparison"] == CaseStepStatus.DONE
    assert f"{BOTH}须按更正后的内容重新公示" in case.events.get(action="case_correct").summary
    # The township's audit passed again opens its publicity of the corrected list, not the county's approval.
    assert _pass_again(personas, case, "township_publicity") == CaseStepStatus.OPEN
    assert _status(case, "county_approval") == CaseStepStatus.PENDING


def test_the_page_names_both_publicities_before_and_after_the_correction(personas, login, household_a):
    case = _returned_twice(personas, household_a)
    client = login(personas.cadre_a)

    form = client.get(f"/workflow/cases/{case.pk}/correct/").content.decode()
    done = client.post(f"/workflow/cases/{case.pk}/correct/", {"risk_types": ["unemployment"], "category": "unstable"})
    page = client.get(done.url).content.decode()

    assert f"{BOTH}须按更正后的内容重新公示" in form
    assert f"公示内容已改变，{BOTH}须按更正后的内容重新公示" in page
    case.refresh_from_db()
    assert case.category == MonitoringCategory.UNSTABLE_LIFTED_OUT
    assert _status(case, "township_publicity") == CaseStepStatus.PENDING
