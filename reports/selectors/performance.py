"""工作成效 (seed 001 §八: 月分析、季督导、年考核): per township (or, for a township, per village) how many
households the county included, re-marked (返贫) and exited in the period and how fast, how many monitored
households were visited, alerts verified by their deadline, and feed punctuality per department
(reports.selectors.departments). Inclusions, re-marks and exits are counted and timed by the county's 批复
(reports.selectors.decisions), not by the township's later 公告并标识."""

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from django.db.models import (
    Aggregate,
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models import Case as DbCase
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from households.choices import MonitoringCategory
from households.models import Household, Region
from reports.ledgers.cases import date_diff
from reports.selectors import departments
from reports.selectors.decisions import decided_cases, left_category
from reports.selectors.monitoring import Changes, monitoring_changes
from reports.selectors.regions import child_regions
from reports.selectors.visit_coverage import visit_coverage
from workflow.choices import CaseKind
from workflow.models import Case

PERIODS = {"month": "月分析", "quarter": "季督导", "year": "年考核"}
# The days a period may be anchored on. Monitoring began in 2021; the margin either side is generous, and what it
# rules out is a period whose day before or day after Python's dates cannot hold (0001-01-01, 9999-12-31).
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
MSG_OUT_OF_RANGE = "“{value}”超出可统计的日期范围（2000-01-01 至 2099-12-31），请重新选择。"


def anchor_in_range(anchor: dt.date) -> bool:
    return FIRST_DAY <= anchor <= LAST_DAY


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
    # Inclusions whose procedure has a configured limit (limit_days): only these are judged, as the overdue ledger
    # and the dashboard judge (reports.ledgers.cases.open_cases); the others are "未配置办结时限".
    judged: int = 0
    visit_due: int = 0  # households due a monthly visit in at least one of the period's months so far
    visit_due_months: int = 0  # (household, month) pairs due: monitored or lifted out, in the registry (visit_coverage)
    visited: int = 0  # visited at least once in a month it was due
    visit_months: int = 0  # (household, month) pairs with a visit, among those due
    visited_every_month: int = 0  # visited in every month it was due
    months: int = 0  # the period's months that have begun
    alerts_on_time: tuple[int, int] | None = None
    changes: Changes = field(default_factory=Changes)
    # Decided in the period (seed 003 §二2(1)(2)(5)): new inclusions by the category approved, re-marks (风险再标注:
    # a household fallen back after 风险消除, 返贫) and exits by the category they leave (left_category; "" when
    # neither the exit's approval nor an inclusion here recorded it, so its category is not known).
    identified: dict[str, int] = field(default_factory=dict)
    remarked: int = 0
    exited: dict[str, int] = field(default_factory=dict)

    @property
    def identified_by_category(self) -> list[int]:
        return [self.identified.get(code, 0) for code in MonitoringCategory.values]

    @property
    def identified_total(self) -> int:
        return sum(self.identified.values())

    @property
    def exited_by_category(self) -> list[int]:
        return [self.exited.get(code, 0) for code in MonitoringCategory.values]

    @property
    def exited_unknown(self) -> int:
        return self.exited.get("", 0)

    @property
    def exited_total(self) -> int:
        return sum(self.exited.values())

    @property
    def within_share(self) -> float | None:
        return self.within_limit * 100 / self.judged if self.judged else None

    @property
    def unjudged(self) -> int:
        """Inclusions under a procedure without a configured limit, which no deadline is applied to."""
        return self.inclusions - self.judged

    @property
    def visit_share(self) -> float | None:
        """Monthly coverage (seed 001: 对监测对象和脱贫人口每月开展入户走访): the months with a visit of every household
        due one, over the months each should have had one (from its inclusion, up to its exit). For a month it is
        the share visited."""
        return self.visit_months * 100 / self.visit_due_months if self.visit_due_months else None

    @property
    def alerts_share(self) -> float | None:
        if not self.alerts_on_time or not self.alerts_on_time[1]:
            return None
        return self.alerts_on_time[0] * 100 / self.alerts_on_time[1]


# Counts a total row adds up; the median and the shares are not added (the median is the region's own).
_ADDED = ("inclusions", "within_limit", "judged", "visit_due", "visit_due_months", "visited", "visit_months",
          "visited_every_month", "remarked")  # fmt: skip
_ADDED_BY_CATEGORY = ("identified", "exited")


def total_row(region: Region, rows: list[UnitRow], median_days: float | None) -> UnitRow:
    """The region's row (合计): the units' counts added up, the region's median, the shares from the sums."""
    total = UnitRow(region=region, median_days=median_days, months=rows[0].months if rows else 0)
    for name in _ADDED:
        setattr(total, name, sum(getattr(row, name) for row in rows))
    for name in _ADDED_BY_CATEGORY:
        counts: dict[str, int] = {}
        for row in rows:
            for code, n in getattr(row, name).items():
                counts[code] = counts.get(code, 0) + n
        setattr(total, name, counts)
    alerts = [row.alerts_on_time for row in rows if row.alerts_on_time is not None]
    if alerts:
        total.alerts_on_time = (sum(a[0] for a in alerts), sum(a[1] for a in alerts))
    for change in fields(Changes):
        setattr(total.changes, change.name, sum(getattr(row.changes, change.name) for row in rows))
    return total


@dataclass
class Performance:
    kind: str
    start: dt.date
    end: dt.date
    rows: list[UnitRow]
    alerts_available: bool
    # (department, on time, due, late, missing); the counts None for a department that owes no period (— shown).
    feeds: list[departments.FeedCounts] | None
    total: UnitRow | None = None  # the region's 合计 row, when it has more than one unit
    changes_end: dt.date | None = None  # the day 期末 is counted on: the period's end, or today while it runs

    @property
    def label(self) -> str:
        return period_label(self.kind, self.start)

    @property
    def feeds_note(self) -> str:
        """Why a department of 四 reads — (it owes no period, its counts None), for the page and the workbook; ""
        when every department owes periods."""
        uncounted = any(due is None for _name, _on_time, due, _late, _missing in self.feeds or [])
        return departments.FEEDS_UNCOUNTED_NOTE if uncounted else ""

    @property
    def shown_end(self) -> dt.date:
        """The last day the figures count, as the page and workbook say it: today while the period runs, else end."""
        return self.changes_end or self.end

    @property
    def exited_unknown(self) -> bool:
        """Whether any exit left a category not known here: the column for them is shown only then."""
        return any(row.exited_unknown for row in self.rows)


_INCLUSION_COUNTS = {
    "n": Count("pk"),
    "median": Median("days"),
    "judged": Count("pk", filter=Q(limit__isnull=False)),
    "ok": Count("pk", filter=Q(limit__isnull=False, days__lte=F("limit"))),
}


def _decided(actor: Any, within: str, start: dt.date, end: dt.date, kinds: list[str] | None) -> QuerySet[Case]:
    # A case closes on or after its 批复 (the township's announcement follows it): one closed before the period was
    # decided before it, and its 批复日期 (two lookups a case) is not worked out.
    cases = Case.objects.visible_to(actor).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    cases = decided_cases(kinds, cases.filter(region_path__startswith=within))
    return cases.filter(decided_on__range=(start, end))


def _inclusions(actor: Any, within: str, start: dt.date, end: dt.date) -> QuerySet[Case]:
    """Inclusions and re-marks the county decided in the period, each with its days from discovery to the 批复 and
    its limit (001 §三: discovery to inclusion within the county's limit)."""
    return _decided(actor, within, start, end, [CaseKind.IDENTIFICATION, CaseKind.REMARK]).annotate(
        days=date_diff(F("decided_on"), F("discovered_on")), limit=F("procedure__limit_days")
    )


def _decisions_by_category(actor: Any, within: str, unit: Any, start: dt.date, end: dt.date) -> QuerySet[Any]:
    """Per unit, kind and category: the cases the county decided in the period. An exit is put under the category
    it leaves (left_category)."""
    category = DbCase(When(kind=CaseKind.EXIT, then=Coalesce(left_category(), Value(""))), default=F("category"))
    return (
        _decided(actor, within, start, end, None)
        .annotate(unit=unit, shown_category=category)
        .values("unit", "kind", "shown_category")
        .annotate(n=Count("pk"))
        .order_by()
    )


def performance(*, actor: Any, region: Region | None, kind: str, anchor: dt.date) -> Performance:
    start, end = period_bounds(kind, anchor)
    units = list(child_regions(region)) or ([region] if region is not None else [])
    rows = {unit.path: UnitRow(region=unit) for unit in units}
    length = len(units[0].path) if units else 0
    unit = Substr("region_path", 1, length)
    within = region.path if region is not None else ""

    inclusions = _inclusions(actor, within, start, end)
    by_unit = inclusions.annotate(unit=unit).values("unit").annotate(**_INCLUSION_COUNTS).order_by()
    for item in by_unit:
        if item["unit"] in rows:
            row = rows[item["unit"]]
            row.inclusions, row.median_days = item["n"], item["median"]
            row.within_limit, row.judged = item["ok"], item["judged"]
    for item in _decisions_by_category(actor, within, unit, start, end):
        if item["unit"] in rows:
            row = rows[item["unit"]]
            if item["kind"] == CaseKind.REMARK:
                row.remarked += item["n"]
            else:
                counts = row.identified if item["kind"] == CaseKind.IDENTIFICATION else row.exited
                counts[item["shown_category"]] = counts.get(item["shown_category"], 0) + item["n"]

    today = timezone.localdate()
    changes_end = min(end, today)
    if start <= today:
        # Closed households too: monitoring_changes counts them until their closing day.
        households = Household.objects.visible_to(actor).filter(region_path__startswith=within)
        for path, changes in monitoring_changes(households, length=length, start=start, end=changes_end).items():
            if path in rows:
                rows[path].changes = changes

    months, counted_end = months_begun(start, end, today)
    if months:
        for item in visit_coverage(actor, within, unit, start, counted_end):
            if item["unit"] in rows:
                row = rows[item["unit"]]
                row.visit_due, row.visit_due_months = item["n"], item["due"] or 0
                row.visited, row.visit_months, row.visited_every_month = item["seen"], item["pairs"] or 0, item["every"]
    for row in rows.values():
        row.months = months

    alerts = departments.alerts_verified_on_time(actor=actor, region_path=within, start=start, end=end)
    if alerts is not None:
        # Counted for every unit: one with no alert due has 0 of 0 (its share stays None), not "not counted".
        for row in rows.values():
            row.alerts_on_time = (0, 0)
        for path, counts in alerts.items():
            if path[:length] in rows:
                row = rows[path[:length]]
                before = row.alerts_on_time or (0, 0)
                row.alerts_on_time = (before[0] + counts[0], before[1] + counts[1])
    total = None
    if region is not None and len(rows) > 1:
        median = inclusions.aggregate(median=Median("days"))["median"]
        total = total_row(region, list(rows.values()), median)
    return Performance(
        kind=kind,
        start=start,
        end=end,
        rows=list(rows.values()),
        alerts_available=alerts is not None,
        feeds=departments.feed_punctuality(actor=actor, start=start, end=end),
        total=total,
        changes_end=changes_end if start <= today else None,
    )
