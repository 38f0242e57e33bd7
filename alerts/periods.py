"""Reporting periods (报送期) of a feed type's cadence, and their deadlines.

- every N days: consecutive N-day windows from 1 January (the last one of a year is shorter); due at its end;
- half-monthly: the 1st–15th and the 16th–last day; due at its end;
- dekad (旬, ② "每10天推送一次" as the county counts it): 上旬 1st–10th, 中旬 11th–20th, 下旬 21st–last day; due at
  its end;
- monthly by day D (seed 001 §二(四)⑥–⑨ "每月5日前推送上月新增"): the period is the previous month, due on day D;
- seasonal (⑤ "每年9-10月期间实时推送"): N-day windows from the first day of the window, only inside it;
- on event (④ "及时研判推送") and within N days of each event (① "7日内推送"): calendar months, never expected,
  so never late as periods; a within-N-days feed's rows are late one by one, counted from their event date
  (alerts.ingest.lateness.late_rows, by the N in force on the upload day).
A grace of G days moves every deadline G days later. A period is expected when its deadline falls on or after
FeedType.reporting_since (its 开始报送日期, else the day it was created here): the first one may have begun before
that day (a monthly feed going live on 4 December reports November, due 5 December; seed 001 §二(四)⑥–⑨), and
it is the period the upload page offers then and calls 按时 when sent by its deadline. A period already due
before that day is never expected (counts_as_due): neither 逾期未报 nor late anywhere, though on the start day the
upload page still offers it as the current period.
A cadence changed on the configuration site applies from the next period on (alerts.feed_config.
feed_cadence_change): a period whose data window began before the change's `until` keeps the cadence it was
reported under (FeedCadence), so a monthly report sent on time is never re-cut into two missed half-months. The
first period of the new cadence is the one holding `until` (it may have begun before it, as the first period after
reporting_since may).
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from alerts.choices import Cadence
from alerts.models import FeedCadence, FeedType

# Cadences with no expected upload: a period is a calendar month to file under, never due.
UNSCHEDULED = (Cadence.ON_EVENT, Cadence.WITHIN_DAYS)


# What a period is cut by: the feed type's own fields, or a cadence it had before a change.
Cadenced = FeedType | FeedCadence


def cadence_history(feed: FeedType) -> list[FeedCadence]:
    """The feed type's earlier cadences, oldest first (read once per instance: the period loops call it per day;
    a list of feed types prefetches them, alerts.selectors.feed_type_list, for each one's cadence_text)."""
    cached: list[FeedCadence] | None = getattr(feed, "_past_cadences", None)
    if cached is None:
        prefetched = getattr(feed, "_prefetched_objects_cache", {}).get("past_cadences")
        if prefetched is not None:
            cached = sorted(prefetched, key=lambda past: past.until)
        else:
            cached = list(FeedCadence.objects.filter(feed_type_id=feed.pk).order_by("until")) if feed.pk else []
        feed._past_cadences = cached  # type: ignore[attr-defined]
    return cached


def cadence_on(feed: FeedType, day: dt.date) -> Cadenced:
    """The cadence of the period whose data window holds `day`."""
    return next((past for past in cadence_history(feed) if day < past.until), feed)


def cadence_from(feed: FeedType, day: dt.date) -> dt.date | None:
    """The day the cadence of `day` took over from an earlier one (None: the feed's first cadence)."""
    start = None
    for past in cadence_history(feed):
        if day < past.until:
            break
        start = past.until
    return start


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: dt.date
    end: dt.date
    deadline: dt.date | None  # None: not expected (on-event feeds, seasonal feeds outside their window)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month(feed: Cadenced, year: int, month: int, expected: bool) -> Period:
    start, end = dt.date(year, month, 1), _month_end(year, month)
    deadline = None
    if expected:
        after = end + dt.timedelta(days=1)
        day = min(max(feed.due_day, 1), calendar.monthrange(after.year, after.month)[1])
        deadline = dt.date(after.year, after.month, day) + dt.timedelta(days=feed.grace_days)
    return Period(f"{year}-{month:02d}", f"{year}年{month}月", start, end, deadline)


def _window(feed: Cadenced, anchor: dt.date, last: dt.date, day: dt.date, prefix: str) -> Period:
    days = max(feed.cadence_days, 1)
    index = (day - anchor).days // days
    start = anchor + dt.timedelta(days=index * days)
    end = min(start + dt.timedelta(days=days - 1), last)
    label = f"{start.year}年第{index + 1}期（{start:%m-%d}至{end:%m-%d}）"
    return Period(f"{start.year}-{prefix}{index + 1:02d}", label, start, end, end + dt.timedelta(days=feed.grace_days))


DEKADS = ("上旬", "中旬", "下旬")


