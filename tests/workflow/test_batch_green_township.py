"""A green-channel case whose township audit is not done is not in the county's approval queue, on the printed
submission list or in a batch; it joins them once the township has audited it (review township finding 4)."""

import pytest
from django.utils import timezone

from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import case_act
from tests.workflow.test_green_channel import open_green
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import Batch, CaseStep
from workflow.selectors_batches import approval_queue
from workflow.services.batches import case_version
from workflow.services.step_waits import MSG_GREEN_TOWNSHIP_FIRST

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(personas, household_a, household_b):
    """王五's ordinary case at its county approval step, and 张大山's green channel case opened by the township and
    not audited by it yet."""
    ordinary = at_approval(personas, household_b, personas.cadre_b)
    green = open_green(personas.county_officer, household_a)
    assert CaseStep.objects.get(case=green, step__code="county_approval").status == CaseStepStatus.OPEN
    return ordinary, green


def test_the_queue_and_the_submission_list_leave_out_a_green_case_before_the_township_audit(personas, login, queue):
    ordinary, green = queue
    client = login(personas.approver)

    page = client.get("/workflow/batches/").content.decode()
    printed = client.get("/workflow/batches/submission/").content.decode()

    assert "共 1 户待审批" in page and "王五" in page and "张大山" not in page
    assert f'value="{green.pk}:' not in page
    assert "王五" in printed and "张大山" not in printed
    api = client.get("/api/v1/batches/queue/")
    assert [row["id"] for row in api.json()["results"]] == [ordinary.pk]


def test_after_the_township_audit_the_green_case_joins_the_queue(personas, login, queue):
    ordinary, green = queue

    # The township audit the green channel ran ahead (Yongxiu's 乡镇汇总初审 is owed with the village's steps).
    case_act(actor=personas.township, case=green, step_code="township_audit", outcome=Outcome.PASS)
    assert CaseStep.objects.get(case=green, step__code="township_preliminary").status == CaseStepStatus.PENDING

    assert set(approval_queue(actor=personas.approver).values_list("pk", flat=True)) == {ordinary.pk, green.pk}
    assert "共 2 户待审批" in login(personas.approver).get("/workflow/batches/").content.decode()


def test_a_batch_of_the_whole_queue_is_approved(personas, login, queue):
    client = login(personas.approver)
    rows = list(approval_queue(actor=personas.approver))
    body = {
        "case": [f"{case.pk}:{case_version(case)}" for case in rows],
        "decision": "approve",
        "document_number": "永巩固〔2026〕21号",
        "decided_on": timezone.localdate().isoformat(),
        "note": "",
        "confirmed": "1",
    }

    done = client.post("/workflow/batches/", body)

    assert done.status_code == 302
    assert Batch.objects.get().count == 1
    ordinary, green = queue
    assert CaseStep.objects.get(case=ordinary, step__code="county_approval").status == CaseStepStatus.DONE
    assert CaseStep.objects.get(case=green, step__code="county_approval").status == CaseStepStatus.OPEN


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_a_batch_naming_the_waiting_green_case_is_refused_with_the_case_and_its_reason(
    personas, login, queue, decision
):
    ordinary, green = queue
    body = {
        "cases": [{"id": case.pk, "version": case_version(case)} for case in (ordinary, green)],
        "decision": decision,
        "document_number": "永巩固〔2026〕22号",
        "decided_on": timezone.localdate().isoformat(),
        "note": "经核实不符合条件" if decision == "reject" else "",
    }

    answer = login(personas.approver).post("/api/v1/batches/", body, content_type="application/json")

    assert answer.status_code == 400, answer.content
    cases = answer.json()["extra"]["cases"]
    assert [(row["id"], row["reason"]) for row in cases] == [(green.pk, MSG_GREEN_TOWNSHIP_FIRST)]
    assert "张大山" in answer.json()["detail"]
    assert not Batch.objects.exists()
    assert CaseStep.objects.get(case=ordinary, step__code="county_approval").status == CaseStepStatus.OPEN
