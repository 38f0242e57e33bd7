"""Which reporting period (报送期) an upload reports: the periods a department may still send, what each has
received, the default, and the periods overdue (逾期未报) for the home tiles. Seed 001 §二(四) "不得迟报、漏报": a
department that missed a period sends it later (补报), booked to that period and counted late. A period whose
deadline is more than CATCH_UP_DAYS old can no longer be sent: it stays 漏报 (expired_periods_count says how many,
so that the tile, the upload page and the punctuality page can be reconciled)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts.models import FeedType, FeedUpload
from alerts.models.uploads import clerk_department
from alerts.periods import CATCH_UP_DAYS, Period, counts_as_due, expected_periods, upload_periods
from config.dates import cn_date

MSG_PERIOD_UNKNOWN = "报送期：“{key}”不能选。可选本期和截止日期在近 {days} 天内的往期（补报），不能选以后的报送期。"


# A period whose deadline fell before the feed's start (开始报送日期): offered, as the first one after the start may
# have begun before it, but neither due nor late, as the punctuality page does not count it.
MSG_BEFORE_START = "截止日期在开始报送日期之前，不计应报、迟报"


@dataclass(frozen=True)
class PeriodOption:
    period: Period
    current: bool  # the period an upload today would report when nothing was missed
    due: bool  # expected at all (alerts.periods.counts_as_due): not one due before the feed's start
    overdue: bool  # due, its deadline passed with nothing received
    received_on: dt.date | None  # the first file or nil return received for it
    nil_return: bool  # what was received is a nil return (零报告) only

    @property
    def state(self) -> str:
        """What the period has received and what an upload to it counts as (本期 / 逾期未报 / 已报送…)."""
        if self.received_on is not None:
            return f"已于 {self.received_on:%m-%d} 报送{'零报告' if self.nil_return else ''}，可再传更正"
        if self.overdue:
            return "逾期未报，补报计迟报"
        if not self.due and self.period.deadline is not None:
            return MSG_BEFORE_START
        return "本期" if self.current else "未报"

    @property
    def deadline_text(self) -> str:
        return f"截止 {cn_date(self.period.deadline)}" if self.period.deadline else "不定期"

    @property
    def label(self) -> str:
        return f"{self.period.label}（{self.deadline_text}）{self.state}"


def county_of(actor: Any) -> str:
    """The county an actor's uploads belong to (FeedUpload.region_path)."""
    return (getattr(actor, "region_path", "") or "")[:6]


def upload_period_options(*, feed: FeedType, region_path: str, today: dt.date) -> list[PeriodOption]:
    """The periods an upload on `today` may report (alerts.periods.upload_periods), newest first, each with what
    the county's department has sent for it (a failed upload, or a file without one valid row, sent nothing:
    alerts.models.uploads.submitted_q)."""
    periods = upload_periods(feed, today)
    received: dict[str, tuple[dt.date, bool]] = {}
    uploads = (
        FeedUpload.objects.submitted()
        .filter(feed_type=feed, region_path__startswith=region_path, period_key__in=[p.key for p in periods])
        .order_by("created_at", "pk")
        .values_list("period_key", "created_at", "nil_return")
    )
    for key, created_at, nil_return in uploads:
        first = received.get(key)
        day = timezone.localtime(created_at).date()
        received[key] = (first[0], first[1] and nil_return) if first else (day, nil_return)
    options = []
    for index, period in enumerate(periods):
        got = received.get(period.key)
        due = counts_as_due(feed, period.deadline)
        options.append(
            PeriodOption(
                period=period,
                current=index == 0,
                due=due,
                # As the punctuality table counts a period (alerts.selectors.punctuality_table): due, and its
                # deadline before today.
                overdue=got is None and due and period.deadline is not None and period.deadline < today,
                received_on=got[0] if got else None,
                nil_return=bool(got and got[1]),
            )
        )
    return options


def default_upload_period(options: list[PeriodOption], today: dt.date) -> Period:
    """The current period; but while the current period has not started being due (its data window still runs:
    every window cadence, until its last day) and the latest past period has received nothing, that latest one,
    whose data a file sent now most likely holds. Never an older gap: a routine upload filed months back would
    leave the current period to turn 漏报 (review recheck_feeds_ledgers N1); older periods are chosen by hand."""
    current = options[0]
    latest = options[1] if len(options) > 1 else None
    if (
        latest is not None
        and latest.received_on is None
        and latest.period.deadline is not None
        and today < current.period.end
    ):
        return latest.period
    return current.period


