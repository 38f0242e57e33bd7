"""A township officer builds a household's plan from the suggestions (缺什么补什么) on a desktop; the clerk of the
responsible department finds the measure in their list on a phone and marks it done."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from assistance.models import PlanMeasure
from households.choices import HouseholdType, LabourCapacity, MonitoringCategory, Relation
from households.models import Household
from households.services import registry
from tests.factories import UserFactory
from tests.households.conftest import member_row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def catalogue(transactional_db):
    from assistance.catalogue import install
    from assistance.models import MeasureCategory, MeasureType

    install(MeasureCategory, MeasureType)


@pytest.fixture
def family(personas, county):
    rows = [
        member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11, labour_skill="ordinary"),
        member_row("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2), 22, health="serious", labour_skill="weak"),
    ]
    household = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=rows,
        household_type=HouseholdType.LIFTED_OUT,
        phone="13800001111",
    )
    Household.objects.filter(pk=household.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL,
        risk_types=["medical_cost", "unsafe_housing"],
        labour_capacity=LabourCapacity.HAS_LABOUR,
    )
    return household


def test_township_builds_a_plan_from_suggestions_and_the_department_marks_a_measure_done(
    live_server, desktop, phone, personas, county, family, log_in, screenshot
):
    clerk = UserFactory(
        username="yibao", role="department_clerk", region_path=county.county.path, department="medical_insurance"
    )
    today = dt.date.today()

    # given the township officer on the household's 帮扶 tab, with no plan yet
    log_in(desktop, personas.township.username)
    desktop.goto(f"{live_server.url}/households/{family.pk}/?tab=assistance")
    expect(desktop.locator(".tab-body")).to_contain_text("该监测户尚未制定帮扶方案")
    desktop.get_by_role("link", name="帮扶方案").click()

    # when they make the plan, the page suggests one measure per risk, flagged as suggestions
    desktop.get_by_label("回访周期").select_option(label="每月")
    desktop.get_by_role("button", name="制定帮扶方案").click()
    expect(desktop.locator(".msg")).to_contain_text("已制定帮扶方案")
    suggestions = desktop.locator(".suggestion")
    expect(suggestions).to_have_count(2)
    expect(suggestions.first).to_contain_text("城乡居民医保参保资助 · 李秀英")
    expect(suggestions.last).to_contain_text("农村危房改造")
    expect(desktop.get_by_text("复合型风险：因户施策，综合帮扶")).to_be_visible()
    screenshot(desktop, "assistance-plan-suggestions-desktop")
    assert not PlanMeasure.objects.exists()

    # when they adopt the medical one, with the end before the start, the form says so at the field
    suggestions.first.get_by_role("link", name="采纳此建议").click()
    expect(desktop.get_by_label("责任部门")).to_have_value("medical_insurance")
    desktop.get_by_label("责任人").fill("王建华")
    desktop.get_by_label("结束日期").fill((today - dt.timedelta(days=1)).isoformat())
    desktop.get_by_label("金额（元）").fill("380")
    desktop.get_by_role("button", name="添加措施").click()
    expect(desktop.locator(".field.has-error")).to_contain_text("结束日期不能早于开始日期。")
    screenshot(desktop, "assistance-measure-error-desktop")
    desktop.get_by_label("结束日期").fill((today + dt.timedelta(days=180)).isoformat())
    desktop.get_by_role("button", name="添加措施").click()

    # then the measure is in the plan and that suggestion is gone; the housing one is adopted too
    expect(desktop.locator(".msg")).to_contain_text("已添加帮扶措施：城乡居民医保参保资助")
    expect(desktop.locator(".suggestion")).to_have_count(1)
    desktop.locator(".suggestion").get_by_role("link", name="采纳此建议").click()
    desktop.get_by_label("责任人").fill("刘志刚")
    desktop.get_by_role("button", name="添加措施").click()
    expect(desktop.locator(".msg")).to_contain_text("农村危房改造")
    expect(desktop.get_by_text("暂无建议：风险对应的措施均已安排。")).to_be_visible()
    screenshot(desktop, "assistance-plan-measures-desktop")

    # when the 医保 clerk opens their list on a phone
    log_in(phone, clerk.username)
    expect(phone.locator(".tile", has_text="部门帮扶任务")).to_contain_text("1")
    screenshot(phone, "assistance-clerk-home-phone")
    phone.locator(".tile", has_text="部门帮扶任务").click()
    card = phone.locator(".row-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("城乡居民医保参保资助")
    expect(card).to_contain_text("张大山户")
    expect(card).to_contain_text("落实到 李秀英")  # the clerk is told whose measure it is (81dec58)
    expect(phone.locator("main")).not_to_contain_text("13800001111")
    screenshot(phone, "assistance-department-phone")

    # and marks it done with a note (after confirming)
    card.get_by_role("link").click()
    phone.on("dialog", lambda dialog: dialog.accept())  # 确认该措施已落实办结？
    phone.get_by_role("button", name="标记为已完成").click()
    expect(phone.locator(".field.has-error")).to_contain_text("请填写办理情况。")
    phone.get_by_label("办理情况").fill("已按规定资助参保，个人缴费部分全额代缴")
    screenshot(phone, "assistance-department-done-phone")
    phone.get_by_role("button", name="标记为已完成").click()
    expect(phone.locator(".msg")).to_contain_text("已办结：张大山户 李秀英 城乡居民医保参保资助")
    expect(phone.locator(".row-card")).to_have_count(0)

    # then the township officer sees it done in the plan, the housing measure still planned
    desktop.reload()
    done = desktop.locator(".row-card", has_text="城乡居民医保参保资助")
    expect(done).to_contain_text("已完成")
    expect(done).to_contain_text("已按规定资助参保")
    expect(desktop.locator(".row-card", has_text="农村危房改造")).to_contain_text("计划中")
    screenshot(desktop, "assistance-plan-after-desktop")
    measure = PlanMeasure.objects.get(measure_type__code="medical_insurance_subsidy")
    assert (measure.status, measure.completed_by_id) == ("done", clerk.pk)

    # the other pages, for review on both screens
    for url, name in (
        (f"/assistance/households/{family.pk}/", "plan"),
        ("/assistance/", "index"),
        ("/assistance/return-visits/", "return-visits"),
        ("/assistance/measures/", "measures"),
        (f"/assistance/plans/{measure.plan_id}/return-visits/new/", "return-visit-form"),
        (f"/assistance/households/{family.pk}/contact/", "contact-form"),
        (f"/assistance/households/{family.pk}/claims/new/", "claim-form"),
        ("/assistance/employment/", "employment"),
        (f"/assistance/measures/{measure.pk}/", "measure"),
    ):
        desktop.goto(f"{live_server.url}{url}")
        screenshot(desktop, f"assistance-{name}-desktop")
    phone.context.clear_cookies()
    log_in(phone, personas.township.username)
    for url, name in ((f"/assistance/households/{family.pk}/", "plan"), ("/assistance/", "index")):
        phone.goto(f"{live_server.url}{url}")
        screenshot(phone, f"assistance-{name}-phone")
    assert re.search("张大山", desktop.content())


def test_the_claim_page_of_a_household_that_cannot_claim_leads_back_to_the_plan(
    live_server, phone, personas, family, log_in, screenshot
):
    # given a household that is no monitored household (防贫保 pays only the three monitored categories)
    Household.objects.filter(pk=family.pk).update(monitoring_category="")

    # when the township officer opens its claim page on a phone
    log_in(phone, personas.township.username)
    phone.goto(f"{live_server.url}/assistance/households/{family.pk}/claims/new/")

    # then the page says why, offers no form to fill in, and leads back to the plan
    expect(phone.locator(".form-errors")).to_contain_text("不能申报防贫保")
    expect(phone.get_by_role("button", name="申报")).to_have_count(0)
    expect(phone.locator("main form")).to_have_count(0)
    screenshot(phone, "assistance-claim-refused-phone")
    phone.get_by_role("link", name="返回帮扶方案", exact=True).click()
    expect(phone).to_have_url(f"{live_server.url}/assistance/households/{family.pk}/")
