"""The family's signed consent (农户承诺和授权查询书, seed 003 §二2(4): 农户提出申请时应填写, 附件1) is asked for
from the day an inclusion opens (review cadre finding 2): the case page and the village's task list say it is
missing, with a way to upload it, and the village may not pass its step to the township without it, instead of
finding out at the county's comparison after the publicity ran."""

import pytest
from django.utils import timezone

from config.errors import ApplicationError
from households.choices import ConsentSigner
from households.services.visits import consent_record
from tests.households.conftest import consent_scan
from tests.workflow.helpers import minutes
from tests.workflow.steps_helpers import open_case
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import CaseStep
from workflow.services.cases import case_act
from workflow.services.pass_rules import MSG_CONSENT_MISSING

pytestmark = pytest.mark.django_db
WARNING = "未上传承诺授权书"


def test_the_missing_consent_is_said_from_the_opening_and_blocks_the_village_step(personas, login, household_a):
    case = open_case(personas, household_a)
    client = login(personas.cadre_a)
    upload = f"/households/{household_a.pk}/consent/new/"

    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert WARNING in page and "《农户承诺和授权查询书》" in page and upload in page
    tasks = client.get("/workflow/").content.decode()
    assert WARNING in tasks and upload in tasks

    # The village's pass is refused, in words, on the page and in the service.
    response = client.post(
        f"/workflow/cases/{case.pk}/",
        {
            "village_review-step_code": "village_review",
            "village_review-outcome": "pass",
            "village_review-attachment": minutes(),
        },
    )
    refusal = MSG_CONSENT_MISSING.format(step="村级评议")
    assert response.status_code == 200 and refusal in response.content.decode()
    with pytest.raises(ApplicationError, match="承诺和授权查询书"):
        case_act(
            actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes()
        )
    assert CaseStep.objects.get(case=case, step__code="village_review").status == CaseStepStatus.OPEN

    consent_record(
        actor=personas.cadre_a,
        household=household_a,
        signed_on=timezone.localdate(),
        signer=ConsentSigner.SELF,
        scan=consent_scan(),
    )
    assert WARNING not in client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert WARNING not in client.get("/workflow/").content.decode()
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes())
    assert CaseStep.objects.get(case=case, step__code="village_publicity").status == CaseStepStatus.OPEN


def test_a_refusal_needs_no_consent_and_a_closed_case_is_not_warned(personas, login, household_a):
    case = open_case(personas, household_a)
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note="不符合条件")
    assert WARNING not in login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()


def test_the_api_says_which_cases_lack_the_consent_in_the_list_and_the_detail(personas, login, household_a):
    """An integrator's village system must know before it submits the village step (it is refused without the
    consent): the case list and the case both carry consent_missing."""
    case = open_case(personas, household_a)
    client = login(personas.cadre_a)

    listed = {row["id"]: row for row in client.get("/api/v1/cases/").json()["results"]}
    assert listed[case.pk]["consent_missing"] is True
    assert client.get(f"/api/v1/cases/{case.pk}/").json()["consent_missing"] is True

    consent_record(
        actor=personas.cadre_a,
        household=household_a,
        signed_on=timezone.localdate(),
        signer=ConsentSigner.SELF,
        scan=consent_scan(),
    )
    listed = {row["id"]: row for row in client.get("/api/v1/cases/").json()["results"]}
    assert listed[case.pk]["consent_missing"] is False
    acted = client.post(
        f"/api/v1/cases/{case.pk}/act/",
        {
            "step_code": "village_review",
            "outcome": "reject",
            "note": "不符合条件",
            "version": listed[case.pk]["version"],
        },
        content_type="application/json",
    )
    assert acted.status_code == 200, acted.content.decode()
    assert acted.json()["consent_missing"] is False  # a closed case asks for nothing
