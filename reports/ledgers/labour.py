"""脱贫劳动力就业台账 (seed 004 §四, quarterly with 人社): the quarter's employment records the assistance app
keeps (帮扶措施 → 劳动力就业, one row per working-age member with labour capacity of lifted-out and monitored
households), read through assistance's employment_list. A quarter without records gives an empty ledger; the
reports page then says to generate the quarter's records there first."""

from typing import Any

from django.db.models import QuerySet

from assistance import selectors as assistance
from households.choices import EmploymentPlace, HouseholdType, LabourSkill, MonitoringCategory, Sex
from reports.filters import current_quarter, quarter_label
from reports.ledgers.base import (
    BOOL,
    COUNT,
    DATE,
    ID_NUMBER,
    MONEY,
    NUMBER,
    PHONE,
    YES,
    Column,
    Filters,
    Ledger,
    Total,
    apply_filters,
)

MSG_NO_RECORDS = "{quarter}还没有劳动力就业记录，台账为空。请先在“帮扶措施 → 劳动力就业”中生成该季度台账。"


def quarter_of(filters: Filters) -> tuple[int, int]:
    return filters.extra.get("quarter") or current_quarter()


def labour_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    records = assistance.employment_list(actor=actor, quarter=quarter_of(filters))
    return (
        apply_filters(records, filters)
        .order_by("region_path", "household__number", "member_id")
        .values_list(
            "household__village__parent__name",
            "household__village__name",
            "household__number",
            "household__head_name",
            "household__household_type",
            "household__monitoring_category",
            "household__phone",
            "member__name",
            "member__id_number",
            "member__sex",
            "member__birth_date",
            "member__labour_skill",
            "employed",
            "place",
            "months",
            "monthly_income",
            "public_welfare_post",
            "note",
        )
    )


def has_records(*, actor: Any, quarter: tuple[int, int]) -> bool:
    return assistance.employment_list(actor=actor, quarter=quarter).exists()


MSG_COUNTS = "{quarter}应登记 {due} 人，已登记 {recorded} 人"
MSG_TO_COMPLETE = "，其中待补充 {to_complete} 人（本年务工时间不详）"
MSG_MISSING = "未登记的 {missing} 人不在台账中。"
# A row generated from a registry that does not say how long this year (assistance.services.employment
# .registry_months): the cell says so instead of a blank a reader would take for 0.
TO_COMPLETE = "待补充"


def _months(months: int | None) -> int | str:
    return TO_COMPLETE if months is None else months


def registration_summary(*, actor: Any, quarter: tuple[int, int], filters: Filters | None = None) -> str:
    """How complete the quarter's ledger is: the members who should be registered (assistance's
    employment_members: working-age at the quarter's end, able to work, of lifted-out or monitored households)
    against the records of the quarter (only theirs: employment_list, as the rows), so a ledger holding a sixth
    of them does not pass for the whole; and of those records, the ones whose months are 待补充. Both within the
    region chosen, as the rows are (seed 004 §(六): the ledger is built per 镇(街) each quarter): a township's file
    must not read the county's gap as its own."""
    filters = filters or Filters()
    due = apply_filters(assistance.employment_members(actor=actor, quarter=quarter), filters).count()
    records = apply_filters(assistance.employment_list(actor=actor, quarter=quarter), filters)
    recorded = records.count()
    to_complete = records.filter(months__isnull=True).count() if recorded else 0
    text = MSG_COUNTS.format(quarter=quarter_label(quarter), due=due, recorded=recorded)
    text += (MSG_TO_COMPLETE.format(to_complete=to_complete) if to_complete else "") + "。"
    if recorded < due:
        text += MSG_MISSING.format(missing=due - recorded)
    return text


LEDGERS = [
    Ledger(
        code="labour_employment",
        name="脱贫劳动力就业台账",
        order=35,
        by_quarter=True,
        description="按季度登记的脱贫户和监测户劳动力就业情况（帮扶措施 → 劳动力就业），与人社部门按季度比对；"
        "按所选季度导出，默认本季度。",
        columns=[
            Column("乡镇", 12),
            Column("村", 12),
            Column("户编号", 18),
            Column("户主姓名", 10),
            Column("户类型", 10, choices=HouseholdType),
            Column("监测对象类别", 14, choices=MonitoringCategory),
            Column("联系电话", 14, PHONE),
            Column("姓名", 10),
            Column("身份证号", 21, ID_NUMBER),
            Column("性别", 6, choices=Sex),
            Column("出生日期", 12, DATE, birth_date=True),
            Column("劳动技能", 16, choices=LabourSkill),
            Column("是否务工就业", 8, BOOL),
            Column("务工地点", 10, choices=EmploymentPlace),
            Column("本年务工时间（月）", 8, NUMBER, convert=_months),
            Column("月均务工收入（元）", 12, MONEY),
            Column("公益性岗位", 8, BOOL),
            Column("备注", 20),
        ],
        rows=labour_rows,
        # 劳动力人数, of whom 已务工 and on a 公益性岗位: the counts compared with 人社 each quarter.
        totals=(Total("姓名", COUNT, "人"), Total("是否务工就业", YES, "人"), Total("公益性岗位", YES, "人")),
        summary=lambda actor, filters: registration_summary(actor=actor, quarter=quarter_of(filters), filters=filters),
    ),
]
