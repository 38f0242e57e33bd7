"""Numbers that come from the department-feed (alerts/) and assistance (assistance/) apps, read through their
selectors (which start from `visible_to(actor)`), so scope and the counting rules stay theirs:
- `alerts_overdue_count`: alerts past their verification deadline and not verified, in `region_path`;
- `return_visits_overdue_count`: assistance return visits (回访) past due, in `region_path`;
- `alerts_verified_on_time`: per village path (12 digits), (alerts whose first deadline, Alert.verify_by, fell
  in [start, end] and that are verified or already past it, verified by it) as a dict {path: (on_time, due)};
  an alert still within its deadline and not yet verified is not late, so it is not counted until it is verified
  or overdue;
- `feed_punctuality`: per department, (feeds due in [start, end], received by their deadline, received after it,
  not received) as a list of (department label, on_time, due, late, missing): the totals of /alerts/punctuality/
  for the same dates (on_time + late + missing = due). A department whose feeds are all reported as it happens or
  within N days of each event owes no period (alerts.selectors.PunctualityRow.counted): its four counts are None,
  shown as — as on /alerts/punctuality/, since 0 owed, 0 late would read as a department that sent all on time.
Each may return None (the pages then say the module is not available); today they always answer."""

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.utils import timezone

from alerts import selectors as alerts
from alerts.choices import AlertStatus
from assistance import selectors as assistance

VILLAGE_PATH = 12


def alerts_overdue_count(*, actor: Any, region_path: str) -> int | None:
    filters: dict[str, Any] = {"status": "overdue"}
    if region_path:
        filters["township"] = region_path
    return alerts.alert_list(actor=actor, filters=filters).count()


def return_visits_overdue_count(*, actor: Any, region_path: str) -> int | None:
    filters: dict[str, Any] = {"return_visit": "overdue"}
    if region_path:
        filters["township"] = region_path
    return assistance.plan_list(actor=actor, filters=filters).values("pk").count()


def alerts_verified_on_time(
    *, actor: Any, region_path: str, start: dt.date, end: dt.date, today: dt.date | None = None
) -> dict[str, tuple[int, int]] | None:
    filters = {"township": region_path} if region_path else {}
    today = today or timezone.localdate()
    # The first deadline (Alert.verify_by), which escalation never moves: verified within an escalation step's
    # extra days is still late. A pending alert whose deadline has not passed (verify_by >= today) can still be
    # verified on time: counting it would score a township 0% on the day a feed arrives.
    settled = Q(status=AlertStatus.VERIFIED) | Q(verify_by__lt=today)
    due = alerts.alert_list(actor=actor, filters=filters).filter(settled, verify_by__range=(start, end))
    on_time = Q(status=AlertStatus.VERIFIED, verified_on__lte=F("verify_by"))
    rows = (
        due.annotate(village=Substr("region_path", 1, VILLAGE_PATH))
        .values("village")
        .annotate(due=Count("pk"), on_time=Count("pk", filter=on_time))
        .order_by()
    )
    return {row["village"]: (row["on_time"], row["due"]) for row in rows}


# Said under 四 on the page and in the workbook when a department reads —.
FEEDS_UNCOUNTED_NOTE = (
    "数据类型均为发生即报或发生后N日内推送的部门没有应报期，应报次数、按时报送、迟报、漏报和及时率显示为“—”，"
    "不计为按时报送"
)
FeedCounts = tuple[str, int | None, int | None, int | None, int | None]  # department, on time, due, late, missing


def feed_punctuality(*, actor: Any, start: dt.date, end: dt.date) -> list[FeedCounts] | None:
    table = alerts.punctuality_table(actor=actor, start=start, end=end)
    return [
        (row.department_label, row.on_time, row.expected, row.late, row.missing)
        if row.counted
        else (row.department_label, None, None, None, None)
        for row in table
        if row.feed_type is None
    ]