def _dekad(feed: Cadenced, day: dt.date) -> Period:
    index = min((day.day - 1) // 10, 2)
    start = dt.date(day.year, day.month, 1 + 10 * index)
    end = _month_end(day.year, day.month) if index == 2 else start + dt.timedelta(days=9)
    return Period(
        f"{day.year}-{day.month:02d}X{index + 1}",
        f"{day.year}年{day.month}月{DEKADS[index]}",
        start,
        end,
        end + dt.timedelta(days=feed.grace_days),
    )


def _in_window(feed: Cadenced, day: dt.date) -> bool:
    first, last = feed.window_start_month or 1, feed.window_end_month or 12
    return first <= day.month <= last


def period_containing(feed: FeedType, day: dt.date) -> Period:
    """The period whose data window contains `day`, cut by the cadence of that day (cadence_on)."""
    return _period_of(cadence_on(feed, day), day)


def _period_of(feed: Cadenced, day: dt.date) -> Period:
    if feed.cadence == Cadence.EVERY_N_DAYS:
        return _window(feed, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), day, "D")
    if feed.cadence == Cadence.HALF_MONTHLY:
        first = day.day <= 15
        start = dt.date(day.year, day.month, 1 if first else 16)
        end = dt.date(day.year, day.month, 15) if first else _month_end(day.year, day.month)
        half = "上半月" if first else "下半月"
        return Period(
            f"{day.year}-{day.month:02d}{'A' if first else 'B'}",
            f"{day.year}年{day.month}月{half}",
            start,
            end,
            end + dt.timedelta(days=feed.grace_days),
        )
    if feed.cadence == Cadence.DEKAD:
        return _dekad(feed, day)
    if feed.cadence == Cadence.SEASONAL and _in_window(feed, day):
        anchor = dt.date(day.year, feed.window_start_month or 1, 1)
        return _window(feed, anchor, _month_end(day.year, feed.window_end_month or 12), day, "S")
    return _month(feed, day.year, day.month, expected=feed.cadence == Cadence.MONTHLY_BY_DAY)


def period_for_upload(feed: FeedType, day: dt.date) -> Period:
    """The period an upload made on `day` reports: the previous month for monthly feeds, else the current one. A
    feed monthly since this month reports the last period of its earlier cadence (a half-month, a 旬)."""
    if cadence_on(feed, day).cadence == Cadence.MONTHLY_BY_DAY:
        previous = day.replace(day=1) - dt.timedelta(days=1)
        changed = cadence_from(feed, day)
        if changed is not None and previous < changed:
            previous = changed - dt.timedelta(days=1)
        return period_containing(feed, previous)
    return period_containing(feed, day)


def period_before(feed: FeedType, period: Period) -> Period:
    """The period before `period`. The first one of a changed cadence may have begun before the change: the one
    before it is then the last one of the earlier cadence, which ended the day before the change."""
    day = period.start
    changed = cadence_from(feed, period.end)
    if changed is not None and day < changed:
        day = changed
    return period_containing(feed, day - dt.timedelta(days=1))


def counts_as_due(feed: FeedType, deadline: dt.date | None) -> bool:
    """Whether a period with this deadline is expected at all (应报): it has one, on or after the feed's start
    (reporting_since). The one test the punctuality table (expected_periods), the upload page's and the home
    tile's 逾期未报 (alerts.selectors_periods) and an upload's on_time share, so that they never disagree."""
    return deadline is not None and deadline >= feed.reporting_since


def sent_on_time(feed: FeedType, period: Period, day: dt.date) -> bool | None:
    """Whether a file or nil return sent on `day` for `period` is on time (FeedUpload.on_time): by its deadline, or
    for a period with no deadline, which is never late. None for a period whose deadline fell before the feed's
    start (reporting_since): it is not counted at all, neither on time nor late (上线前，不计)."""
    deadline = period.deadline
    if deadline is None:
        return True
    if not counts_as_due(feed, deadline):
        return None
    return day <= deadline


def expected_periods(feed: FeedType, start: dt.date, end: dt.date) -> list[Period]:
    """The expected periods whose deadline falls in [start, end] and not before the feed started (its data window
    may have begun before)."""
    if feed.cadence in UNSCHEDULED and not cadence_history(feed):
        return []  # an earlier cadence may have had periods due; an unscheduled one has none (deadline None)
    since = feed.reporting_since
    first = max(start, since) - dt.timedelta(days=62)
    periods: dict[str, Period] = {}
    day = first
    while day <= end:
        period = period_containing(feed, day)
        deadline = period.deadline
        if deadline is not None and start <= deadline <= end and counts_as_due(feed, deadline):
            periods[period.key] = period
        day = period.end + dt.timedelta(days=1)
    return sorted(periods.values(), key=lambda p: p.start)


# How far back a missed period is still looked at: the late-notice task raises notices for deadlines this recent
# (alerts.services.due.feeds_late_check), and an upload may still name such a period (补报).
CATCH_UP_DAYS = 92


def upload_periods(feed: FeedType, today: dt.date) -> list[Period]:
    """The periods an upload on `today` may report, newest first: the current one (period_for_upload) and the
    expected earlier ones whose deadline is at most CATCH_UP_DAYS old and not before the feed's start (as
    expected_periods: a period due on or after it may have begun before it). Never a future one: a period still to
    come has no data yet."""
    current = period_for_upload(feed, today)
    periods = [current]
    earliest = today - dt.timedelta(days=CATCH_UP_DAYS)
    since = feed.reporting_since
    period = current
    while True:
        period = period_before(feed, period)
        if (period.deadline or period.start) < since or (period.deadline or period.end) < earliest:
            return periods
        # A seasonal feed's months outside its window are not expected: nothing to report for them.
        if period.deadline is not None or cadence_on(feed, period.end).cadence in UNSCHEDULED:
            periods.append(period)
