"""预警汇总 (/alerts/overview/, GET /api/v1/alerts/summary/, the 部门预警汇总表 ledger): alerts counted by township (a
township's officer: by village) and by department, over a period of raise dates, each count a link to the list.

The alerts, all raised today but the last:
  a_pending  village A (涂埠镇), 卫健, pending, due in 5 days
  a_overdue  village A (涂埠镇), 卫健, pending, past its first deadline, escalated to the county
  b_late     village B (涂埠镇), 卫健, escalated to the county, then verified 2 days late: 部门数据有误
  b_on_time  village B (涂埠镇), 民政, verified on its deadline: 纳入监测
  c_moved    village C (虬津镇), 民政, verified on time: 已迁出
  c_old      village C (虬津镇), 民政, raised on 1 January of last year, pending"""

import datetime as dt
import io
import itertools

import openpyxl
import pytest
from django.utils import timezone

from accounts.choices import Department
from alerts.choices import AlertLevel, AlertOutcome, AlertStatus, UploadStatus
from alerts.models import Alert, FeedType, FeedUpload
from alerts.selectors_summary import MSG_SUMMARY_SCOPE, alert_summary
from reports.ledgers import ledger_get
from reports.ledgers.base import Filters
from tests.factories import HouseholdFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db
_serial = itertools.count(1)
HEALTH, CIVIL = Department.HEALTH, Department.CIVIL_AFFAIRS


def _alert(village, department, *, raised_on=None, verify_by=None, verified_on=None, outcome="", level=""):
    today = timezone.localdate()
    feed = FeedType.objects.get(code="health-serious-illness")
    n = next(_serial)
    upload = FeedUpload.objects.create(
        feed_type=feed,
        department=department,
        uploaded_by=UserFactory(username=f"uploader{n}"),
        file="feeds/x.csv",
        original_name=f"summary-{n}.csv",
        checksum=f"summary-{n}",
        period_key=f"p{n}",
        period_label=f"p{n}",
        period_start=today,
        period_end=today,
        deadline=today,
        status=UploadStatus.DONE,
        region_path=village.path[:6],
    )
    member = MemberFactory(household=HouseholdFactory(village=village))
    return Alert.objects.create(
        feed_type=feed,
        rule=feed.rules.first(),
        upload=upload,
        department=department,
        member=member,
        household=member.household,
        region_path=member.household.region_path,
        id_number=member.id_number,
        person_name=member.name,
        detail="大病",
        line=2,
        period_key=f"p{n}",
        raised_on=raised_on or today,
        due_on=verify_by or today + dt.timedelta(days=5),
        verify_by=verify_by or today + dt.timedelta(days=5),
        level=level or AlertLevel.VILLAGE,
        status=AlertStatus.VERIFIED if verified_on else AlertStatus.PENDING,
        outcome=outcome,
        verified_on=verified_on,
    )


@pytest.fixture
def alerts(county):
    today = timezone.localdate()
    due = today - dt.timedelta(days=1)
    return {
        "a_pending": _alert(county.village_a, HEALTH),
        "a_overdue": _alert(county.village_a, HEALTH, verify_by=due, level=AlertLevel.COUNTY),
        "b_late": _alert(
            county.village_b,
            HEALTH,
            verify_by=due - dt.timedelta(days=2),
            verified_on=due,
            outcome=AlertOutcome.WRONG_DATA,
            level=AlertLevel.COUNTY,
        ),
        "b_on_time": _alert(county.village_b, CIVIL, verify_by=due, verified_on=due, outcome=AlertOutcome.INCLUDE),
        "c_moved": _alert(county.village_c, CIVIL, verify_by=today, verified_on=due, outcome=AlertOutcome.MOVED),
        "c_old": _alert(county.village_c, CIVIL, raised_on=dt.date(today.year - 1, 1, 1)),
    }


def _counts(row) -> dict:
    shown = {k: getattr(row, k) for k in ("total", "pending", "overdue", "county", "verified", "on_time_rate")}
    return shown | {code: n for code, n in row.outcomes.items() if n}


