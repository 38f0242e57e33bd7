"""部门预警汇总表: the 预警汇总 page's two tables (alerts.selectors_summary) in one sheet, the rows by township (a
township's: by village) and then by department, each followed by its 合计 (no 序号, and not counted as a row of the
export: Ledger.subtotal). 涉及人数 beside 预警数, as on the page: one row can raise two alerts (⑥: uninsured and over
the amount), and a 合计 counts each person once."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from alerts.selectors_summary import OUTCOME_HEADERS, SummaryRow, alert_summary, summary_level
from reports.ledgers.base import NUMBER, Column, Filters, Ledger

TOTAL = "合计"


def is_total(row: tuple[Any, ...]) -> bool:
    return row[1] == TOTAL


def _cells(group: str, name: str, row: SummaryRow) -> tuple[Any, ...]:
    counts = (row.total, row.people, row.pending, row.overdue, row.county, row.verified)
    return (group, name, *counts, *(n for _, n in row.outcome_counts), row.on_time_rate)


def summary_rows(actor: Any, filters: Filters) -> Iterator[tuple[Any, ...]]:
    """A small computed table: a few dozen rows, counted in two GROUP BY queries."""
    today = timezone.localdate()
    start, end = filters.date_from or dt.date(today.year, 1, 1), filters.date_to or today
    summary = alert_summary(actor=actor, start=start, end=end, within=filters.region_path)
    by_region = f"按{summary.level_label}"
    for row in summary.regions:
        yield _cells(by_region, row.label, row)
    yield _cells(by_region, TOTAL, summary.region_total)
    for row in summary.departments:
        yield _cells("按报送部门", row.label, row)
    yield _cells("按报送部门", TOTAL, summary.department_total)


LEDGERS = [
    Ledger(
        code="alert_summary",
        name="部门预警汇总表",
        order=41,
        group="部门数据",
        date_label="预警日期",
        description="按乡镇（乡镇用户按村）和按报送部门汇总的预警数、涉及人数（同一人多条预警计一人）、待核实、已逾期、已上报县级、已核实、各核实结果和"
        "按时核实率（不选日期时为本年至今天）。",
        columns=[
            Column("汇总方式", 10),
            Column("乡镇/村/部门", 20),
            Column("预警数", 8, NUMBER),
            Column("涉及人数", 8, NUMBER),
            Column("待核实", 8, NUMBER),
            Column("其中已逾期", 10, NUMBER),
            Column("已上报县级", 10, NUMBER),
            Column("已核实", 8, NUMBER),
            *(Column(label, 10, NUMBER) for _, label in OUTCOME_HEADERS),
            Column("按时核实率（%）", 12, NUMBER, convert=lambda rate: "—" if rate is None else rate),
        ],
        rows=summary_rows,
        subtotal=is_total,
        count=lambda actor, filters: sum(1 for row in summary_rows(actor, filters) if not is_total(row)),
        available=lambda actor: summary_level(actor) is not None,
    ),
]
