"""The "what is due" task on a fake clock: late feeds, escalation of overdue verifications, punctuality."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from alerts.choices import AlertLevel
from alerts.models import Alert, FeedLateNotice, FeedType
from alerts.selectors import punctuality_table
from alerts.services.due import alerts_escalate_due, feeds_late_check, what_is_due
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


@pytest.fixture
def only_monthly_health(db):
    """One expected feed keeps the counts readable: 卫健's monthly feed, its first period October 2026 (the first
    due on or after its start: September's is due on 5 October)."""
    FeedType.objects.exclude(code=CODE).update(is_active=False)
    FeedType.objects.filter(code=CODE).update(active_since=dt.date(2026, 10, 6))


def upload(clerks, people, day: dt.date, name: str):
    rows = [["张大山", people["zhang"].id_number, "未参保", str(day.toordinal() % 1000)]]
    return ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE), name=name), today=day)


def test_a_missing_monthly_feed_raises_one_late_notice_after_its_deadline(only_monthly_health, county, clerks, people):
    assert feeds_late_check(today=dt.date(2026, 11, 5)) == 0  # October's data is due on 5 November, inclusive

    assert feeds_late_check(today=dt.date(2026, 11, 6)) == 1
    assert feeds_late_check(today=dt.date(2026, 11, 7)) == 0  # claimed once, by the unique period
    notice = FeedLateNotice.objects.get()
    assert (notice.period_key, notice.deadline, notice.region_path) == ("2026-10", dt.date(2026, 11, 5), "360425")
    assert AuditEvent.objects.get(action="alerts.feed_late").actor_username == "系统自动"

    late = upload(clerks, people, dt.date(2026, 11, 9), "late.csv")

    notice.refresh_from_db()
    assert (notice.resolved_by, notice.resolved_on, late.on_time) == (late, dt.date(2026, 11, 9), False)


def test_the_punctuality_table_counts_on_time_late_and_missing_periods(only_monthly_health, county, clerks, people):
    upload(clerks, people, dt.date(2026, 11, 4), "oct.csv")  # October, on time
    upload(clerks, people, dt.date(2026, 12, 8), "nov.csv")  # November, late
    # December's data (due 5 January 2027) never comes.

    today = dt.date(2027, 2, 1)
    rows = punctuality_table(actor=clerks["health"], start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 31), today=today)

    feed_row, total = rows
    assert (feed_row.expected, feed_row.on_time, feed_row.late, feed_row.missing) == (3, 1, 1, 1)
    assert feed_row.missing_periods == ["2026年12月"] and feed_row.rate == 33.3
    assert total.feed_type is None and total.department_label == "卫生健康委员会"
    assert punctuality_table(actor=clerks["education"], start=dt.date(2026, 1, 1), end=today) == []


def test_overdue_verifications_go_to_the_township_then_the_county_once_each(clerks, people):
    record = upload(clerks, people, dt.date(2026, 11, 3), "a.csv")
    alert = Alert.objects.get(upload=record)
    assert alert.due_on == dt.date(2026, 11, 10)  # 7 days to verify (alerts.presets)

    assert alerts_escalate_due(today=dt.date(2026, 11, 10)) == 0
    assert alerts_escalate_due(today=dt.date(2026, 11, 11)) == 1
    assert alerts_escalate_due(today=dt.date(2026, 11, 11)) == 0  # a second worker the same day does nothing
    alert.refresh_from_db()
    assert (alert.level, alert.due_on, alert.escalated_on) == (
        AlertLevel.TOWNSHIP,
        dt.date(2026, 11, 14),
        dt.date(2026, 11, 11),
    )

    assert what_is_due(today=dt.date(2026, 11, 15))["escalated"] == 1
    alert.refresh_from_db()
    assert alert.level == AlertLevel.COUNTY
    assert alerts_escalate_due(today=dt.date(2026, 12, 30)) == 0  # the county is the last level
    assert AuditEvent.objects.filter(action="alerts.escalate").count() == 2


def test_an_upload_whose_worker_died_is_queued_again_and_finished(clerks, people):
    from django.utils import timezone

    from alerts.ingest.services import feed_upload_create
    from alerts.models import FeedUpload
    from alerts.services.due import uploads_requeue_stalled

    rows = [["张大山", people["zhang"].id_number, "未参保", "10"]]
    record = feed_upload_create(
        actor=clerks["health"], feed_type=feed_type(), upload=csv_file(rows, header=header_of(CODE)), enqueue=False
    )
    FeedUpload.objects.filter(pk=record.pk).update(status="running", created_at=timezone.now() - dt.timedelta(hours=1))

    assert uploads_requeue_stalled() == 1  # the task runs inline in tests (eager Celery)

    record.refresh_from_db()
    assert (record.status, record.alerts_raised) == ("done", 1)
    assert uploads_requeue_stalled() == 0


def feed_type():
    return FeedType.objects.get(code=CODE)


def test_feed_types_are_listed_and_editable_on_the_configuration_site(personas, login):
    client = login(personas.system_admin)
    listing = client.get("/admin/alerts/feedtype/").content.decode()
    assert "交通事故伤亡和重大财产损失" in listing and "新增低保、特困、临时救助对象" in listing
    police = FeedType.objects.get(code="police-casualty")
    page = client.get(f"/admin/alerts/feedtype/{police.pk}/change/").content.decode()
    assert "证件号码、公民身份号码" in page and "交通事故致人身伤亡" in page