def _this_year() -> dict:
    today = timezone.localdate()
    return {"start": dt.date(today.year, 1, 1), "end": today}


def test_the_county_reads_each_township_and_department_with_its_pending_overdue_escalated_and_verified(
    personas, alerts
):
    summary = alert_summary(actor=personas.county_officer, **_this_year())

    assert [row.label for row in summary.regions] == ["涂埠镇", "虬津镇"]
    tubu, qiujin = summary.regions
    assert _counts(tubu) == {
        "total": 4,
        "pending": 2,
        "overdue": 1,
        "county": 2,
        "verified": 2,
        "on_time_rate": 50.0,
        "include": 1,
        "wrong_data": 1,
    }
    assert _counts(qiujin) == {
        "total": 1,
        "pending": 0,
        "overdue": 0,
        "county": 0,
        "verified": 1,
        "on_time_rate": 100.0,
        "moved": 1,
    }
    assert _counts(summary.region_total) | {"on_time": summary.region_total.on_time} == {
        "total": 5,
        "pending": 2,
        "overdue": 1,
        "county": 2,
        "verified": 3,
        "on_time_rate": 66.7,
        "on_time": 2,
        "include": 1,
        "wrong_data": 1,
        "moved": 1,
    }
    departments = {row.key: row for row in summary.departments}
    assert _counts(departments[HEALTH]) == {
        "total": 3,
        "pending": 2,
        "overdue": 1,
        "county": 2,
        "verified": 1,
        "on_time_rate": 0.0,
        "wrong_data": 1,
    }
    assert _counts(departments[CIVIL]) == {
        "total": 2,
        "pending": 0,
        "overdue": 0,
        "county": 0,
        "verified": 2,
        "on_time_rate": 100.0,
        "include": 1,
        "moved": 1,
    }
    assert summary.department_total.total == summary.region_total.total == 5


def test_a_department_or_township_without_alerts_has_its_row_of_zeros_and_no_rate(personas, county):
    _alert(county.village_a, HEALTH)

    summary = alert_summary(actor=personas.county_officer, **_this_year())

    qiujin = summary.regions[1]
    assert (qiujin.label, qiujin.total, qiujin.on_time_rate) == ("虬津镇", 0, None)
    assert all(row.total == 0 for row in summary.departments if row.key != HEALTH)


def test_a_township_officer_reads_its_villages_only(personas, alerts):
    summary = alert_summary(actor=personas.township, **_this_year())

    assert summary.level_label == "村"
    assert [(row.label, row.total, row.pending, row.overdue, row.verified) for row in summary.regions] == [
        ("城南村", 2, 2, 1, 0),
        ("城北村", 2, 0, 0, 2),
    ]
    assert summary.region_total.total == summary.department_total.total == 4


def test_the_period_counts_alerts_by_their_raise_date(personas, alerts, login):
    last_year = timezone.localdate().year - 1
    client = login(personas.county_officer)

    response = client.get("/alerts/overview/", {"date_from": f"{last_year}-01-01", "date_to": f"{last_year}-12-31"})

    summary = response.context["summary"]
    assert [(row.label, row.total, row.pending) for row in summary.regions] == [("涂埠镇", 0, 0), ("虬津镇", 1, 1)]
    default = client.get("/alerts/overview/").context["summary"]
    assert default.region_total.total == 5  # this year: the old one left out


def test_a_reversed_period_is_said_at_its_field_and_nothing_is_counted(personas, alerts, login):
    response = login(personas.county_officer).get(
        "/alerts/overview/", {"date_from": "2026-06-01", "date_to": "2026-01-01"}
    )

    assert response.status_code == 200
    assert response.context["summary"] is None
    assert "日期有误，未统计" in response.content.decode()


