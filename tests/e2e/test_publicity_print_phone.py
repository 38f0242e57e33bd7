"""Review finding (cadre #4): the village publicity notice (公示名单) was 434 px wide on a 390 px phone, its 公示时间
column off the right edge. Its table scrolls sideways in its own frame, as the other print pages' do; on paper
nothing changes (the frame scrolls on a screen only). Layout only a browser can judge."""

import pytest
from playwright.sync_api import Page

from tests.workflow.batch_helpers import new_household, open_case
from tests.workflow.helpers import case_act
from workflow.choices import Outcome
from workflow.models import Procedure, Step
from workflow.presets import install

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_notice_fits_a_phone_and_prints_as_before(phone: Page, live_server, log_in, personas, county, screenshot):
    install(Procedure, Step)  # the seeded procedures, emptied by an earlier transactional test's flush
    household = new_household(personas.cadre_a, county.village_a, "张大山", 71)
    case = open_case(personas.cadre_a, household)
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    log_in(phone, "cadre_a")
    phone.goto(f"{live_server.url}/workflow/publicity/{county.village_a.code}/print/")
    assert phone.locator("table.print-table").get_by_text("张大山").count() == 1

    width = phone.viewport_size["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    frame = phone.locator(".print-scroll", has=phone.locator("table.print-table"))
    assert frame.evaluate("e => e.getBoundingClientRect().right") <= width
    assert frame.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls inside its frame
    screenshot(phone, "publicity-print-phone")

    phone.emulate_media(media="print")
    assert frame.evaluate("e => getComputedStyle(e).overflowX") == "visible"  # on paper: the table as it was
