"""工作成效 (seed 001 §八: 月分析、季督导、年考核): per township (or, for a township, per village) how fast
households are included, how many monitored households were visited, alerts verified by their deadline, and
feed punctuality per department (reports.selectors.departments)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Aggregate, Count, F, FloatField, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.utils import timezone

from households.models import Region, Visit
from reports.ledgers.cases import date_diff
from reports.selectors import departments
from reports.selectors.dashboard import visit_due_households
from reports.selectors.regions import child_regions
from workflow.choices import CaseKind, CaseStatus
from workflow.models import Case

# The default when the county's procedure has no limit_days ("未配置办结时限的按15日计"); a procedure with its own
# limit_days uses that instead.
INCLUSION_TARGET_DAYS = 15
PERIODS = {"month": "月分析", "quarter": "季督导", "year": "年考核"}


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def period_bounds(kind: str, anchor: dt.date) -> tuple[dt.date, dt.date]:
    if kind == "year":
        return dt.date(anchor.year, 1, 1), dt.date(anchor.year, 12, 31)
    if kind == "quarter":
        first = 3 * ((anchor.month - 1) // 3) + 1
        start = dt.date(anchor.year, first, 1)
    else:
        start = anchor.replace(day=1)
        first = anchor.month
    months = 3 if kind == "quarter" else 1
    year, month = divmod(first - 1 + months, 12)
    return start, dt.date(anchor.year + year, month + 1, 1) - dt.timedelta(days=1)


def months_begun(start: dt.date, end: dt.date, today: dt.date) -> tuple[int, dt.date]:
    """How many of the period's months have begun by `today`, and the last day counted (the period's end, or today's
    month's end): a quarter looked at in its second month asks for two months of visits, not three."""
    last = min(end, period_bounds("month", today)[1])
    if last < start:
        return 0, start
    return (last.year - start.year) * 12 + last.month - start.month + 1, last


def period_label(kind: str, start: dt.date) -> str:
    if kind == "year":
        return f"{start.year}年"
    if kind == "quarter":
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    return f"{start.year}年{start.month}月"


@dataclass
class UnitRow:
    region: Region
    inclusions: int = 0
    median_days: float | None = None
    within_limit: int = 0
    visit_due: int = 0  # households to visit every month: the monitored and the lifted-out
    visited: int = 0  # visited at least once in the period
    visit_months: int = 0  # (household, month) pairs with a visit, over the period's months so far
    visited_every_month: int = 0
    months: int = 0  # the period's months that have begun
    alerts_on_time: tuple[int, int] | None = None

    @property
    def within_share(self) -> float | None:
        return self.within_limit * 100 / self.inclusions if self.inclusions else None

    @property
    def visit_share(self) -> float | None:
        """Monthly coverage (seed 001: 对监测对象和脱贫人口每月开展入户走访): the months with a visit of every household
        due one, over the months each should have had one. For a month it is the share visited."""
        due = self.visit_due * self.months
        return self.visit_months * 100 / due if due else None

    @property
    def alerts_share(self) -> float | None:
        if not self.alerts_on_time or not self.alerts_on_time[1]:
            return None
        return self.alerts_on_time[0] * 100 / self.alerts_on_time[1]


@dataclass
class Performance:
    kind: str
    start: dt.date
    end: dt.date
    rows: list[UnitRow]
    alerts_available: bool
    feeds: list[tuple[str, int, int]] | None

    @property
    def label(self) -> str:
        return period_label(self.kind, self.start)


def performance(*, actor: Any, region: Region | None, kind: str, anchor: dt.date) -> Performance:
    start, end = period_bounds(kind, anchor)
    units = list(child_regions(region)) or ([region] if region is not None else [])
    rows = {unit.path: UnitRow(region=unit) for unit in units}
    length = len(units[0].path) if units else 0
    unit = Substr("region_path", 1, length)
    within = region.path if region is not None else ""

    inclusions = (
        Case.objects.visible_to(actor)
        .filter(region_path__startswith=within, status=CaseStatus.APPROVED, closed_on__range=(start, end))
        .filter(kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK])
        .annotate(
            unit=unit,
            days=date_diff(F("closed_on"), F("discovered_on")),
            limit=Coalesce("procedure__limit_days", INCLUSION_TARGET_DAYS, output_field=IntegerField()),
        )
        .values("unit")
        .annotate(n=Count("pk"), median=Median("days"), ok=Count("pk", filter=Q(days__lte=F("limit"))))
        .order_by()
    )
    for item in inclusions:
        if item["unit"] in rows:
            row = rows[item["unit"]]
            row.inclusions, row.median_days, row.within_limit = item["n"], item["median"], item["ok"]

    months, counted_end = months_begun(start, end, timezone.localdate())
    months_visited = (
        Visit.objects.filter(household=OuterRef("pk"), visited_on__range=(start, counted_end))
        .annotate(month=TruncMonth("visited_on"))
        .values("household")
        .annotate(n=Count("month", distinct=True))
        .values("n")
    )
    due = (
        visit_due_households(actor, region)
        .annotate(unit=unit, months_visited=Coalesce(Subquery(months_visited), 0))
        .values("unit")
        .annotate(
            n=Count("pk"),
            seen=Count("pk", filter=Q(months_visited__gt=0)),
            pairs=Sum("months_visited"),
            every=Count("pk", filter=Q(months_visited__gte=max(months, 1))),
        )
        .order_by()
    )
    for item in due:
        if item["unit"] in rows:
            row = rows[item["unit"]]
            row.visit_due, row.visited, row.visit_months = item["n"], item["seen"], item["pairs"] or 0
            row.visited_every_month, row.months = item["every"], months

    alerts = departments.alerts_verified_on_time(actor=actor, region_path=within, start=start, end=end)
    if alerts is not None:
        for path, counts in alerts.items():
            if path[:length] in rows:
                row = rows[path[:length]]
                before = row.alerts_on_time or (0, 0)
                row.alerts_on_time = (before[0] + counts[0], before[1] + counts[1])
    return Performance(
        kind=kind,
        start=start,
        end=end,
        rows=list(rows.values()),
        alerts_available=alerts is not None,
        feeds=departments.feed_punctuality(actor=actor, start=start, end=end),
    )
