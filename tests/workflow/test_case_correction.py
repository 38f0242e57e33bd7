"""补正风险类型和拟定类别 (review cadre finding 1): a case the township returned to the village may have its risk types
and proposed category corrected by the village while it is back there, with its record saying old → new; a correction
that changes what the publicity notice printed sends the village publicity round again (seed 003 §二2(4): the list
reported is the one publicised without objection). Nowhere else, by no one else."""

import pytest

from accounts.models import AuditEvent
from households.choices import MonitoringCategory
from tests.workflow.helpers import case_act, minutes
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import Case, CaseStep
from workflow.services.case_correction import MSG_CORRECT_NOT_RETURNED, MSG_CORRECT_ROLE
from workflow.services.case_opening import MSG_CATEGORY_TYPE

pytestmark = pytest.mark.django_db
NOTE = "以收入低于监测范围申报但收入高于标准，请核实风险类型"


def _step(case, code):
    return CaseStep.objects.get(case=case, step__code=code)


def _returned(personas, household):
    case = open_case(personas, household)  # 大病重病 / 突发严重困难户
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note=NOTE)
    return case


def test_the_village_corrects_a_returned_case_and_the_publicity_runs_again(personas, login, household_a):
    case = _returned(personas, household_a)
    client = login(personas.cadre_a)
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert f"/workflow/cases/{case.pk}/correct/" in page and "更正风险类型和拟定类别" in page

    form = client.get(f"/workflow/cases/{case.pk}/correct/").content.decode()
    assert NOTE in form and "须重新公示" in form and "“村级公示”" in form
    # Only the categories a lifted-out household may take are offered.
    assert 'value="unstable"' in form and 'value="marginal"' not in form

    response = client.post(
        f"/workflow/cases/{case.pk}/correct/", {"risk_types": ["unemployment"], "category": "unstable"}, follow=True
    )
    assert "已更正风险类型和拟定类别" in response.content.decode()
    assert "“村级公示”须按更正后的内容重新公示" in response.content.decode()
    case.refresh_from_db()
    assert case.risk_types == ["unemployment"] and case.category == MonitoringCategory.UNSTABLE_LIFTED_OUT
    summary = case.events.get(action="case_correct").summary
    assert "风险类型 大病重病重残医疗支出大 → 主要劳动力失岗6个月以上" in summary
    assert "拟定类别 突发严重困难户 → 脱贫不稳定户" in summary
    assert AuditEvent.objects.filter(action="workflow.case_correct").exists()
    # The publicity that printed the old category and reason runs again; the comparison of assets stays.
    assert _step(case, "village_publicity").status == CaseStepStatus.PENDING
    assert _step(case, "county_comparison").status == CaseStepStatus.DONE
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "村级补正时更正过风险类型或拟定类别" in page and "拟定类别 突发严重困难户 → 脱贫不稳定户" in page

    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes())
    assert _step(case, "village_publicity").status == CaseStepStatus.OPEN
    assert _step(case, "township_audit").status == CaseStepStatus.PENDING
    # Not editable any more once the village passed its step again.
    again = client.post(f"/workflow/cases/{case.pk}/correct/", {"risk_types": ["other"], "category": "unstable"})
    assert again.status_code == 409 and MSG_CORRECT_NOT_RETURNED in again.content.decode()
    assert Case.objects.get(pk=case.pk).risk_types == ["unemployment"]


def test_the_category_stays_within_the_household_type_and_the_old_values_stay(personas, login, household_a):
    case = _returned(personas, household_a)
    response = login(personas.cadre_a).post(
        f"/workflow/cases/{case.pk}/correct/", {"risk_types": ["unemployment"], "category": "marginal"}
    )
    assert response.status_code == 200
    # The page offers only the household type's categories; the API answers with the case opening's own message.
    assert "“marginal”不在可选范围内" in response.content.decode()
    response = login(personas.cadre_a).post(f"/workflow/cases/{case.pk}/correct/", {"category": "unstable"})
    assert "请至少选择一项风险类型" in response.content.decode()
    case.refresh_from_db()
    assert case.category == MonitoringCategory.SUDDEN_HARDSHIP and case.risk_types == ["medical_cost"]
    assert _step(case, "village_publicity").status == CaseStepStatus.DONE


def test_the_api_corrects_and_refuses_other_roles_and_steps(personas, login, household_a):
    case = _returned(personas, household_a)
    url = f"/api/v1/cases/{case.pk}/correct/"
    township = login(personas.township).post(
        url, {"risk_types": ["unemployment"], "category": "unstable"}, content_type="application/json"
    )
    assert township.status_code == 403 and MSG_CORRECT_ROLE in township.content.decode()
    # The township's own page of the correction is refused too.
    assert login(personas.township).get(f"/workflow/cases/{case.pk}/correct/").status_code == 403

    cadre = login(personas.cadre_a)
    bad = cadre.post(url, {"risk_types": ["unemployment"], "category": "marginal"}, content_type="application/json")
    words = MSG_CATEGORY_TYPE.format(household_type="脱贫户", category="边缘易致贫户", allowed="").split("：")[0]
    assert bad.status_code == 400 and words in bad.content.decode()
    done = cadre.post(url, {"risk_types": ["unemployment"], "category": "unstable"}, content_type="application/json")
    assert done.status_code == 200
    body = done.json()
    assert body["category"] == "unstable" and body["risk_types"] == ["unemployment"]
    publicity = next(step for step in body["steps"] if step["code"] == "village_publicity")
    assert publicity["status"] == CaseStepStatus.PENDING

    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes())
    late = cadre.post(url, {"risk_types": ["other"], "category": "unstable"}, content_type="application/json")
    assert late.status_code == 409 and MSG_CORRECT_NOT_RETURNED in late.content.decode()


def test_a_case_not_returned_offers_no_correction(personas, login, household_a):
    case = open_case(personas, household_a)
    client = login(personas.cadre_a)
    assert f"/workflow/cases/{case.pk}/correct/" not in client.get(f"/workflow/cases/{case.pk}/").content.decode()
    response = client.post(
        f"/api/v1/cases/{case.pk}/correct/",
        {"risk_types": ["unemployment"], "category": "unstable"},
        content_type="application/json",
    )
    assert response.status_code == 409 and MSG_CORRECT_NOT_RETURNED in response.content.decode()


def test_the_township_sees_the_correction_when_the_case_comes_back(personas, login, household_a):
    case = _returned(personas, household_a)
    login(personas.cadre_a).post(
        f"/workflow/cases/{case.pk}/correct/", {"risk_types": ["unemployment"], "category": "unstable"}
    )
    walk_to(personas, case, "township_audit")
    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert (
        "村级补正时更正过风险类型或拟定类别" in page
        and "风险类型 大病重病重残医疗支出大 → 主要劳动力失岗6个月以上" in page
    )
    assert "主要劳动力失岗6个月以上" in page and "脱贫不稳定户" in page
