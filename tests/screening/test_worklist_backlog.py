"""筛查结果 shows the county which township lets its hits wait, and the township which village (000 §三(三)1: a hit is
pushed down for a visit and a verification): per township (county) or per village (township) the 待处理 count, the
oldest one's age (待处理最久 N 天) and those waiting over 30 days, each a link narrowing the list to the place; a
village cadre, whose scope is one village, gets none. Before, the page had one county-wide list and no count per
place. The dashboard's 分乡镇情况 gets a 筛查待处理超过30天 column counted the same way."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from screening.choices import ResultStatus
from screening.models import ScreeningResult
from screening.selectors_backlog import backlog_by_place
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory
from tests.households.conftest import numbered

pytestmark = pytest.mark.django_db

URL = "/screening/"
counter = iter(range(1, 10_000))


def result(village, days: int, status: str = ResultStatus.HIT) -> ScreeningResult:
    household = HouseholdFactory(village=village, head_name=numbered("户主", next(counter)))
    MemberFactory(household=household, name=household.head_name)
    return ScreeningResult.objects.create(
        household=household,
        region_path=household.region_path,
        status=status,
        reasons=["人均纯收入低于监测标准"],
        first_hit_on=today() - dt.timedelta(days=days),
    )


@pytest.fixture
def waiting(county):
    """涂埠镇: village A two hits (40 and 3 days), village B one (31 days) and one proposed long ago (not 待处理);
    虬津镇: village C one hit of 5 days."""
    result(county.village_a, 40)
    result(county.village_a, 3)
    result(county.village_b, 31)
    result(county.village_b, 90, ResultStatus.PROPOSED)
    result(county.village_c, 5)


def places(response) -> dict[str, tuple[int, int, int]]:
    backlog = response.context["backlog"]
    return {row.region.name: (row.waiting.count, row.waiting.days, row.waiting.stale) for row in backlog.rows}


def test_the_county_sees_each_townships_waiting_hits_and_the_oldest_ones_age(personas, county, waiting, login):
    response = login(personas.county_officer).get(URL)

    page = html.unescape(response.content.decode())
    assert response.context["backlog"].heading == "各乡镇待处理"
    assert places(response) == {"涂埠镇": (3, 40, 2), "虬津镇": (1, 5, 0)}
    assert [row.region.name for row in response.context["backlog"].rows] == ["涂埠镇", "虬津镇"]  # oldest first
    assert f'href="/screening/?status=hit&township={county.township.code}">涂埠镇</a>' in page
    assert "待处理最久 40 天" in page and "超过30天 2 户" in page
    assert '<details class="card backlog backlog-phone"' in page and "各乡镇待处理：2 个乡镇，最久 40 天" in page


def test_a_township_link_narrows_the_list_and_the_summary_to_its_villages(personas, county, waiting, login):
    client = login(personas.county_officer)

    response = client.get(f"{URL}?status=hit&township={county.township.code}")

    page = html.unescape(response.content.decode())
    assert response.context["page"].paginator.count == 3
    assert response.context["backlog"].heading == "涂埠镇各村待处理"
    assert places(response) == {"城南村": (2, 40, 1), "城北村": (1, 31, 1)}
    assert f'href="/screening/?status=hit&village={county.village_b.code}">城北村</a>' in page
    assert client.get(f"{URL}?status=hit&village={county.village_b.code}").context["page"].paginator.count == 1


def test_the_township_sees_its_villages_and_a_chosen_village_is_marked(personas, county, waiting, login):
    client = login(personas.township)

    whole = client.get(URL)
    one = client.get(f"{URL}?village={county.village_a.code}")

    assert places(whole) == {"城南村": (2, 40, 1), "城北村": (1, 31, 1)}
    assert [row.region.name for row in one.context["backlog"].rows if row.current] == ["城南村"]
    assert 'aria-current="true">城南村</a>' in one.content.decode()


def test_a_village_cadre_gets_no_summary_and_a_place_refused_none(personas, county, waiting, login):
    assert login(personas.cadre_a).get(URL).context["backlog"] is None
    refused = login(personas.township).get(f"{URL}?township={county.township2.code}")
    assert refused.context["backlog"] is None and "data-backlog" not in refused.content.decode()


def test_places_with_nothing_waiting_are_counted_not_listed(personas, county, login):
    result(county.village_a, 2)

    response = login(personas.county_officer).get(URL)

    assert places(response) == {"涂埠镇": (1, 2, 0)}
    assert response.context["backlog"].clear == 1 and "其余 1 个乡镇没有待处理" in response.content.decode()


def test_the_summary_is_counted_in_one_grouped_query(personas, county, waiting):
    for _ in range(5):
        result(county.village_c, 1)
    county_root = county.county

    with CaptureQueriesContext(connection) as queries:
        backlog = backlog_by_place(actor=personas.county_officer, place=county_root, on_date=today())

    assert backlog is not None and len(backlog.rows) == 2
    assert len([q for q in queries.captured_queries if "screening_screeningresult" in q["sql"]]) == 1


def test_the_dashboard_counts_each_townships_hits_waiting_over_30_days(personas, county, waiting, login):
    client = login(personas.county_officer)

    page = html.unescape(client.get("/reports/dashboard/").content.decode())
    drilled = html.unescape(client.get(f"/reports/dashboard/?region={county.township.code}").content.decode())

    cell = re.search(rf'data-screening-stale="{county.township.code}"><a href="([^"]+)">(\d+)</a>', page)
    assert cell is not None and cell.groups() == (
        f"/screening/?status=hit&waiting=stale&township={county.township.code}",
        "2",
    )
    assert re.search(rf'data-screening-stale="{county.township2.code}"><a href="[^"]+">0</a>', page)
    assert "筛查待处理超过30天（户）" in page
    cells = dict(re.findall(r'data-screening-stale="(\d+)"><a href="[^"]+">(\d+)</a>', drilled))
    assert cells == {county.village_a.code: "1", county.village_b.code: "1"}
