"""Which reporting period (报送期) an upload reports: the periods a department may still send, what each has
received, the default, and the periods overdue (逾期未报) for the home tiles. Seed 001 §二(四) "不得迟报、漏报": a
department that missed a period sends it later (补报), booked to that period and counted late."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts.choices import UploadStatus
from alerts.models import FeedType, FeedUpload
from alerts.models.uploads import clerk_department
from alerts.periods import CATCH_UP_DAYS, Period, upload_periods

MSG_PERIOD_UNKNOWN = "报送期：“{key}”不能选。可选本期和截止日期在近 {days} 天内的往期（补报），不能选以后的报送期。"


@dataclass(frozen=True)
class PeriodOption:
    period: Period
    current: bool  # the period an upload today would report when nothing was missed
    overdue: bool  # its deadline passed with nothing received
    received_on: dt.date | None  # the first file or nil return received for it
    nil_return: bool  # what was received is a nil return (零报告) only

    @property
    def label(self) -> str:
        period = self.period
        deadline = f"截止 {period.deadline:%Y-%m-%d}" if period.deadline else "不定期"
        if self.received_on is not None:
            state = f"已于 {self.received_on:%m-%d} 报送{'零报告' if self.nil_return else ''}，可再传更正"
        elif self.overdue:
            state = "逾期未报，补报计迟报"
        else:
            state = "本期" if self.current else "未报"
        return f"{period.label}（{deadline}）{state}"


def county_of(actor: Any) -> str:
    """The county an actor's uploads belong to (FeedUpload.region_path)."""
    return (getattr(actor, "region_path", "") or "")[:6]


def upload_period_options(*, feed: FeedType, region_path: str, today: dt.date) -> list[PeriodOption]:
    """The periods an upload on `today` may report (alerts.periods.upload_periods), newest first, each with what
    the county's department has sent for it (a failed upload sent nothing)."""
    periods = upload_periods(feed, today)
    received: dict[str, tuple[dt.date, bool]] = {}
    uploads = (
        FeedUpload.objects.filter(
            feed_type=feed, region_path__startswith=region_path, period_key__in=[p.key for p in periods]
        )
        .exclude(status=UploadStatus.FAILED)
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
        options.append(
            PeriodOption(
                period=period,
                current=index == 0,
                overdue=got is None and period.deadline is not None and period.deadline < today,
                received_on=got[0] if got else None,
                nil_return=bool(got and got[1]),
            )
        )
    return options


def default_upload_period(options: list[PeriodOption]) -> Period:
    """The oldest earlier period nothing was received for (overdue, or still within its grace days), else the
    current one: a department catching up sends the oldest missing period first."""
    for option in reversed(options[1:]):
        if option.received_on is None:
            return option.period
    return options[0].period


def upload_period_resolve(*, feed: FeedType, region_path: str, today: dt.date, key: str = "") -> Period:
    """The period an upload names by its key, or the default when it names none."""
    options = upload_period_options(feed=feed, region_path=region_path, today=today)
    key = (key or "").strip()
    if not key:
        return default_upload_period(options)
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
