"""The dashboard's numbers for one region in the actor's scope: SQL aggregates, never rows counted in Python (the
national risk codes are mapped once per distinct list of codes, over the counts SQL gave for each list)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from assistance.selectors_contacts import NEEDS_CONTACT_MONITORED, households_needing_contact
from households.choices import LivingStatus, MonitoringCategory, NationalRiskType, RiskType
from households.models import Household, Member, Region, Visit
from households.national import stored_or_default
from households.selectors import last_month_unvisited as unvisited_last_month
from households.selectors import monthly_visit_households, previous_month
from households.selectors import never_visited as never_visited_since_inclusion
from reports.ledgers.cases import LIMIT_SCOPE_NOTE, open_cases, unconfigured_open_cases
from reports.ledgers.national import national_codes
from reports.selectors import departments
from reports.selectors.campaign_gaps import CampaignWindow, campaign_gap_units, campaign_window
from reports.selectors.entry import EntryMonth, entry_month, entry_units
from reports.selectors.monitoring import changes_by_period
from reports.selectors.regions import child_regions
from screening.selectors_backlog import waiting_by_unit
from workflow.choices import CaseKind, CaseStepStatus, ProcedureKind
from workflow.models import CaseStep, OverdueReason
from workflow.models.applications import Application
from workflow.selectors_applications import overdue_applications

TREND_MONTHS = 12


@dataclass
class Overdue:
    label: str
    count: int | None  # None: the module holding the data is not there yet
    hint: str = ""
    # The list that shows what is counted (reports.views.dashboard.OVERDUE_LISTS: households, return_visits, alerts,
    # cases) and its filter; the page adds the region's own.
    opens: str = ""
    query: dict[str, str] = field(default_factory=dict)


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
    overdue_cases: int = 0  # open cases past their procedure's limit (the overdue ledger's cases)
    overdue_applications: int = 0  # self-applications waiting past it (the 超过办结时限 tab lists both)
    last_month_unvisited: int = 0  # households due a visit last month with none (last_month_unvisited)
    screening_stale: int = 0  # screening hits waiting for verification longer than selectors_backlog.STALE_DAYS

    @property
    def past_limit(self) -> int:
        """The 超过办结时限 column: counted as the dashboard's tile of that name counts (overdue_items)."""
        return self.overdue_cases + self.overdue_applications


@dataclass
class Dashboard:
    region: Region | None
    monitored: int
    by_category: list[tuple[str, int]]
    by_risk: list[tuple[str, int]]
    by_stage: list[tuple[str, int]]  # every group's rows in order (stage_groups), for the chart
    overdue: list[Overdue]
    trend: dict[str, list[Any]]
    visits: VisitProgress | None = None
    children: list[ChildRow] = field(default_factory=list)
    # 户数 and 人数 side by side (003 附件4): the living members of the monitored households, in total and by category.
    monitored_persons: int = 0
    persons_by_category: list[tuple[str, int]] = field(default_factory=list)
    # The national system's 11 codes (DOMAIN.md "Code lists"), as the ledgers' 国家系统风险类型 column gives them.
    by_national_risk: list[tuple[str, int]] = field(default_factory=list)
    no_contact: int = 0  # monitored households without a help contact, or with one who has left (003 二(8))
    never_visited: int = 0  # monitored households with no visit since their 纳入监测日期
    # The two duties (reports.selectors.entry, campaign_gaps): households with nothing entered this month, and
    # villages without a 集中排查 within the county's interval, with the month and the window they are judged for.
    entry: EntryMonth | None = None
    entry_missing: int = 0
    campaigns: CampaignWindow | None = None
    unscreened_villages: int = 0
    stage_groups: list["StageGroup"] = field(default_factory=list)


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


