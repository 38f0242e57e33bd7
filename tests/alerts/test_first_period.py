"""A feed type's first period is the one whose deadline falls on or after its start date, though its data window
began before (review punctuality, finding 2): the 未参保 feed going live on 4 December reports November, due 5
December (seed 001 §二(四)⑥ 每月5日前推送上月); the upload page called a file sent for it 按时 while the
punctuality page and API counted 应报 0. A period due before the start is still never expected."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from alerts.models import FeedType
from alerts.periods import expected_periods, upload_periods
from alerts.selectors_periods import upload_period_options
from tests.alerts.conftest import csv_file, feed, header_of, ingest

pytestmark = pytest.mark.django_db
GO_LIVE = dt.date(2026, 12, 4)
CODE = "health-uninsured-cost"  # 卫健 ⑥: monthly, due on the 5th


@pytest.fixture
def gone_live(db):
    """Only the 未参保 feed, as migration 0017 leaves it on go-live day: no 开始报送日期, created that morning."""
    morning = timezone.make_aware(dt.datetime(GO_LIVE.year, GO_LIVE.month, GO_LIVE.day, 9))
    FeedType.objects.update(active_since=None, created_at=morning)
    FeedType.objects.exclude(code=CODE).update(is_active=False)


@pytest.fixture
def on_day(monkeypatch):
    """A fake clock: pages, the API and selectors read today from timezone.localdate."""

    def fix(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return fix


def _cells(page: str) -> tuple[str, ...]:
    row = re.search(r"未参保及累计医疗支出超过2万元人员.*?</tr>", page, re.S).group(0)
    return tuple(re.search(rf'class="num {c}">(?:<strong[^>]*>)?([^<]+)<', row).group(1) for c in
                 ("expected", "on-time", "late", "missing", "rate"))  # fmt: skip


def _api_row(client) -> dict:
    rows = client.get("/api/v1/feed-punctuality/", {"start": "2026-01-01", "end": "2026-12-31"}).json()
    return next(r for r in rows if r["feed_type_name"] == "未参保及累计医疗支出超过2万元人员")


def test_the_first_period_sent_on_time_counts_as_expected_and_on_time(
    gone_live, on_day, clerks, people, personas, login
):
    clerk = clerks["health"]
    on_day(GO_LIVE)
    options = upload_period_options(feed=feed(CODE), region_path=clerk.region_path, today=GO_LIVE)
    assert [o.label for o in options] == ["2026年11月（截止 2026年12月5日）本期"]
    rows = [["张大山", people["zhang"].id_number, "未参保", "0"]]
    record = ingest(clerk, CODE, csv_file(rows, header=header_of(CODE)), today=GO_LIVE)
    assert (record.period_label, record.deadline, record.on_time) == ("2026年11月", dt.date(2026, 12, 5), True)

    on_day(dt.date(2026, 12, 10))

    page = login(personas.county_officer).get("/alerts/punctuality/").content.decode()
    assert _cells(page) == ("1", "1", "0", "0", "100.0%")
    row = _api_row(login(personas.county_officer))
    assert (row["expected"], row["on_time"], row["missing"], row["rate"]) == (1, 1, 0, 100.0)


def test_the_first_period_not_sent_is_missing_and_can_still_be_sent_late(gone_live, on_day, clerks, personas, login):
    on_day(dt.date(2026, 12, 10))

    page = login(personas.county_officer).get("/alerts/punctuality/").content.decode()
    assert _cells(page) == ("1", "0", "0", "1", "0.0%") and "漏报：2026年11月" in page
    row = _api_row(login(personas.county_officer))
    assert (row["expected"], row["missing"], row["missing_periods"]) == (1, 1, ["2026年11月"])

    # In January November is still offered, 补报 counted late, beside December.
    january = dt.date(2027, 1, 3)
    options = upload_period_options(feed=feed(CODE), region_path=clerks["health"].region_path, today=january)
    assert [o.label for o in options] == [
        "2026年12月（截止 2027年1月5日）本期",
        "2026年11月（截止 2026年12月5日）逾期未报，补报计迟报",
    ]


def test_a_period_due_before_the_start_is_not_expected_nor_offered(gone_live):
    uninsured = feed(CODE)

    expected = [p.label for p in expected_periods(uninsured, dt.date(2026, 1, 1), dt.date(2027, 1, 31))]

    assert expected == ["2026年11月", "2026年12月"]  # October, due 5 November, is before the start
    assert [p.label for p in upload_periods(uninsured, dt.date(2027, 1, 3))] == ["2026年12月", "2026年11月"]
