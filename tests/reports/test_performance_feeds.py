"""工作成效's 行业部门数据报送及时性 gives 迟报 and 漏报 beside 按时, as /alerts/punctuality/ counts them for the same
dates: on the page, in the Excel export and in the API (review recheck_feeds_ledgers N7)."""

import datetime as dt

import pytest

from alerts.selectors import punctuality_table
from reports.selectors.performance import period_bounds
from tests.reports.conftest import download, read_xlsx

pytestmark = pytest.mark.django_db


def test_the_performance_table_has_late_and_missing_as_the_punctuality_page(personas, departments, login):
    client = login(personas.official)

    p = client.get("/reports/performance/?period=year&date=2026-10-15").context["p"]
    start, end = period_bounds("year", dt.date(2026, 10, 15))
    totals = {
        r.department_label: (r.on_time, r.expected, r.late, r.missing)
        for r in punctuality_table(actor=personas.official, start=start, end=end)
        if r.feed_type is None
    }

    assert {name: rest for name, *rest in p.feeds} == {k: list(v) for k, v in totals.items()}
    assert all(on_time + late + missing == due for _n, on_time, due, late, missing in p.feeds)
    feeds = {name: (late, missing) for name, _on_time, _due, late, missing in p.feeds}
    assert feeds["网信办"][0] == 1 and feeds["网信办"][1] > 0  # September late; other months never sent


def test_the_page_the_export_and_the_api_show_the_two_columns(personas, departments, login):
    client = login(personas.official)

    page = client.get("/reports/performance/?period=month&date=2026-10-15").content.decode()
    sheet = read_xlsx(download(client.get("/reports/performance/export/?period=month&date=2026-10-15")))
    api = client.get("/api/v1/reports/performance/?period=month&date=2026-10-15").json()

    assert '<th class="num">迟报</th><th class="num">漏报</th>' in page
    assert '<th scope="row">网信办</th><td class="num">1</td><td class="num">0</td><td class="num late">1</td>' in page
    rows = [r for r in sheet if r]
    header = next(r for r in rows if r[:2] == ["部门", "应报次数"])
    assert header[:6] == ["部门", "应报次数", "按时报送", "迟报", "漏报", "及时率"]
    cyberspace = next(r for r in rows if r[0] == "网信办")
    assert cyberspace[1:5] == [1, 0, 1, 0]
    assert sorted(map(tuple, api["feeds"])) == [("乡村振兴局", 1, 1, 0, 0), ("网信办", 0, 1, 1, 0)]
