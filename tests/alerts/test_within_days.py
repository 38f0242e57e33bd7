"""Seed 001 §二(四)① "7日内推送预警信息": the sudden-risk and drop-out feeds are pushed within 7 days of each event,
not reported every 7 days. Nothing is expected when nothing happened (no period is due, no late notice); each row
whose 发生日期 is more than 7 days before the upload was pushed late, and the punctuality page counts those rows."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db.models import F
from django.utils import timezone

from accounts.models import AuditEvent
from alerts.admin import MSG_EVENT_NOT_DATE
from alerts.choices import Cadence, UploadStatus
from alerts.ingest.lateness import MSG_LATE_ROWS
from alerts.models import FeedLateNotice, FeedType, FeedUpload
from alerts.models.feeds import MSG_EVENT_COLUMN
from alerts.periods import expected_periods, period_for_upload, upload_periods
from alerts.selectors import punctuality_table
from alerts.services.due import feeds_late_check
from reports.ledgers.alerts import punctuality_rows
from reports.ledgers.base import Filters
from tests.alerts.conftest import csv_file, feed, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "emergency-disaster"  # 因灾因疫等突发风险人员: 姓名, 身份证号, 灾害类型, 发生日期, 损失金额


def disaster_file(people, today: dt.date, name: str = "disaster.csv"):
    """Three persons hit by a flood: two within the 7 days, one 10 days before the upload; and a row whose 发生日期
    is no date (an error, not counted late)."""
    rows = [
        ["张大山", people["zhang"].id_number, "洪涝", (today - dt.timedelta(days=3)).isoformat(), "12000"],
        ["李秀英", people["li"].id_number, "洪涝", (today - dt.timedelta(days=7)).isoformat(), ""],
        ["王五", people["wang"].id_number, "洪涝", (today - dt.timedelta(days=10)).isoformat(), "8000"],
        ["赵六", people["wang"].id_number, "洪涝", "上周", ""],
    ]
    return csv_file(rows, header=header_of(CODE), name=name, title=f"受灾人员名单 {name}")


def test_the_sudden_risk_feeds_are_pushed_within_seven_days_of_each_event():
    for code, column in (("emergency-disaster", "occurred_on"), ("health-sudden", "occurred_on"),
                         ("education-dropout", "left_on")):  # fmt: skip
        one = feed(code)
        assert (one.cadence, one.cadence_days, one.event_column) == (Cadence.WITHIN_DAYS, 7, column)
        assert one.cadence_text() == "发生后7日内推送，不定期"


def test_nothing_is_expected_of_them_so_no_period_is_ever_late_or_missing(clerks):
    one = feed(CODE)
    FeedType.objects.filter(pk=one.pk).update(active_since=dt.date(2026, 1, 1))
    one.refresh_from_db()
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert expected_periods(one, *year) == []
    period = period_for_upload(one, dt.date(2026, 11, 20))
    assert (period.label, period.deadline) == ("2026年11月", None)
    assert [p.label for p in upload_periods(one, dt.date(2026, 11, 20))][:2] == ["2026年11月", "2026年10月"]

    feeds_late_check(today=dt.date(2026, 11, 20))
    assert not FeedLateNotice.objects.filter(feed_type=one).exists()


def test_rows_whose_event_is_more_than_seven_days_old_are_counted_late(clerks, people):
    today = timezone.localdate()  # the upload's own day is the day it was created
    record = ingest(clerks["emergency"], CODE, disaster_file(people, today), today=today)

    assert record.status == UploadStatus.DONE
    assert (record.rows_valid, record.rows_error, record.rows_late) == (3, 1, 1)
    assert record.on_time  # the upload has no deadline of its own
    assert MSG_LATE_ROWS.format(n=1, column="发生日期", days=7) in record.message
    assert record.alerts_raised == 3  # a late row is still a person to verify


def test_a_feed_reported_by_period_counts_no_row_late(clerks, people):
    """The same rows in a weekly feed (a county that keeps the weekly report): no row is late, the period is."""
    FeedType.objects.filter(code=CODE).update(cadence=Cadence.EVERY_N_DAYS)
    today = timezone.localdate()
    record = ingest(clerks["emergency"], CODE, disaster_file(people, today), today=today)
    assert record.rows_late == 0 and "推送）" not in record.message


def test_the_upload_page_api_and_punctuality_page_show_the_late_rows(clerks, people, login):
    today = timezone.localdate()
    record = ingest(clerks["emergency"], CODE, disaster_file(people, today), today=today)
    client = login(clerks["emergency"])

    page = client.get(f"/alerts/uploads/{record.pk}/").content.decode()
    assert "超过7日推送（迟报）" in page and "迟报 1 行" in page
    assert ">按时<" not in page  # the upload has no deadline: it is not "on time" with a row a week late
    assert "迟报 1 行" in client.get("/alerts/uploads/").content.decode()

    assert client.get(f"/api/v1/feed-uploads/{record.pk}/").json()["rows_late"] == 1

    row = next(r for r in punctuality_table(actor=clerks["emergency"], start=today, end=today) if r.feed_type)
    assert (row.within_days, row.expected, row.rows_pushed, row.rows_late, row.pushed_rate) == (
        True,
        0,
        3,
        1,
        66.7,
    )
    page = client.get(f"/alerts/punctuality/?start={today:%Y-%m-%d}&end={today:%Y-%m-%d}").content.decode()
    assert "发生后7日内推送，不定期，不按期应报：上报 3 行，其中超过7日推送" in page
    assert "按时推送率 66.7%" in page
    api = client.get(f"/api/v1/feed-punctuality/?start={today:%Y-%m-%d}&end={today:%Y-%m-%d}").json()
    pushed = next(r for r in api if r["feed_type_name"] == feed(CODE).name)
    assert (pushed["within_days"], pushed["rows_pushed"], pushed["rows_late"]) == (True, 3, 1)


def test_the_migration_turns_only_the_seeded_weekly_reports_into_pushes_within_seven_days():
    migration = importlib.import_module("alerts.migrations.0019_within_days_cadence")
    FeedType.objects.filter(code=CODE).update(cadence=Cadence.EVERY_N_DAYS, event_column="")
    FeedType.objects.filter(code="health-sudden").update(cadence=Cadence.HALF_MONTHLY, event_column="")
    migration.within_days(apps, None)

    assert (feed(CODE).cadence, feed(CODE).event_column) == (Cadence.WITHIN_DAYS, "occurred_on")
    assert (feed("health-sudden").cadence, feed("health-sudden").event_column) == (Cadence.HALF_MONTHLY, "")


def admin_data(one: FeedType, **overrides) -> dict:
    """The feed type's change form as the configuration site posts it, with its columns and rules inline."""
    data = {
        "code": one.code, "name": one.name, "department": one.department, "seed_item": one.seed_item,
        "population": one.population, "is_active": "on", "cadence": one.cadence, "cadence_days": one.cadence_days,
        "due_day": one.due_day, "window_start_month": "", "window_end_month": "", "event_column": one.event_column,
        "grace_days": one.grace_days, "active_since": "", "verify_days": one.verify_days,
        "repeat_quiet_days": one.repeat_quiet_days,
    }  # fmt: skip
    columns = list(one.columns.order_by("order", "id"))
    data |= {"columns-TOTAL_FORMS": len(columns), "columns-INITIAL_FORMS": len(columns)}
    for i, c in enumerate(columns):
        fields = {"id": c.pk, "feed_type": one.pk, "order": c.order, "key": c.key, "header": c.header}
        fields |= {"aliases": c.aliases, "kind": c.kind, "choices": c.choices, "example": c.example, "note": c.note}
        fields["not_above"] = c.not_above
        if c.required:
            fields["required"] = "on"
        data |= {f"columns-{i}-{k}": v for k, v in fields.items()}
    rules = list(one.rules.order_by("id"))
    data |= {"rules-TOTAL_FORMS": len(rules), "rules-INITIAL_FORMS": len(rules)}
    for i, r in enumerate(rules):
        fields = {"id": r.pk, "feed_type": one.pk, "code": r.code, "name": r.name, "kind": r.kind}
        fields |= {"column_key": r.column_key, "threshold": r.threshold or "", "values": r.values}
        fields["rise_amount"] = r.rise_amount if r.rise_amount is not None else ""
        fields |= {"risk_type": r.risk_type, "exclusion_kind": r.exclusion_kind, "is_active": "on"}
        data |= {f"rules-{i}-{k}": v for k, v in fields.items()}
    return data | overrides


