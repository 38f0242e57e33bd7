"""A county approval decided one case at a time carries its 批复文号, as a batch does (the page and the API): a
不通过 as well as a 通过, both being the leading group's 批复 (services.approval_records.records_decision)."""

import pytest

from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from workflow.choices import CaseStepStatus
from workflow.models import Batch, CaseStep
from workflow.services.approval_records import MSG_DOCUMENT_NUMBER

pytestmark = pytest.mark.django_db


def approval(case):
    return CaseStep.objects.get(case=case, step__code="county_approval")


def test_the_case_page_asks_for_the_document_number(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "批复文号（通过、不通过时必填）" in page
    url = f"/workflow/cases/{case.pk}/"
    missing = client.post(url, {"county_approval-step_code": "county_approval", "county_approval-outcome": "pass"})
    assert missing.status_code == 200 and MSG_DOCUMENT_NUMBER in missing.content.decode()
    assert approval(case).status == CaseStepStatus.OPEN
    done = client.post(
        url,
        {
            "county_approval-step_code": "county_approval",
            "county_approval-outcome": "pass",
            "county_approval-document_number": "永巩固〔2026〕31号",
            "county_approval-note": "同意纳入",
        },
    )
    assert done.status_code == 302
    step = approval(case)
    assert step.status == CaseStepStatus.DONE
    assert step.note == f"批复文号：永巩固〔2026〕31号（{today():%Y-%m-%d}），同意纳入"  # dated as a batch's
    # Only the approval step asks for it.
    village = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "批复文号（通过、不通过时必填）" not in village


def test_the_api_asks_for_it_too_for_a_refusal_as_well(personas, login, household_a, household_b):
    case = at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)
    url = f"/api/v1/cases/{case.pk}/act/"
    missing = client.post(url, {"step_code": "county_approval", "outcome": "pass"}, content_type="application/json")
    assert missing.status_code == 400 and "批复文号" in missing.content.decode()
    body = {"step_code": "county_approval", "outcome": "pass", "document_number": "永巩固〔2026〕32号"}
    assert client.post(url, body, content_type="application/json").status_code == 200
    assert approval(case).note == f"批复文号：永巩固〔2026〕32号（{today():%Y-%m-%d}）"  # dated as a batch's
    other = at_approval(personas, household_b, personas.cadre_b)
    refusal = {"step_code": "county_approval", "outcome": "reject", "note": "收入超过监测范围"}
    unnumbered = client.post(f"/api/v1/cases/{other.pk}/act/", refusal, content_type="application/json")
    assert unnumbered.status_code == 400 and unnumbered.json()["document_number"] == [MSG_DOCUMENT_NUMBER]
    assert approval(other).status == CaseStepStatus.OPEN
    numbered = {**refusal, "document_number": "永巩固〔2026〕33号"}
    assert client.post(f"/api/v1/cases/{other.pk}/act/", numbered, content_type="application/json").status_code == 200
    assert approval(other).note == f"批复文号：永巩固〔2026〕33号（{today():%Y-%m-%d}），收入超过监测范围"
    assert Batch.objects.get(items__case=other).decision == "reject"
