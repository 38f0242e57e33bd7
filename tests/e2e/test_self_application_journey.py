"""A farmer self-applies on a phone without an account; the village cadre verifies by a visit and turns the
application into an identification case; the farmer's status lookup then shows it (seed 000 §三(三)1)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from households.choices import HouseholdType, Relation
from households.services import registry
from tests.e2e.conftest import PHONE
from tests.households.conftest import member_row
from workflow.choices import Channel
from workflow.models import Case, Procedure, Step
from workflow.models.applications import Application
from workflow.presets import install
from workflow.services.application_public import MSG_CONSENT_REQUIRED, application_link_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def village_setup(personas, county):
    install(Procedure, Step)  # the seeded procedures, emptied by an earlier transactional test's flush
    head = member_row("周建国", Relation.HEAD, dt.date(1969, 8, 15), 113)
    household = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[head, member_row("吴淑芬", Relation.SPOUSE, dt.date(1971, 2, 3), 124)],
        household_type=HouseholdType.ORDINARY,
    )
    link = application_link_for(actor=personas.cadre_a, village=county.village_a)
    return household, head["id_number"], link


def test_a_farmer_self_applies_on_a_phone_and_the_cadre_turns_it_into_a_case(
    live_server, browser, phone, desktop, personas, village_setup, log_in, screenshot
):
    household, id_number, link = village_setup

    # given the farmer scans the village poster: a phone, no account
    phone.goto(f"{live_server.url}/apply/{link.token}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("城南村")
    phone.get_by_label("申报人姓名").fill("周建国")
    phone.get_by_label("申报人身份证号").fill(id_number)
    expect(phone.locator(".id-derived")).to_contain_text("性别：男")
    phone.get_by_label("手机号码").fill("13812345678")
    phone.get_by_label("生大病、重病或残疾，看病花钱多").check()
    phone.get_by_label("困难情况说明").fill("妻子今年查出尿毒症，每周透析三次，自付费用很高，家里存款已花光。")

    # when they send it without ticking the consent, the form says so at the consent
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.locator(".consent .field-error")).to_have_text(MSG_CONSENT_REQUIRED)
    screenshot(phone, "phone-apply-consent-missing")
    assert not Application.objects.exists()

    # and when they tick it and send again, they get a receipt number and how to look the status up
    phone.get_by_label("我已阅读并同意上面的《农户承诺和授权查询书》").check()
    screenshot(phone, "phone-apply-form")
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("申请已提交")
    receipt = phone.locator(".receipt strong").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", receipt)
    screenshot(phone, "phone-apply-receipt")

    # then the status lookup says it is submitted
    phone.get_by_role("link", name="查询办理进度").click()
    phone.get_by_label("申报人身份证号").fill(id_number)
    phone.get_by_label("手机号码").fill("13812345678")
    phone.get_by_role("button", name="查询").click()
    expect(phone.locator(".lookup-result")).to_contain_text("已受理")
    expect(phone.locator(".lookup-result")).to_contain_text(receipt)
    screenshot(phone, "phone-apply-status-submitted")

    # when the village cadre logs in on their own phone, the home tile counts one new application
    cadre = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **PHONE)
    page = cadre.new_page()
    page.set_default_timeout(15_000)
    log_in(page, personas.cadre_a.username)
    tile = page.locator("a.tile", has_text="自主申报")
    expect(tile.locator(".tile-count")).to_have_text("1")
    tile.click()

    # and the worklist shows the application; they open it and record the verification visit
    card = page.locator(".row-card", has_text="周建国")
    expect(card).to_contain_text(receipt)
    screenshot(page, "phone-applications-list")
    card.get_by_role("link").click()
    expect(page.get_by_text("的家庭成员")).to_be_visible()
    page.get_by_role("button", name="开始核实").click()
    expect(page.get_by_text("已开始核实")).to_be_visible()
    page.get_by_role("link", name="记录入户核实并转为识别案件").click()
    page.get_by_label("入户核实情况").fill("入户核实：透析属实，月自付医疗费约三千元，家中无其他收入。")
    page.get_by_label("拟纳入监测类别").select_option(label="突发严重困难户")
    screenshot(page, "phone-application-to-case")
    page.get_by_label("申报人已核实为本人或本户成员").check()
    page.get_by_role("button", name="保存核实情况并发起识别纳入").click()

    # then an identification case through the self-application channel is open for the household
    expect(page.get_by_role("heading", level=1)).to_contain_text("周建国户")
    expect(page.get_by_text("渠道 农户自主申报")).to_be_visible()
    case = Case.objects.get(household=household)
    assert case.channel == Channel.SELF_APPLICATION
    assert Application.objects.get().case == case
    cadre.close()

    # and the farmer's status lookup shows the new state
    phone.goto(f"{live_server.url}/apply/status/")
    phone.get_by_label("申报人身份证号").fill(id_number)
    phone.get_by_label("手机号码").fill("13812345678")
    phone.get_by_role("button", name="查询").click()
    expect(phone.locator(".lookup-result")).to_contain_text("核实中")
    screenshot(phone, "phone-apply-status-case-opened")

    # the county officer's desk: the worklist and the village's printable poster
    log_in(desktop, personas.county_officer.username)
    desktop.goto(f"{live_server.url}/workflow/applications/")
    expect(desktop.locator(".row-card", has_text="周建国")).to_contain_text("已纳入程序")
    screenshot(desktop, "desktop-applications-list")
    desktop.goto(f"{live_server.url}/workflow/applications/poster/{household.village.code}/")
    expect(desktop.locator(".qr svg")).to_be_visible()
    expect(desktop.get_by_text(f"/apply/{link.token}/")).to_be_visible()
    screenshot(desktop, "desktop-application-poster")
