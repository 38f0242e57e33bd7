"""Review finding (approver #9): a county approval decided on the case's own page (or through the API) is recorded as
a one-case batch, so 审批批次 lists every 批复文号 the county used, with its households and its announcement."""

import pytest

from tests.workflow.batch_helpers import at_approval
from workflow.models import Batch

pytestmark = pytest.mark.django_db


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


def test_a_single_refusal_records_no_batch(personas, household_a):
    from tests.workflow.helpers import act

    case = at_approval(personas, household_a, personas.cadre_a)
    act(actor=personas.approver, case=case, step_code="county_approval", outcome="reject", note="不符合纳入条件")
    assert not Batch.objects.exists()
