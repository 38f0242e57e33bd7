"""集中排查间隔 on a phone (regression review): the list of villages not screened is a card per village, each value
beside its column's name; the name 最近一次集中排查 ran on one line into the campaign link beside it (the table sits
in .table-wrap, whose cells keep one line on a phone). Layout only a browser can judge."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import HouseholdFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Each card cell's label (its ::before) against the grid column it sits in: its width on one line, the column's
# width, and whether it may wrap. A label that may not wrap and is wider than its column runs into the value.
LABEL = """td => {
    const before = getComputedStyle(td, '::before');
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${before.fontWeight} ${before.fontSize} ${before.fontFamily}`;
    return {
        label: td.dataset.label,
        text: ctx.measureText(td.dataset.label).width,
        column: parseFloat(getComputedStyle(td).gridTemplateColumns.split(' ')[0]),
        nowrap: before.whiteSpace === 'nowrap',
    };
}"""


def test_each_label_of_a_village_card_stays_in_its_column_on_a_phone(
    phone: Page, live_server, log_in, personas, county, screenshot
):
    HouseholdFactory(village=county.village_a)  # a village with nobody on file is not counted
    log_in(phone, personas.county_officer.username)
    phone.goto(f"{live_server.url}/reports/campaign-gaps/")
    card = phone.locator(".gap-table tbody tr").first
    expect(card).to_contain_text("从未开展")
    screenshot(phone, "campaign-gaps-phone")

    expect(phone.locator(".gap-table thead")).to_be_hidden()
    cells = card.locator("td[data-label]")
    labels = [cells.nth(i).evaluate(LABEL) for i in range(cells.count())]
    assert [cell["label"] for cell in labels] == ["乡镇", "村", "最近一次集中排查", "入户排查时间", "排查覆盖"]
    for cell in labels:
        assert not (cell["nowrap"] and cell["text"] > cell["column"] + 0.5), cell
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391
