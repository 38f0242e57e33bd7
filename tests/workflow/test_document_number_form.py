"""Review finding (batchfix 2): any text was taken as 批复文号 (only empty and length were checked), for an approval
that cannot be undone and is printed on the 公告. A number needs the year's four digits in brackets (〔2026〕, or as
typed [2026] （2026） 【2026】) and a sequence ending in 号, on the batch page, the case page, the API and exits
alike (services.approval_records.number_form_problem), said with the form's other errors."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.workflow.batch_helpers import at_approval
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import Batch, CaseStep
from workflow.services.approval_records import MSG_NUMBER_FORM, NUMBER_EXAMPLE, number_form_problem
from workflow.services.batches import CaseRef, batch_decide, batch_validate, case_version
from workflow.services.cases import case_act

pytestmark = pytest.mark.django_db
REFUSED = ["X号", "永", "9号", "同意", "〔2026〕12号", "永农组字〔26〕12号", "永农组字〔2026〕12", "永农组字2026年12号"]
TAKEN = [
    "永农组字〔2026〕12号",
    "永农组字[2026]12号",
    "永农组字（2026）12号",
    "永农组字【2026】12号",
    "永政复〔２０２６〕 3号",
]


@pytest.mark.parametrize("number", REFUSED)
def test_a_number_without_the_bracketed_year_or_the_closing_号_is_refused_with_the_form_shown(number):
    assert number_form_problem(number) == MSG_NUMBER_FORM
    assert f"例如：{NUMBER_EXAMPLE}" in MSG_NUMBER_FORM


@pytest.mark.parametrize("number", TAKEN)
def test_a_number_in_any_of_the_year_s_brackets_is_taken(number):
    assert number_form_problem(number) == ""


@pytest.fixture
def case(personas, household_a):
    return at_approval(personas, household_a, personas.cadre_a)


def approval(case):
    return CaseStep.objects.get(case=case, step__code="county_approval")


def test_the_batch_service_refuses_it_with_its_other_errors():
    with pytest.raises(ValidationError) as error:
        batch_validate(refs=[], decision="approve", document_number="X号", decided_on=timezone.localdate(), note="")
    assert error.value.message_dict == {"cases": ["请至少选择一户。"], "document_number": [MSG_NUMBER_FORM]}


def test_a_batch_with_such_a_number_approves_nothing(personas, case):
    with pytest.raises(ValidationError):
        batch_decide(
            actor=personas.approver,
            refs=[CaseRef(case.pk, case_version(case))],
            decision="approve",
            document_number="永巩固2026-1",
            decided_on=timezone.localdate(),
        )
    assert not Batch.objects.exists() and approval(case).status == CaseStepStatus.OPEN


def test_a_single_approval_refuses_it_and_takes_the_year_in_square_brackets(personas, case):
    with pytest.raises(ValidationError) as error:
        case_act(
            actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS, document_number="9号"
        )
    assert error.value.message_dict == {"document_number": [MSG_NUMBER_FORM]}
    assert approval(case).status == CaseStepStatus.OPEN

    case_act(
        actor=personas.approver,
        case=case,
        step_code="county_approval",
        outcome=Outcome.PASS,
        document_number="永巩固[2026]5号",
    )
    assert approval(case).status == CaseStepStatus.DONE
    assert Batch.objects.get().document_number == "永巩固[2026]5号"  # kept as typed (approval_records)


def test_the_batch_page_says_it_with_the_form_s_other_errors_in_one_round(personas, login, case):
    body = {"decision": "approve", "document_number": "同意", "decided_on": "", "note": ""}
    page = login(personas.approver).post("/workflow/batches/", body).content.decode()
    assert MSG_NUMBER_FORM in page and "请至少选择一户。" in page
    assert f"如：{NUMBER_EXAMPLE}" in page  # the field's help says the form before anything is typed
    assert not Batch.objects.exists()


def test_the_case_page_says_it_at_the_field_and_records_nothing(personas, login, case):
    page = login(personas.approver).post(
        f"/workflow/cases/{case.pk}/",
        {
            "county_approval-step_code": "county_approval",
            "county_approval-outcome": "pass",
            "county_approval-document_number": "永巩固2026年1号",
            "county_approval-note": "同意纳入",
            "county_approval-version": case_version(case),
        },
    )
    assert page.status_code == 200 and MSG_NUMBER_FORM in page.content.decode()
    assert approval(case).status == CaseStepStatus.OPEN and not Batch.objects.exists()


def test_a_refusal_needs_a_number_of_the_same_form(personas, login, case):
    """A 不通过 is the leading group's 批复 as a 通过 is (services.approval_records.records_decision): its number is
    checked the same way, on the service's rule, and a stray word in the box is refused, not recorded."""
    form = {
        "county_approval-step_code": "county_approval",
        "county_approval-outcome": "reject",
        "county_approval-document_number": "无",
        "county_approval-note": "经核实收入稳定",
        "county_approval-version": case_version(case),
    }
    page = login(personas.approver).post(f"/workflow/cases/{case.pk}/", form)
    assert page.status_code == 200 and MSG_NUMBER_FORM in page.content.decode()
    assert approval(case).status == CaseStepStatus.OPEN and not Batch.objects.exists()


def test_the_case_page_and_the_batch_page_give_one_example(personas, login, case):
    """Review finding (approver's day #3): the batch page's example was 永农组字〔2026〕12号, the case page's
    ××巩固〔2026〕12号."""
    client = login(personas.approver)
    single = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    batch = client.get("/workflow/batches/").content.decode()
    assert f"如：{NUMBER_EXAMPLE}" in single and f"如：{NUMBER_EXAMPLE}" in batch
    assert "巩固〔2026〕12号" not in single


def test_the_api_refuses_it_on_the_field(personas, login, case):
    response = login(personas.approver).post(
        f"/api/v1/cases/{case.pk}/act/",
        {"step_code": "county_approval", "outcome": "pass", "document_number": "永巩固第1号"},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["document_number"] == [MSG_NUMBER_FORM]
    assert approval(case).status == CaseStepStatus.OPEN


def test_the_batch_api_refuses_it_on_the_field(personas, login, case):
    body = {
        "cases": [{"id": case.pk, "version": case_version(case)}],
        "decision": "approve",
        "document_number": "2026-1",
        "decided_on": timezone.localdate().isoformat(),
    }
    response = login(personas.approver).post("/api/v1/batches/", body, content_type="application/json")
    assert response.status_code == 400 and MSG_NUMBER_FORM in response.content.decode()
    assert not Batch.objects.exists()
