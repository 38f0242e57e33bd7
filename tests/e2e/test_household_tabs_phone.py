"""The household page on a phone (review rev-cadre 12): its nine tabs wrap onto more lines instead of hiding 识别退出,
帮扶 and 预警 off the right edge of a strip with only a faint shadow for a cue. Layout only a browser can judge."""

import pytest
from playwright.sync_api import Page

from tests.workflow.batch_helpers import new_household

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RIGHT = "e => e.getBoundingClientRect().right"


def test_every_household_tab_is_on_screen_on_a_phone(phone: Page, live_server, log_in, personas, county):
    household = new_household(personas.cadre_a, county.village_a, "张大山", 71)
    log_in(phone, "cadre_a")
    phone.goto(f"{live_server.url}/households/{household.pk}/")

    tabs = phone.locator("nav.tabs")
    links = tabs.get_by_role("link")
    assert links.count() >= 8
    width = phone.viewport_size["width"]
    assert all(links.nth(i).evaluate(RIGHT) <= width for i in range(links.count()))
    assert tabs.evaluate("e => e.scrollWidth <= e.clientWidth")
