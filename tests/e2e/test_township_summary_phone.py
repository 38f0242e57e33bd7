"""Review finding (batchfix 3): 乡镇审核汇总名单 on a 390 px phone had bare filter controls (labels run into the
fields, the date inputs unlike the selects) and a table that looked cut off at the right edge. Its filters are laid
out as the app's (each label over its field, every control the same height, one a line on a phone, side by side on
a desktop) and its table scrolls in its frame with a line saying so; on paper the filters are not printed and the
table is as it was. Layout only a browser can judge."""

import pytest
from playwright.sync_api import Page

from tests.workflow.batch_helpers import new_household
from tests.workflow.township_helpers import at_township, refs
from workflow.models import Procedure, Step
from workflow.presets import install
from workflow.services.township_batch import township_batch_audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
URL = "/workflow/township-audit/summary/"


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.fixture
def audited(personas, county):
    install(Procedure, Step)  # the seeded procedures, emptied by an earlier transactional test's flush
    household = new_household(personas.cadre_a, county.village_a, "张大山", 71)
    case = at_township(personas, household, personas.cadre_a)
    township_batch_audit(actor=personas.township, refs=refs([case]), outcome="pass", note="情况属实，同意上报")
    return case


def test_the_filters_and_the_table_fit_a_phone(phone: Page, live_server, log_in, audited, screenshot):
    log_in(phone, "township")
    phone.goto(f"{live_server.url}{URL}")
    assert phone.locator("table[data-summary]").get_by_text("张大山").count() == 1

    width = phone.viewport_size["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    filters = "form[data-summary-filters]"
    date_from, date_to = box(phone, f"{filters} input[name=date_from]"), box(phone, f"{filters} input[name=date_to]")
    kind = box(phone, f"{filters} select[name=kind]")
    assert abs(date_from["height"] - kind["height"]) < 0.5 and kind["height"] >= 44  # a date as a select
    assert date_from["width"] == kind["width"] and date_to["y"] > date_from["y"] + date_from["height"]  # one a line
    label = box(phone, f"{filters} label[for=id_date_from]")
    assert label["y"] + label["height"] <= date_from["y"]  # the label over its field
    assert box(phone, f"{filters} button")["x"] + box(phone, f"{filters} button")["width"] <= width

    frame = phone.locator(".print-scroll", has=phone.locator("table[data-summary]"))
    assert frame.evaluate("e => e.getBoundingClientRect().right") <= width
    assert frame.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls inside its frame
    assert "左右滑动" in frame.evaluate("e => getComputedStyle(e, '::after').content")
    screenshot(phone, "township-summary-phone")

    phone.emulate_media(media="print")
    assert phone.locator(filters).is_hidden()
    assert frame.evaluate("e => getComputedStyle(e, '::after').content") in ("none", "normal")


def test_on_a_desktop_the_filters_stand_in_one_row(desktop: Page, live_server, log_in, audited, screenshot):
    log_in(desktop, "township")
    desktop.goto(f"{live_server.url}{URL}")
    filters = "form[data-summary-filters]"
    tops = {round(box(desktop, f"{filters} {name}")["y"]) for name in ("input[name=date_from]", "select[name=kind]")}
    assert len(tops) == 1
    assert desktop.evaluate("document.documentElement.scrollWidth") <= desktop.viewport_size["width"]
    screenshot(desktop, "township-summary-desktop")
