"""帮扶措施台账 (一户一方案、一人一措施, seed 000 §三(三)7): every measure of every household plan, read through
assistance's measure_list so scope stays theirs."""

from typing import Any

from django.db.models import QuerySet

from accounts.choices import Department
from assistance import selectors as assistance
from assistance.choices import MeasureStatus
from reports.ledgers.base import COUNT, DATE, MONEY, SUM, Column, Filters, Ledger, Total, apply_filters


def measure_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    measures = apply_filters(assistance.measure_list(actor=actor), filters, date_field="starts_on")
    return measures.order_by("region_path", "household__number", "starts_on", "pk").values_list(
        "household__village__parent__name",
        "household__village__name",
        "household__number",
        "household__head_name",
        "member__name",
        "measure_type__category__name",
        "measure_type__name",
        "content",
        "responsible_department",
        "responsible_unit",
        "responsible_person",
        "starts_on",
        "ends_on",
        "amount",
        "status",
        "effect_note",
    )


LEDGERS = [
    Ledger(
        code="measures",
        name="帮扶措施台账",
        order=30,
        date_label="开始日期",
        description="各户帮扶方案中的每项措施：落实到的成员、责任单位和责任人、起止日期、金额、进度和成效。",
        columns=[
            Column("乡镇", 12),
            Column("村", 12),
            Column("户编号", 18),
            Column("户主姓名", 10),
            Column("落实到成员", 10, convert=lambda name: name or ""),
            Column("措施类别", 12),
            Column("帮扶措施", 20),
            Column("具体内容", 30),
            Column("责任部门", 16, choices=Department),
            Column("责任单位", 18),
            Column("责任人", 10),
            Column("开始日期", 12, DATE),
            Column("结束日期", 12, DATE),
            Column("金额（元）", 12, MONEY),
            Column("状态", 8, choices=MeasureStatus),
            Column("帮扶成效", 30),
        ],
        rows=measure_rows,
        totals=(Total("帮扶措施", COUNT, "项"), Total("金额（元）", SUM)),
    )
]
