"""The dashboard's numbers for one region in the actor's scope: SQL aggregates, never rows counted in Python."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from households.choices import HouseholdType, MonitoringCategory, RiskType
from households.models import Household, Region, Visit
from households.selectors import monthly_visit_households
from reports.ledgers.cases import LIMIT_SCOPE_NOTE, open_cases, unconfigured_open_cases
from reports.selectors import departments
from reports.selectors.regions import child_regions
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, StepKind
from workflow.models import Case, CaseStep

TREND_MONTHS = 12


@dataclass
class Overdue:
    label: str
    count: int | None  # None: the module holding the data is not there yet
    hint: str = ""


@dataclass
class VisitProgress:
    """This month's visits so far: not overdue until the month ends, so shown as progress, not under 逾期."""

    month: dt.date
    due: int
    visited: int

    @property
    def not_yet(self) -> int:
        return self.due - self.visited


@dataclass
class ChildRow:
    region: Region
    monitored: int = 0
    open_cases: int = 0
    overdue_cases: int = 0


@dataclass
class Dashboard:
    region: Region | None
    monitored: int
    by_category: list[tuple[str, int]]
    by_risk: list[tuple[str, int]]
    by_stage: list[tuple[str, int]]
    overdue: list[Overdue]
    trend: dict[str, list[Any]]
    visits: VisitProgress | None = None
    children: list[ChildRow] = field(default_factory=list)


def _within(queryset: QuerySet[Any], region: Region | None) -> QuerySet[Any]:
    return queryset.filter(region_path__startswith=region.path) if region is not None else queryset


def monitored_households(actor: Any, region: Region | None) -> QuerySet[Household]:
    households = Household.objects.visible_to(actor).filter(is_active=True).exclude(monitoring_category="")
    return _within(households, region)


def visit_due_households(actor: Any, region: Region | None) -> QuerySet[Household]:
    """The households to visit every month: the monitored and the lifted-out (households.selectors.MONTHLY_VISIT)."""
    households = monthly_visit_households(Household.objects.visible_to(actor).filter(is_active=True))
    return _within(households, region)


def month_start(today: dt.date) -> dt.date:
    return today.replace(day=1)


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _trend(actor: Any, region: Region | None, today: dt.date) -> dict[str, list[Any]]:
    months = _months_back(today, TREND_MONTHS)
    approved = _within(Case.objects.visible_to(actor), region).filter(
        status=CaseStatus.APPROVED, closed_on__gte=months[0]
    )
    rows = (
        approved.annotate(month=TruncMonth("closed_on"))
        .values("month")
        .annotate(
            inclusions=Count("pk", filter=Q(kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK])),
            exits=Count("pk", filter=Q(kind=CaseKind.EXIT)),
        )
        .order_by()
    )
    by_month = {row["month"]: row for row in rows}
    return {
        "months": [f"{m:%Y-%m}" for m in months],
        "inclusions": [by_month.get(m, {}).get("inclusions", 0) for m in months],
        "exits": [by_month.get(m, {}).get("exits", 0) for m in months],
    }


def _children(actor: Any, region: Region | None) -> list[ChildRow]:
    children = list(child_regions(region))
    if not children:
        return []
    length = len(children[0].path)
    rows = {child.path: ChildRow(region=child) for child in children}
    unit = Substr("region_path", 1, length)
    for row in (
        monitored_households(actor, region).annotate(unit=unit).values("unit").annotate(n=Count("pk")).order_by()
    ):
        if row["unit"] in rows:
            rows[row["unit"]].monitored = row["n"]
    cases = _within(open_cases(actor), region).annotate(unit=unit).values("unit")
    for row in cases.annotate(n=Count("pk"), late=Count("pk", filter=Q(overdue=True))).order_by():
        if row["unit"] in rows:
            rows[row["unit"]].open_cases = row["n"]
            rows[row["unit"]].overdue_cases = row["late"]
    return list(rows.values())


