"""Review finding 3: a step's page carries the case's version. An approval typed on a page opened before another
approver returned the case (退回乡镇补正) and the township passed it again is refused, in the batch's words, instead
of passing the re-opened step unseen."""

import re

import pytest

from accounts.choices import Role
from tests.factories import UserFactory
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from workflow.choices import CaseStatus, CaseStepStatus, Outcome
from workflow.models import Batch, CaseEvent, CaseStep
from workflow.services.case_locks import API, MSG_CHANGED, PAGE
from workflow.services.cases import case_act

pytestmark = pytest.mark.django_db
RETURN_NOTE = "缺少不动产查询证明，请乡镇补充后重新报批。"
STALE_POST = {
    "county_approval-step_code": "county_approval",
    "county_approval-outcome": "pass",
    "county_approval-document_number": "永巩固〔2026〕31号",
}


@pytest.fixture
def approver2(county):
    return UserFactory(
        username="approver2", role=Role.COUNTY_APPROVER, region_path=county.county.path, region_name="永修县"
    )


def returned_and_passed_again(personas, approver2, case):
    """Another approver returns the case to the township, which audits it again: 县级审批 is open once more."""
    case_act(actor=approver2, case=case, step_code="county_approval", outcome=Outcome.RETURN, note=RETURN_NOTE)
    act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS, note="已补充证明")
    approval = CaseStep.objects.get(case=case, step__code="county_approval")
    assert approval.status == CaseStepStatus.OPEN  # the step the stale page names is open again


def rendered_version(page: str) -> str:
    """The version the step form carries ("" on a page without one, which the service does not check)."""
    found = re.search(r'name="county_approval-version" value="([^"]+)"', page)
    return found.group(1) if found else ""


def test_an_approval_from_a_page_opened_before_a_return_is_refused(personas, login, household_a, approver2):
    case = at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)
    url = f"/workflow/cases/{case.pk}/"
    version = rendered_version(client.get(url).content.decode())  # the approver's tab, opened now
    returned_and_passed_again(personas, approver2, case)
    events = CaseEvent.objects.filter(case=case).count()

    response = client.post(url, {**STALE_POST, "county_approval-version": version})

    page = response.content.decode()
    assert response.status_code == 200 and PAGE.say(MSG_CHANGED) in page
    # The page now shows the case as it stands (the return in its record), and its form carries that version.
    assert RETURN_NOTE in page and rendered_version(page) != version
    assert "31号" in page  # the approver's input is kept
    case.refresh_from_db()
    household_a.refresh_from_db()
    assert case.status == CaseStatus.OPEN and not household_a.monitoring_category
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.OPEN
    assert CaseEvent.objects.filter(case=case).count() == events and not Batch.objects.exists()

    # Submitted again from the page as it now stands, the approval goes through.
    again = client.post(url, {**STALE_POST, "county_approval-version": rendered_version(page)})
    assert again.status_code == 302
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.DONE


def test_the_api_refuses_a_stale_version_with_409_and_takes_a_current_one(personas, login, household_a, approver2):
    case = at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)
    url = f"/api/v1/cases/{case.pk}/"
    version = client.get(url).json()["version"]
    returned_and_passed_again(personas, approver2, case)
    body = {"step_code": "county_approval", "outcome": "pass", "document_number": "永巩固〔2026〕31号"}

    stale = client.post(f"{url}act/", {**body, "version": version}, content_type="application/json")

    assert stale.status_code == 409 and stale.json()["detail"] == API.say(MSG_CHANGED)
    assert stale.json()["extra"] == {}  # the shape of every 409 (config.errors.Conflict), a batch's included
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.OPEN
    current = client.get(url).json()["version"]
    done = client.post(f"{url}act/", {**body, "version": current}, content_type="application/json")
    assert done.status_code == 200, done.content.decode()
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.DONE
