"""The reviewer's path in a real browser: the cadre saves a visit on the phone, presses the browser's BACK button,
the page comes back filled in (static/js/submit_once.js gives it a new token), and 保存 is pressed again. The
visit is not recorded a second time: the page says that the same visit was recorded (date, ID, link) and offers
仍要另记一次, which records it (a second real visit the same day)."""

import pytest
from playwright.sync_api import Page, expect

from households.models import Visit
from tests.clock import today
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def household_a(county):
    household = HouseholdFactory(village=county.village_a, head_name="张大山")
    MemberFactory(household=household, name="张大山")
    return household


def save_then_back(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_label("走访情况").fill("务工收入减少")
    page.get_by_label("收入变化（元，增加为正，减少为负）").fill("-1000")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text(f"已记录 {today():%Y-%m-%d} 的走访。")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name="记录走访")).to_be_visible()
    # the page comes back as the cadre left it, filled in
    expect(page.get_by_label("走访情况")).to_have_value("务工收入减少")
    expect(page.get_by_label("收入变化（元，增加为正，减少为负）")).to_have_value("-1000")


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_saved_again_after_back_asks_and_records_only_when_confirmed(
    request, live_server, personas, household_a, log_in, screenshot, device
):
    page: Page = request.getfixturevalue(device)
    log_in(page, personas.cadre_a.username)
    url = f"{live_server.url}/households/{household_a.pk}/visits/new/"
    save_then_back(page, url)
    first = Visit.objects.get(household=household_a)

    page.get_by_role("button", name="保存").click()

    notice = page.locator("[data-same-visit]")
    expect(notice).to_contain_text(f"{today():%Y-%m-%d} 已记录过一次内容相同的走访（ID {first.pk}")
    expect(notice.get_by_role("link", name="查看")).to_have_attribute(
        "href", f"/households/{household_a.pk}/?tab=visits"
    )
    assert Visit.objects.filter(household=household_a).count() == 1
    screenshot(page, f"visit-same-day-notice-{device}")
    page.screenshot(path=str(SCREENSHOTS / f"visit-same-day-notice-{device}-viewport.png"))  # as first seen

    notice.get_by_label("仍要另记一次").check()
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_text(f"已记录 {today():%Y-%m-%d} 的走访。")).to_be_visible()
    assert Visit.objects.filter(household=household_a, notes="务工收入减少").count() == 2
