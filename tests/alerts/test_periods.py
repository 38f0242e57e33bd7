"""The period an upload reports (补报 of a missed period, counted late), nil returns (零报告), and where late and
missing feeds show: the home tiles and the punctuality page (review clerk_alerts findings 1, 2, 5 and 12)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from alerts.choices import UploadStatus
from alerts.forms import MSG_FILE_OR_NIL, MSG_NIL_WITH_FILE
from alerts.ingest.nil_return import MSG_NIL_AFTER_FILE, MSG_NIL_TWICE, feed_nil_return_create
from alerts.ingest.services import MSG_HEADER_ONLY, feed_upload_create
from alerts.models import FeedLateNotice, FeedType, FeedUpload
from alerts.selectors import punctuality_table
from alerts.selectors_periods import MSG_PERIOD_UNKNOWN, overdue_periods
from alerts.services.due import feeds_late_check
from reports.ledgers.alerts import punctuality_rows
from reports.ledgers.base import Filters
from tests.alerts.conftest import csv_file, feed, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"  # 新增大病患者: half-monthly, the feed of the review's late November file
TODAY = dt.date(2026, 12, 4)  # 11月下半月 was due on 30 November; 12月上半月 is due on 15 December


@pytest.fixture
def half_monthly(db):
    """Only 卫健's half-monthly feed is expected, from 1 November: 11月上半月, 11月下半月, then 12月上半月."""
    FeedType.objects.exclude(code=CODE).update(is_active=False)
    FeedType.objects.filter(code=CODE).update(active_since=dt.date(2026, 11, 1))
    return feed(CODE)