def _month_end(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _trend(actor: Any, region: Region | None, today: dt.date) -> dict[str, list[Any]]:
    """Per month, the households that came into and went out of monitoring, counted as 工作成效's 本期新增 and
    本期减少 count them for that month (reports.selectors.monitoring): households registered as monitored without a
    case of this system come in on their 纳入监测日期. The current month runs to today."""
    months = _months_back(today, TREND_MONTHS)
    periods = [(month, min(_month_end(month), today)) for month in months]
    households = _within(Household.objects.visible_to(actor), region)  # closed ones until closed (monitoring.py)
    changes = changes_by_period(households, periods)
    return {
        "months": [f"{m:%Y-%m}" for m in months],
        "added": [c.added for c in changes],
        "removed": [c.removed for c in changes],
        "exited": [c.exited for c in changes],
    }


def _children(actor: Any, region: Region | None, today: dt.date, applications: list[Application]) -> list[ChildRow]:
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
    for row in cases.annotate(n=Count("pk"), late=Count("pk", filter=Q(past_limit=True))).order_by():
        if row["unit"] in rows:
            rows[row["unit"]].open_cases = row["n"]
            rows[row["unit"]].overdue_cases = row["late"]
    for application in applications:
        if application.region_path[:length] in rows:
            rows[application.region_path[:length]].overdue_applications += 1
    unvisited = unvisited_last_month(visit_due_households(actor, region), today).annotate(unit=unit)
    for row in unvisited.values("unit").annotate(n=Count("pk")).order_by():
        if row["unit"] in rows:
            rows[row["unit"]].last_month_unvisited = row["n"]
    within = region.path if region is not None else ""
    for unit, waiting in waiting_by_unit(actor=actor, region_path=within, unit_length=length, on_date=today).items():
        if unit in rows:
            rows[unit].screening_stale = waiting.stale
    return list(rows.values())


ALERTS_HINT = "超过核实期限仍未核实"
LIMIT_HINT = "超过所属程序配置的办结时限；" + LIMIT_SCOPE_NOTE
UNCONFIGURED_HINT = "（另有 {n} 件在办事项所属程序未配置办结时限）"
APPLICATIONS_HINT = "；含等待超过办结时限的自主申报 {n} 件"
VISITS_HINT = "帮扶方案超过回访日期"
MONTHLY_VISIT_HINT = "监测户和脱贫户按月走访，{month}一次也未走访"


def last_month_unvisited(actor: Any, region: Region | None, today: dt.date) -> int:
    """Households due a visit last month with none in that calendar month (households.selectors, one definition
    with the household list's visited_last_month=no)."""
    return unvisited_last_month(visit_due_households(actor, region), today).count()


def visit_progress(actor: Any, region: Region | None, today: dt.date) -> VisitProgress:
    due = visit_due_households(actor, region)
    total = due.count()
    visited = Visit.objects.counted().filter(visited_on__range=(month_start(today), today)).values("household_id")
    return VisitProgress(month=month_start(today), due=total, visited=total - due.exclude(pk__in=visited).count())


def overdue_items(actor: Any, region: Region | None, today: dt.date, applications: list[Application]) -> list[Overdue]:
    # The overdue page's two reasons (workflow.selectors_deadlines, read through open_cases): the same cases.
    late = _within(open_cases(actor), region)
    path = region.path if region is not None else ""
    last_month = previous_month(today)[0]
    unconfigured = unconfigured_open_cases(actor, path)
    limit_hint = LIMIT_HINT + (UNCONFIGURED_HINT.format(n=unconfigured) if unconfigured else "")
    if applications:
        limit_hint += APPLICATIONS_HINT.format(n=len(applications))
    # Each opens the list of what it counts, filtered as it counts them: the overdue page's two reasons
    # (workflow.selectors_deadlines.overdue_list), the household list, the alert worklist and the return visits.
    return [
        Overdue(
            "公示期满未办结",
            late.filter(publicity_ended=True).count(),
            "公示已到期，尚未办理通过或处理异议",
            opens="cases",
            query={"reason": OverdueReason.PUBLICITY_ENDED.value},
        ),
        Overdue(
            "超过办结时限",
            # The tab it opens lists the self-applications waiting past the limit beside the cases: seed 001 §三
            # counts the limit from the day the risk is found, which for a farmer's application is the day applied.
            late.filter(past_limit=True).count() + len(applications),
            limit_hint,
            opens="cases_and_applications" if applications else "cases",
            query={"reason": OverdueReason.PAST_LIMIT.value},
        ),
        Overdue(
            "上月未走访的监测户和脱贫户",
            last_month_unvisited(actor, region, today),
            MONTHLY_VISIT_HINT.format(month=f"{last_month.year}年{last_month.month}月"),
            opens="households",
            query={"visited_last_month": "no"},
        ),
        Overdue(
            "预警超期未核实",
            departments.alerts_overdue_count(actor=actor, region_path=path),
            ALERTS_HINT,
            opens="alerts",
            query={"status": "overdue"},
        ),
        Overdue(
            "回访超期",
            departments.return_visits_overdue_count(actor=actor, region_path=path),
            VISITS_HINT,
            opens="return_visits",
            query={"show": "overdue"},
        ),
    ]


def _persons_by_category(monitored: QuerySet[Household]) -> dict[str, int]:
    """Living members, as the ledgers' 家庭人口数 and 工作成效's 人数 count them."""
    members = Member.objects.filter(household__in=monitored.values("pk"), living_status=LivingStatus.LIVING)
    return dict(members.values_list("household__monitoring_category").annotate(n=Count("pk")).order_by())


def _by_national_risk(monitored: QuerySet[Household]) -> list[tuple[str, int]]:
    """Households per national code. A household whose case stored none is given its seed types' usual codes, as
    the ledgers' 国家系统风险类型 column gives them (reports.ledgers.national.NATIONAL_COLUMN): SQL counts the
    households per distinct stored list, and each list is mapped once."""
    counts: Counter[str] = Counter()
    lists = monitored.annotate(national=national_codes()).values_list("national").annotate(n=Count("pk")).order_by()
    for codes, n in lists:
        for code in set(stored_or_default(codes)):
            counts[code] += n
    return [(str(label), counts[code]) for code, label in NationalRiskType.choices]


@dataclass
class StageGroup:
    """The open cases of one kind (识别纳入, 风险消除, 风险再标注) per step they stand at, in procedure order; `query`
    of each row: the case list's filters for the cases it counts (workflow.selectors_cases.case_browse)."""

    kind: str
    label: str
    rows: list[tuple[str, int]]

    def queries(self) -> list[tuple[str, int, str]]:
        return [(name, n, urlencode({"status": "open", "kind": self.kind, "open_step": name})) for name, n in self.rows]


def _by_step(actor: Any, region: Region | None) -> list[StageGroup]:
    """Open cases per step they stand at, under the step's own name (村级评议, 乡镇汇总初审 …) as the case list shows
    the step and filters by it (workflow.selectors_cases.open_step_names, filter open_step), grouped by the case's
    kind — 识别纳入, then 风险消除, then 风险再标注 — each in its procedure's order: the inclusion's and the exit's
    steps share names (村级评议, 县级审批), and mixed their order and their counts. Two steps of one kind (乡镇汇总初审
    and 乡镇审核) are two bars. A case at two parallel steps counts under each."""
    rows = (
        CaseStep.objects.filter(case__in=_within(open_cases(actor), region).values("pk"), status=CaseStepStatus.OPEN)
        .values("case__kind", "step__name")
        .annotate(n=Count("case", distinct=True), first=Min("step__order"))
        .order_by()
    )
    kinds = list(CaseKind.values)
    groups = []
    for kind in kinds:
        steps = sorted((row for row in rows if row["case__kind"] == kind), key=lambda r: (r["first"], r["step__name"]))
        if steps:
            label = ProcedureKind(kind).label if kind in ProcedureKind.values else CaseKind(kind).label
            groups.append(StageGroup(kind, str(label), [(row["step__name"], row["n"]) for row in steps]))
    return groups


def dashboard(*, actor: Any, region: Region | None) -> Dashboard:
    today = timezone.localdate()
    monitored = monitored_households(actor, region)
    categories = dict(monitored.values_list("monitoring_category").annotate(n=Count("pk")).order_by())
    persons = _persons_by_category(monitored)
    no_contact = households_needing_contact(actor=actor, filters={"kind": NEEDS_CONTACT_MONITORED})
    risks = monitored.aggregate(
        **{code: Count("pk", filter=Q(risk_types__contains=[code])) for code in RiskType.values}
    )
    month, window = entry_month(today), campaign_window(today)
    applications = overdue_applications(actor, today=today, region_path=region.path if region is not None else "")
    stages = _by_step(actor, region)
    return Dashboard(
        region=region,
        monitored=sum(categories.values()),
        by_category=[(str(label), categories.get(code, 0)) for code, label in MonitoringCategory.choices],
        by_risk=[(str(label), risks[code]) for code, label in RiskType.choices],
        by_stage=[row for group in stages for row in group.rows],
        stage_groups=stages,
        overdue=overdue_items(actor, region, today, applications),
        trend=_trend(actor, region, today),
        visits=visit_progress(actor, region, today),
        children=_children(actor, region, today, applications),
        monitored_persons=sum(persons.values()),
        persons_by_category=[(str(label), persons.get(code, 0)) for code, label in MonitoringCategory.choices],
        by_national_risk=_by_national_risk(monitored),
        no_contact=_within(no_contact, region).count(),
        never_visited=never_visited_since_inclusion(monitored).count(),
        entry=month,
        entry_missing=entry_units(actor=actor, month=month, region=region)[1].missing,
        campaigns=window,
        unscreened_villages=campaign_gap_units(actor=actor, window=window, region=region)[1].unscreened,
    )
