"""Review finding (approver #5): a long approval opinion or 批复文号 is refused at the field in Chinese ("不能超过 N
字。") on the case page, the batch page and the API, instead of a server error that loses the decision; the longest
allowed ones fit the records (CaseEvent.summary, Batch.document_number)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.workflow.batch_helpers import at_approval
from workflow.choices import CaseStepStatus
from workflow.models import Batch, CaseEvent, CaseStep
from workflow.services.approval_records import approval_note
from workflow.services.batches import CaseRef, batch_decide, case_version
from workflow.services.cases import NOTE_LIMIT, case_act

pytestmark = pytest.mark.django_db
MINUTES = "经县委农村工作领导小组会议研究，同意纳入监测。" * 24  # 528 characters: a realistic meeting minute
TOO_LONG_NOTE = f"不能超过 {NOTE_LIMIT} 字。"
TOO_LONG_NUMBER = "不能超过 100 字。"


@pytest.fixture
def case(personas, household_a):
    return at_approval(personas, household_a, personas.cadre_a)


def approval(case):
    return CaseStep.objects.get(case=case, step__code="county_approval")


def test_the_case_page_refuses_a_long_opinion_at_the_field(personas, login, case):
    response = login(personas.approver).post(
        f"/workflow/cases/{case.pk}/",
        {
            "county_approval-step_code": "county_approval",
            "county_approval-outcome": "pass",
            "county_approval-document_number": "永巩固〔2026〕12号",
            "county_approval-note": MINUTES,
        },
    )
    assert response.status_code == 200 and TOO_LONG_NOTE in response.content.decode()
    assert f'maxlength="{NOTE_LIMIT}"' in response.content.decode()  # the browser stops the typing too
    assert approval(case).status == CaseStepStatus.OPEN


def test_the_batch_page_refuses_a_long_opinion_and_number(personas, login, case):
    response = login(personas.approver).post(
        "/workflow/batches/",
        {
            "case": [f"{case.pk}:{case_version(case)}"],
            "decision": "approve",
            "document_number": "永" * 101,
            "decided_on": timezone.localdate().isoformat(),
            "note": MINUTES,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and TOO_LONG_NOTE in page and TOO_LONG_NUMBER in page
    assert "确认批准" not in page and not Batch.objects.exists()


def test_the_api_refuses_them_with_400_in_chinese(personas, login, case):
    client = login(personas.approver)
    act = client.post(
        f"/api/v1/cases/{case.pk}/act/",
        {"step_code": "county_approval", "outcome": "pass", "document_number": "永巩固〔2026〕12号", "note": MINUTES},
        content_type="application/json",
    )
    assert act.status_code == 400 and TOO_LONG_NOTE in act.content.decode()
    body = {
        "cases": [{"id": case.pk, "version": case_version(case)}],
        "decision": "approve",
        "document_number": "永" * 300,
        "decided_on": timezone.localdate().isoformat(),
        "note": MINUTES,
    }
    batch = client.post("/api/v1/batches/", body, content_type="application/json")
    assert batch.status_code == 400
    assert batch.json()["document_number"] == [TOO_LONG_NUMBER] and batch.json()["note"] == [TOO_LONG_NOTE]
    assert approval(case).status == CaseStepStatus.OPEN and not Batch.objects.exists()


def test_the_services_refuse_them_too(personas, case):
    with pytest.raises(ValidationError) as single:
        case_act(
            actor=personas.approver,
            case=case,
            step_code="county_approval",
            outcome="reject",
            note=MINUTES,
            document_number="永巩固〔2026〕12号",
        )
    # What the record can hold after "县级审批：不通过，" and the 批复's head (a service's own note is checked against
    # that): a refusal is a 批复 too (services.approval_records.records_decision).
    head = approval_note("永巩固〔2026〕12号", "", timezone.localdate()) + "，"
    assert single.value.message_dict == {"note": [f"不能超过 {500 - len('县级审批：不通过，') - len(head)} 字。"]}
    with pytest.raises(ValidationError) as batch:
        batch_decide(
            actor=personas.approver,
            refs=[CaseRef(case.pk, case_version(case))],
            decision="approve",
            document_number="永" * 101,
            decided_on=timezone.localdate(),
            note=MINUTES,
        )
    assert batch.value.message_dict == {"document_number": [TOO_LONG_NUMBER], "note": [TOO_LONG_NOTE]}


def test_the_longest_allowed_opinion_and_number_are_recorded_whole(personas, case, household_b):
    other = at_approval(personas, household_b, personas.cadre_b)
    number, note = "永" * 92 + "〔2026〕1号", "意" * NOTE_LIMIT  # 100 characters, a document number's form
    batch = batch_decide(
        actor=personas.approver,
        refs=[CaseRef(c.pk, case_version(c)) for c in (case, other)],
        decision="approve",
        document_number=number,
        decided_on=timezone.localdate(),
        note=note,
    )
    assert batch.count == 2
    for approved in (case, other):
        event = CaseEvent.objects.filter(case=approved, action="case_act").latest("pk")
        assert number in event.summary and event.summary.endswith(note)
