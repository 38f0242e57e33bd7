"""帮扶措施台账 (一户一方案、一人一措施, seed 000 §三(三)7): every measure of every household plan, read through
assistance's measure_list so scope stays theirs.

The money is split by what it is: a row's 金额 is what was entered, whatever the status; 已落实金额 repeats it for the
measures done or under way (已完成、实施中), 计划金额 for those only planned (计划中), and a stopped measure (已终止)
is in neither. The 合计 row adds up the two, never 金额, so the total is not help that was planned or stopped passed
off as given. 逾期未办结 marks a measure past its end date still open (003 §二1(1): 措施…时限…逐项逐条核实销号),
已到开始日期未实施 one past its start date still planned (assistance.measure_flags)."""

from typing import Any

from django.db.models import Case, DecimalField, F, Q, QuerySet, Sum, When

from accounts.choices import Department
from assistance import selectors as assistance
from assistance.choices import MeasureStatus
from assistance.measure_flags import LATE_START
from households.choices import HouseholdType, MonitoringCategory, RiskType
from reports.ledgers.base import COUNT, DATE, MONEY, SUM, YES, Column, Filters, Ledger, Total, apply_filters

PUT_IN_PLACE = (MeasureStatus.DONE, MeasureStatus.IN_PROGRESS)
AMOUNT_PUT_IN_PLACE = "已落实金额（元）"
AMOUNT_PLANNED = "计划金额（元）"
OVERDUE = "逾期未办结"
MSG_SUMMARY = (
    "金额合计：已落实（已完成、实施中）{in_place:,.2f}元，计划中{planned:,.2f}元；已终止的措施{stopped:,.2f}元不计入合计。"
    "逾期未办结：已过结束日期，仍为计划中或实施中。已到开始日期未实施：已过开始日期，仍为计划中。"
)


def _amount_when(*statuses: str) -> Case:
    return Case(When(status__in=statuses, then=F("amount")), default=None, output_field=DecimalField())


def _measures(actor: Any, filters: Filters) -> QuerySet[Any]:
    return apply_filters(assistance.measure_list(actor=actor), filters, date_field="starts_on")


def measure_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    measures = _measures(actor, filters).annotate(
        amount_in_place=_amount_when(*PUT_IN_PLACE), amount_planned=_amount_when(MeasureStatus.PLANNED)
    )
    return measures.order_by("region_path", "household__number", "starts_on", "pk").values_list(
        "household__village__parent__name",
        "household__village__name",
        "household__number",
        "household__head_name",
        "household__household_type",
        "household__monitoring_category",
        "household__risk_types",
        "member__name",
        "measure_type__category__name",
        "measure_type__name",
        "content",
        "mismatch_reason",
        "responsible_department",
        "responsible_unit",
        "responsible_person",
        "starts_on",
        "ends_on",
        "completed_on",
        "status",
        "overdue",
        "late_start",
        "amount",
        "amount_in_place",
        "amount_planned",
        "progress_note",
        "effect_note",
    )


def measure_summary(actor: Any, filters: Filters) -> str:
    sums = _measures(actor, filters).aggregate(
        in_place=Sum("amount", filter=Q(status__in=PUT_IN_PLACE)),
        planned=Sum("amount", filter=Q(status=MeasureStatus.PLANNED)),
        stopped=Sum("amount", filter=Q(status=MeasureStatus.STOPPED)),
    )
    return MSG_SUMMARY.format(**{name: value or 0 for name, value in sums.items()})


LEDGERS = [
    Ledger(
        code="measures",
        name="帮扶措施台账",
        order=30,
        date_label="开始日期",
        description="各户帮扶方案中的每项措施：户类型、监测对象类别和风险类型，落实到的成员、责任单位和责任人、起止和完成日期、进度、是否逾期、"
        "是否已到开始日期未实施、金额、实施情况和帮扶成效。"
        "合计只加已落实（已完成、实施中）和计划中的金额，已终止的不计入。",
        columns=[
            Column("乡镇", 12),
            Column("村", 12),
            Column("户编号", 18),
            Column("户主姓名", 10),
            # 缺什么补什么 (000 §四): who the household is and what it is at risk of, beside what it was given.
            Column("户类型", 10, choices=HouseholdType),
            Column("监测对象类别", 14, choices=MonitoringCategory),
            Column("风险类型", 28, choices=RiskType),
            Column("落实到成员", 10, convert=lambda name: name or ""),
            Column("措施类别", 12),
            Column("帮扶措施", 20),
            Column("具体内容", 30),
            # 缺什么补什么 (003 §二3(1)): why a measure the rules asked about (answering none of the household's risks,
            # the safety net for a household that can work, a second one for a single risk) was added all the same.
            Column("仍要添加的理由（缺什么补什么）", 24),
            Column("责任部门", 16, choices=Department),
            Column("责任单位", 18),
            Column("责任人", 10),
            Column("开始日期", 12, DATE),
            Column("结束日期", 12, DATE),
            Column("完成日期", 12, DATE),
            Column("状态", 8, choices=MeasureStatus),
            Column(OVERDUE, 10, convert=lambda overdue: "是" if overdue else ""),
            Column(LATE_START, 12, convert=lambda late: "是" if late else ""),
            Column("金额（元）", 12, MONEY),
            Column(AMOUNT_PUT_IN_PLACE, 14, MONEY),
            Column(AMOUNT_PLANNED, 14, MONEY),
            # 实施情况 while under way, 帮扶成效 once closed (PlanMeasure.progress_note, effect_note).
            Column("实施情况", 30),
            Column("帮扶成效", 30),
        ],
        rows=measure_rows,
        summary=measure_summary,
        totals=(
            Total("帮扶措施", COUNT, "项"),
            Total(OVERDUE, YES, "项"),
            Total(LATE_START, YES, "项"),
            Total(AMOUNT_PUT_IN_PLACE, SUM),
            Total(AMOUNT_PLANNED, SUM),
        ),
    )
]