def upload_period_resolve(*, feed: FeedType, region_path: str, today: dt.date, key: str = "") -> Period:
    """The period an upload names by its key, or the default when it names none."""
    options = upload_period_options(feed=feed, region_path=region_path, today=today)
    key = (key or "").strip()
    if not key:
        return default_upload_period(options, today)
    for option in options:
        if option.period.key == key:
            return option.period
    raise ValidationError({"period": MSG_PERIOD_UNKNOWN.format(key=key, days=CATCH_UP_DAYS)})


def overdue_periods(*, actor: Any, today: dt.date | None = None) -> list[tuple[FeedType, Period]]:
    """A clerk's department's periods past their deadline with nothing received (逾期未报), oldest first per feed
    type; each can still be sent (补报) from the upload page."""
    department = clerk_department(actor)
    if department is None:
        return []
    today = today or timezone.localdate()
    region_path = county_of(actor)
    overdue = []
    for feed in FeedType.objects.filter(is_active=True, department=department).order_by("code"):
        options = upload_period_options(feed=feed, region_path=region_path, today=today)
        overdue.extend((feed, option.period) for option in reversed(options) if option.overdue)
    return overdue


def expired_periods_count(*, actor: Any, today: dt.date | None = None) -> int:
    """A clerk's department's periods of this year whose deadline is more than CATCH_UP_DAYS old with nothing
    received: they can no longer be sent and stay 漏报. With overdue_periods (the ones that can still be sent) they
    make the punctuality page's 漏报 for this year."""
    department = clerk_department(actor)
    if department is None:
        return 0
    today = today or timezone.localdate()
    last = today - dt.timedelta(days=CATCH_UP_DAYS + 1)
    start = dt.date(today.year, 1, 1)
    if last < start:
        return 0
    count = 0
    for feed in FeedType.objects.filter(is_active=True, department=department):
        keys = {p.key for p in expected_periods(feed, start, last)}
        if not keys:
            continue
        received = set(
            FeedUpload.objects.submitted()
            .filter(feed_type=feed, region_path__startswith=county_of(actor), period_key__in=keys)
            .values_list("period_key", flat=True)
        )
        count += len(keys - received)
    return count


MSG_EXPIRED = "今年更早的 {n} 期已超过补报期限（{days}天），计为漏报，不能再补报。"


def expired_note(*, actor: Any, today: dt.date | None = None) -> str:
    """The sentence the clerk's tile and upload page show when such periods exist, else ''."""
    n = expired_periods_count(actor=actor, today=today)
    return MSG_EXPIRED.format(n=n, days=CATCH_UP_DAYS) if n else ""


MSG_NOT_COUNTED = "此文件不计入报送。"
MSG_PERIOD_OPEN = "本期（{period}）尚未报送，请改正后重新上传{late}。"
MSG_PERIOD_LATE = "（已过截止日期，补报计为迟报）"
MSG_PERIOD_SENT = "本期（{period}）已于 {date} 由“{name}”报送。"


def upload_period_note(*, upload: FeedUpload, today: dt.date | None = None) -> str:
    """What an upload's page says of its period when the upload does not count as submitting it (failed, or done
    without one valid row: alerts.models.uploads.submitted_q), else "": whether another upload submitted it, or
    that it is still to be sent."""
    if upload.counts_as_submitted:
        return ""
    other = (
        FeedUpload.objects.submitted()
        .filter(feed_type=upload.feed_type_id, region_path=upload.region_path, period_key=upload.period_key)
        .exclude(pk=upload.pk)
        .order_by("created_at", "pk")
        .first()
    )
    if other is not None:
        date = timezone.localtime(other.created_at).strftime("%Y-%m-%d")
        return MSG_NOT_COUNTED + MSG_PERIOD_SENT.format(period=upload.period_label, date=date, name=other.original_name)
    today = today or timezone.localdate()
    deadline = upload.deadline
    overdue = deadline is not None and deadline < today and counts_as_due(upload.feed_type, deadline)
    late = MSG_PERIOD_LATE if overdue else ""
    return MSG_NOT_COUNTED + MSG_PERIOD_OPEN.format(period=upload.period_label, late=late)
