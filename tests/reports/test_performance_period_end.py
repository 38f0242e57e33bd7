"""Review finding (reports 3): for the month under way, 工作成效's first table said 2026-12-01 至 2026-12-06 and the
next two 至 2026-12-31, and the workbook's 统计期 ran to 2026年12月31日 though no figure counts a day after today. The
page's three tables and the workbook say the period ends today (截至12月6日); a past month keeps its whole span."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.reports.conftest import download, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def december_6th(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2026, 12, 6))


def test_the_month_under_way_ends_today_on_the_page(personas, registry, december_6th, login):
    page = login(personas.official).get("/reports/performance/?period=month&date=2026-12-03").content.decode()

    assert page.count("（2026-12-01 至 2026-12-06，统计期未结束，截至12月6日）") == 3
    assert "2026-12-31" not in page


def test_the_month_under_way_ends_today_in_the_workbook(personas, registry, december_6th, login):
    response = login(personas.official).get("/reports/performance/export/?period=month&date=2026-12-03")

    line = read_xlsx(download(response))[1][0]
    assert "统计期：2026年12月1日 至 2026年12月6日（2026年12月尚未结束，截至12月6日）" in line
    assert "12月31日" not in line


def test_a_past_month_keeps_its_whole_span(personas, registry, december_6th, login):
    client = login(personas.official)

    page = client.get("/reports/performance/?period=month&date=2026-11-03").content.decode()
    line = read_xlsx(download(client.get("/reports/performance/export/?period=month&date=2026-11-03")))[1][0]

    assert page.count("（2026-11-01 至 2026-11-30）") == 3 and "统计期未结束，截至" not in page
    assert "统计期：2026年11月1日 至 2026年11月30日　" in line