def test_each_count_links_to_the_list_of_the_alerts_it_counts(personas, alerts, county, login):
    client = login(personas.county_officer)
    page = client.get("/alerts/overview/")
    tables = dict((kind, rows) for kind, _, _, rows in page.context["tables"])
    tubu_link = tables["region"][0][1]
    civil_link = dict((row.key, link) for row, link in tables["department"])[CIVIL]
    html = page.content.decode()
    assert "预警汇总" in client.get("/alerts/").content.decode()

    def listed(link: str) -> set[int]:
        assert link.replace("&", "&amp;") in html
        response = client.get(link)
        return {alert.pk for alert in response.context["page"].paginator.object_list}

    assert listed(f"{tubu_link}&status=pending") == {alerts["a_pending"].pk, alerts["a_overdue"].pk}
    assert listed(f"{tubu_link}&status=overdue") == {alerts["a_overdue"].pk}
    assert listed(f"{tubu_link}&status=all&level=county") == {alerts["a_overdue"].pk, alerts["b_late"].pk}
    assert listed(f"{civil_link}&status=verified&outcome=include") == {alerts["b_on_time"].pk}
    assert listed(f"{civil_link}&status=all") == {alerts["b_on_time"].pk, alerts["c_moved"].pk}  # not c_old


def test_the_page_says_in_chinese_when_there_is_nothing_to_count(personas, county, login):
    response = login(personas.county_officer).get("/alerts/overview/")

    assert "期间本辖区没有部门预警" in response.content.decode()


@pytest.mark.parametrize("who", ["clerk", "cadre_a"])
def test_a_clerk_or_a_village_cadre_is_refused_the_summary(personas, alerts, login, who):
    client = login(getattr(personas, who))

    page = client.get("/alerts/overview/")
    api = client.get("/api/v1/alerts/summary/")

    assert page.status_code == api.status_code == 403
    assert MSG_SUMMARY_SCOPE in page.content.decode() + api.content.decode()
    assert "预警汇总" not in client.get("/alerts/").content.decode()


@pytest.mark.parametrize("who", ["county_officer", "township"])
def test_the_api_rows_are_the_page_rows(personas, alerts, login, who):
    client = login(getattr(personas, who))

    page = client.get("/alerts/overview/").context["summary"]
    api = client.get("/api/v1/alerts/summary/").json()

    def rows(items):
        return [
            (r["label"], r["total"], r["pending"], r["overdue"], r["county"], r["verified"], r["on_time_rate"])
            for r in items
        ]

    def page_rows(items):
        return [(r.label, r.total, r.pending, r.overdue, r.county, r.verified, r.on_time_rate) for r in items]

    assert rows(api["regions"]) == page_rows(page.regions)
    assert rows(api["departments"]) == page_rows(page.departments)
    assert api["region_total"]["outcomes"] == page.region_total.outcomes
    assert api["department_total"]["total"] == page.department_total.total


def test_the_api_refuses_a_bad_date(personas, login):
    response = login(personas.county_officer).get("/api/v1/alerts/summary/", {"date_from": "2026-13-01"})

    assert response.status_code == 400


def test_the_ledger_holds_the_same_rows_and_downloads(personas, alerts, login):
    ledger = ledger_get(actor=personas.county_officer, code="alert_summary")

    rows = list(ledger.rows(personas.county_officer, Filters()))

    # 汇总方式, place, 预警数, 涉及人数, 待核实
    assert [row[:5] for row in rows] == [
        ("按乡镇", "涂埠镇", 4, 4, 2),
        ("按乡镇", "虬津镇", 1, 1, 0),
        ("按乡镇", "合计", 5, 5, 2),
        *[("按报送部门", row[1], row[2], row[3], row[4]) for row in rows[3:]],
    ]
    assert rows[-1][1:3] == ("合计", 5)
    response = login(personas.county_officer).post(
        "/reports/export/", {"ledger": "alert_summary", "date_from": "", "date_to": ""}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "部门预警汇总表" in str(cells[0]) and "涂埠镇" in cells and "按时核实率（%）" in cells
