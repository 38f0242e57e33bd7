"""A period due before a feed type's start (开始报送日期) is neither due nor overdue anywhere (review: the clerk's
home tile and upload page said 本部门逾期未报 1 期：未参保… 2026年11月（截止 12-05），补报计迟报 while the
punctuality page, its API and the 部门数据报送及时性台账 said 应报 0 from 2026-12-06). The upload page still offers
that period (the current one: a monthly feed reports the previous month), said not to count, and a file sent for it
is neither on time nor late (上线前，不计); every place reads the one rule (alerts.periods.counts_as_due)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from alerts.models import FeedType
from alerts.selectors_periods import MSG_BEFORE_START, overdue_periods, upload_period_options
from reports.ledgers.alerts import punctuality_rows
from reports.ledgers.base import Filters
from tests.alerts.conftest import csv_file, feed, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"  # 卫健 ⑥ 未参保及累计医疗支出超过2万元人员: monthly, due on the 5th
NAME = "未参保及累计医疗支出超过2万元人员"
START = dt.date(2026, 12, 6)  # the day after November's deadline


@pytest.fixture
def starting(db):
    """Only the 未参保 feed, reporting from 6 December."""
    FeedType.objects.exclude(code=CODE).update(is_active=False)
    FeedType.objects.filter(code=CODE).update(active_since=START)


@pytest.fixture
def on_day(monkeypatch):
    """A fake clock: pages, tiles, the API, the ledger and selectors read today from timezone.localdate."""

    def fix(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return fix


def _api_row(client, end: dt.date) -> dict:
    rows = client.get("/api/v1/feed-punctuality/", {"start": "2026-01-01", "end": f"{end:%Y-%m-%d}"}).json()
    return next(r for r in rows if r["feed_type_name"] == NAME)


def _punctuality_cells(client) -> tuple[str, str]:
    page = client.get("/alerts/punctuality/").content.decode()
    row = re.search(rf"{NAME}.*?</tr>", page, re.S).group(0)
    cell = r'class="num {}">(?:<strong[^>]*>)?([^<]+)<'
    return re.search(cell.format("expected"), row).group(1), re.search(cell.format("missing"), row).group(1)


def test_a_period_due_the_day_before_the_start_is_not_overdue_anywhere_and_the_next_one_is_everywhere(
    starting, on_day, clerks, login
):
    clerk = clerks["health"]
    on_day(START)
    client = login(clerk)

    options = upload_period_options(feed=feed(CODE), region_path=clerk.region_path, today=START)
    assert [o.label for o in options] == [f"2026年11月（截止 2026年12月5日）{MSG_BEFORE_START}"]
    assert not options[0].overdue and not options[0].due
    assert overdue_periods(actor=clerk, today=START) == []
    assert "2026年11月（截止 12-05）" not in client.get("/").content.decode()  # the home tile's line
    upload_page = client.get(f"/alerts/uploads/?feed_type={feed(CODE).pk}").content.decode()
    assert "本部门逾期未报" not in upload_page and "逾期未报，补报计迟报" not in upload_page
    assert MSG_BEFORE_START in upload_page  # still offered, said not to count

    assert _punctuality_cells(client) == ("0", "0")
    assert (_api_row(client, START)["expected"], _api_row(client, START)["missing"]) == (0, 0)
    assert list(punctuality_rows(clerk, Filters(date_from=dt.date(2026, 1, 1), date_to=START))) == []

    # On 6 January December (due 5 January) is missed: every place counts that one period, and no November.
    today = dt.date(2027, 1, 6)
    on_day(today)
    assert [p.label for _f, p in overdue_periods(actor=clerk, today=today)] == ["2026年12月"]
    home = client.get("/").content.decode()
    assert "2026年12月（截止 01-05）" in home and "2026年11月（截止 12-05）" not in home
    assert "本部门逾期未报 1 期" in client.get("/alerts/uploads/").content.decode()
    assert _punctuality_cells(client) == ("1", "1")
    api = _api_row(client, today)
    assert (api["expected"], api["missing"], api["missing_periods"]) == (1, 1, ["2026年12月"])
    ledger = list(punctuality_rows(clerk, Filters(date_from=dt.date(2026, 1, 1), date_to=today)))
    assert [(r[2], r[5]) for r in ledger] == [("2026年12月", "未报送")]


def test_a_file_sent_for_that_period_is_not_counted_late(starting, on_day, clerks, people):
    on_day(START)
    rows = [["张大山", people["zhang"].id_number, "未参保", "0"]]

    record = ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=START, period="2026-11")

    assert (record.period_label, record.on_time) == ("2026年11月", None)  # 上线前，不计: neither on time nor late
    summary = AuditEvent.objects.filter(action="alerts.upload").latest("pk").summary
    assert "补报计迟报" not in summary and "上线前的报送期，不计" in summary
