"""工作成效 四、行业部门数据报送及时性: a department whose feeds are all reported as it happens (发生即报) or within N
days of each event owes no period. It read 0 / 0 / 0 / 0 there while /alerts/punctuality/ reads — (commit 711b6ae1,
PunctualityRow.counted): 0 owed and 0 late read as a department that sent everything on time. The page, the
workbook and the API say — (null) for it, and the departments that owe periods keep their numbers."""

import re

import pytest

from alerts.models import FeedType
from reports.selectors.departments import FEEDS_UNCOUNTED_NOTE
from tests.config.schema_check import assert_matches_schema, openapi
from tests.reports.conftest import download, read_xlsx

pytestmark = pytest.mark.django_db
URL = "?period=month&date=2026-10-15"


@pytest.fixture
def as_it_happens(departments):
    """农业农村局's only feed, 产业风险, is reported as it happens (seed 001 §二(四)④ 及时研判推送)."""
    FeedType.objects.filter(code="agriculture-industry").update(is_active=True)


def feeds_row(page: str, name: str) -> list[str]:
    table = page[page.index('id="feeds-table"') :]
    row = re.search(rf'<tr><th scope="row">{name}</th>(.*?)</tr>', table, flags=re.S)
    assert row, name
    return re.findall(r'<td class="num[^"]*">(.*?)</td>', row.group(1))


def test_a_department_reporting_only_as_it_happens_reads_a_dash_on_the_page(personas, as_it_happens, login):
    client = login(personas.official)

    page = client.get(f"/reports/performance/{URL}").content.decode()

    assert feeds_row(page, "农业农村局") == ["—"] * 5
    assert feeds_row(page, "网信办") == ["1", "0", "1", "0", "0%"]  # owes September's feed, sent late
    assert FEEDS_UNCOUNTED_NOTE in page


def test_the_workbook_reads_a_dash_for_it_and_says_why(personas, as_it_happens, login):
    client = login(personas.official)

    rows = [r for r in read_xlsx(download(client.get(f"/reports/performance/export/{URL}"))) if r]

    agriculture = next(r for r in rows if r[0] == "农业农村局")
    assert agriculture[1:6] == ["—"] * 5
    cyberspace = next(r for r in rows if r[0] == "网信办")
    assert cyberspace[1:5] == [1, 0, 1, 0]
    assert any(r[0] == f"说明：{FEEDS_UNCOUNTED_NOTE}。" for r in rows)


def test_the_api_gives_null_counts_for_it(personas, as_it_happens, login):
    client = login(personas.official)
    response = client.get(f"/api/v1/reports/performance/{URL}")

    assert_matches_schema(openapi(client), "/api/v1/reports/performance/", "get", response)  # the nulls declared
    feeds = {row[0]: row[1:] for row in response.json()["feeds"]}
    assert feeds["农业农村局"] == [None, None, None, None]
    assert feeds["网信办"] == [0, 1, 1, 0]


def test_no_note_when_every_department_owes_periods(personas, departments, login):
    page = login(personas.official).get(f"/reports/performance/{URL}").content.decode()

    assert FEEDS_UNCOUNTED_NOTE not in page
    assert feeds_row(page, "乡村振兴局") == ["1", "1", "0", "0", "100%"]
