"""What counts as submitting a period (review rev-clerk findings 1 and 5): a file in which every row is wrong
does not, for punctuality, late notices and the periods overdue alike, while a nil return still does; and an
upload that does not count shows no 按时/迟报 badge but says that its period is still to be sent."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts.choices import UploadStatus
from alerts.ingest.nil_return import feed_nil_return_create
from alerts.ingest.services import MSG_NO_VALID_ROW
from alerts.models import FeedLateNotice, FeedType, FeedUpload
from alerts.selectors import punctuality_table
from alerts.selectors_periods import MSG_NOT_COUNTED, MSG_PERIOD_LATE, MSG_PERIOD_OPEN, overdue_periods
from alerts.services.due import feeds_late_check
from reports.ledgers.alerts import punctuality_rows
from reports.ledgers.base import Filters
from tests.alerts.conftest import csv_file, feed, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"  # 新增大病患者: half-monthly
TODAY = dt.date(2026, 12, 4)  # 11月下半月 was due on 30 November; 12月上半月 is due on 15 December


@pytest.fixture
def half_monthly(db):
    FeedType.objects.exclude(code=CODE).update(is_active=False)
    FeedType.objects.filter(code=CODE).update(active_since=dt.date(2026, 11, 1))
    return feed(CODE)


@pytest.fixture
def on_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def all_wrong(name: str = "wrong.csv"):
    """Two rows, both wrong (the review's `某某,123,不知道,很多`)."""
    rows = [["某某", "123", "不知道", "很多"], ["某甲", "456", "不知道", "很多"]]
    return csv_file(rows, header=header_of(CODE), name=name, title=f"名单 {name}")


def good(people, name: str = "good.csv"):
    row = ["张大山", people["zhang"].id_number, "白血病", "2026-11-24"]
    return csv_file([row], header=header_of(CODE), name=name, title=f"名单 {name}")


def row_of(clerk, end: dt.date, today: dt.date):
    row, _total = punctuality_table(actor=clerk, start=dt.date(2026, 11, 1), end=end, today=today)
    return row


def test_a_file_in_which_every_row_is_wrong_leaves_its_period_unsubmitted_everywhere(half_monthly, clerks):
    clerk = clerks["health"]

    wrong = ingest(clerk, CODE, all_wrong(), today=TODAY, period="2026-11B")

    assert (wrong.status, wrong.rows_read, wrong.rows_valid, wrong.rows_error) == (UploadStatus.DONE, 2, 0, 2)
    assert MSG_NO_VALID_ROW.format(period="2026年11月下半月") in wrong.message
    assert not wrong.counts_as_submitted and not FeedUpload.objects.submitted().exists()
    row = row_of(clerk, TODAY, TODAY)
    assert (row.expected, row.on_time, row.late, row.missing) == (2, 0, 0, 2)
    assert "2026年11月下半月" in row.missing_periods
    assert [p.key for _feed, p in overdue_periods(actor=clerk, today=TODAY)] == ["2026-11A", "2026-11B"]
    assert feeds_late_check(today=TODAY) == 2  # a notice for 11月下半月 too, left open
    assert FeedLateNotice.objects.get(period_key="2026-11B").resolved_by is None
    ledger = list(punctuality_rows(clerk, Filters(date_from=dt.date(2026, 11, 1), date_to=TODAY)))
    assert [r[5] for r in ledger] == ["未报送", "未报送"]


def test_a_wrong_file_sent_on_time_does_not_make_the_period_on_time_once_corrected_late(half_monthly, clerks, people):
    clerk = clerks["health"]
    ingest(clerk, CODE, all_wrong(), today=TODAY, period="2026-12A")  # before the 15 December deadline
    feeds_late_check(today=dt.date(2026, 12, 16))
    notice = FeedLateNotice.objects.get(period_key="2026-12A")

    corrected = ingest(clerk, CODE, good(people), today=dt.date(2026, 12, 18), period="2026-12A")

    row = row_of(clerk, dt.date(2026, 12, 17), dt.date(2026, 12, 18))
    assert (row.on_time, row.late) == (0, 1)
    notice.refresh_from_db()
    assert notice.resolved_by == corrected  # the corrected file answers the period's late notice: 补报


def test_a_nil_return_may_follow_a_wrong_file_and_counts(half_monthly, clerks):
    clerk = clerks["health"]
    ingest(clerk, CODE, all_wrong(), today=TODAY, period="2026-12A")

    nil = feed_nil_return_create(actor=clerk, feed_type=half_monthly, period_key="2026-12A", today=TODAY)

    assert nil.counts_as_submitted
    row = row_of(clerk, dt.date(2026, 12, 31), dt.date(2026, 12, 20))
    assert (row.expected, row.on_time) == (3, 1)


def test_the_upload_page_says_why_a_wrong_file_does_not_count_and_gives_it_no_on_time_badge(
    half_monthly, clerks, login, on_today
):
    wrong = ingest(clerks["health"], CODE, all_wrong(), today=TODAY, period="2026-12A")
    client = login(clerks["health"])

    page = client.get(f"/alerts/uploads/{wrong.pk}/").content.decode()
    listing = client.get("/alerts/uploads/").content.decode()
    api = client.get(f"/api/v1/feed-uploads/{wrong.pk}/").json()

    assert "不计入报送" in page and ">按时<" not in page
    assert MSG_NOT_COUNTED + MSG_PERIOD_OPEN.format(period="2026年12月上半月", late="") in page
    assert MSG_NO_VALID_ROW.format(period="2026年12月上半月") in page
    assert "不计入报送" in listing
    assert api["counts_as_submitted"] is False


def test_a_failed_late_upload_shows_no_badge_but_that_its_period_is_still_to_be_sent(
    half_monthly, clerks, people, login, on_today
):
    bad_header = csv_file([["张大山", people["zhang"].id_number]], header=["姓名", "证件"], name="wrong_hdr.csv")
    failed = ingest(clerks["health"], CODE, bad_header, today=TODAY, period="2026-11B")
    client = login(clerks["health"])

    page = client.get(f"/alerts/uploads/{failed.pk}/").content.decode()
    listing = client.get("/alerts/uploads/").content.decode()

    assert failed.status == UploadStatus.FAILED
    assert ">按时<" not in page and ">迟报<" not in page and "不计入报送" in page
    assert MSG_PERIOD_OPEN.format(period="2026年11月下半月", late=MSG_PERIOD_LATE) in page
    assert ">迟报<" not in listing


def test_a_failed_correction_of_a_submitted_period_says_the_period_was_submitted(
    half_monthly, clerks, people, login, on_today
):
    ingest(clerks["health"], CODE, good(people), today=TODAY, period="2026-12A")
    failed = ingest(clerks["health"], CODE, all_wrong("again.csv"), today=TODAY, period="2026-12A")

    page = login(clerks["health"]).get(f"/alerts/uploads/{failed.pk}/").content.decode()

    assert "已于 2026-" in page and "由“good.csv”报送" in page and "尚未报送" not in page
