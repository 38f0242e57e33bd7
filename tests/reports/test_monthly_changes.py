"""监测对象变动 on the performance page (月分析会商): households and persons monitored at the start and the end of
a month, as they stood then, the changes in between, the region's 合计 row, the API and the Excel export."""

import datetime as dt
from urllib.parse import unquote

import pytest

from accounts.models import AuditEvent
from households.choices import LivingStatus, MonitoringCategory, Relation
from households.models import Household
from reports.selectors.monitoring import monitored_on
from tests.factories import MemberFactory
from tests.reports.conftest import download, libreoffice_csv, read_xlsx
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.models import Case

pytestmark = pytest.mark.django_db


def _changes(response, name):
    p = response.context["p"]
    rows = {row.region.name: row for row in p.rows}
    return (p.total if name == "合计" else rows[name]).changes


def _stock(changes):
    return (
        changes.start_households, changes.start_persons, changes.added_households, changes.removed_households,
        changes.exited_households, changes.end_households, changes.end_persons,
    )  # fmt: skip


def test_a_month_reads_the_households_as_they_stood_then(personas, registry, cases, login):
    """May 2026 in 涂埠镇: a1 (2 persons) and b1 monitored throughout; d1, included by a case in January, exited on
    10 May. 虬津镇: c1 throughout. a2 comes in only in June; a3's case is still open."""
    response = login(personas.official).get("/reports/performance/?period=month&date=2026-05-15")

    assert _stock(_changes(response, "涂埠镇")) == (3, 4, 0, 1, 1, 2, 3)
    assert _stock(_changes(response, "虬津镇")) == (1, 1, 0, 0, 0, 1, 1)
    assert _stock(_changes(response, "合计")) == (4, 5, 0, 1, 1, 3, 4)
    page = response.content.decode()
    assert "监测对象变动" in page and "合计（" in page


def test_start_plus_added_minus_removed_is_the_end_and_persons_follow_their_moves(personas, registry, login):
    """June 2026 in 涂埠镇: a2 comes in on 1 June; a1's son moved out on 10 June, so he counts at the start and not
    at the end."""
    son = registry.a1.members.get(relation=Relation.SON)
    son.living_status, son.status_changed_on = LivingStatus.MOVED_OUT, dt.date(2026, 6, 10)
    son.save()
    response = login(personas.official).get("/reports/performance/?period=month&date=2026-06-30")
    town = _changes(response, "涂埠镇")

    assert _stock(town) == (2, 3, 1, 0, 0, 3, 3)
    assert town.added_persons == 1
    total = _changes(response, "合计")
    assert total.start_households + total.added_households - total.removed_households == total.end_households


def test_persons_add_up_with_the_members_a_household_monitored_throughout_gained_or_lost(personas, registry, login):
    """June 2026 in 涂埠镇: a1's son moved out on 10 June. 3 persons at the start, a2's 1 added, none removed,
    3 at the end: 户内人员变动 −1 makes the persons add up on the page, in the API and in the workbook."""
    son = registry.a1.members.get(relation=Relation.SON)
    son.living_status, son.status_changed_on = LivingStatus.MOVED_OUT, dt.date(2026, 6, 10)
    son.save()
    client = login(personas.official)
    response = client.get("/reports/performance/?period=month&date=2026-06-30")

    for name in ("涂埠镇", "虬津镇", "合计"):
        c = _changes(response, name)
        assert c.start_persons + c.added_persons - c.removed_persons + c.changed_persons == c.end_persons, name
    assert _changes(response, "涂埠镇").changed_persons == -1
    page = response.content.decode()
    assert "户内人员变动（±人）" in page and '<td class="num" data-changed-persons>-1</td>' in page
    body = client.get("/api/v1/reports/performance/?period=month&date=2026-06-30").json()
    town = next(row for row in body["rows"] if row["name"] == "涂埠镇")["changes"]
    assert (town["start_persons"], town["added_persons"], town["changed_persons"], town["end_persons"]) == (3, 1, -1, 3)
    opened = libreoffice_csv(download(client.get("/reports/performance/export/?period=month&date=2026-06-30")))
    header = next(row for row in opened if row and row[0] == "单位" and row[1] == "期初监测户数")
    town_row = dict(zip(header, next(row for row in opened if row and row[0] == "涂埠镇"), strict=False))
    assert town_row["户内人员变动（±人）"] == "-1"
    assert [town_row[k] for k in ("期初监测人数", "本期新增人数", "本期减少人数", "期末监测人数")] == [
        "3",
        "1",
        "0",
        "3",
    ]


def test_a_household_included_exited_and_marked_again_is_counted_by_its_cases(personas, registry, county):
    """a3: included on 10 February, exited on 15 April, re-marked on 1 August (its 纳入监测日期 now). Its
    monitoring_start alone would say it was never monitored before August."""
    a3 = registry.a3
    a3.monitoring_category, a3.monitoring_start = MonitoringCategory.MARGINAL, dt.date(2026, 8, 1)
    a3.save()
    for kind, closed in [
        (CaseKind.IDENTIFICATION, dt.date(2026, 2, 10)),
        (CaseKind.EXIT, dt.date(2026, 4, 15)),
        (CaseKind.REMARK, dt.date(2026, 8, 1)),
    ]:
        from workflow.models import Procedure

        procedure, _ = Procedure.objects.get_or_create(
            code=f"t_{kind}", defaults={"name": kind, "kind": kind, "region_prefix": "360425"}
        )
        Case.objects.create(
            kind=kind, household=a3, procedure=procedure, channel=Channel.CADRE_VISIT, discovered_on=closed,
            status=CaseStatus.APPROVED, closed_on=closed, region_path=a3.region_path, opened_by=personas.cadre_a,
        )  # fmt: skip
    households = Household.objects.filter(pk=a3.pk)

    days = [dt.date(2026, 2, 9), dt.date(2026, 3, 31), dt.date(2026, 5, 1)]
    assert [monitored_on(households, day).exists() for day in days] == [False, True, False]
    assert monitored_on(households, dt.date(2026, 9, 1)).exists()