@pytest.fixture
def on_today(monkeypatch):
    """Pages and tiles read today's date from timezone.localdate: fixed at TODAY."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def file_of(people, name: str = "dabing.csv"):
    """One person diagnosed in late November; the title names the file, so two files are not the same file."""
    row = ["方俊", people["zhang"].id_number, "白血病", "2026-11-24"]
    return csv_file([row], header=header_of(CODE), name=name, title=f"新增大病患者名单 {name}")


def test_an_upload_reports_the_period_it_names_and_is_late_after_that_periods_deadline(half_monthly, clerks, people):
    november = ingest(clerks["health"], CODE, file_of(people), today=TODAY, period="2026-11B")
    december = ingest(clerks["health"], CODE, file_of(people, "december.csv"), today=TODAY, period="2026-12A")

    assert (november.period_label, november.deadline, november.on_time) == (
        "2026年11月下半月",
        dt.date(2026, 11, 30),
        False,
    )
    assert (december.period_label, december.on_time) == ("2026年12月上半月", True)
    assert november.status == UploadStatus.DONE and november.alerts_raised == 1
    assert "补报计迟报" in AuditEvent.objects.filter(action="alerts.upload").order_by("pk").first().summary


def test_a_future_period_or_one_too_old_cannot_be_named(half_monthly, clerks, people):
    for key in ("2026-12B", "2026-10B", "nonsense"):
        with pytest.raises(ValidationError) as refused:
            feed_upload_create(
                actor=clerks["health"], feed_type=half_monthly, upload=file_of(people), period_key=key, today=TODAY
            )
        assert refused.value.message_dict["period"] == [MSG_PERIOD_UNKNOWN.format(key=key, days=92)]


def test_by_default_an_upload_reports_the_latest_past_period_while_unreported_else_the_current_one(
    half_monthly, clerks, people
):
    """Never the oldest gap (review recheck_feeds_ledgers N1): 11月上半月 is missed too but is chosen by hand."""

    def upload(name: str) -> FeedUpload:
        return feed_upload_create(
            actor=clerks["health"], feed_type=half_monthly, upload=file_of(people, name), today=TODAY, enqueue=False
        )

    assert [upload(f"{n}.csv").period_key for n in range(3)] == ["2026-11B", "2026-12A", "2026-12A"]


def test_a_late_upload_answers_its_periods_late_notice_and_counts_late_not_missing(half_monthly, clerks, people):
    assert feeds_late_check(today=TODAY) == 2  # 11月上半月 and 11月下半月
    late = ingest(clerks["health"], CODE, file_of(people), today=TODAY, period="2026-11B")

    notices = {n.period_key: n for n in FeedLateNotice.objects.all()}
    assert (notices["2026-11B"].resolved_by, notices["2026-11B"].resolved_on) == (late, TODAY)
    assert notices["2026-11A"].resolved_by is None
    row, _total = punctuality_table(
        actor=clerks["health"], start=dt.date(2026, 11, 1), end=TODAY, today=dt.date(2026, 12, 5)
    )
    assert (row.expected, row.on_time, row.late, row.missing) == (2, 0, 1, 1)
    assert row.missing_periods == ["2026年11月上半月"]
    ledger = list(punctuality_rows(clerks["health"], Filters(date_from=dt.date(2026, 11, 1), date_to=TODAY)))
    assert [(r[2], r[5]) for r in ledger] == [("2026年11月上半月", "未报送"), ("2026年11月下半月", "迟报")]


def test_a_late_notice_of_another_county_is_not_answered(half_monthly, clerks, people):
    FeedLateNotice.objects.create(
        feed_type=half_monthly,
        department="health",
        period_key="2026-11B",
        period_label="2026年11月下半月",
        deadline=dt.date(2026, 11, 30),
        region_path="360426",
        raised_on=dt.date(2026, 12, 1),
    )

    ingest(clerks["health"], CODE, file_of(people), today=TODAY, period="2026-11B")

    assert FeedLateNotice.objects.get().resolved_by is None


def test_a_nil_return_counts_as_sent_on_time_and_a_late_one_answers_the_late_notice(half_monthly, clerks):
    clerk = clerks["health"]
    feeds_late_check(today=TODAY)

    current = feed_nil_return_create(actor=clerk, feed_type=half_monthly, period_key="2026-12A", today=TODAY)
    late = feed_nil_return_create(actor=clerk, feed_type=half_monthly, period_key="2026-11B", today=TODAY)

    assert (current.status, current.nil_return, current.rows_read, current.on_time) == (
        UploadStatus.DONE,
        True,
        0,
        True,
    )
    assert late.on_time is False
    assert FeedLateNotice.objects.get(period_key="2026-11B").resolved_by == late
    assert AuditEvent.objects.filter(action="alerts.nil_return").count() == 2
    assert feeds_late_check(today=dt.date(2026, 12, 20)) == 0  # 12月上半月 was reported: no late notice
    later = dt.date(2026, 12, 20)
    row, _total = punctuality_table(actor=clerk, start=dt.date(2026, 11, 1), end=later, today=later)
    assert (row.expected, row.on_time, row.late, row.missing) == (3, 1, 1, 1)


def test_a_nil_return_is_taken_once_a_period_and_not_after_a_file_but_a_file_may_follow_it(
    half_monthly, clerks, people
):
    clerk = clerks["health"]
    nil = feed_nil_return_create(actor=clerk, feed_type=half_monthly, period_key="2026-12A", today=TODAY)
    with pytest.raises(ValidationError) as twice:
        feed_nil_return_create(actor=clerk, feed_type=half_monthly, period_key="2026-12A", today=TODAY)
    date = timezone.localtime(nil.created_at).strftime("%Y-%m-%d %H:%M")
    assert twice.value.message_dict["period"] == [MSG_NIL_TWICE.format(period="2026年12月上半月", date=date)]

    corrected = ingest(clerk, CODE, file_of(people), today=TODAY, period="2026-12A")  # found someone after all
    filed = ingest(clerk, CODE, file_of(people, "nov.csv"), today=TODAY, period="2026-11B")
    with pytest.raises(ValidationError) as after_file:
        feed_nil_return_create(actor=clerk, feed_type=half_monthly, period_key="2026-11B", today=TODAY)

    assert corrected.status == UploadStatus.DONE and corrected.alerts_raised == 1
    date = timezone.localtime(filed.created_at).strftime("%Y-%m-%d %H:%M")
    message = MSG_NIL_AFTER_FILE.format(period="2026年11月下半月", date=date, name="nov.csv")
    assert after_file.value.message_dict["period"] == [message]


def test_a_header_only_file_is_refused_not_taken_as_an_unconfirmed_nil_return(half_monthly, clerks, people):
    """The 零报告 is confirmed on the page ("提交后不能撤回") and refused after the period's file: a header-only file,
    which would be neither, is refused and points to the button; the period stays unreported until one or the other."""
    clerk = clerks["health"]
    empty = csv_file([], header=header_of(CODE), name="nil_report.csv")

    record = ingest(clerk, CODE, empty, today=TODAY, period="2026-12A")

    assert (record.status, record.message) == (UploadStatus.FAILED, MSG_HEADER_ONLY)
    assert "请在上传页点“本期无新增（零报告）”" in record.message
    row, _total = punctuality_table(actor=clerk, start=TODAY, end=dt.date(2026, 12, 31), today=TODAY.replace(day=20))
    assert (row.expected, row.on_time, row.missing) == (1, 0, 1)
    nil = feed_nil_return_create(actor=clerk, feed_type=half_monthly, period_key="2026-12A", today=TODAY)
    assert nil.nil_return and nil.on_time

    # After the period's file, as the button refuses a 零报告 then, a header-only file is refused too.
    filed = ingest(clerk, CODE, file_of(people, "nov.csv"), today=TODAY, period="2026-11B")
    after = ingest(clerk, CODE, csv_file([], header=header_of(CODE), name="空.csv"), today=TODAY, period="2026-11B")
    assert (filed.status, after.status, after.message) == (UploadStatus.DONE, UploadStatus.FAILED, MSG_HEADER_ONLY)
    assert not FeedUpload.objects.filter(period_key="2026-11B", nil_return=True).exists()


def test_the_upload_page_offers_recent_periods_and_a_nil_return_button(half_monthly, clerks, people, login, on_today):
    client = login(clerks["health"])
    page = client.get("/alerts/uploads/").content.decode()  # 卫健 has one expected feed here: chosen already

    assert 'value="2026-11B" selected' in page  # the latest past period, unreported (not the oldest gap)
    assert "2026年11月下半月（截止 2026年11月30日）逾期未报，补报计迟报" in page
    assert "2026年12月上半月（截止 2026年12月15日）本期" in page
    assert "2026-12B" not in page and "2026-10B" not in page  # no future period; none before the feed started
    assert "本期无新增（零报告）" in page and "本部门逾期未报 2 期" in page and "新增大病患者：2 期" in page

    refused = client.post("/alerts/uploads/", {"feed_type": half_monthly.pk, "period": "2026-11B"})
    both = client.post(
        "/alerts/uploads/",
        {"feed_type": half_monthly.pk, "period": "2026-11B", "action": "nil", "file": file_of(people)},
    )
    assert MSG_FILE_OR_NIL in refused.content.decode() and MSG_NIL_WITH_FILE in both.content.decode()
    assert not FeedUpload.objects.exists()

    nil = client.post(
        "/alerts/uploads/", {"feed_type": half_monthly.pk, "period": "2026-11B", "action": "nil", "confirmed": "1"}
    )
    sent = client.post(
        "/alerts/uploads/", {"feed_type": half_monthly.pk, "period": "2026-11A", "file": file_of(people)}
    )

    assert nil.status_code == 302 and sent.status_code == 302
    assert set(FeedUpload.objects.values_list("period_key", "nil_return", "on_time")) == {
        ("2026-11B", True, False),
        ("2026-11A", False, False),
    }
    page = client.get(f"/alerts/uploads/?feed_type={half_monthly.pk}").content.decode()
    assert 'value="2026-12A" selected' in page and "已于" in page and "报送零报告，可再传更正" in page


def test_the_api_takes_the_period_and_a_nil_return(half_monthly, clerks, people, login, on_today):
    client = login(clerks["health"])

    uploaded = client.post(
        "/api/v1/feed-uploads/", {"feed_type": half_monthly.pk, "period": "2026-11B", "file": file_of(people)}
    )
    nil = client.post(
        "/api/v1/feed-uploads/nil-return/",
        {"feed_type": half_monthly.pk, "period": "2026-12A"},
        content_type="application/json",
    )
    future = client.post(
        "/api/v1/feed-uploads/nil-return/",
        {"feed_type": half_monthly.pk, "period": "2026-12B"},
        content_type="application/json",
    )

    assert uploaded.status_code == 201, uploaded.content.decode()
    assert (uploaded.json()["period_key"], uploaded.json()["on_time"]) == ("2026-11B", False)
    assert nil.status_code == 201 and (nil.json()["nil_return"], nil.json()["on_time"]) == (True, True)
    assert future.status_code == 400 and "不能选以后的报送期" in future.content.decode()


def test_the_clerk_home_lists_the_periods_overdue_with_an_upload_link(half_monthly, clerks, people, login, on_today):
    ingest(clerks["health"], CODE, file_of(people), today=TODAY, period="2026-11A")

    home = login(clerks["health"]).get("/").content.decode()

    assert [p.key for _feed, p in overdue_periods(actor=clerks["health"])] == ["2026-11B"]
    assert "本部门逾期未报（期）" in home
    assert f"/alerts/uploads/?feed_type={half_monthly.pk}&amp;period=2026-11B#upload-form" in home
    assert "新增大病患者 2026年11月下半月（截止 11-30）" in home
    assert "#upload-form" not in login(clerks["education"]).get("/").content.decode()  # nothing overdue


def test_the_county_home_shows_late_and_missing_periods_per_department(
    half_monthly, clerks, people, personas, login, on_today
):
    ingest(clerks["health"], CODE, file_of(people), today=TODAY, period="2026-11B")  # late; 11月上半月 missing

    home = login(personas.county_officer).get("/").content.decode()

    assert "部门数据迟报+漏报（期）" in home and "卫生健康委员会：漏报 1 期、迟报 1 期" in home
    assert "迟报期数与漏报期数之和" in home  # the number is 迟报 + 漏报 for the year (review N3)
    assert "部门数据迟报+漏报" not in login(personas.cadre_a).get("/").content.decode()


def test_the_punctuality_page_shows_rate_missing_and_late_as_cards_on_a_phone(half_monthly, personas, login, on_today):
    page = login(personas.county_officer).get("/alerts/punctuality/").content.decode()

    assert '<div class="ledger punctuality">' in page and "table-wrap" not in page
    for label, cls in (("及时率", "rate"), ("漏报", "missing"), ("迟报", "late")):
        assert f'data-label="{label}" class="num {cls}"' in page
    assert 'type="date" name="start" value="2026-01-01"' in page
    assert 'type="date" name="end" value="2026-12-04"' in page


def test_a_clerk_with_many_periods_overdue_gets_a_line_per_feed_type(half_monthly, clerks, login, on_today):
    FeedType.objects.filter(code=CODE).update(active_since=dt.date(2026, 9, 1))  # 9月上半月 to 11月下半月: 6

    home = login(clerks["health"]).get("/").content.decode()

    assert "新增大病患者：6 期，最早 2026年9月上半月（截止 09-15）" in home
    assert "period=2026-09A#upload-form" in home