def test_the_configuration_site_asks_for_the_date_column_and_checks_it_is_a_date(personas, login):
    one = feed(CODE)
    client = login(personas.system_admin)
    url = f"/admin/alerts/feedtype/{one.pk}/change/"

    page = client.post(url, admin_data(one, event_column="")).content.decode()
    assert MSG_EVENT_COLUMN in page
    page = client.post(url, admin_data(one, event_column="event")).content.decode()  # 灾害类型: a text column
    assert MSG_EVENT_NOT_DATE.format(key="event") in page
    assert feed(CODE).event_column == "occurred_on"

    # A save goes through (it raised ImproperlyConfigured before: the site's base admin wanted a service form),
    # with its inline columns, and is audited.
    response = client.post(url, admin_data(one, cadence_days=5, **{"columns-3-aliases": "受灾日期、灾害发生日期"}))
    assert response.status_code == 302
    assert feed(CODE).cadence_days == 5
    assert feed(CODE).columns.get(key="occurred_on").aliases == "受灾日期、灾害发生日期"
    assert AuditEvent.objects.filter(action="alerts.feed_type_save", actor=personas.system_admin).exists()


def test_the_punctuality_ledger_lists_each_file_with_its_late_rows(clerks, people):
    today = timezone.localdate()
    record = ingest(clerks["emergency"], CODE, disaster_file(people, today), today=today)
    yesterday = today - dt.timedelta(days=1)  # the ledger runs to yesterday
    FeedUpload.objects.filter(pk=record.pk).update(created_at=F("created_at") - dt.timedelta(days=1))

    ledger = list(punctuality_rows(clerks["emergency"], Filters(date_from=yesterday, date_to=today)))
    assert (
        "emergency",
        feed(CODE).name,
        record.period_label,
        None,
        timezone.localtime(FeedUpload.objects.get(pk=record.pk).created_at).date(),
        "3行，超过7日推送1行",
    ) in ledger
