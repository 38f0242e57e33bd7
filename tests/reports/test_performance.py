"""Performance (月分析、季督导、年考核) against hand-counted fixtures."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from households.models import Visit
from reports.selectors.performance import months_begun, period_bounds
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def slow_inclusion(cases, registry, personas):
    """a1 (涂埠镇) included in 28 days, over the 15-day limit; visited once in March 2026."""
    Case.objects.create(
        kind=CaseKind.IDENTIFICATION, household=registry.a1, procedure=cases.procedures["identification"],
        channel=Channel.CADRE_VISIT, discovered_on=dt.date(2026, 2, 1), status=CaseStatus.APPROVED,
        closed_on=dt.date(2026, 3, 1), region_path=registry.a1.region_path, opened_by=personas.cadre_a,
    )  # fmt: skip
    Visit.objects.create(
        household=registry.a1, region_path=registry.a1.region_path, visited_on=dt.date(2026, 3, 10),
        visitor=personas.cadre_a,
    )  # fmt: skip


def test_period_bounds_cover_month_quarter_and_year():
    assert period_bounds("month", dt.date(2026, 12, 9)) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert period_bounds("quarter", dt.date(2026, 5, 9)) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert period_bounds("year", dt.date(2026, 5, 9)) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_the_yearly_review_gives_median_days_share_within_limit_and_visit_coverage(personas, slow_inclusion, login):
    response = login(personas.official).get("/reports/performance/?period=year&date=2026-06-01")
    rows = {row.region.name: row for row in response.context["p"].rows}

    town = rows["涂埠镇"]
    assert (town.inclusions, town.median_days, town.within_limit) == (2, 20.5, 1)  # 13 and 28 days
    assert town.within_share == 50
    # a1, a2, b1 and a3 (lifted out) all year; d1 monitored from 2026-01-02 until its exit on 2026-05-10
    assert (town.visit_due, town.visited) == (5, 1)
    other = rows["虬津镇"]
    assert (other.inclusions, other.median_days, other.within_limit, other.visit_due) == (1, 4, 1, 1)
    page = response.content.decode()
    assert "2026年" in page and "50.0%（1/2）" in page and "待部门数据模块上线" not in page


def test_the_monthly_analysis_counts_only_that_month(personas, slow_inclusion, login):
    rows = login(personas.official).get("/reports/performance/?period=month&date=2026-03-15").context["p"].rows
    by_name = {row.region.name: row for row in rows}

    assert by_name["涂埠镇"].inclusions == 1 and by_name["涂埠镇"].median_days == 28
    assert by_name["涂埠镇"].within_share == 0
    assert by_name["虬津镇"].inclusions == 0 and by_name["虬津镇"].median_days is None


def test_a_township_officer_sees_their_villages(personas, slow_inclusion, login):
    response = login(personas.township).get("/reports/performance/?period=year&date=2026-06-01")

    assert [row.region.name for row in response.context["p"].rows] == ["城南村", "城北村"]
    assert response.context["p"].rows[0].inclusions == 1


def test_alerts_verified_on_time_and_feed_punctuality_come_from_the_department_apps(personas, departments, login):
    """October 2026: 涂埠镇 has a1 verified on time and b1 late (1/2); 虬津镇 c1 still pending (0/1). Feeds due
    in October: 信访 (乡村振兴局) on time, 网信办 late."""
    response = login(personas.official).get("/reports/performance/?period=month&date=2026-10-15")
    p = response.context["p"]
    rows = {row.region.name: row for row in p.rows}

    assert rows["涂埠镇"].alerts_on_time == (1, 2) and rows["涂埠镇"].alerts_share == 50
    assert rows["虬津镇"].alerts_on_time == (0, 1) and rows["虬津镇"].alerts_share == 0
    assert sorted(p.feeds) == [("乡村振兴局", 1, 1, 0, 0), ("网信办", 0, 1, 1, 0)]  # 网信办 late, not missing
    page = response.content.decode()
    assert "50.0%（1/2）" in page and "0.0%（0/1）" in page and "待部门数据模块上线" not in page

    villages = login(personas.township).get("/reports/performance/?period=month&date=2026-10-15").context["p"]
    by_village = {row.region.name: row.alerts_on_time for row in villages.rows}
    assert set(by_village.values()) == {(1, 1), (0, 1)} and len(by_village) == 2


def test_visit_coverage_is_counted_month_by_month(personas, registry, login):
    """Q1 2026 in 涂埠镇, four households to visit every month (a1, a2, b1 monitored, a3 lifted out): a1 visited in
    January, February and twice in March; a2 in February only; b1 never; a3 in January. 5 of the 12 household-months
    had a visit: 41.7 %, and one household was visited every month."""
    visits = [
        (registry.a1, dt.date(2026, 1, 8)), (registry.a1, dt.date(2026, 2, 9)), (registry.a1, dt.date(2026, 3, 2)),
        (registry.a1, dt.date(2026, 3, 20)), (registry.a2, dt.date(2026, 2, 14)), (registry.a3, dt.date(2026, 1, 5)),
        (registry.a2, dt.date(2026, 4, 1)),  # the next quarter
    ]  # fmt: skip
    for household, day in visits:
        Visit.objects.create(
            household=household, region_path=household.region_path, visited_on=day, visitor=personas.cadre_a
        )
    response = login(personas.official).get("/reports/performance/?period=quarter&date=2026-02-01")
    town = {row.region.name: row for row in response.context["p"].rows}["涂埠镇"]

    assert (town.visit_due, town.months, town.visit_months) == (4, 3, 5)
    assert (town.visited, town.visited_every_month) == (3, 1)
    assert round(town.visit_share, 1) == 41.7
    assert "41.7%（每月均走访 1/4）" in response.content.decode()
    api = login(personas.official).get("/api/v1/reports/performance/?period=quarter&date=2026-02-01").json()
    row = next(r for r in api["rows"] if r["name"] == "涂埠镇")
    assert (row["visit_months"], row["visited_every_month"], row["months"], row["visit_due"]) == (5, 1, 3, 4)


def test_a_quarter_under_way_asks_only_for_the_months_begun():
    assert months_begun(dt.date(2026, 10, 1), dt.date(2026, 12, 31), dt.date(2026, 11, 15)) == (
        2, dt.date(2026, 11, 30),
    )  # fmt: skip
    assert months_begun(dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2027, 2, 1)) == (12, dt.date(2026, 12, 31))
    assert months_begun(dt.date(2027, 1, 1), dt.date(2027, 3, 31), dt.date(2026, 11, 15))[0] == 0


def alerts_cell(page: str, unit: str) -> str:
    """The 预警按时核实率 cell (the row's last) of a unit's row on the performance page."""
    table = page[page.index("识别纳入与走访") :]  # after the table of monitoring changes, which names units too
    row = table[table.index(f">{unit}</a></th>") :]
    row = row[: row.index("</tr>")]
    return re.findall(r'<td class="num">(.*?)</td>', row)[-1].strip()


def _copy_alert(alert, **changes):
    alert.pk = None
    if "due_on" in changes:  # a new alert: its first deadline is the one given
        changes.setdefault("verify_by", changes["due_on"])
    for name, value in {"period_key": f"next-{alert.household_id}", **changes}.items():
        setattr(alert, name, value)
    alert.save()
    return alert


def test_alerts_not_yet_due_are_not_counted_as_late(personas, departments, login):
    """The review's case: alerts raised today and due in ten days, one verified today. 涂埠镇: a2's alert pending and
    not yet due (not counted), b1's verified today (on time): 100%（1/1）. 虬津镇: c1's pending, not yet due: "—"."""
    from alerts.choices import AlertStatus

    today = timezone.localdate()
    due = today + dt.timedelta(days=10)
    assert departments.alerts.a2.due_on == due
    _copy_alert(departments.alerts.b1, due_on=due, status=AlertStatus.VERIFIED, verified_on=today)
    _copy_alert(departments.alerts.c1, due_on=due)

    response = login(personas.official).get(f"/reports/performance/?period=month&date={due:%Y-%m-%d}")
    rows = {row.region.name: row for row in response.context["p"].rows}

    assert rows["涂埠镇"].alerts_on_time == (1, 1) and rows["涂埠镇"].alerts_share == 100
    assert rows["虬津镇"].alerts_share is None
    page = response.content.decode()
    assert alerts_cell(page, "涂埠镇") == "100.0%（1/1）" and alerts_cell(page, "虬津镇") == "—"
    assert "尚未到期且未核实的预警不计入" in page


def test_the_performance_page_cites_no_other_countys_document(personas, login):
    page = login(personas.official).get("/reports/performance/").content.decode()

    assert "涞" not in page
    assert "按15日" not in page and "未配置办结时限的事项不判定" in page and "按月走访" in page
