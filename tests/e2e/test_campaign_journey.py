"""A village cadre fills the 13-item screening form (seed 003 附件2) for a family on a phone; the township officer
finds the housing problem in the household problem ledger on a desktop and closes it, with evidence."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from households.choices import HouseholdType, Relation
from households.services import registry
from screening.models import HouseholdProblem, ScreeningForm
from screening.services import campaigns
from tests.households.conftest import member_row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


# One sentence without punctuation: a phone card must wrap it between characters.
LONG_PROBLEM = "东侧土坯房墙体开裂雨季漏雨屋顶瓦片松动需要尽快加固维修"


@pytest.fixture
def campaign(personas, county):
    today = dt.date.today()
    phases = [
        {"kind": "mobilization", "starts_on": today - dt.timedelta(days=3), "ends_on": today - dt.timedelta(days=1)},
        {"kind": "field_screening", "starts_on": today - dt.timedelta(days=1), "ends_on": today + dt.timedelta(days=5)},
        {"kind": "rectification", "starts_on": today + dt.timedelta(days=5), "ends_on": today + dt.timedelta(days=15)},
        {"kind": "summary", "starts_on": today + dt.timedelta(days=15), "ends_on": today + dt.timedelta(days=16)},
    ]
    campaign = campaigns.campaign_create(
        actor=personas.county_officer,
        name="2021年巩固拓展脱贫攻坚成果集中排查",
        region=county.county,
        villages=[county.village_a, county.village_b, county.village_c],
        phases=phases,
    )
    campaigns.assignment_add(
        actor=personas.township, campaign=campaign, village=county.village_a, cadre=personas.cadre_a
    )
    return campaign


@pytest.fixture
def families(personas, county):
    rows = [
        member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11),
        member_row("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2), 22),
    ]
    zhang = registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type=HouseholdType.LIFTED_OUT
    )
    for index, name in enumerate(["刘德明", "陈桂花"]):
        registry.household_create(
            actor=personas.cadre_a,
            village=county.village_a,
            members=[member_row(name, Relation.HEAD, dt.date(1960 + index, 5, 1), 40 + index * 11)],
            household_type=HouseholdType.ORDINARY,
        )
    return zhang


def _both(page: Page, desktop: Page, url: str, name: str, screenshot) -> None:
    for view, label in ((page, "phone"), (desktop, "desktop")):
        view.goto(url)
        screenshot(view, f"campaign-{name}-{label}")


def test_cadre_fills_the_form_and_the_township_sees_and_closes_the_problem(
    live_server, phone, desktop, personas, campaign, families, log_in, screenshot
):
    # given the cadre of 城南村 on a phone, on the campaign's list of households to screen
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/campaigns/")
    phone.get_by_role("link", name=re.compile("集中排查")).last.click()
    expect(phone.locator(".progress-table")).to_contain_text("0 / 3 户")
    screenshot(phone, "campaign-detail-cadre-phone")
    phone.get_by_role("link", name="入户排查").click()
    phone.get_by_label("查找农户").fill("张大山")
    phone.get_by_role("button", name="查询").click()
    expect(phone.get_by_text("共 1 户")).to_be_visible()
    screenshot(phone, "campaign-households-phone")

    # when they open the 13-item form, tick item 3 (housing) and describe the problem
    phone.get_by_role("link", name="填写排查表").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("入户排查表")
    expect(phone.locator("details.item-card")).to_have_count(12)
    screenshot(phone, "campaign-form-empty-phone")
    housing = phone.locator("details[data-item='3']")
    housing.locator("summary").click()
    housing.get_by_label("②现住房是否存在安全风险").check()
    phone.get_by_label("①该户是否疑似存在返贫致贫风险").check()
    phone.get_by_label("唯一住房存在安全问题", exact=True).check()  # ① names the risk it suspects
    phone.get_by_label("②是否要纳入监测对象进行评议").check()

    # (a tick without the problem described is sent back, the item opened at the message: 填表说明 1)
    phone.get_by_role("button", name="提交排查表").click()
    expect(housing.locator(".field-error")).to_have_text("第3项“住房安全”已勾选，请在排查问题栏中具体表述问题内容。")
    screenshot(phone, "campaign-form-error-phone")
    housing.get_by_label("排查问题").fill(LONG_PROBLEM)
    screenshot(phone, "campaign-form-filled-phone")
    phone.get_by_role("button", name="提交排查表").click()

    # then the form is saved with one problem and the household shows as screened
    expect(phone.locator(".msg")).to_contain_text("发现问题1个")
    expect(phone.locator(".row-card", has_text="张大山")).to_contain_text("已排查")
    screenshot(phone, "campaign-households-after-phone")
    # and the cadre's problem ledger is a card per problem, the long text wrapped inside the phone's width
    phone.goto(f"{live_server.url}/campaigns/{campaign.pk}/problems/")
    expect(phone.locator(".ledger")).to_contain_text(LONG_PROBLEM)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "campaign-ledger-phone")
    form = ScreeningForm.objects.get(household=families)
    assert (form.at_risk, form.propose_monitoring) == (True, True)
    problem = HouseholdProblem.objects.get(form=form)
    assert (problem.problem_type, problem.status) == ("housing", "pending")

    # when the township officer opens the household problem ledger on a desktop
    log_in(desktop, personas.township.username)
    desktop.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    expect(desktop.locator(".progress-table")).to_contain_text("1 / 3 户")
    screenshot(desktop, "campaign-detail-township-desktop")
    desktop.get_by_role("link", name="户内问题").click()

    # then the housing problem of 张大山 is there, waiting for rectification
    row = desktop.locator(".ledger tbody tr", has_text="张大山")
    expect(row).to_contain_text("住房安全")
    expect(row).to_contain_text(LONG_PROBLEM)
    expect(row).to_contain_text("待整改")
    screenshot(desktop, "campaign-ledger-desktop")

    # when they try to close it without evidence, the page refuses in Chinese
    row.get_by_role("link", name="张大山").click()
    desktop.locator("summary", has_text="整改措施与责任").click()
    desktop.get_by_label("整改措施").fill("纳入农村危房改造，先行加固")
    desktop.get_by_label("责任人").fill("李建国")
    desktop.get_by_label("责任单位").fill("涂埠镇村镇建设办")
    desktop.get_by_label("整改时限").fill((dt.date.today() + dt.timedelta(days=10)).isoformat())
    desktop.get_by_role("button", name="保存整改措施").click()
    expect(desktop.locator(".msg")).to_contain_text("整改措施已保存")
    desktop.locator("summary", has_text="销号").click()
    desktop.get_by_role("button", name="确认销号").click()
    expect(desktop.locator("#close")).to_contain_text("销号须上传或填写整改佐证材料。")
    screenshot(desktop, "campaign-close-refused-desktop")

    # and with a written account it is closed
    desktop.get_by_label("整改佐证说明").fill("已完成墙体加固，镇建设办验收合格")
    desktop.get_by_role("button", name="确认销号").click()
    expect(desktop.locator(".msg")).to_contain_text("问题已销号")
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("已整改")
    screenshot(desktop, "campaign-problem-closed-desktop")

    # the other pages for review: the cadre's view on the phone, the township's on the desktop
    base = f"{live_server.url}/campaigns/{campaign.pk}"
    _both(phone, desktop, f"{base}/problems/", "ledger", screenshot)
    _both(phone, desktop, f"{base}/summary/", "summary", screenshot)
    _both(phone, desktop, f"{base}/", "detail", screenshot)
    _both(phone, desktop, f"{live_server.url}/campaigns/forms/{form.pk}/", "form-detail", screenshot)


def test_county_officer_starts_a_campaign_and_records_an_area_problem(
    live_server, desktop, phone, personas, county, log_in, screenshot
):
    # given the county officer on the campaign list
    log_in(desktop, personas.county_officer.username)
    desktop.goto(f"{live_server.url}/campaigns/")
    desktop.get_by_role("link", name="＋ 发起集中排查").click()

    # when they submit the form with the field phase ending before it starts, it is refused in Chinese
    desktop.get_by_label("排查名称").fill("2022年上半年集中排查")
    desktop.get_by_label("入户排查 开始").fill("2022-06-15")
    desktop.get_by_label("入户排查 结束").fill("2022-06-10")
    # a township's box ticks its own villages only; 全选 ticks every one
    desktop.get_by_label("涂埠镇（全选本镇 2 个村）").check()
    expect(desktop.get_by_label("城南村", exact=True)).to_be_checked()
    expect(desktop.get_by_label("张公渡村", exact=True)).not_to_be_checked()
    desktop.get_by_label("全选", exact=True).check()
    desktop.get_by_role("button", name="发起").click()
    expect(desktop.get_by_role("alert")).to_contain_text("入户排查阶段的结束日期不能早于开始日期。")
    expect(desktop.get_by_label("虬津镇（全选本镇 1 个村）")).to_be_checked()  # all its villages kept ticked
    screenshot(desktop, "campaign-create-error-desktop")

    # and with the dates put right the campaign starts, covering all three villages
    desktop.get_by_label("入户排查 结束").fill("2022-06-20")
    desktop.get_by_label("问题整改 开始").fill("2022-06-20")
    desktop.get_by_label("问题整改 结束").fill("2022-06-30")
    desktop.get_by_role("button", name="发起").click()
    expect(desktop.locator(".msg")).to_contain_text("已发起集中排查")
    # the county's progress has a line per township (涂埠镇 2 villages, 虬津镇 1), each opening its villages
    expect(desktop.locator(".progress-table tbody tr")).to_have_count(2)
    campaign_url = desktop.url

    # when they record a county-level area problem (附件3-1)
    desktop.get_by_role("link", name="面上问题").click()
    desktop.get_by_role("link", name="＋ 登记面上问题").click()
    desktop.get_by_label("面上问题层级").select_option(label="县级层面")
    desktop.get_by_label("所在单位").select_option(label="永修县（县）")
    desktop.get_by_label("问题类型").select_option(label="基本医疗")
    desktop.get_by_label("具体内容").fill("未做到动态清零；防止因病返贫致贫风险机制有待健全。")
    screenshot(desktop, "campaign-area-form-desktop")
    desktop.get_by_role("button", name="保存").click()

    # then it is in the area ledger and counted in the summary
    expect(desktop.locator(".msg")).to_contain_text("已登记面上问题")
    desktop.get_by_role("link", name="返回台账").click()
    expect(desktop.locator(".ledger tbody tr")).to_contain_text("县级层面")
    screenshot(desktop, "campaign-area-ledger-desktop")
    desktop.goto(f"{campaign_url}summary/")
    expect(desktop.locator(".summary-total .subtotal")).to_contain_text("1")
    screenshot(desktop, "campaign-summary-county-desktop")
    desktop.goto(f"{live_server.url}/campaigns/")
    screenshot(desktop, "campaign-list-desktop")

    # and a cadre sees the campaign on the phone, but not the county's problem
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/campaigns/")
    screenshot(phone, "campaign-list-phone")
    phone.get_by_role("link", name=re.compile("2022年上半年集中排查")).click()
    phone.get_by_role("link", name="面上问题").click()
    expect(phone.get_by_text("没有符合条件的问题。")).to_be_visible()
    screenshot(phone, "campaign-area-ledger-phone")
