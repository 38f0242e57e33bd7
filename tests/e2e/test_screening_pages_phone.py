"""筛查规则 and 筛查记录 on a 390-px phone: one card per rule or run, every column on screen (before, a rule's type,
risk type, parameters and state sat off to the right in a sideways-scrolling box, and a run showed its first three
columns); the county's 待处理 per township is one collapsed line that opens to the list. Headless Chromium."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from screening.choices import ResultStatus, RuleKind, RunKind, RunStatus
from screening.models import ScreeningResult, ScreeningRule, ScreeningRun
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory
from tests.households.conftest import numbered

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def on_screen(page: Page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (selector, box)


def test_rules_and_runs_are_cards_with_every_column_on_a_phone(phone: Page, live_server, log_in, personas):
    # The migration's rules are gone after an earlier transactional test's flush: one of them again.
    ScreeningRule.objects.get_or_create(
        code="INCOME_BELOW_LINE",
        defaults={"name": "人均纯收入低于监测标准（预警时段低于预警线）", "kind": RuleKind.INCOME_BELOW_LINE,
                  "risk_type": "low_income", "params": {}},
    )  # fmt: skip
    ScreeningRun.objects.create(
        kind=RunKind.NIGHTLY, status=RunStatus.DONE, on_date=today(), households_evaluated=12, hits=3
    )
    log_in(phone, personas.county_officer.username)

    phone.goto(f"{live_server.url}/screening/rules/")
    for label in ("类型", "风险类型", "参数", "状态", "操作"):
        on_screen(phone, f".rule-table td[data-label='{label}']")
    expect(phone.locator(".rule-table thead")).to_be_hidden()

    phone.goto(f"{live_server.url}/screening/runs/")
    for label in ("参与户数", "命中户数", "新命中 / 变化 / 不再命中", "用时", "失败情况"):
        on_screen(phone, f".run-table td[data-label='{label}']")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391


def test_the_backlog_per_township_opens_on_a_phone(phone: Page, live_server, log_in, personas, county):
    household = HouseholdFactory(village=county.village_c, head_name=numbered("户主", 1))
    MemberFactory(household=household, name=household.head_name)
    ScreeningResult.objects.create(
        household=household, region_path=household.region_path, status=ResultStatus.HIT,
        reasons=["人均纯收入低于监测标准"], first_hit_on=today() - dt.timedelta(days=45),
    )  # fmt: skip
    log_in(phone, personas.county_officer.username)

    phone.goto(f"{live_server.url}/screening/")
    expect(phone.locator("[data-backlog='desk']")).to_be_hidden()
    summary = phone.locator("details.backlog-phone > summary")
    expect(summary).to_have_text("各乡镇待处理：1 个乡镇，最久 45 天")
    summary.click()
    phone.locator("details.backlog-phone").get_by_role("link", name="虬津镇").click()

    expect(phone.locator("[data-place-filter]")).to_contain_text("虬津镇")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391
