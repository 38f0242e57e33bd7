"""Home tiles on feed punctuality (不得迟报、漏报, seed 001 §二(四)): a clerk's periods overdue (本部门逾期未报), each
linking to the upload form set to that period, and the county bureau's late and missing periods per department.
DOMAIN "Department feeds": a feed that is late or missing is itself an alert, so it shows where each starts work."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.roles import Capability
from accounts.tiles import Tile, Urgency, register
from alerts.access import is_county_staff
from alerts.models import FeedType
from alerts.models.uploads import clerk_department
from alerts.periods import Period
from alerts.selectors import PunctualityRow, has_feeds_to_send, punctuality_table
from alerts.selectors_periods import expired_note, overdue_periods

LINES = 5  # a tile lists this many periods or departments; more are summed up per feed type or left out


def _cached(user: Any, name: str, compute: Any) -> Any:
    """Count and lines of a tile read the same figures: worked out once per request (the user object is)."""
    if not hasattr(user, name):
        setattr(user, name, compute())
    return getattr(user, name)


def _overdue(user: Any) -> list[tuple[FeedType, Period]]:
    return _cached(user, "_tile_feeds_overdue", lambda: overdue_periods(actor=user))


def _upload_link(feed: FeedType, period: Period) -> str:
    query = urlencode({"feed_type": feed.pk, "period": period.key})
    return f"{reverse('alerts:uploads')}?{query}#upload-form"


def _overdue_lines(user: Any) -> list[tuple[str, str]]:
    """Each period overdue with a link to the upload form set to it; when there are more than a tile holds, a
    line per feed type linking to its oldest period (the upload page lists them all). Last, the periods too old
    to be sent (expired_note), linking to the punctuality page whose 漏报 counts them too."""
    return _overdue_period_lines(user) + _expired_lines(user)


def _expired_lines(user: Any) -> list[tuple[str, str]]:
    note = _cached(user, "_tile_feeds_expired", lambda: expired_note(actor=user))
    return [(note, reverse("alerts:punctuality"))] if note else []


def _overdue_period_lines(user: Any) -> list[tuple[str, str]]:
    periods = _overdue(user)
    if len(periods) <= LINES:
        return [(f"{feed.name} {p.label}（截止 {p.deadline:%m-%d}）", _upload_link(feed, p)) for feed, p in periods]
    by_feed: dict[FeedType, list[Period]] = {}
    for feed, period in periods:
        by_feed.setdefault(feed, []).append(period)
    return [
        (f"{feed.name}：{len(ps)} 期，最早 {ps[0].label}（截止 {ps[0].deadline:%m-%d}）", _upload_link(feed, ps[0]))
        for feed, ps in by_feed.items()
    ]


def _late_missing(user: Any) -> list[PunctualityRow]:
    """This year's department totals with a late or missing period (the punctuality page's default range)."""

    def compute() -> list[PunctualityRow]:
        today = timezone.localdate()
        rows = punctuality_table(actor=user, start=dt.date(today.year, 1, 1), end=today, today=today)
        return [r for r in rows if r.feed_type is None and (r.late or r.missing)]

    return _cached(user, "_tile_feeds_late", compute)


def _late_missing_count(user: Any) -> int:
    return sum(row.late + row.missing for row in _late_missing(user))


def _late_missing_lines(user: Any) -> list[tuple[str, str]]:
    url = reverse("alerts:punctuality")
    rows = sorted(_late_missing(user), key=lambda r: -(r.late + r.missing))
    lines = [(f"{r.department_label}：漏报 {r.missing} 期、迟报 {r.late} 期", url) for r in rows[:LINES]]
    if len(rows) > LINES:
        lines.append((f"等共 {len(rows)} 个部门", url))
    return lines


def register_feed_tiles() -> None:
    register(
        Tile(
            "feeds-overdue",
            "本部门逾期未报（期）",
            "截止日期已过、还没上传也没报零报告的报送期，点期次补报（计迟报）",
            "alerts:uploads",
            Capability.FEEDS_UPLOAD,
            lambda user: len(_overdue(user)),
            order=19,
            urgency=Urgency.OVERDUE,
            shown=lambda user: clerk_department(user) is not None and has_feeds_to_send(user),
            items=_overdue_lines,
        )
    )
    register(
        Tile(
            "feeds-late",
            "部门数据迟报+漏报（期）",
            "今年已过截止日期的报送期中，各部门迟报期数与漏报期数之和（迟报+漏报，明细见报送及时率）",
            "alerts:punctuality",
            Capability.REGISTRY_VIEW,
            _late_missing_count,
            order=28,
            urgency=Urgency.OVERDUE,
            shown=is_county_staff,
            items=_late_missing_lines,
        )
    )
