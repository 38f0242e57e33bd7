"""代为申报 for a farmer with no phone, in a browser: the 困难情况说明 counts as it is typed (js/char_count.js), a
short real situation goes through, the phone may be left out, the receipt says to keep the receipt number for the
status lookup, and the lookup finds the application with the ID number and that number."""

import pytest
from playwright.sync_api import Page, expect

from tests.workflow.applications_helpers import STRANGER_ID
from workflow.models.applications import Application

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_cadre_files_a_short_situation_without_a_phone(
    request, device, live_server, personas, county, log_in, screenshot
):
    page: Page = request.getfixturevalue(device)
    log_in(page, personas.cadre_a.username)
    page.goto(f"{live_server.url}/workflow/applications/file/?village={county.village_a.code}")
    counter = page.locator("[data-char-counter]")
    expect(counter).to_have_text("已写 0 字（至少 5 字，至多 500 字）")
    page.get_by_label("申报人姓名").fill("陈桂兰")
    page.get_by_label("申报人身份证号").fill(STRANGER_ID)
    page.get_by_label("生大病、重病或残疾，看病花钱多").check()
    page.get_by_label("困难情况说明").fill("父亲住院")
    expect(counter).to_have_text("已写 4 字（至少 5 字，至多 500 字）")
    expect(counter).to_have_class("muted small char-count char-count-off")
    page.get_by_label("困难情况说明").fill("父亲住院花费很大")
    expect(counter).to_have_text("已写 8 字（至少 5 字，至多 500 字）")
    expect(counter).not_to_have_class("muted small char-count char-count-off")
    expect(page.locator("#id_phone_helptext")).to_contain_text("也可不填")
    page.get_by_label("我已阅读并同意上面的《农户承诺和授权查询书》").check()
    screenshot(page, f"apply_filed_no_phone_form_{device}")
    page.get_by_role("button", name="提交申请").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("申请已提交")
    expect(page.locator("[data-no-phone]")).to_contain_text("输入申报时填写的身份证号和回执号即可查看")
    expect(page.locator("[data-no-phone]")).to_contain_text("凭回执号到村委会或向村干部询问")
    screenshot(page, f"apply_filed_no_phone_receipt_{device}")
    receipt_no = page.locator(".receipt strong").inner_text()

    page.goto(f"{live_server.url}/apply/status/")
    page.get_by_label("申报人身份证号").fill(STRANGER_ID)
    page.get_by_label("回执号").fill(receipt_no)
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".lookup-result")).to_contain_text("已受理")
    expect(page.locator(".lookup-result")).to_contain_text(receipt_no)
    screenshot(page, f"apply_filed_no_phone_lookup_{device}")
    application = Application.objects.get()
    assert (application.phone, application.situation) == ("", "父亲住院花费很大")
    assert application.filed_by == personas.cadre_a
