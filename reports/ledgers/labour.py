"""脱贫劳动力就业台账 (seed 004 §四, quarterly with 人社): the quarter's employment records the assistance app
keeps (帮扶措施 → 劳动力就业, one row per working-age member with labour capacity of lifted-out and monitored
households), read through assistance's employment_list, and the labourers due that quarter still without a record
(登记情况 未登记), so that the ones a township has to register are on the list it works from. A quarter without
records lists every labourer as 未登记; the reports page then says to generate the quarter's records there first."""

from collections.abc import Iterator
from typing import Any

from django.db.models import BooleanField, CharField, DecimalField, F, PositiveSmallIntegerField, Value
from django.db.models.functions import Coalesce

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

MSG_NO_RECORDS = (
    "{quarter}还没有劳动力就业记录，台账中的劳动力均为“未登记”。请先在“帮扶措施 → 劳动力就业”中生成该季度台账。"
)


def quarter_of(filters: Filters) -> tuple[int, int]:
    return filters.extra.get("quarter") or current_quarter()


# 登记情况: the ledger lists every labourer due this quarter, so the township chasing the ones missing and the county
# comparing with 人社 work from one list, village by village, a missing member beside the rest of their household
# (rather than a second sheet a township would have to merge back by hand).
STATUS = "登记情况"
REGISTERED = "已登记"
UNREGISTERED = "未登记"
_HOUSEHOLD = (
    "household__village__parent__name",
    "household__village__name",
    "household__number",
    "household__head_name",
    "household__household_type",
    "household__monitoring_category",
    "household__phone",
)
_PERSON = ("name", "id_number", "sex", "birth_date", "labour_skill")
# The record's cells, empty for a labourer without one: typed, so both halves of the union agree.
_RECORD = {
    "employed": BooleanField(),
    "place": CharField(),
    "months": PositiveSmallIntegerField(),
    "monthly_income": DecimalField(max_digits=10, decimal_places=2),
    "public_welfare_post": BooleanField(),
    "note": CharField(),
}
# The rows' order, the same in both halves: by region, household and member; cut off each row before it is written.
_ORDER = ("sort_region", "sort_household", "sort_member")
_RECORD_SHOWN = [("shown_months" if name == "months" else name) for name in _RECORD]
_WIDTH = len(_HOUSEHOLD) + len(_PERSON) + 1 + len(_RECORD)
_CHUNK = 2000


def labour_rows(actor: Any, filters: Filters) -> Iterator[tuple[Any, ...]]:
    """The quarter's records (已登记) and the labourers due without one (未登记, the record's cells empty): one
    UNION ALL sorted by the database and read with a server-side cursor, two set-based reads whatever the county."""
    quarter = quarter_of(filters)
    records = (
        apply_filters(assistance.employment_list(actor=actor, quarter=quarter), filters)
        .order_by()
        .annotate(
            status=Value(REGISTERED),
            sort_region=F("region_path"),
            sort_household=F("household__number"),
            sort_member=F("member_id"),
            # A record's months not known (待补充) apart from a labourer without a record (blank).
            shown_months=Coalesce("months", Value(MONTHS_TO_COMPLETE)),
        )
        .values_list(*_HOUSEHOLD, *(f"member__{name}" for name in _PERSON), "status", *_RECORD_SHOWN, *_ORDER)
    )
    unregistered = assistance.employment_to_register(actor=actor, quarter=quarter, filters={"registered": False})
    missing = (
        apply_filters(unregistered, filters)
        .order_by()
        .annotate(
            status=Value(UNREGISTERED),
            sort_region=F("region_path"),
            sort_household=F("household__number"),
            sort_member=F("pk"),
            **{f"no_{name}": Value(None, output_field=field) for name, field in _RECORD.items()},
        )
        .values_list(*_HOUSEHOLD, *_PERSON, "status", *(f"no_{name}" for name in _RECORD), *_ORDER)
    )
    rows = records.union(missing, all=True).order_by(*_ORDER)
    return (row[:_WIDTH] for row in rows.iterator(chunk_size=_CHUNK))


def labour_count(actor: Any, filters: Filters) -> int:
    """The rows of the ledger: every labourer due this quarter (a record belongs to one of them: employment_list)."""
    return apply_filters(assistance.employment_members(actor=actor, quarter=quarter_of(filters)), filters).count()


def has_records(*, actor: Any, quarter: tuple[int, int]) -> bool:
    return assistance.employment_list(actor=actor, quarter=quarter).exists()


MSG_COUNTS = "{quarter}应登记 {due} 人，已登记 {recorded} 人"
MSG_TO_COMPLETE = "，其中待补充 {to_complete} 人（本年务工时间不详）"
MSG_MISSING = "未登记的 {missing} 人也列在台账中（登记情况为“未登记”），请在“帮扶措施 → 劳动力就业”中补登。"
# A row generated from a registry that does not say how long this year (assistance.services.employment
# .registry_months): the cell says so instead of a blank a reader would take for 0.
TO_COMPLETE = "待补充"

# How labour_rows reads a record's unknown months (NULL), so that the cell says 待补充 while a labourer without a
# record, whose months are NULL too, has a blank there.
MONTHS_TO_COMPLETE = -1


def _months(months: int | None) -> int | str | None:
    return TO_COMPLETE if months == MONTHS_TO_COMPLETE else months


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
        "应登记而未登记的劳动力也列出（登记情况为“未登记”）；按所选季度导出，默认本季度。",
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
            Column(STATUS, 10),
            Column("是否务工就业", 8, BOOL),
            Column("务工地点", 10, choices=EmploymentPlace),
            Column("本年务工时间（月）", 8, NUMBER, convert=_months),
            Column("月均务工收入（元）", 12, MONEY),
            Column("公益性岗位", 8, BOOL),
            Column("备注", 20),
        ],
        rows=labour_rows,
        count=labour_count,
        # 劳动力人数 (应登记), of whom 已登记 and 未登记 (one cell), 已务工 and on a 公益性岗位: the counts compared
        # with 人社 each quarter, and the ones a township still has to register.
        totals=(
            Total("姓名", COUNT, "人"),
            Total(STATUS, YES, "人", label=REGISTERED, reads=REGISTERED),
            Total(STATUS, YES, "人", label=UNREGISTERED, reads=UNREGISTERED),
            Total("是否务工就业", YES, "人"),
            Total("公益性岗位", YES, "人"),
        ),
        summary=lambda actor, filters: registration_summary(actor=actor, quarter=quarter_of(filters), filters=filters),
    ),
]
