"""风险消除台账 (approved exits) and the cases still in progress (在办 / 超期案件台账), from workflow cases."""

from typing import Any

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import (
    BooleanField,
    CharField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as DbCase
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.utils import timezone

from households.choices import MonitoringCategory, RiskType
from reports.ledgers.base import (
    BOOL,
    COUNT,
    DATE,
    ID_NUMBER,
    MONEY,
    NUMBER,
    YES,
    Column,
    Filters,
    Ledger,
    Total,
    apply_filters,
)
from reports.models import ExportMark
from reports.selectors.decisions import approval_date, approval_number, decided_cases
from workflow.choices import CaseKind, CaseStepStatus, Channel, StepKind
from workflow.models import Case, CaseStep
from workflow.selectors_deadlines import with_deadlines
from workflow.selectors_exit_shown import exit_monitoring_start, previous_category, shown_category, shown_risks
from workflow.selectors_publicity_end import UNPOSTED, open_publicity_end_shown, publicity_end_cell


def date_diff(later: Any, earlier: Any) -> Func:
    """later − earlier in days (PostgreSQL date arithmetic), so elapsed and overdue are decided in SQL."""
    return Func(later, earlier, template="(%(expressions)s)", arg_joiner=" - ", output_field=IntegerField())


def days_since(field: str) -> Func:
    """today − date, in days (PostgreSQL date arithmetic), so overdue is decided in SQL, not per row."""
    return date_diff(Value(timezone.localdate()), F(field))


def head_id_number() -> Subquery:
    from households.choices import LivingStatus, Relation
    from households.models import Member

    return Subquery(
        Member.objects.filter(
            household=OuterRef("household"), relation=Relation.HEAD, living_status=LivingStatus.LIVING
        ).values("id_number")[:1]
    )


def decided_income(field: str) -> Subquery:
    """The household's yearly income row the exit was decided on, as its rules read it on the day of the decision
    (workflow.services.exit_rules: the latest of that year or the year before; selectors_case_income on the page)."""
    from households.models import HouseholdIncome

    year = ExtractYear(OuterRef("decided_on"))
    rows = HouseholdIncome.objects.filter(household=OuterRef("household"), year__lte=year, year__gte=year - 1)
    return Subquery(rows.order_by("-year").values(field)[:1])


def village_publicity(field: str) -> Subquery:
    """The exit's first publicity (the village's, 000 §三(三)8): its first day as printed (the posting day, else
    the day it opened: CaseStep.period_starts_on) or its last (ends_on)."""
    steps = CaseStep.objects.filter(case=OuterRef("pk"), step__kind=StepKind.PUBLICITY).exclude(
        status=CaseStepStatus.PENDING
    )
    steps = steps.annotate(starts=Coalesce("posted_on", TruncDate("opened_at")))
    return Subquery(steps.order_by("step__order").values(field)[:1])


def exit_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    """The exits the county decided (reports.selectors.decisions: approved, or approved and waiting at 公告并标识),
    dated and filtered by the decision, as 工作成效 counts them: the household is no longer at risk from that day."""
    cases = decided_cases([CaseKind.EXIT], Case.objects.visible_to(actor))
    return (
        apply_filters(cases, filters, date_field="decided_on")
        .annotate(
            head_id=head_id_number(),
            former_category=previous_category(),
            # As it stood when the exit was decided, not a later re-mark's (workflow.selectors_exit_shown).
            monitored_from=exit_monitoring_start(),
            days=date_diff(F("decided_on"), F("discovered_on")),
            marked=ExpressionWrapper(Q(pk__in=ExportMark.objects.values("case_id")), output_field=BooleanField()),
            document_number=approval_number(pk=OuterRef("pk")),
            approved_on=approval_date(pk=OuterRef("pk")),
            income=decided_income("per_capita_net_income"),
            income_year=decided_income("year"),
            publicity_from=village_publicity("starts"),
            publicity_to=village_publicity("ends_on"),
        )
        .order_by("region_path", "household__number", "pk")
        .values_list(
            "household__village__parent__name",
            "household__village__name",
            "household__number",
            "household__head_name",
            "head_id",
            "former_category",
            "monitored_from",
            "risk_types",
            "discovered_on",
            "decided_on",
            "days",
            "marked",
            "document_number",
            "approved_on",
            "no_measure_reason",
            "income",
            "income_year",
            "publicity_from",
            "publicity_to",
        )
    )


EXIT_COLUMNS = [
    Column("乡镇", 12),
    Column("村", 12),
    Column("户编号", 18),
    Column("户主姓名", 10),
    Column("户主身份证号", 21, ID_NUMBER),
    Column("原监测对象类别", 14, choices=MonitoringCategory),
    Column("纳入监测日期", 12, DATE),
    Column("风险类型", 28, choices=RiskType),
    Column("启动日期", 12, DATE),
    Column("风险消除批准日期", 12, DATE),
    Column("办理天数", 8, NUMBER),
    Column("已在国家系统标注", 10, BOOL),
    # Last, so that the columns before keep their places in the files counties already read.
    Column("批复文号", 20),
    Column("批复日期", 12, DATE),
    # DOMAIN.md "Exit": at least one measure in place, or why not (services.exit_rules; empty when one was).
    Column("未落实帮扶措施的原因", 24),
    # 003 §二2(5): the income the exit rested on, as of its decision (decided_income), and its village publicity.
    Column("人均纯收入（元）", 12, MONEY),
    Column("收入年度", 8, NUMBER),
    Column("公示开始日期", 12, DATE),
    Column("公示截止日期", 12, DATE),
]


# The one meaning of 超期 is workflow.selectors_deadlines' (the overdue page, the home tile, the dashboard, these
# ledgers): past the limit_days configured on the case's procedure (超过办结时限), or a publicity past its period
# still open (公示期满未办结). A procedure without a limit is not judged against one, never against a default, and
# every place that shows an overdue count says so.
# An exit is proposed by the village committee (seed 003 §二2(5)); its case records no discovery channel.
EXIT_CHANNEL = "村两委提出"
LIMIT_SCOPE_NOTE = "只判定已配置办结时限的程序，未配置时限的不计为超期"
NO_LIMIT = "未配置时限"


def open_cases(actor: Any) -> QuerySet[Case]:
    """Cases in progress, annotated as workflow.selectors_deadlines.with_deadlines annotates them (past_limit,
    publicity_ended, overdue) with the days elapsed since the limit's start (discovery; a green channel's opening)
    and their procedure's limit. The limit is the county's configuration (seed 001 §三: ≤ 15 days from discovery
    to inclusion); a procedure without one is never past it, as on the case page (workflow.selectors)."""
    today = timezone.localdate()
    return with_deadlines(Case.objects.visible_to(actor), today=today).annotate(
        elapsed=date_diff(Value(today), F("limit_from")), limit=F("procedure__limit_days")
    )


def open_case_rows(actor: Any, filters: Filters, *, overdue_only: bool = False) -> QuerySet[Any]:
    open_steps = (
        CaseStep.objects.filter(case=OuterRef("pk"), status=CaseStepStatus.OPEN)
        .order_by()
        .values("case")
        .annotate(names=StringAgg("step__name", "、"))
        .values("names")[:1]
    )
    cases = open_cases(actor)
    if overdue_only:
        cases = cases.filter(overdue=True)
    judged = DbCase(
        When(overdue=True, then=Value("是")),  # past the limit, or a publicity past its period
        When(limit__isnull=True, then=Value(NO_LIMIT)),
        default=Value("否"),
        output_field=CharField(),
    )
    # An exit's row shows the household's category and risks (workflow.selectors_exit_shown, as the publicity list),
    # and, when the case has no channel of its own, who proposes an exit (seed 003 §二2(5)).
    category, risks = shown_category(), shown_risks()
    channel = DbCase(
        When(kind=CaseKind.EXIT, channel="", then=Value(EXIT_CHANNEL)), default=F("channel"), output_field=CharField()
    )
    return (
        apply_filters(cases, filters, date_field="discovered_on")
        .annotate(
            current=Subquery(open_steps),
            publicity_end=open_publicity_end_shown(),  # 待张贴 till the posting day is recorded
            judged=judged,
            shown_channel=channel,
            shown_category=category,
            shown_risks=risks,
        )
        .order_by("-overdue", "discovered_on", "pk")
        .values_list(
            "household__village__parent__name",
            "household__village__name",
            "household__number",
            "household__head_name",
            "kind",
            "shown_channel",
            "shown_category",
            "shown_risks",
            "discovered_on",
            "current",
            "publicity_end",
            "elapsed",
            "limit",
            "judged",
        )
    )


OPEN_CASE_COLUMNS = [
    Column("乡镇", 12),
    Column("村", 12),
    Column("户编号", 18),
    Column("户主姓名", 10),
    Column("事项", 10, choices=CaseKind),
    Column("发现渠道", 14, choices=Channel),
    # 纳入、再标注: the category and risks proposed; 风险消除: the household's (open_case_rows).
    Column("监测类别", 14, choices=MonitoringCategory),
    Column("风险类型", 28, choices=RiskType),
    Column("发现日期", 12, DATE),
    Column("当前环节", 20),
    Column("公示截止日期", 12, DATE, convert=publicity_end_cell),
    Column("已用天数", 8, NUMBER),
    Column("办结时限（天）", 8, NUMBER),
    Column("是否超期", 10),
]

CATEGORY_NOTE = "监测类别、风险类型：纳入和风险再标注为拟定的，风险消除为该户纳入监测时的。"

# The 合计 row of the cases in progress (as the other ledgers': the rows counted, and how many of them are overdue).
OPEN_CASE_TOTALS = (Total("事项", COUNT, "件"), Total("是否超期", YES, "件"))

MSG_UNCONFIGURED = "另有 {n} 件在办事项所属程序未配置办结时限，不判定是否超期，不在本台账中。"


def unconfigured_open_cases(actor: Any, region_path: str = "", *, listed_too: bool = True) -> int:
    """Open cases whose procedure has no configured limit: the ones no 超过办结时限 count includes. Without
    listed_too, not those the overdue ledger lists anyway (a publicity past its period)."""
    cases = open_cases(actor).filter(limit__isnull=True)
    cases = cases if listed_too else cases.filter(overdue=False)
    return (cases.filter(region_path__startswith=region_path) if region_path else cases).count()


def unconfigured_summary(actor: Any, filters: Filters) -> str:
    count = unconfigured_open_cases(actor, filters.region_path, listed_too=False)
    return MSG_UNCONFIGURED.format(n=count) if count else ""


LEDGERS = [
    Ledger(
        code="risk_elimination",
        name="风险消除台账",
        order=40,
        date_label="风险消除批准日期",
        description="经县级审批标注“风险消除”的监测对象户（含县级已批准、尚在公告标注环节的），按批准日期统计，与工作成效一致；"
        "含批复文号、批复日期、办理天数（发现至批准）、国家系统标注情况、未落实帮扶措施而提出的原因，"
        "以及批准时所依据的人均纯收入（批准当年或上年的最近年度）和村级公示起止日期。",
        columns=EXIT_COLUMNS,
        rows=exit_rows,
    ),
    Ledger(
        code="open_cases",
        name="在办识别退出事项台账",
        order=50,
        date_label="发现日期",
        description="正在办理的识别纳入、风险消除和风险再标注事项，含当前环节、公示截止日期（公示期从张贴之日起算，"
        f"未登记张贴日期的写“{UNPOSTED}”）和是否超期（超过所属程序配置的办结时限或公示期满未办结；{LIMIT_SCOPE_NOTE}，“是否超期”一栏写“{NO_LIMIT}”）。"
        f"{CATEGORY_NOTE}",
        columns=OPEN_CASE_COLUMNS,
        rows=open_case_rows,
        totals=OPEN_CASE_TOTALS,
    ),
    Ledger(
        code="overdue_cases",
        name="超期事项台账",
        order=55,
        date_label="发现日期",
        description=f"已超过所属程序配置的办结时限，或公示期满仍未办结的在办事项（与超期案件页、首页“超期事项”同一口径）。"
        f"{LIMIT_SCOPE_NOTE}（这些事项见在办识别退出事项台账）。{CATEGORY_NOTE}",
        summary=unconfigured_summary,
        columns=OPEN_CASE_COLUMNS,
        rows=lambda actor, filters: open_case_rows(actor, filters, overdue_only=True),
        totals=OPEN_CASE_TOTALS,
    ),
]
