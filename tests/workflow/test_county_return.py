"""Review finding (approver #7): the county approval may send a case back to the township for correction (退回乡镇
补正) with a required reason, instead of only refusing it; the publicities and the comparison that already ran are
kept, and the approval opens again once the township has audited again."""

import pytest
from django.core.exceptions import ValidationError

from config.errors import ApplicationError
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import case_act
from workflow.choices import CaseStatus, CaseStepStatus, Outcome
from workflow.models import Batch, CaseEvent, CaseStep
from workflow.selectors_batches import approval_queue
from workflow.services.case_return import MSG_RETURN_GREEN_COUNTY, MSG_RETURN_NOTE_REQUIRED_COUNTY

pytestmark = pytest.mark.django_db
NOTE = "缺少县级部门比对的不动产查询证明，请乡镇补充后重新报批。"


def step(case, code):
    return CaseStep.objects.get(case=case, step__code=code)


@pytest.fixture
def case(personas, household_a):
    return at_approval(personas, household_a, personas.cadre_a)


def test_the_approver_returns_the_case_to_the_township_from_the_case_page(personas, login, case):
    client = login(personas.approver)
    url = f"/workflow/cases/{case.pk}/"
    page = client.get(url).content.decode()
    assert 'value="return"' in page and "退回乡镇补正" in page and "退回村级补正" not in page
    form = {"county_approval-step_code": "county_approval", "county_approval-outcome": "return"}
    refused = client.post(url, form)
    assert refused.status_code == 200 and MSG_RETURN_NOTE_REQUIRED_COUNTY in refused.content.decode()
    assert step(case, "county_approval").status == CaseStepStatus.OPEN

    done = client.post(url, {**form, "county_approval-note": NOTE})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    audit = step(case, "township_audit")
    assert audit.status == CaseStepStatus.OPEN and audit.return_note == f"县级审批退回：{NOTE}"
    assert step(case, "county_approval").status == CaseStepStatus.PENDING
    # What already ran is kept: both publicities and the county's comparison.
    for code in ("village_publicity", "county_comparison", "township_publicity"):
        assert step(case, code).status == CaseStepStatus.DONE, code
    event = CaseEvent.objects.filter(case=case, action="case_return").get()
    assert event.summary.startswith("退回乡镇补正：“乡镇审核”重新办理") and "乡镇审核后再次公示" in event.summary
    assert CaseEvent.objects.filter(case=case, action="case_act", summary__startswith="县级审批：退回乡镇补正").exists()
    assert case.pk not in set(approval_queue(actor=personas.approver).values_list("pk", flat=True))
    assert not Batch.objects.exists()

    # The page tells it as a return to the township, and the township sees what to correct.
    shown = client.get(url).content.decode()
    assert "退回乡镇补正：" in shown and "退回村级补正" not in shown
    township = login(personas.township).get(url).content.decode()
    assert f"县级审批退回：{NOTE}" in township and "办理：乡镇审核" in township


def test_the_township_audits_again_and_the_approval_opens_without_a_new_publicity(personas, case):
    case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.RETURN, note=NOTE)
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS, note="已补充")
    assert step(case, "township_publicity").status == CaseStepStatus.DONE
    assert step(case, "county_approval").status == CaseStepStatus.OPEN
    assert case.pk in set(approval_queue(actor=personas.approver).values_list("pk", flat=True))


def test_the_api_returns_too_and_needs_the_reason(personas, login, case):
    client = login(personas.approver)
    url = f"/api/v1/cases/{case.pk}/act/"
    missing = client.post(url, {"step_code": "county_approval", "outcome": "return"}, content_type="application/json")
    assert missing.status_code == 400 and MSG_RETURN_NOTE_REQUIRED_COUNTY in missing.content.decode()
    body = {"step_code": "county_approval", "outcome": "return", "note": NOTE}
    done = client.post(url, body, content_type="application/json")
    assert done.status_code == 200
    steps = {row["code"]: row for row in done.json()["steps"]}
    assert steps["township_audit"]["status"] == "open" and steps["county_approval"]["status"] == "pending"


def test_a_green_channel_case_is_not_returned(personas, household_a):
    from tests.workflow.test_green_channel import open_green

    green = open_green(personas.county_officer, household_a)
    case_act(actor=personas.township, case=green, step_code="township_audit", outcome=Outcome.PASS)
    with pytest.raises(ApplicationError, match=MSG_RETURN_GREEN_COUNTY[:12]):
        case_act(actor=personas.approver, case=green, step_code="county_approval", outcome="return", note=NOTE)


def test_the_reason_is_required_by_the_service(personas, case):
    with pytest.raises(ValidationError) as error:
        case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.RETURN)
    assert error.value.message_dict == {"note": [MSG_RETURN_NOTE_REQUIRED_COUNTY]}
