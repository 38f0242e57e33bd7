"""The report pages on a phone (review official_ledgers 13): the category legend shows every category without
paging, the reports tabs wrap instead of hiding 国家系统标注, and 工作成效's unit column stays in view while a
table scrolls sideways. Layout only a browser can judge."""

import pytest
from playwright.sync_api import Page, expect

from tests.reports import conftest as shared

registry, cases = shared.registry, shared.cases

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The right edge of an element, and of the viewport, in CSS pixels.
RIGHT = "e => e.getBoundingClientRect().right"
LEFT = "e => e.getBoundingClientRect().left"


def test_on_a_phone_the_legend_tabs_and_unit_column_stay_readable(phone: Page, live_server, log_in, personas, cases):
    log_in(phone, "official")
    phone.goto(f"{live_server.url}/reports/dashboard/")
    chart = phone.locator("[data-chart='chart-category']")
    expect(chart).to_have_attribute("data-drawn", "true")

    legend = chart.locator("svg text")
    texts = legend.all_text_contents()
    assert any(t == "突发严重困难户" for t in texts), texts  # the legend's own entry, not only the slice label
    assert not any("/" in t for t in texts), texts  # no "1/2" pager
    tabs = phone.locator("nav.tabs")
    national = tabs.get_by_role("link", name="国家系统标注")
    assert national.evaluate(RIGHT) <= phone.viewport_size["width"]
    assert tabs.evaluate("e => e.scrollWidth <= e.clientWidth")

    phone.goto(f"{live_server.url}/reports/performance/?period=year&date=2026-06-01")
    wrap = phone.locator(".table-wrap").filter(has=phone.locator("#changes-table"))
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth"), "the table fits: nothing to scroll"
    unit = wrap.locator("tbody th").first
    wrap.scroll_into_view_if_needed()
    left = wrap.evaluate(LEFT)
    wrap.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert wrap.evaluate("e => e.scrollLeft") > 0
    assert abs(unit.evaluate(LEFT) - left) <= 2  # still at the wrap's left edge, beside the numbers
    expect(unit).to_be_in_viewport()


def test_on_a_phone_the_first_figures_of_each_performance_table_are_in_view(
    phone: Page, live_server, log_in, personas, cases
):
    # 县级批准纳入户数（含风险再标注） on one line made its column wider than the phone: beside the units the
    # table showed only blank cells until scrolled.
    log_in(phone, "official")
    phone.goto(f"{live_server.url}/reports/performance/?period=year&date=2026-06-01")
    width = phone.viewport_size["width"]
    for table in phone.locator(".table-wrap .perf-table").all():
        figure = table.locator("tbody tr").first.locator("td").first
        assert figure.evaluate(RIGHT) <= width, table.locator("thead th.num").first.text_content()
