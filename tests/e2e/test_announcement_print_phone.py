"""Review print2, item 3: on a 390 px phone the 公告's headers broke a character a line (序号 as 序/号, 户主姓名 over
two lines); 序号 and 户主姓名 keep to one line, as on the 公示 (class nw), and the table scrolls in its frame. Layout
only a browser can judge."""

import pytest
from playwright.sync_api import Page

from tests.workflow.batch_helpers import at_approval, new_household
from tests.workflow.helpers import act
from workflow.choices import Outcome
from workflow.models import Procedure, Step
from workflow.presets import install

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# How many lines a cell's text takes: the distinct tops of its text's boxes.
LINES = """e => {
  const range = document.createRange();
  range.selectNodeContents(e);
  return new Set([...range.getClientRects()].map(box => Math.round(box.top))).size;
}"""


def test_the_announcements_short_headers_keep_to_one_line_on_a_phone(
    phone: Page, live_server, log_in, personas, county, screenshot
):
    install(Procedure, Step)  # the seeded procedures, emptied by an earlier transactional test's flush
    household = new_household(personas.cadre_a, county.village_a, "张大山", 72)
    case = at_approval(personas, household, personas.cadre_a)
    act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    log_in(phone, "township")
    phone.goto(f"{live_server.url}/workflow/announcement/{county.village_a.code}/print/")
    table = phone.locator("table.print-table").first
    assert table.get_by_text("张大山").count() == 1

    for header in ("序号", "户主姓名"):
        assert table.locator("th", has_text=header).evaluate(LINES) == 1, header
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]
    screenshot(phone, "announcement-print-phone")
