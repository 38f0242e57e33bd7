"""Review finding (approver #9): a county approval decided on the case's own page (or through the API) is recorded as
a one-case batch, so 审批批次 lists every 批复文号 the county used, with its households and its announcement."""

import pytest

from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from workflow.choices import CaseStatus, CaseStepStatus
from workflow.models import Batch, BatchDecision, CaseStep
from workflow.services.approval_records import MSG_DOCUMENT_NUMBER
from workflow.services.batches import case_version

pytestmark = pytest.mark.django_db


def case_step(case):
    return CaseStep.objects.get(case=case, step__code="county_approval")


def test_single_approvals_are_listed_in_the_batch_history(personas, login, household_a, household_b):
    page_case = at_approval(personas, household_a, personas.cadre_a)
    api_case = at_approval(personas, household_b, personas.cadre_b)
    client = login(personas.approver)
    client.post(
        f"/workflow/cases/{page_case.pk}/",
        {
            "county_approval-step_code": "county_approval",
            "county_approval-outcome": "pass",
            "county_approval-document_number": "永巩固〔2026〕11号",
            "county_approval-note": "同意纳入",
        },
    )
    body = {"step_code": "county_approval", "outcome": "pass", "document_number": "永巩固〔2026〕12号"}
    assert client.post(f"/api/v1/cases/{api_case.pk}/act/", body, content_type="application/json").status_code == 200

    history = client.get("/workflow/batches/history/").content.decode()
    assert "永巩固〔2026〕11号" in history and "永巩固〔2026〕12号" in history and "1 户" in history
    single = Batch.objects.get(document_number="永巩固〔2026〕11号")
    assert (single.count, single.decision, single.note, single.actor) == (1, "approve", "同意纳入", personas.approver)
    detail = client.get(f"/workflow/batches/{single.pk}/").content.decode()
    assert "张大山" in detail and "打印本批复的公告" in detail and "纳入公告" not in detail
    listed = client.get("/api/v1/batches/").json()["results"]
    assert {row["document_number"] for row in listed} == {"永巩固〔2026〕11号", "永巩固〔2026〕12号"}


def test_a_refusal_on_the_case_page_is_a_one_case_batch_too(personas, login, household_a):
    """Review finding (approver's day #2): a 不通过 at the county approval on the case page needed no 批复文号 and never
    appeared in 审批批次, while the batch page's 不予批准 needed one and did. Both are the leading group's 批复 (000
    §三(三)5: 报县委农村工作领导小组审批，批复相关乡镇), recorded the same way."""
    case = at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)
    url = f"/workflow/cases/{case.pk}/"
    form = {
        "county_approval-step_code": "county_approval",
        "county_approval-outcome": "reject",
        "county_approval-note": "不符合纳入条件",
        "county_approval-version": case_version(case),
    }
    unnumbered = client.post(url, form)
    assert unnumbered.status_code == 200 and MSG_DOCUMENT_NUMBER in unnumbered.content.decode()
    assert not Batch.objects.exists() and case_step(case).status == CaseStepStatus.OPEN

    done = client.post(url, {**form, "county_approval-document_number": "永巩固〔2026〕13号"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED
    single = Batch.objects.get()
    assert (single.count, single.decision, single.note) == (1, BatchDecision.REJECT, "不符合纳入条件")
    assert single.document_number == "永巩固〔2026〕13号" and single.decided_on == today()
    assert list(single.items.values_list("case_id", flat=True)) == [case.pk]
    assert case_step(case).note == f"批复文号：永巩固〔2026〕13号（{today():%Y-%m-%d}），不符合纳入条件"
    history = client.get("/workflow/batches/history/").content.decode()
    assert "永巩固〔2026〕13号" in history and "不予批准" in history
    detail = client.get(f"/workflow/batches/{single.pk}/").content.decode()
    assert "张大山" in detail and "打印本批复的公告" not in detail
