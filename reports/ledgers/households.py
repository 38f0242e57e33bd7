"""监测对象台账 and 家庭成员台账: the monitored households with their latest income, and their members."""

from typing import Any

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from assistance.contact_shown import contact_name_expression
from households.choices import (
    AssistanceStatus,
    DisabilityGrade,
    Education,
    EmploymentPlace,
    Health,
    HouseholdType,
    LabourCapacity,
    LabourSkill,
    LivingStatus,
    MonitoringCategory,
    NationalMarking,
    Relation,
    RiskType,
    Sex,
    StudentStage,
)
from households.models import Household, HouseholdIncome, Member, Visit
from reports.ledgers.base import (
    BOOL,
    COUNT,
    DATE,
    ID_NUMBER,
    MONEY,
    NUMBER,
    PHONE,
    SUM,
    Column,
    Filters,
    Ledger,
    Total,
    apply_filters,
)
from reports.ledgers.contacts import CONTACT_COLUMN
from reports.ledgers.national import NATIONAL_COLUMN, national_codes
from reports.selectors.decisions import approval_date, approval_number
from reports.selectors.entry import of_kind
from reports.selectors.marking import household_marking
from workflow.choices import CaseKind, CaseStatus

INCOME_FIELDS = [
    "year",
    "wage_income",
    "business_income",
    "property_income",
    "transfer_income",
    "business_expenses",
    "per_capita_net_income",
]


def monitored_households(actor: Any, filters: Filters) -> QuerySet[Household]:
    """The monitored households the filters choose: region, 纳入监测日期 and 户类型 (a category, or the lifted-out
    among them: reports.selectors.entry.KINDS), as the file's heading line says (reports.writer.filter_line)."""
    households = Household.objects.visible_to(actor).filter(is_active=True).exclude(monitoring_category="")
    households = of_kind(households, filters.extra.get("household_kind") or "")
    return apply_filters(households, filters, date_field="monitoring_start")


# The household's inclusions and re-marks the county approved (an approved case waits at 公告并标识 while open).
INCLUDED = {
    "household": OuterRef("pk"),
    "kind__in": [CaseKind.IDENTIFICATION, CaseKind.REMARK],
    "status__in": [CaseStatus.OPEN, CaseStatus.APPROVED],
}


