"""预警汇总 on a desk (1366 wide): fourteen columns since 涉及人数 came (896b9b9d), and headers that never wrapped
pushed the table past the page's right edge; a long outcome header (无返贫致贫风险) now wraps instead."""

import pytest
from playwright.sync_api import Page

from accounts.choices import Department
from tests.alerts.conftest import install_feed_presets
from tests.alerts.test_summary import _alert

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_summary_tables_stay_inside_the_page(desktop: Page, live_server, log_in, personas, county):
    install_feed_presets()
    _alert(county.village_a, Department.HEALTH)
    log_in(desktop, personas.county_officer.username)
    desktop.goto(f"{live_server.url}/alerts/overview/")

    page_right = desktop.locator("main").evaluate("m => m.getBoundingClientRect().right")
    tables = desktop.locator(".alert-summary table")
    assert tables.count() == 2
    for i in range(2):
        header = tables.nth(i).locator("th", has_text="涉及人数")
        assert header.count() == 1
        right = tables.nth(i).evaluate("t => t.getBoundingClientRect().right")
        assert right <= page_right + 1, (i, right, page_right)
