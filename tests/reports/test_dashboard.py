"""The dashboard's numbers against the hand-counted fixtures (see tests/reports/conftest.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from households.choices import HouseholdType, MonitoringCategory
from households.models import Visit
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def visit(household, day, visitor):
    Visit.objects.create(household=household, region_path=household.region_path, visited_on=day, visitor=visitor)


def test_the_county_dashboard_counts_households_by_category_and_risk(personas, cases, login):
    response = login(personas.official).get("/reports/dashboard/")
    d = response.context["d"]

    assert d.monitored == 4  # a1, a2, b1, c1 (d1 left monitoring)
    assert dict(d.by_category) == {"脱贫不稳定户": 1, "边缘易致贫户": 2, "突发严重困难户": 1}
    assert dict(d.by_risk)["大病重病重残医疗支出大"] == 1 and sum(n for _, n in d.by_risk) == 1
    assert d.by_stage == [("村级公示", 1)]  # the step's name, as the case list shows it
    page = response.content.decode()
    assert "监测对象 4 户" in page and "vendor/echarts/echarts.min.js" in page


def test_overdue_items_count_limits_publicity_and_last_months_missing_visits(personas, cases, registry, login):
    """Due a visit every month: a1, a2, b1, c1 (monitored) and a3 (lifted out). Last month only a1 was visited, so
    four were missed; this month a2 and b1 have been visited so far, which is progress, not overdue."""
    today = timezone.localdate()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    visit(registry.a1, last_month, personas.cadre_a)
    visit(registry.a2, today, personas.cadre_a)
    visit(registry.b1, today, personas.cadre_a)

    d = login(personas.county_officer).get("/reports/dashboard/").context["d"]

    overdue = {item.label: item.count for item in d.overdue}
    assert overdue["超过办结时限"] == 1
    assert overdue["公示期满未办结"] == 0
    assert overdue["上月未走访的监测户和脱贫户"] == 4  # a2, b1, c1 monitored, a3 lifted out (d1 left monitoring)
    assert not any("本月" in label for label in overdue)
    assert overdue["预警超期未核实"] == 0 and overdue["回访超期"] == 0
    assert (d.visits.due, d.visits.visited, d.visits.not_yet) == (5, 2, 3)


def test_this_months_visits_are_shown_as_progress_not_as_overdue(personas, registry, county, login):
    """On the 3rd of a month nothing is overdue yet: the page lists last month's shortfall under 逾期事项 and this
    month's as 本月尚未走访. A household monitored only this month (not 脱贫户) was not due last month."""
    today = timezone.localdate()
    new = HouseholdFactory(
        village=county.village_a, household_type=HouseholdType.ORDINARY, head_name="新纳入",
        monitoring_category=MonitoringCategory.SUDDEN_HARDSHIP, monitoring_start=today.replace(day=1),
    )  # fmt: skip
    visit(registry.a1, today.replace(day=1) - dt.timedelta(days=1), personas.cadre_a)

    response = login(personas.county_officer).get("/reports/dashboard/")
    d = response.context["d"]
    page = response.content.decode()
    overdue_card = page[page.index("<h2>逾期事项</h2>") : page.index("<h2>本月走访进度</h2>")]

    overdue = {item.label: item for item in d.overdue}
    assert overdue["上月未走访的监测户和脱贫户"].count == 4  # a2, a3, b1, c1; not the new household
    last = today.replace(day=1) - dt.timedelta(days=1)
    assert f"{last.year}年{last.month}月一次也未走访" in overdue["上月未走访的监测户和脱贫户"].hint
    assert (d.visits.due, d.visits.not_yet) == (6, 6) and new.monitoring_start == today.replace(day=1)
    assert "上月未走访的监测户和脱贫户" in overdue_card and "本月未走访" not in overdue_card
    assert 'data-progress="本月尚未走访"' in page and "月底前完成即可" in page
    assert "涞" not in page
    api = login(personas.county_officer).get("/api/v1/reports/dashboard/").json()
    assert api["visits_this_month"] == {"due": 6, "visited": 0, "not_yet": 6}


def test_overdue_alerts_and_return_visits_come_from_the_department_apps(personas, departments, county, login):
    """c1's alert is past its deadline; a1's, a3's and c1's plans are past their return visit (a3, a 脱贫户 not
    monitored, is helped under its plan as 脱贫人口 and visited like the others: assistance.following.assisted_q)."""
    d = login(personas.official).get("/reports/dashboard/").context["d"]
    overdue = {item.label: item.count for item in d.overdue}
    assert overdue["预警超期未核实"] == 1 and overdue["回访超期"] == 3

    township = login(personas.township).get("/reports/dashboard/")
    mine = {item.label: item.count for item in township.context["d"].overdue}
    assert mine["预警超期未核实"] == 0 and mine["回访超期"] == 2
    page = township.content.decode()
    assert "待部门数据模块上线" not in page and "待帮扶模块上线" not in page

    other = login(personas.official).get(f"/reports/dashboard/?region={county.township2.code}").context["d"]
    assert {item.label: item.count for item in other.overdue}["预警超期未核实"] == 1


def test_the_trend_counts_households_in_and_out_as_the_monthly_report_does(personas, cases, login):
    """c1 and d1 came in by approved cases in January 2026, a1 and a2 by their 纳入监测日期 (March, June) without
    one; d1 went out by its exit in May (tests/reports/test_dashboard_review.py checks every month against
    工作成效)."""
    trend = login(personas.official).get("/reports/dashboard/").context["d"].trend
    columns = [trend[k] for k in ("months", "added", "removed", "exited")]
    months = {m: (a, r, e) for m, a, r, e in zip(*columns, strict=True)}

    today = timezone.localdate()
    assert len(trend["months"]) == 12 and trend["months"][-1] == f"{today:%Y-%m}"
    if "2026-01" not in months:
        pytest.skip("the fixture's approvals (2026) have left the 12-month window")
    assert months["2026-01"] == (2, 0, 0)
    assert months["2026-03"] == (1, 0, 0) and months["2026-06"] == (1, 0, 0)
    assert months["2026-05"] == (0, 1, 1)
    assert sum(trend["added"]) == 4 and sum(trend["removed"]) == 1


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
