"""部门数据类型与模板 on a phone (review feedpages 1): opening a feed's 列与预警规则 made the page 578 px wide, the
cards and the column table running off the right of a 390-px screen. The table scrolls inside its own box."""

import pytest
from playwright.sync_api import Page, expect

from tests.alerts.conftest import install_feed_presets

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE_WIDTH = "() => document.documentElement.scrollWidth"


def test_on_a_phone_an_opened_feed_keeps_the_page_as_wide_as_the_screen(
    phone: Page, live_server, log_in, personas, screenshot
):
    install_feed_presets()
    log_in(phone, personas.clerk.username)
    phone.goto(f"{live_server.url}/alerts/feeds/")
    feeds = phone.locator("details.more")
    assert feeds.count() > 1
    for feed in feeds.all():
        feed.locator("summary").click()
        expect(feed.locator(".table-wrap")).to_be_visible()
    screenshot(phone, "feed_types_phone_opened")

    width = phone.viewport_size["width"]
    assert phone.evaluate(PAGE_WIDTH) <= width + 1
    for wrap in phone.locator("details.more .table-wrap").all():
        assert wrap.evaluate("e => e.getBoundingClientRect().right") <= width
    # the columns are still all there: the widest table scrolls sideways in its box instead of widening the page
    assert any(w.evaluate("e => e.scrollWidth > e.clientWidth") for w in phone.locator(".table-wrap").all())