ALERTS_HINT = "超过核实期限仍未核实"
LIMIT_HINT = "超过所属程序配置的办结时限；" + LIMIT_SCOPE_NOTE
UNCONFIGURED_HINT = "（另有 {n} 件在办事项所属程序未配置办结时限）"
VISITS_HINT = "帮扶方案超过回访日期"
MONTHLY_VISIT_HINT = "监测户和脱贫户按月走访，{month}一次也未走访"


def _previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    last = month_start(today) - dt.timedelta(days=1)
    return last.replace(day=1), last


def _unvisited(households: QuerySet[Household], start: dt.date, end: dt.date) -> int:
    visited = Visit.objects.filter(visited_on__range=(start, end)).values("household_id")
    return households.exclude(pk__in=visited).count()


def last_month_unvisited(actor: Any, region: Region | None, today: dt.date) -> int:
    """Households due a visit last month with none in that calendar month: the real shortfall, since a month's
    visit is due by its last day. A household that became monitored only this month (and is not 脱贫户) was not
    due one last month."""
    start, end = _previous_month(today)
    due = visit_due_households(actor, region).exclude(
        ~Q(household_type=HouseholdType.LIFTED_OUT) & Q(monitoring_start__gt=end)
    )
    return _unvisited(due, start, end)


def visit_progress(actor: Any, region: Region | None, today: dt.date) -> VisitProgress:
    due = visit_due_households(actor, region)
    total = due.count()
    return VisitProgress(
        month=month_start(today), due=total, visited=total - _unvisited(due, month_start(today), today)
    )


def overdue_items(actor: Any, region: Region | None, today: dt.date) -> list[Overdue]:
    publicity = CaseStep.objects.filter(
        case__in=_within(Case.objects.visible_to(actor), region).filter(status=CaseStatus.OPEN),
        status=CaseStepStatus.OPEN,
        step__kind=StepKind.PUBLICITY,
        ends_on__lt=today,
    )
    path = region.path if region is not None else ""
    last_month = _previous_month(today)[0]
    unconfigured = unconfigured_open_cases(actor, path)
    limit_hint = LIMIT_HINT + (UNCONFIGURED_HINT.format(n=unconfigured) if unconfigured else "")
    return [
        Overdue("公示期满未办结", publicity.values("case").distinct().count(), "公示已到期，尚未办理通过或处理异议"),
        Overdue("超过办结时限", _within(open_cases(actor), region).filter(overdue=True).count(), limit_hint),
        Overdue(
            "上月未走访的监测户和脱贫户",
            last_month_unvisited(actor, region, today),
            MONTHLY_VISIT_HINT.format(month=f"{last_month.year}年{last_month.month}月"),
        ),
        Overdue("预警超期未核实", departments.alerts_overdue_count(actor=actor, region_path=path), ALERTS_HINT),
        Overdue("回访超期", departments.return_visits_overdue_count(actor=actor, region_path=path), VISITS_HINT),
    ]


def dashboard(*, actor: Any, region: Region | None) -> Dashboard:
    today = timezone.localdate()
    monitored = monitored_households(actor, region)
    categories = dict(monitored.values_list("monitoring_category").annotate(n=Count("pk")).order_by())
    risks = monitored.aggregate(
        **{code: Count("pk", filter=Q(risk_types__contains=[code])) for code in RiskType.values}
    )
    stages = dict(
        CaseStep.objects.filter(case__in=_within(open_cases(actor), region).values("pk"), status=CaseStepStatus.OPEN)
        .values_list("step__kind")
        .annotate(n=Count("case", distinct=True))
        .order_by()
    )
    return Dashboard(
        region=region,
        monitored=sum(categories.values()),
        by_category=[(str(label), categories.get(code, 0)) for code, label in MonitoringCategory.choices],
        by_risk=[(str(label), risks[code]) for code, label in RiskType.choices],
        by_stage=[(str(label), stages[code]) for code, label in StepKind.choices if stages.get(code)],
        overdue=overdue_items(actor, region, today),
        trend=_trend(actor, region, today),
        visits=visit_progress(actor, region, today),
        children=_children(actor, region),
    )