def test_a_township_officer_gets_its_villages_and_their_total(personas, registry, cases, login):
    response = login(personas.township).get("/reports/performance/?period=month&date=2026-05-15")
    p = response.context["p"]

    assert [row.region.name for row in p.rows] == ["城南村", "城北村"]
    assert p.total.region.name == "涂埠镇" and p.total.changes.end_households == 2
    assert p.total.inclusions == sum(row.inclusions for row in p.rows)


def test_the_total_row_adds_up_visits_and_alerts_and_takes_the_regions_median(personas, registry, cases, login):
    """2026: c1 included in 4 days (虬津镇), d1 in 13 days (涂埠镇): the county's median is 8.5, not a mean of the
    townships' medians' counts."""
    p = login(personas.official).get("/reports/performance/?period=year&date=2026-06-01").context["p"]

    assert p.total.inclusions == 2 and p.total.median_days == 8.5
    assert p.total.visit_due == sum(row.visit_due for row in p.rows)
    assert p.total.visit_due_months == sum(row.visit_due_months for row in p.rows)


def test_the_api_gives_the_changes_and_the_total(personas, registry, cases, login):
    body = login(personas.official).get("/api/v1/reports/performance/?period=month&date=2026-05-15").json()

    town = next(row for row in body["rows"] if row["name"] == "涂埠镇")
    assert town["changes"]["end_households"] == 2 and town["changes"]["exited_households"] == 1
    assert body["total"]["changes"]["start_persons"] == 5 and body["changes_end"] == "2026-05-31"


def test_the_export_is_the_pages_tables_with_the_total_and_is_audited(personas, registry, cases, login):
    client = login(personas.official)
    response = client.get("/reports/performance/export/?period=month&date=2026-05-15")

    assert "永修县工作成效（月分析 2026年5月）_" in unquote(response["Content-Disposition"])
    data = download(response)
    rows = read_xlsx(data)
    assert rows[0][0].endswith("工作成效（月分析 2026年5月）")
    header = next(row for row in rows if row[0] == "单位" and row[1] == "期初监测户数")
    changes = rows[rows.index(header) + 1 : rows.index(header) + 4]
    assert [row[0] for row in changes] == ["涂埠镇", "虬津镇", "合计（永修县）"]
    assert changes[2][1:12] == [4, 5, 0, 0, 1, 1, 1, 0, 0, 3, 4]
    assert AuditEvent.objects.filter(action="reports.performance_export", actor=personas.official).exists()
    # As an office PC opens it.
    opened = libreoffice_csv(data)
    total = next(row for row in opened if row and row[0] == "合计（永修县）")
    assert total[1:12] == ["4", "5", "0", "0", "1", "1", "1", "0", "0", "3", "4"]


def test_the_export_refuses_a_date_that_does_not_exist(personas, login):
    response = login(personas.official).get("/reports/performance/export/?period=month&date=2026-02-30")

    assert response.status_code == 400 and "2026-02-30" in response.content.decode()


def test_a_month_not_begun_has_no_changes(personas, registry, login):
    response = login(personas.official).get("/reports/performance/?period=month&date=2031-01-15")

    assert response.context["p"].changes_end is None
    assert "统计期尚未开始" in response.content.decode()


def test_members_added_for_a_household_count_as_its_persons(personas, registry, login):
    MemberFactory(household=registry.c1, name="钱小七", relation=Relation.DAUGHTER, birth_date=dt.date(2010, 1, 1))
    response = login(personas.official).get("/reports/performance/?period=month&date=2026-06-15")

    assert _changes(response, "虬津镇").end_persons == 2


def test_a_closed_household_goes_out_on_its_closing_day_and_past_months_keep_it(personas, registry, login):
    """a1 (张三 and his son, monitored since March 2026) moved out on 10 June and is closed today (农户注销): May
    still counts it; the current month has it go out (本期减少, no 风险消除), and the dashboard's trend agrees."""
    from households.services.closing import household_close
    from tests.clock import today

    client = login(personas.official)
    may = "/reports/performance/?period=month&date=2026-05-15"
    now = f"/reports/performance/?period=month&date={today().isoformat()}"
    may_before, now_before = _stock(_changes(client.get(may), "涂埠镇")), _changes(client.get(now), "涂埠镇")
    registry.a1.members.update(living_status=LivingStatus.MOVED_OUT, status_changed_on=dt.date(2026, 6, 10))
    household_close(actor=personas.county_officer, household=registry.a1, reason="all_moved_out")

    assert _stock(_changes(client.get(may), "涂埠镇")) == may_before
    town = _changes(client.get(now), "涂埠镇")
    assert town.removed_households == now_before.removed_households + 1
    assert town.exited_households == now_before.exited_households
    assert town.end_households == now_before.end_households - 1
    assert town.start_persons + town.added_persons - town.removed_persons + town.changed_persons == town.end_persons
    trend = client.get("/reports/dashboard/").context["charts"]["chart-trend"]
    assert trend["series"][1]["data"][-1] >= 1  # 减少监测对象 this month
