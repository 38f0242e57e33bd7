"""Which 报送期 the upload form and the API choose by default, what the form says about the chosen one, its
message for a period that cannot be chosen, and the periods too old to be sent (review recheck_feeds_ledgers
N1, N3 and N8)."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts.ingest.services import feed_upload_create
from alerts.models import FeedType, FeedUpload
from alerts.selectors import punctuality_table
from alerts.selectors_periods import (
    MSG_PERIOD_UNKNOWN,
    default_upload_period,
    expired_periods_count,
    overdue_periods,
    upload_period_options,
)
from tests.alerts.conftest import csv_file, feed, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"  # 新增大病患者: half-monthly
TODAY = dt.date(2026, 12, 4)  # 12月上半月 runs to 15 December; 11月下半月 was due on 30 November


@pytest.fixture
def half_monthly(db):
    """Only 卫健's half-monthly feed is expected, from 1 September: every period to 11月下半月 is missed."""
    FeedType.objects.exclude(code=CODE).update(is_active=False)
    FeedType.objects.filter(code=CODE).update(active_since=dt.date(2026, 9, 1))
    return feed(CODE)


@pytest.fixture
def on_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def file_of(people, name: str = "dabing.csv"):
    row = ["方俊", people["zhang"].id_number, "白血病", "2026-12-02"]
    return csv_file([row], header=header_of(CODE), name=name, title=f"新增大病患者名单 {name}")


def test_the_default_is_the_latest_past_period_while_unreported_never_the_oldest_gap(half_monthly, clerks, people):
    def upload(name: str) -> FeedUpload:
        return feed_upload_create(
            actor=clerks["health"], feed_type=half_monthly, upload=file_of(people, name), today=TODAY, enqueue=False
        )

    # 9月上半月 … 11月下半月 are all missed: the routine upload goes to 11月下半月, then to the current period.
    assert [upload(f"{n}.csv").period_key for n in range(3)] == ["2026-11B", "2026-12A", "2026-12A"]
    assert len(overdue_periods(actor=clerks["health"], today=TODAY)) == 5  # still there to be sent by hand


def test_on_the_last_day_of_a_period_or_for_a_monthly_feed_the_default_is_the_current_period(half_monthly, clerks):
    options = upload_period_options(feed=half_monthly, region_path="360425", today=dt.date(2026, 12, 15))
    assert default_upload_period(options, dt.date(2026, 12, 15)).key == "2026-12A"  # 12月上半月 is due today

    monthly = feed("health-uninsured-cost")  # monthly, by the 5th: on 4 December it reports November
    monthly.active_since = dt.date(2026, 9, 1)
    options = upload_period_options(feed=monthly, region_path="360425", today=TODAY)
    assert default_upload_period(options, TODAY).key == "2026-11"  # October is missed, but November is due now


def test_the_api_defaults_to_the_latest_past_period_too(half_monthly, clerks, people, login, on_today):
    response = login(clerks["health"]).post(
        "/api/v1/feed-uploads/", {"feed_type": half_monthly.pk, "file": file_of(people)}
    )

    assert response.status_code == 201, response.content.decode()
    assert response.json()["period_key"] == "2026-11B"


def test_the_form_says_the_chosen_periods_state_as_text_under_the_select(half_monthly, clerks, login, on_today):
    client = login(clerks["health"])

    page = client.get("/alerts/uploads/").content.decode()
    chosen = client.get(f"/alerts/uploads/?feed_type={half_monthly.pk}&period=2026-12A").content.decode()
    older = client.get(f"/alerts/uploads/?feed_type={half_monthly.pk}&period=2026-10A").content.decode()

    assert 'value="2026-11B" selected' in page
    assert "所选报送期：<strong>2026年11月下半月 · 截止 2026年11月30日 · 逾期未报，补报计迟报</strong>" in page
    assert "所选报送期：<strong>2026年12月上半月 · 截止 2026年12月15日 · 本期</strong>" in chosen
    assert "所选报送期：<strong>2026年10月上半月 · 截止 2026年10月15日 · 逾期未报，补报计迟报</strong>" in older
    # A change of period reloads the field (and the line) from the page itself, with the chosen feed type.
    assert 'hx-include="[name=feed_type]"' in page


def test_an_expired_or_unknown_period_gets_the_services_own_message(half_monthly, clerks, people, login, on_today):
    client = login(clerks["health"])

    page = client.post(
        "/alerts/uploads/", {"feed_type": half_monthly.pk, "period": "2026-01A", "file": file_of(people)}
    ).content.decode()

    assert MSG_PERIOD_UNKNOWN.format(key="2026-01A", days=92) in page
    assert "不在可选范围内" not in page
    assert not FeedUpload.objects.exists()


@pytest.fixture
def since_january(half_monthly):
    """From 1 January: 22 periods missed by 4 December, 16 of them due before 3 September (92 days back)."""
    FeedType.objects.filter(code=CODE).update(active_since=dt.date(2026, 1, 1))
    return feed(CODE)


def test_periods_too_old_to_be_sent_are_counted_so_the_numbers_reconcile(
    since_january, clerks, people, login, on_today
):
    clerk = clerks["health"]
    ingest(clerk, CODE, file_of(people), today=TODAY, period="2026-11B")  # 补报: late, no longer missing

    overdue = overdue_periods(actor=clerk, today=TODAY)
    expired = expired_periods_count(actor=clerk, today=TODAY)
    (row, _total) = punctuality_table(actor=clerk, start=dt.date(2026, 1, 1), end=TODAY, today=TODAY)

    assert (len(overdue), expired, row.missing, row.expired) == (5, 16, 21, 16)
    assert len(overdue) + expired == row.missing
    note = "今年更早的 16 期已超过补报期限（92天），计为漏报"
    client = login(clerk)
    assert note in client.get("/").content.decode()  # the clerk's tile
    assert note in client.get("/alerts/uploads/").content.decode()
    punctuality = client.get("/alerts/punctuality/").content.decode()
    assert "漏报 21 期中，更早的 16 期已超过补报期限（92天），计为漏报，不能再补报。" in punctuality
    assert "其余 5 期还可以在“部门数据上传”页补报（计迟报）" in punctuality


def test_no_expired_note_when_every_missed_period_can_still_be_sent(half_monthly, clerks, login, on_today):
    client = login(clerks["health"])

    assert expired_periods_count(actor=clerks["health"], today=TODAY) == 0
    assert "已超过补报期限" not in client.get("/").content.decode()
    assert "已超过补报期限" not in client.get("/alerts/punctuality/").content.decode()
