"""Punctuality from go-live, and 医保's ten-day feed by 旬 (review county punctuality, defects 2 and 7).

A feed type whose 开始报送日期 is left blank expects periods from the day it was created in this system (the seeded
ones: the day migration 0017 ran, i.e. go-live), not from 1 January; a date set wins. The page, the county's tile,
the clerk's upload page and the late-notice task all read that one rule (FeedType.reporting_since).
医保's feed for 脱贫人口和监测对象 (seed 001 §二(四)② 每10天推送一次) reports by 旬: 上旬 1–10, 中旬 11–20, 下旬 21
to the month's end, each due at its end as 上半月/下半月 are."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from alerts.choices import Cadence
from alerts.models import FeedLateNotice, FeedType
from alerts.periods import expected_periods, period_containing, upload_periods
from alerts.selectors import punctuality_table
from alerts.selectors_periods import expired_note, overdue_periods, upload_period_options
from alerts.services.due import feeds_late_check
from alerts.tiles_feeds import _late_missing_count
from tests.alerts.conftest import csv_file, feed, header_of, ingest

pytestmark = pytest.mark.django_db
migration = importlib.import_module("alerts.migrations.0017_feed_type_created_at_dekad")
GO_LIVE = dt.date(2026, 12, 4)
HALF_MONTHLY = "health-serious-illness"  # 卫健 新增大病患者, every half month
MEDICAL = "medical-cost-monitored"  # 医保 高额医疗费用（脱贫人口和监测对象）, ② 每10天 → 每旬


def at_local(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def gone_live(db):
    """Every feed type as migration 0017 leaves them on go-live day: no 开始报送日期, created that morning."""
    FeedType.objects.update(active_since=None, created_at=at_local(GO_LIVE))


@pytest.fixture
def on_day(monkeypatch):
    """Pages, tiles and selectors read today from timezone.localdate: fixed at the day given."""

    def fix(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return fix


def test_seeded_feed_types_have_no_start_date_and_count_from_the_day_they_were_created():
    feeds = list(FeedType.objects.all())

    assert feeds and all(f.active_since is None and f.created_at is not None for f in feeds)
    assert all(f.reporting_since == timezone.localtime(f.created_at).date() for f in feeds)
    assert feed(MEDICAL).cadence == Cadence.DEKAD


def test_the_start_is_the_local_day_of_creation():
    created = timezone.make_aware(dt.datetime(2026, 11, 30, 17), dt.UTC)  # 1 December, 01:00 in the county

    assert FeedType(created_at=created).reporting_since == dt.date(2026, 12, 1)
    assert FeedType(created_at=created, active_since=dt.date(2026, 3, 1)).reporting_since == dt.date(2026, 3, 1)


def test_on_go_live_day_nothing_is_late_or_missing_anywhere(gone_live, clerks, personas, on_day):
    """The county read 0.0% and 368 periods 迟报+漏报 on the first day; every place now agrees there are none."""
    on_day(GO_LIVE)
    start = dt.date(2026, 1, 1)

    rows = punctuality_table(actor=personas.county_officer, start=start, end=GO_LIVE, today=GO_LIVE)

    assert rows and all((r.expected, r.late, r.missing, r.rate) == (0, 0, 0, None) for r in rows)
    assert _late_missing_count(personas.county_officer) == 0
    for clerk in clerks.values():
        assert expired_note(actor=clerk, today=GO_LIVE) == ""
        assert overdue_periods(actor=clerk, today=GO_LIVE) == []
    assert all(len(upload_periods(f, GO_LIVE)) == 1 for f in FeedType.objects.exclude(cadence=Cadence.ON_EVENT))
    assert feeds_late_check(today=GO_LIVE) == 0 and not FeedLateNotice.objects.exists()


def test_after_go_live_the_first_period_due_is_the_first_expected(gone_live, clerks, personas, on_day):
    """Go-live on 4 December: 12月上旬 began before it but is due on 10 December, after it, so it is 医保's first
    period expected, as the upload page offers it that day (tests/alerts/test_first_period.py)."""
    FeedType.objects.exclude(code=MEDICAL).update(is_active=False)
    today = dt.date(2026, 12, 24)
    on_day(today)

    rows = punctuality_table(actor=personas.county_officer, start=dt.date(2026, 1, 1), end=today, today=today)
    options = upload_period_options(
        feed=feed(MEDICAL), region_path=clerks["medical_insurance"].region_path, today=today
    )

    medical = next(r for r in rows if r.feed_type is not None)
    both = ["2026年12月上旬", "2026年12月中旬"]
    assert (medical.expected, medical.missing, medical.missing_periods) == (2, 2, both)
    assert _late_missing_count(personas.county_officer) == 2
    assert [o.period.label for o in options] == ["2026年12月下旬", "2026年12月中旬", "2026年12月上旬"]
    assert [p.label for _f, p in overdue_periods(actor=clerks["medical_insurance"], today=today)] == both
    assert feeds_late_check(today=today) == 2
    assert sorted(FeedLateNotice.objects.values_list("period_label", flat=True)) == both


def test_a_start_date_set_by_the_county_wins_over_the_day_of_creation(gone_live, personas, on_day):
    on_day(GO_LIVE)
    FeedType.objects.exclude(code=HALF_MONTHLY).update(is_active=False)
    FeedType.objects.filter(code=HALF_MONTHLY).update(active_since=dt.date(2026, 11, 1))

    rows = punctuality_table(actor=personas.county_officer, start=dt.date(2026, 1, 1), end=GO_LIVE, today=GO_LIVE)

    row = next(r for r in rows if r.feed_type is not None)
    assert (row.expected, row.missing_periods) == (2, ["2026年11月上半月", "2026年11月下半月"])
    assert feeds_late_check(today=GO_LIVE) == 2


def test_the_migration_clears_the_old_default_start_and_moves_the_ten_day_medical_feed_to_dekads():
    FeedType.objects.update(active_since=dt.date(2026, 1, 1))
    FeedType.objects.filter(code=HALF_MONTHLY).update(active_since=dt.date(2026, 10, 1))  # the county's own
    FeedType.objects.filter(code=MEDICAL).update(cadence=Cadence.EVERY_N_DAYS, cadence_days=10)
    state = MigrationExecutor(connection).loader.project_state(("alerts", "0017_feed_type_created_at_dekad"))

    migration.clear_default_start(state.apps, None)
    migration.medical_to_dekad(state.apps, None)

    assert feed(HALF_MONTHLY).active_since == dt.date(2026, 10, 1)
    assert not FeedType.objects.exclude(code=HALF_MONTHLY).filter(active_since__isnull=False).exists()
    assert (feed(MEDICAL).cadence, feed(MEDICAL).cadence_days) == (Cadence.DEKAD, 0)


def test_a_county_that_changed_the_medical_feeds_cadence_keeps_its_choice():
    FeedType.objects.filter(code=MEDICAL).update(cadence=Cadence.EVERY_N_DAYS, cadence_days=7)
    state = MigrationExecutor(connection).loader.project_state(("alerts", "0017_feed_type_created_at_dekad"))

    migration.medical_to_dekad(state.apps, None)

    assert (feed(MEDICAL).cadence, feed(MEDICAL).cadence_days) == (Cadence.EVERY_N_DAYS, 7)


@pytest.mark.parametrize(
    ("day", "key", "label", "start", "end"),
    [
        (dt.date(2026, 11, 1), "2026-11X1", "2026年11月上旬", dt.date(2026, 11, 1), dt.date(2026, 11, 10)),
        (dt.date(2026, 11, 10), "2026-11X1", "2026年11月上旬", dt.date(2026, 11, 1), dt.date(2026, 11, 10)),
        (dt.date(2026, 11, 11), "2026-11X2", "2026年11月中旬", dt.date(2026, 11, 11), dt.date(2026, 11, 20)),
        (dt.date(2026, 11, 21), "2026-11X3", "2026年11月下旬", dt.date(2026, 11, 21), dt.date(2026, 11, 30)),
        (dt.date(2026, 10, 31), "2026-10X3", "2026年10月下旬", dt.date(2026, 10, 21), dt.date(2026, 10, 31)),
        (dt.date(2028, 2, 29), "2028-02X3", "2028年2月下旬", dt.date(2028, 2, 21), dt.date(2028, 2, 29)),
    ],
)
def test_a_dekad_is_the_first_middle_or_last_third_of_its_month_due_at_its_end(day, key, label, start, end):
    medical = feed(MEDICAL)

    period = period_containing(medical, day)

    assert (period.key, period.label, period.start, period.end, period.deadline) == (key, label, start, end, end)
    medical.grace_days = 2
    assert period_containing(medical, day).deadline == end + dt.timedelta(days=2)


def test_dekads_never_cross_a_month_and_are_expected_and_offered_in_order():
    medical = feed(MEDICAL)
    medical.active_since = dt.date(2026, 10, 1)

    expected = [p.label for p in expected_periods(medical, dt.date(2026, 10, 1), dt.date(2026, 11, 30))]
    offered = [p.label for p in upload_periods(medical, dt.date(2026, 11, 12))]

    assert expected == [f"2026年{m}月{d}" for m in (10, 11) for d in ("上旬", "中旬", "下旬")]
    assert offered == ["2026年11月中旬", "2026年11月上旬", "2026年10月下旬", "2026年10月中旬", "2026年10月上旬"]
    assert medical.cadence_text() == "每旬报送一次（上旬、中旬、下旬）"


def test_a_medical_upload_reports_its_dekad(clerks, people):
    FeedType.objects.filter(code=MEDICAL).update(active_since=dt.date(2026, 10, 1))
    rows = [["张大山", people["zhang"].id_number, "52000", "12500", "2026-11-09"]]

    record = ingest(
        clerks["medical_insurance"], MEDICAL, csv_file(rows, header=header_of(MEDICAL)), dt.date(2026, 11, 12)
    )

    assert (record.period_key, record.period_label, record.deadline) == (
        "2026-11X2",
        "2026年11月中旬",
        dt.date(2026, 11, 20),
    )
    assert record.alerts_raised == 1


def test_the_configuration_site_offers_dekad_as_a_cadence(personas, login):
    page = login(personas.system_admin).get(f"/admin/alerts/feedtype/{feed(MEDICAL).pk}/change/").content.decode()

    assert '<option value="dekad" selected>每旬一次（上旬、中旬、下旬）</option>' in page
    assert "创建时间" in page and "不填则自本数据类型在系统中创建之日起计算" in page


def test_late_notices_of_periods_before_the_start_are_not_listed(gone_live, personas, login, on_day):
    """A notice raised while the feed still counted from 1 January (before migration 0017 moved its start) would
    contradict the table, which counts nothing before the start: the page lists only those from the start on (its
    reminders are the table's own late and missing periods: tests/alerts/test_cadence_change.py)."""
    on_day(dt.date(2026, 12, 20))  # 12月上半月 was due on the 15th
    illness = feed(HALF_MONTHLY)
    for key, label, deadline in (("2026-11H2", "2026年11月下半月", dt.date(2026, 11, 30)),
                                 ("2026-12H1", "2026年12月上半月", dt.date(2026, 12, 15))):  # fmt: skip
        FeedLateNotice.objects.create(
            feed_type=illness, department=illness.department, period_key=key, period_label=label,
            deadline=deadline, region_path="360425", raised_on=deadline + dt.timedelta(days=1),
        )  # fmt: skip

    page = login(personas.county_officer).get("/alerts/punctuality/").content.decode()

    assert "2026年12月上半月" in page and "2026年11月下半月" not in page