def household_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    head = Member.objects.filter(
        household=OuterRef("pk"), relation=Relation.HEAD, living_status=LivingStatus.LIVING
    ).values("id_number")[:1]
    size = (
        Member.objects.filter(household=OuterRef("pk"), living_status=LivingStatus.LIVING)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    latest_income = HouseholdIncome.objects.filter(household=OuterRef("pk")).order_by("-year")
    incomes = {f"income_{name}": Subquery(latest_income.values(name)[:1]) for name in INCOME_FIELDS}
    last_visit = (
        Visit.objects.counted()
        .filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(last=Max("visited_on"))
        .values("last")[:1]
    )
    # The household's 国家系统标注: one definition with the registry's API (reports.selectors.marking).
    marking = household_marking()
    return (
        monitored_households(actor, filters)
        .annotate(
            marking=marking,
            head_id_number=Subquery(head),
            size=Coalesce(Subquery(size), 0),
            last_visit=Subquery(last_visit),
            national=national_codes(),
            # The 批复 of the household's newest inclusion or re-mark (reports.selectors.decisions.approval_number).
            document_number=approval_number(**INCLUDED),
            decided_on=approval_date(**INCLUDED),
            # An account, or a person without one with their unit (assistance.contact_shown).
            contact=contact_name_expression(),
            **incomes,
        )
        .order_by("region_path", "number")
        .values_list(
            "village__parent__name",
            "village__name",
            "group__name",
            "number",
            "head_name",
            "head_id_number",
            "phone",
            "address",
            "household_type",
            "monitoring_category",
            "monitoring_start",
            "risk_types",
            "national",
            "labour_capacity",
            "size",
            *incomes,
            "food_clothing_ok",
            "education_ok",
            "medical_ok",
            "housing_ok",
            "water_ok",
            "contact",
            "last_visit",
            "document_number",
            "decided_on",
            "marking",
        )
    )


UNAPPROVED = "—（未经本系统审批）"


def _marking(value: str) -> str:
    return UNAPPROVED if value == NationalMarking.NOT_APPLICABLE else value


HOUSEHOLD_COLUMNS = [
    Column("乡镇", 12),
    Column("村", 12),
    Column("村民小组", 12),
    Column("户编号", 18),
    Column("户主姓名", 10),
    Column("户主身份证号", 21, ID_NUMBER),
    Column("联系电话", 14, PHONE),
    Column("住址", 24),
    Column("户类型", 10, choices=HouseholdType),
    Column("监测对象类别", 14, choices=MonitoringCategory),
    Column("纳入监测日期", 12, DATE),
    Column("风险类型", 28, choices=RiskType),
    NATIONAL_COLUMN,
    Column("劳动能力", 12, choices=LabourCapacity),
    Column("家庭人口数", 8, NUMBER),
    Column("收入年度", 8, NUMBER),
    Column("工资性收入（元）", 12, MONEY),
    Column("生产经营性收入（元）", 12, MONEY),
    Column("财产性收入（元）", 12, MONEY),
    Column("转移性收入（元）", 12, MONEY),
    Column("生产经营性支出（元）", 12, MONEY),
    Column("人均纯收入（元）", 12, MONEY),
    Column("不愁吃穿", 8, BOOL),
    Column("义务教育有保障", 8, BOOL),
    Column("基本医疗有保障", 8, BOOL),
    Column("住房安全有保障", 8, BOOL),
    Column("饮水安全有保障", 8, BOOL),
    CONTACT_COLUMN,
    Column("最近走访日期", 12, DATE),
    # The 批复 of the inclusion: after the columns that were there before, which keep their places.
    Column("批复文号", 20),
    Column("批复日期", 12, DATE),
    Column("国家系统标注", 12, convert=_marking, choices=NationalMarking),
]


def member_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    """The living members only, as 家庭人口数 counts them (household_rows' `size`): a household's rows here add up
    to its 家庭人口数; members who died or moved out are in the household's history, not in this ledger."""
    households = monitored_households(actor, filters).values("pk")
    return (
        Member.objects.visible_to(actor)
        .filter(household__in=households)
        .filter(living_status=LivingStatus.LIVING)
        .order_by("region_path", "household__number", "pk")
        .values_list(
            "household__village__parent__name",
            "household__village__name",
            "household__number",
            "household__head_name",
            "household__monitoring_category",
            "name",
            "id_number",
            "relation",
            "sex",
            "birth_date",
            "ethnicity",
            "education",
            "student_stage",
            "health",
            "disability_grade",
            "disability_type",
            "labour_skill",
            "employment_place",
            "employment_months",
            "medical_insurance",
            "employee_medical_insurance",
            "pension_insurance",
            "assistance_status",
            "living_status",
        )
    )


MEMBER_COLUMNS = [
    Column("乡镇", 12),
    Column("村", 12),
    Column("户编号", 18),
    Column("户主姓名", 10),
    Column("监测对象类别", 14, choices=MonitoringCategory),
    Column("姓名", 10),
    Column("身份证号", 21, ID_NUMBER),
    Column("与户主关系", 10, choices=Relation),
    Column("性别", 6, choices=Sex),
    Column("出生日期", 12, DATE, birth_date=True),
    Column("民族", 8),
    Column("文化程度", 12, choices=Education),
    Column("在校生状况", 12, choices=StudentStage),
    # Health, the disability's grade and kind are hidden from read-only roles (reports.ledgers.base.Column.health,
    # households.privacy.HEALTH_FIELDS), as on the household page and in the API.
    Column("健康状况", 10, choices=Health, health=True),
    Column("残疾等级", 8, choices=DisabilityGrade, health=True),
    Column("残疾类别", 10, health=True),
    Column("劳动技能", 14, choices=LabourSkill),
    Column("务工地点", 10, choices=EmploymentPlace),
    Column("务工时间（月）", 8, NUMBER),
    Column("参加城乡居民基本医疗保险", 10, BOOL),
    Column("参加职工基本医疗保险", 10, BOOL),
    Column("参加城乡居民基本养老保险", 10, BOOL),
    Column("低保/特困", 10, choices=AssistanceStatus),
    Column("人员状态", 8, choices=LivingStatus),
]

LEDGERS = [
    Ledger(
        code="monitored_households",
        name="监测对象台账",
        order=10,
        date_label="纳入监测日期",
        description="在册监测对象户的基本情况、最近年度收支、“两不愁三保障”及饮水情况和帮扶联系人。",
        columns=HOUSEHOLD_COLUMNS,
        rows=household_rows,
        # 003 附件4 reports 户数 and 人数 upward.
        totals=(Total("户编号", COUNT, "户"), Total("家庭人口数", SUM, "人")),
        by_household_kind=True,
    ),
    Ledger(
        code="members",
        name="监测对象家庭成员台账",
        order=20,
        date_label="纳入监测日期",
        description="监测对象户的在世家庭成员（不含已故和迁出的成员，每户行数与监测对象台账的“家庭人口数”一致），"
        "含健康、劳动技能、务工和参保情况。",
        columns=MEMBER_COLUMNS,
        rows=member_rows,
        totals=(Total("姓名", COUNT, "人"),),
        by_household_kind=True,
    ),
]
