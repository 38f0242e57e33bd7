"""Review of 补正风险类型和拟定类别 (services.case_correction): what the village sends back is compared with the case as
a set of codes, not as the order the boxes were ticked in, and a publicity that runs again does not keep the photo
of the notice as first posted as if it were the new one's."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from households.choices import MonitoringCategory
from tests.workflow.helpers import act, case_act, minutes, post_publicity
from tests.workflow.steps_helpers import walk_to
from workflow.choices import CaseKind, CaseStepStatus, Channel, Outcome
from workflow.models import CaseStep
from workflow.services.case_correction import MSG_CORRECT_UNCHANGED, REPUBLISHED_FILE
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db
NOTE = "请核实风险类型"


def _step(case, code):
    return CaseStep.objects.get(case=case, step__code=code)


def _open(personas, household, risk_types, national):
    return case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=risk_types,
        national_risk_types=national,
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )


def _return(personas, case):
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note=NOTE)


def test_the_same_risk_types_ticked_in_the_code_lists_order_are_no_change(personas, login, household_a):
    # Opened (through the API, say) with its reasons in another order than the page's boxes.
    case = _open(personas, household_a, ["medical_cost", "unemployment"], ["illness", "unstable_employment"])
    _return(personas, case)
    client = login(personas.cadre_a)

    # Only the national code of the medical cost changes: the notice prints none, so it does not run again.
    response = client.post(
        f"/workflow/cases/{case.pk}/correct/",
        {
            "risk_types": ["unemployment", "medical_cost"],
            "national_risk_types": ["disability", "unstable_employment"],
            "category": "sudden_hardship",
        },
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.risk_types == ["medical_cost", "unemployment"]
    summary = case.events.get(action="case_correct").summary
    assert "国家系统风险类型" in summary and "风险类型 大病" not in summary and "重新公示" not in summary
    assert _step(case, "village_publicity").status == CaseStepStatus.DONE

    # The same codes again, in yet another order: nothing to correct.
    again = client.post(
        f"/api/v1/cases/{case.pk}/correct/",
        {
            "risk_types": ["unemployment", "medical_cost"],
            "national_risk_types": ["unstable_employment", "disability"],
            "category": "sudden_hardship",
        },
        content_type="application/json",
    )
    assert again.status_code == 409 and MSG_CORRECT_UNCHANGED in again.content.decode()
    assert case.events.filter(action="case_correct").count() == 1


def test_a_publicity_run_again_keeps_the_first_notices_photo_apart(personas, login, household_a):
    case = _open(personas, household_a, ["medical_cost"], ["illness"])
    walk_to(personas, case, "village_publicity")
    post_publicity(case)
    photo = SimpleUploadedFile("公示照片.jpg", b"\xff\xd8\xff\xe0 first notice", content_type="image/jpeg")
    act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS, attachment=photo)
    _return(personas, case)
    client = login(personas.cadre_a)

    done = client.post(
        f"/api/v1/cases/{case.pk}/correct/",
        {"risk_types": ["unemployment"], "category": "unstable"},
        content_type="application/json",
    )

    assert done.status_code == 200
    publicity = _step(case, "village_publicity")
    assert publicity.status == CaseStepStatus.PENDING
    # The step holds no file until the new notice's is given; the first one stays on the case page, named.
    assert not publicity.attachment
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes())
    post_publicity(case)
    act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    assert not _step(case, "village_publicity").attachment
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert REPUBLISHED_FILE in page and f"/workflow/steps/{publicity.pk}/attachment/?version=" in page
