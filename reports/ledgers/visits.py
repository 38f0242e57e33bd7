"""走访台账 and 应走访未走访农户清单: the visits of a period, and the households due a monthly visit that missed one.

Seed 001 §一: 对防止返贫监测对象和建档立卡脱贫人口每月开展入户走访服务，逐户登记收支变化、核实"两不愁三保障"落实情况.
The first is what a village hands to an inspection (003 §二1(7): 台账资料是否规范齐全) and a township checks the
monthly rule with; the second is the list of who is still to be visited, month by month: a household due in a month
of the period with no visit in it is listed with those months, so a two-month period lists every household either
month lists (as 工作成效's 走访覆盖率（按月） counts months, reports.selectors.performance). Both start from
visible_to(actor), so a village cadre gets its own village's rows (reports.ledgers.VILLAGE_LEDGERS)."""

import datetime as dt
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import (
    CharField,
    Count,
    Exists,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, NullIf, TruncMonth
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from assistance.contact_shown import contact_name_expression
from households.choices import HouseholdType, MonitoringCategory, RiskType, VisitKind
from households.models import Household, Visit
from households.privacy import visit_notes_expression
from households.selectors import month_start, visit_due
from households.services.visit_stated import LATE_ENTRY, NOT_STATED
from reports.ledgers.base import (
    BOOL,
    COUNT,
    DATE,
    DATETIME,
    MONEY,
    PHONE,
    SUM,
    YES,
    Column,
    Filters,
    Ledger,
    Total,
    apply_filters,
)
from reports.ledgers.contacts import CONTACT_COLUMN
from reports.sheets import cn_date

FOUND_RISK = "发现返贫致贫风险"
INCOME_CHANGE = "收入变化（元）"
EXPENSE_CHANGE = "刚性支出变化（元）"
MSG_VISITS_SUMMARY = (
    "共走访 {visits} 次，涉及 {households} 户；发现返贫致贫风险 {risks} 次，"
    "发现“两不愁三保障”或饮水问题 {problems} 次；补录（走访所在月份结束后才录入）{late} 次。"
)
# Visit.entered_late in SQL: the month it was entered (the county's) after the month of its visit.
ENTERED_LATE = GreaterThan(TruncMonth("created_at"), TruncMonth("visited_on"))
MSG_UNVISITED_SUMMARY = (
    "走访期间：{start} 至 {end}{basis}，按月统计 {months} 个月。应每月走访 {due} 户，其中{missing}。"
)
# How the period came about: the summary heads the file, which is read without the form that chose it.
PERIOD_DEFAULT = "（未选日期，为本月1日至今）"
PERIOD_CHOSEN = "（按所选日期）"
PERIOD_CHOSEN_TO_TODAY = "（按所选日期，统计到今天为止）"
MSG_UNVISITED_ONE = "未走访 {households} 户"
MSG_UNVISITED_MONTHS = "有月份未走访 {households} 户（按月累计未走访 {pairs} 户次）"
MSG_FUTURE_START = "应走访未走访农户清单：开始日期{date}晚于今天，还没有应走访的月份，请重新选择开始日期。"
MAX_MONTHS = 12
MSG_TOO_LONG = (
    "应走访未走访农户清单逐月统计，一次最多统计 {max} 个月，所选日期跨 {months} 个月，请缩短日期范围或分段导出。"
)
UNVISITED_MONTHS = "未走访月份"
FINDINGS = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")
# A problem the visitor found: a finding stated (Visit.stated_findings) as 否.
PROBLEM = Q()
for _name in FINDINGS:
    PROBLEM |= Q(**{_name: False, "stated_findings__contains": [_name]})


def _finding(name: str) -> DbCase:
    """A visit's finding as the ledger says it: 是/否 where its visitor stated it, 本次未核 where not (an alert's
    verification or a return visit stores the household's record as it stood for a box left alone: nobody's answer
    at that visit; households.services.visit_stated)."""
    return DbCase(
        When(~Q(stated_findings__contains=[name]), then=Value(NOT_STATED)),
        When(**{name: True}, then=Value("是")),
        default=Value("否"),
        output_field=CharField(),
    )


def _visits(actor: Any, filters: Filters) -> QuerySet[Visit]:
    return apply_filters(Visit.objects.visible_to(actor).counted(), filters, date_field="visited_on")


def visit_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    name = Concat("visitor__last_name", "visitor__first_name", output_field=CharField())
    # households.privacy.shown_visit_notes: the notes hidden here, their numbers masked by the column.
    notes = visit_notes_expression(actor)
    return (
        _visits(actor, filters)
        .annotate(visitor_name=Coalesce(NullIf(name, Value("")), "visitor__username"), shown_notes=notes)
        .annotate(**{f"{field}_shown": _finding(field) for field in FINDINGS})
        .annotate(entered_late=ENTERED_LATE)
        .order_by("region_path", "household__number", "visited_on", "pk")
        .values_list(
            "household__village__parent__name",
            "household__village__name",
            "household__number",
            "household__head_name",
            "kind",
            "visited_on",
            "created_at",
            "entered_late",
            "visitor_name",
            *(f"{field}_shown" for field in FINDINGS),
            "income_change",
            "expense_change",
            "risk_found",
            "risk_types",
            "shown_notes",
        )
    )


def visit_summary(actor: Any, filters: Filters) -> str:
    counts = _visits(actor, filters).aggregate(
        visits=Count("pk"),
        households=Count("household", distinct=True),
        risks=Count("pk", filter=Q(risk_found=True)),
        problems=Count("pk", filter=PROBLEM),
        late=Count("pk", filter=ENTERED_LATE),
    )
    return MSG_VISITS_SUMMARY.format(**counts)


def unvisited_period(filters: Filters) -> tuple[dt.date, dt.date]:
    """The period asked about: the dates chosen, up to today (a month not yet over is read to today), else this month
    to today; an end chosen alone, from its month's first day."""
    today = timezone.localdate()
    end = min(filters.date_to or today, today)
    return filters.date_from or month_start(end), end


def _month_count(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def unvisited_check(filters: Filters) -> str:
    """Why the period cannot be listed ("" when it can): it starts after today, or spans more months than one list
    reads (each month is checked on its own)."""
    if filters.date_from and filters.date_from > timezone.localdate():
        return MSG_FUTURE_START.format(date=cn_date(filters.date_from))
    months = _month_count(*unvisited_period(filters))
    return MSG_TOO_LONG.format(max=MAX_MONTHS, months=months) if months > MAX_MONTHS else ""


def visit_months(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The period's months, each as the days of it inside the period (the first and last may be partial)."""
    windows = []
    first = start
    while first <= end and len(windows) < MAX_MONTHS:
        following = (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        windows.append((first, min(end, following - dt.timedelta(days=1))))
        first = following
    return windows


def unvisited_words(filters: Filters) -> str:
    start, end = unvisited_period(filters)
    return f"走访期间：{cn_date(start)} 至 {cn_date(end)}（逐月统计）"


def _in_scope(actor: Any) -> QuerySet[Household]:
    return Household.objects.visible_to(actor).filter(is_active=True)


def _due(actor: Any, filters: Filters) -> QuerySet[Household]:
    """The households due a visit in at least one month of the period, as they stand now (households.selectors.
    visit_due, the rule the dashboard's 上月未走访 reads too)."""
    _, end = unvisited_period(filters)
    return apply_filters(visit_due(_in_scope(actor), end), filters)


def _missed(windows: list[tuple[dt.date, dt.date]]) -> list[Q]:
    """Per month of the period, on Household: it was due a visit then (visit_due for the month's last day) and had
    none of any kind in the month's days of the period."""
    conditions = []
    for first, last in windows:
        due = Q(household_type=HouseholdType.LIFTED_OUT) | Q(monitoring_start__isnull=True)
        due |= Q(monitoring_start__lte=last)
        seen = Visit.objects.counted().filter(household=OuterRef("pk"), visited_on__range=(first, last))
        conditions.append(due & ~Q(Exists(seen)))
    return conditions


def _month_name(day: dt.date, with_year: bool) -> str:
    return f"{day.year}年{day.month}月" if with_year else f"{day.month}月"


def _unvisited(actor: Any, filters: Filters) -> QuerySet[Household]:
    """The households due a visit that missed it in at least one month of the period, each with those months
    (missed_months: "11月、12月") and their number (missed_count)."""
    start, end = unvisited_period(filters)
    windows = visit_months(start, end)
    if not windows or unvisited_check(filters):
        return Household.objects.none()
    with_year = start.year != end.year
    missed = _missed(windows)
    names = [
        DbCase(When(condition, then=Value(_month_name(first, with_year))), default=None, output_field=CharField())
        for condition, (first, _) in zip(missed, windows, strict=True)
    ]
    counts = [DbCase(When(condition, then=1), default=0, output_field=IntegerField()) for condition in missed]
    total = counts[0]
    for count in counts[1:]:
        total = total + count
    # CONCAT_WS skips the NULLs: the months missed, joined; "" for a household visited every month due.
    months = Func(Value("、"), *names, function="CONCAT_WS", output_field=CharField())
    return (
        apply_filters(visit_due(_in_scope(actor), end), filters)
        .annotate(missed_months=months, missed_count=total)
        .filter(missed_count__gt=0)
    )


def unvisited_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    last = (
        Visit.objects.counted()
        .filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(last=Max("visited_on"))
        .values("last")[:1]
    )
    return (
        _unvisited(actor, filters)
        .annotate(last_visit=Subquery(last), contact=contact_name_expression())
        .order_by("region_path", "number")
        .values_list(
            "village__parent__name",
            "village__name",
            "group__name",
            "number",
            "head_name",
            "household_type",
            "monitoring_category",
            "phone",
            "contact",
            "missed_months",
            "last_visit",
        )
    )


def _period_basis(filters: Filters, end: dt.date) -> str:
    if not (filters.date_from or filters.date_to):
        return PERIOD_DEFAULT
    return PERIOD_CHOSEN if filters.date_to == end else PERIOD_CHOSEN_TO_TODAY


def unvisited_summary(actor: Any, filters: Filters) -> str:
    if refused := unvisited_check(filters):
        return refused
    start, end = unvisited_period(filters)
    months = len(visit_months(start, end))
    missed = _unvisited(actor, filters).aggregate(households=Count("pk"), pairs=Sum("missed_count"))
    words = MSG_UNVISITED_MONTHS if months > 1 else MSG_UNVISITED_ONE
    return MSG_UNVISITED_SUMMARY.format(
        start=cn_date(start),
        end=cn_date(end),
        basis=_period_basis(filters, end),
        months=months,
        due=_due(actor, filters).count(),
        missing=words.format(households=missed["households"], pairs=missed["pairs"] or 0),
    )


# A list of households still to be seen to (应走访未走访, 本月未录入: reports.ledgers.entry): where each is, whose
# it is and how to reach them.
DUE_HOUSEHOLD_COLUMNS = (
    Column("乡镇", 12),
    Column("村", 12),
    Column("村民小组", 12),
    Column("户编号", 18),
    Column("户主姓名", 10),
    Column("户类型", 10, choices=HouseholdType),
    Column("监测对象类别", 14, choices=MonitoringCategory),
    Column("联系电话", 14, PHONE),
    CONTACT_COLUMN,
)

LEDGERS = [
    Ledger(
        code="visits",
        name="走访台账",
        order=32,
        date_label="走访日期",
        description="每次入户走访：走访类型、日期和走访人，“两不愁三保障”及饮水核实情况（预警核实、申报核实、帮扶回访中"
        "走访人未改动的项沿用该户原有记录，记为“本次未核”），收入和刚性支出变化，发现的返贫致贫风险和走访情况。"
        "录入时间是走访记入系统的时间，走访所在月份结束后才录入的记为补录。按月查看请选择该月的起止日期。",
        columns=[
            Column("乡镇", 12),
            Column("村", 12),
            Column("户编号", 18),
            Column("户主姓名", 10),
            Column("走访类型", 10, choices=VisitKind),
            Column("走访日期", 12, DATE),
            Column("录入时间", 17, DATETIME),
            Column(LATE_ENTRY, 6, BOOL),
            Column("走访人", 10),
            Column("不愁吃穿", 8),
            Column("义务教育有保障", 8),
            Column("基本医疗有保障", 8),
            Column("住房安全有保障", 8),
            Column("饮水安全有保障", 8),
            Column(INCOME_CHANGE, 12, MONEY),
            Column(EXPENSE_CHANGE, 12, MONEY),
            Column(FOUND_RISK, 8, BOOL),
            Column("风险类型", 24, choices=RiskType),
            Column("走访情况", 36, numbers_in_text=True),
        ],
        rows=visit_rows,
        summary=visit_summary,
        totals=(
            Total("走访类型", COUNT, "次"),
            Total(INCOME_CHANGE, SUM),
            Total(EXPENSE_CHANGE, SUM),
            Total(FOUND_RISK, YES, "次"),
            Total(LATE_ENTRY, YES, "次"),
        ),
    ),
    Ledger(
        code="unvisited",
        name="应走访未走访农户清单",
        order=33,
        # No date_label: the period is not "不限" when no date is chosen (this month), and the summary says it, as the
        # export's record does (unvisited_words).
        period=unvisited_words,
        description="每月应走访的农户（监测对象和脱贫户）逐月检查：所选期间内任一个月没有走访记录的列出，并注明未走访的月份"
        "（不选日期为本月1日至今；首尾不满一个月的按所选日期，统计到今天为止；一次最多12个月，开始日期不能晚于今天），"
        "供村里补走访、乡镇督办。按农户现在的类别统计，纳入监测前的月份不计。",
        columns=[
            *DUE_HOUSEHOLD_COLUMNS,
            Column(UNVISITED_MONTHS, 16),
            Column("最近一次走访日期", 12, DATE),
        ],
        rows=unvisited_rows,
        summary=unvisited_summary,
        check=unvisited_check,
        totals=(Total("户编号", COUNT, "户"),),
    ),
]
