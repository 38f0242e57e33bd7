"""待国家系统标注清单: approved inclusions, exits and re-marks not yet recorded in the national monitoring system.

Column layout (one row per approved case, in this order; the township or county clerk enters each row in the national
system, then marks it done on /reports/national/):
 1 案件编号   the case id, quoted when marking
 2 乡镇, 3 村, 4 户编号, 5 户主姓名, 6 户主身份证号 (full for the county bureau; masked for read-only roles)
 7 标注事项   纳入 / 风险消除 / 风险再标注
 8 监测对象类别 (the category approved; for an exit, the category it leaves)
 9 风险类型   the seed types, joined with "、"
10 国家系统风险类型  the national codes (DOMAIN.md "Code lists"); a case opened before they were kept shows the
                 usual codes of its seed types (households.national)
11 发现渠道, 12 发现日期
13 批准日期   the county's approval (a case still at 公告并标识 is listed from then; see
              reports.selectors.decisions.decided: 000 §三(三)6 makes the announcement and the national-system
              entry the township's one step after the county's 批复, so the marking is due from the 批复)
14 家庭人口数"""

from typing import Any

from django.contrib.postgres.aggregates import BoolAnd
from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as DbCase
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import IsNull
from django.utils import timezone

from households.choices import (
    NATIONAL_RISK_TYPES,
    Health,
    LivingStatus,
    MonitoringCategory,
    NationalRiskType,
    RiskType,
    StudentStage,
)
from households.member_rules import aged
from households.models import Member
from households.national import ILL, stored_or_default
from households.risk_evidence import NO_LABOUR_SKILLS, WORKING_AGE
from reports.ledgers.base import DATE, ID_NUMBER, NUMBER, Column, Filters, Ledger, apply_filters
from reports.ledgers.cases import head_id_number
from reports.models import ExportMark
from reports.selectors.decisions import approved_on, decided
from workflow.choices import CaseKind, Channel
from workflow.models import Case
from workflow.selectors_exit_shown import previous_category


def can_work_q() -> Q:
    """households.risk_evidence.can_work as a filter over members: of working age today, with labour (a blank skill
    is not held against them), not at school."""
    low, high = WORKING_AGE
    working_age = aged(timezone.localdate(), low, high)
    return working_age & ~Q(labour_skill__in=NO_LABOUR_SKILLS) & Q(student_stage=StudentStage.NONE)


def national_codes(household: str = "pk") -> DbCase:
    """The stored national codes, or the seed types where none are stored (records from before they were kept):
    the column's convert (NATIONAL_COLUMN) maps those onto their usual codes. A medical cost of a household whose
    only health reason is a disability (households.national.disability_only; `household` names the household's
    key in the queryset) gets 因残 added, so that it is shown 因残 rather than 因病; income below the line without
    another seed type, in a household where no living member can work (households.national.nobody_can_work),
    gets 缺劳动力 added, so that it is shown 缺劳动力 rather than 其他."""
    codes = ArrayField(CharField(max_length=32))
    # True when the living members who are ill or disabled are all disabled (at least one is), NULL when there are
    # none. A scalar subquery, after the household's own columns: PostgreSQL reads the members only of a household
    # with a medical cost and no stored codes. Two EXISTS had it read every member of the county, hashed: 0.5 s
    # of each county dashboard over 150,000 households, 0.1 s this way.
    only_disabled = (
        Member.objects.filter(
            household=OuterRef(household), living_status=LivingStatus.LIVING, health__in=[Health.DISABLED, *ILL]
        )
        .order_by()
        .values("household")
        .annotate(only=BoolAnd(ExpressionWrapper(Q(health=Health.DISABLED), output_field=BooleanField())))
        .values("only")
    )
    disability_only = Q(national_risk_types=[], risk_types__contains=[RiskType.MEDICAL_COST.value]) & Q(
        Subquery(only_disabled, output_field=BooleanField())
    )
    marked = Func(
        F("risk_types"), Value(NationalRiskType.DISABILITY.value), function="array_append", output_field=codes
    )
    # households.national.income_without_cause, then nobody_can_work: a scalar subquery (the first living member
    # who can work, NULL for none) after the household's own columns, for the reason above.
    others = [str(code) for code in NATIONAL_RISK_TYPES if code != RiskType.LOW_INCOME]
    worker = (
        Member.objects.filter(can_work_q(), household=OuterRef(household), living_status=LivingStatus.LIVING)
        .order_by()
        .values("pk")[:1]
    )
    no_labour = (
        Q(national_risk_types=[], risk_types__contains=[RiskType.LOW_INCOME.value])
        & ~Q(risk_types__overlap=others)
        & IsNull(Subquery(worker), True)
    )
    lacking = Func(
        F("risk_types"), Value(NationalRiskType.LACK_OF_LABOUR.value), function="array_append", output_field=codes
    )
    return DbCase(
        When(disability_only, then=marked),
        When(no_labour, then=lacking),
        When(national_risk_types=[], then=F("risk_types")),
        default=F("national_risk_types"),
        output_field=codes,
    )


NATIONAL_COLUMN = Column("国家系统风险类型", 24, convert=stored_or_default, choices=NationalRiskType)


def national_pending(actor: Any, filters: Filters | None = None) -> QuerySet[Case]:
    """Decided cases (decided()) not yet marked as entered in the national system, annotated approved_on."""
    cases = Case.objects.visible_to(actor).filter(decided()).annotate(approved_on=approved_on())
    cases = cases.filter(~Exists(ExportMark.objects.filter(case=OuterRef("pk"))))
    return apply_filters(cases, filters or Filters(), date_field="approved_on")


def national_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    size = (
        Member.objects.filter(household=OuterRef("household"), living_status=LivingStatus.LIVING)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    # An exit carries no category of its own: show the one it leaves.
    category = Coalesce(NullIf("category", Value("")), previous_category())
    return (
        national_pending(actor, filters)
        .annotate(
            head_id=head_id_number(),
            size=Coalesce(Subquery(size), 0),
            shown_category=category,
            national=national_codes("household"),
        )
        .order_by("approved_on", "region_path", "pk")
        .values_list(
            "pk",
            "household__village__parent__name",
            "household__village__name",
            "household__number",
            "household__head_name",
            "head_id",
            "kind",
            "shown_category",
            "risk_types",
            "national",
            "channel",
            "discovered_on",
            "approved_on",
            "size",
        )
    )


COLUMNS = [
    Column("案件编号", 10, NUMBER),
    Column("乡镇", 12),
    Column("村", 12),
    Column("户编号", 18),
    Column("户主姓名", 10),
    Column("户主身份证号", 21, ID_NUMBER),
    Column("标注事项", 10, choices=CaseKind),
    Column("监测对象类别", 14, choices=MonitoringCategory),
    Column("风险类型", 28, choices=RiskType),
    NATIONAL_COLUMN,
    Column("发现渠道", 14, choices=Channel),
    Column("发现日期", 12, DATE),
    Column("批准日期", 12, DATE),
    Column("家庭人口数", 8, NUMBER),
]

LEDGERS = [
    Ledger(
        code="national_pending",
        name="待国家系统标注清单",
        order=90,
        group="国家系统",
        date_label="批准日期",
        description="县级已批准纳入、风险消除或风险再标注（含尚在“公告并标识”环节的），"
        "尚未在全国防返贫监测信息系统中标注的农户。",
        columns=COLUMNS,
        rows=national_rows,
    ),
]
