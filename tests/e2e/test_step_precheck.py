"""Review rev-cadre 8, in the browser: the cadre who passes a 村级评议 without its minutes is told at the file field
before any "提交后不能撤回" question; with the minutes chosen, the question comes and the step passes. The county
approver who types a 批复文号 without the year in brackets is told so at the field the same way (the server's pattern
and message, services.approval_records.number_form_precheck), and nothing is sent."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import AuditEvent
from tests.workflow.batch_helpers import at_approval, new_household, open_case
from tests.workflow.helpers import household_checked, sign_consent
from tests.workflow.test_document_number_form import REFUSED, TAKEN
from workflow.choices import CaseStepStatus
from workflow.models import CaseEvent, CaseStep, Procedure, Step
from workflow.presets import install
from workflow.services.approval_records import MSG_NUMBER_FORM, number_form_problem
from workflow.services.cases import MSG_REVIEW_EVIDENCE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_review_without_minutes_is_stopped_before_the_confirmation(
    phone: Page, live_server, log_in, personas, county, tmp_path
):
    install(Procedure, Step)  # the seeded procedures, emptied by an earlier transactional test's flush
    case = open_case(personas.cadre_a, new_household(personas.cadre_a, county.village_a, "张大山", 72))
    sign_consent(actor=personas.cadre_a, household=case.household)  # the village review passes only with it
    household_checked(actor=personas.cadre_a, case=case)  # and the household visit before it
    minutes = tmp_path / "评议会议记录.pdf"
    minutes.write_bytes(b"%PDF-1.7\n% minutes\n")
    asked: list[str] = []
    phone.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    log_in(phone, "cadre_a")
    phone.goto(f"{live_server.url}/workflow/cases/{case.pk}/")

    review = phone.locator("section", has=phone.get_by_role("heading", name="办理：村级评议"))
    review.get_by_label("通过", exact=True).check()
    review.get_by_role("button", name="提交").click()

    expect(review.locator("[data-precheck-error]")).to_have_text(MSG_REVIEW_EVIDENCE)
    assert asked == []

    review.locator("input[type=file]").set_input_files(str(minutes))
    review.get_by_role("button", name="提交").click()
    expect(phone.locator(".timeline li", has_text="村级公示")).to_contain_text("办理中")
    assert asked == ["提交“村级评议”的办理结果？提交后不能撤回。"]


def test_an_approval_number_without_its_bracketed_year_is_said_at_the_field_and_nothing_is_sent(
    phone: Page, live_server, log_in, personas, county
):
    install(Procedure, Step)  # the seeded procedures, emptied by an earlier transactional test's flush
    case = at_approval(personas, new_household(personas.cadre_a, county.village_a, "李长河", 73), personas.cadre_a)
    asked: list[str] = []
    phone.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    log_in(phone, "approver")
    phone.goto(f"{live_server.url}/workflow/cases/{case.pk}/")
    events, audits = CaseEvent.objects.count(), AuditEvent.objects.count()  # the login's audit event counted
    posted: list[str] = []
    phone.on("request", lambda request: request.method == "POST" and posted.append(request.url))
    approval = phone.locator("section", has=phone.get_by_role("heading", name="办理：县级审批"))
    number = approval.get_by_label("批复文号")

    # when the approver passes the case with a number that has its year but not in brackets
    approval.get_by_label("通过", exact=True).check()
    number.fill("永农组字2026年12号")
    approval.get_by_role("button", name="提交").click()

    # then the server's message is said at the field, nothing is asked or sent, and nothing is recorded
    expect(approval.locator("[data-precheck-error]")).to_have_text(MSG_NUMBER_FORM)
    expect(number).to_be_focused()
    assert asked == [] and posted == []
    assert (CaseEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)

    # and the page takes and refuses each number just as the server does (any bracket, full-width digits, spaces)
    form = approval.locator("form")
    for typed in REFUSED + TAKEN:
        number.fill(typed)
        assert form.evaluate("f => window.stepPrecheck(f)") == (number_form_problem(typed) == ""), typed

    # when the number is put right, the question comes and the approval is recorded
    number.fill("永农组字[2026]12号")
    approval.get_by_role("button", name="提交").click()
    expect(approval).to_have_count(0)
    assert asked == ["提交“县级审批”的办理结果？提交后不能撤回。"]
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.DONE
