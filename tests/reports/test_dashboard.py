"""The dashboard's numbers against the hand-counted fixtures (see tests/reports/conftest.py)."""

import pytest
from django.utils import timezone

from households.models import Visit

pytestmark = pytest.mark.django_db


def test_the_county_dashboard_counts_households_by_category_and_risk(personas, cases, login):
    response = login(personas.official).get("/reports/dashboard/")
    d = response.context["d"]

    assert d.monitored == 4  # a1, a2, b1, c1 (d1 left monitoring)
    assert dict(d.by_category) == {"脱贫不稳定户": 1, "边缘易致贫户": 2, "突发严重困难户": 1}
    assert dict(d.by_risk)["大病重病重残医疗支出大"] == 1 and sum(n for _, n in d.by_risk) == 1
    assert d.by_stage == [("公示", 1)]
    page = response.content.decode()
    assert "监测对象 4 户" in page and "vendor/echarts/echarts.min.js" in page


def test_overdue_items_count_limits_publicity_and_missing_visits(personas, cases, registry, login):
    Visit.objects.create(
        household=registry.a1, region_path=registry.a1.region_path, visited_on=timezone.localdate(),
        visitor=personas.cadre_a,
    )  # fmt: skip

    d = login(personas.county_officer).get("/reports/dashboard/").context["d"]

    overdue = {item.label: item.count for item in d.overdue}
    assert overdue["超过办结时限"] == 1
    assert overdue["公示期满未办结"] == 0
    assert overdue["本月未走访的监测户和脱贫户"] == 4  # a2, b1, c1 monitored, a3 lifted out (d1 left monitoring)
    assert overdue["预警超期未核实"] == 0 and overdue["回访超期"] == 0


def test_overdue_alerts_and_return_visits_come_from_the_department_apps(personas, departments, county, login):
    """c1's alert is past its deadline; a1's and c1's plans are past their return visit (a3 is not followed)."""
    d = login(personas.official).get("/reports/dashboard/").context["d"]
    overdue = {item.label: item.count for item in d.overdue}
    assert overdue["预警超期未核实"] == 1 and overdue["回访超期"] == 2

    township = login(personas.township).get("/reports/dashboard/")
    mine = {item.label: item.count for item in township.context["d"].overdue}
    assert mine["预警超期未核实"] == 0 and mine["回访超期"] == 1
    page = township.content.decode()
    assert "待部门数据模块上线" not in page and "待帮扶模块上线" not in page

    other = login(personas.official).get(f"/reports/dashboard/?region={county.township2.code}").context["d"]
    assert {item.label: item.count for item in other.overdue}["预警超期未核实"] == 1


def test_the_trend_counts_inclusions_and_exits_by_month_of_approval(personas, cases, login):
    trend = login(personas.official).get("/reports/dashboard/").context["d"].trend
    months = dict(zip(trend["months"], zip(trend["inclusions"], trend["exits"], strict=True), strict=True))

    today = timezone.localdate()
    assert len(trend["months"]) == 12 and trend["months"][-1] == f"{today:%Y-%m}"
    if "2026-01" not in months:
        pytest.skip("the fixture's approvals (2026) have left the 12-month window")
    assert months["2026-01"] == (2, 0)
    assert months["2026-05"] == (0, 1)
    assert sum(trend["inclusions"]) == 2 and sum(trend["exits"]) == 1


def test_the_drill_down_goes_from_townships_to_villages(personas, cases, county, login):
    client = login(personas.official)

    county_rows = client.get("/reports/dashboard/").context["d"].children
    township = client.get(f"/reports/dashboard/?region={county.township.code}")

    assert [(r.region.name, r.monitored, r.open_cases, r.overdue_cases) for r in county_rows] == [
        ("涂埠镇", 3, 2, 1),
        ("虬津镇", 1, 0, 0),
    ]
    rows = township.context["d"].children
    assert [(r.region.name, r.monitored) for r in rows] == [("城南村", 2), ("城北村", 1)]
    assert township.context["d"].monitored == 3


def test_a_township_officer_sees_their_township_and_not_another(personas, cases, county, login):
    client = login(personas.township)

    d = client.get("/reports/dashboard/").context["d"]

    assert d.region == county.township and d.monitored == 3
    assert client.get(f"/reports/dashboard/?region={county.township2.code}").status_code == 404


def test_the_home_page_shows_the_overdue_tile_to_report_readers(personas, cases, login):
    page = login(personas.official).get("/").content.decode()

    assert "超期事项" in page and "台账统计" in page
    assert "超期事项" not in login(personas.cadre_a).get("/").content.decode()
