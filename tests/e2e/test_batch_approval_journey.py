"""The county approver approves a page of cases with one document number on a phone: select all, confirm."""

import pytest
from playwright.sync_api import expect

from tests.workflow.batch_helpers import at_approval, new_household
from workflow.choices import CaseStepStatus
from workflow.models import Batch, CaseStep, Procedure, Step
from workflow.presets import install

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_approver_selects_all_and_confirms_on_a_phone(live_server, phone, personas, county, log_in, screenshot):
    install(Procedure, Step)  # the seeded procedures, emptied by the previous transactional test's flush
    # given two cases at the county approval step
    for index, (cadre, village, head) in enumerate(
        [(personas.cadre_a, county.village_a, "张大山"), (personas.cadre_b, county.village_b, "王五")]
    ):
        at_approval(personas, new_household(cadre, village, head, 61 + index), cadre)
    log_in(phone, personas.approver.username)

    # when the approver selects every case on the page and fills in the reply
    phone.goto(f"{live_server.url}/workflow/batches/")
    phone.get_by_label("全选本页").check()
    expect(phone.locator("#selected-count")).to_have_text("2")
    phone.get_by_label("批复文号").fill("永巩固〔2026〕30号")
    phone.get_by_role("button", name="下一步：确认").click()

    # then a confirmation lists both households, and nothing is approved yet
    expect(phone.get_by_role("heading", level=1)).to_have_text("确认批准 2 户")
    expect(phone.get_by_text("张大山（涂埠镇城南村")).to_be_visible()
    screenshot(phone, "phone-batch-confirm")
    assert not Batch.objects.exists()

    # when they confirm
    phone.get_by_role("button", name="确认提交").click()

    # then the batch page shows the document and both households as approved
    expect(phone.get_by_role("heading", level=1)).to_have_text("永巩固〔2026〕30号")
    expect(phone.get_by_text("王五")).to_be_visible()
    screenshot(phone, "phone-batch-detail")
    assert CaseStep.objects.filter(step__code="county_approval", status=CaseStepStatus.DONE).count() == 2
