"""Review rev-cadre 8, in the browser: the cadre who passes a 村级评议 without its minutes is told at the file field
before any "提交后不能撤回" question; with the minutes chosen, the question comes and the step passes."""

import pytest
from playwright.sync_api import Page, expect

from tests.workflow.batch_helpers import new_household, open_case
from tests.workflow.helpers import household_checked, sign_consent
from workflow.models import Procedure, Step
from workflow.presets import install
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
