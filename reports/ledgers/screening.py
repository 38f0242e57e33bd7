"""筛查结果台账: the screening worklist as a township or village prints it to visit the households: every result in
the user's scope (visible_to) with its status, the rules' reasons, risks, exclusions and how it was handled."""

from collections.abc import Iterator
from typing import Any

from django.db.models import CharField, QuerySet
from django.db.models.functions import Concat
from django.utils import timezone

from households.choices import HouseholdType, MonitoringCategory, RiskType
from reports.ledgers.base import BOOL, DATE, Column, Filters, Ledger, apply_filters
from screening.choices import ResultStatus
from screening.selectors import line_noter, result_filtered


def _joined(values: list[str] | None) -> str:
    return "；".join(values or [])


def _result_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    """The rows as the columns read them, each followed by its region path and rule codes (for the reasons' note)."""
    # Exported from the worklist: its filters (status, risk type, name) as the page applies them (screening.selectors).
    results = result_filtered(actor=actor, filters=filters.extra.get("worklist") or {})
    return (
        apply_filters(results, filters, date_field="first_hit_on")
        .annotate(handler=Concat("handled_by__last_name", "handled_by__first_name", output_field=CharField()))
        .order_by("region_path", "household__number")
        .values_list(
            "household__village__parent__name",
            "household__village__name",
            "household__number",
            "household__head_name",
            "household__household_type",
            "household__monitoring_category",
            "status",
            "is_current",
            "first_hit_on",
            "reasons",
            "risk_types",
            "exclusion_reasons",
            "handler",
            "handled_at__date",
            "handle_note",
            "override_reason",
            "region_path",
            "rule_codes",
        )
    )


REASONS = 9  # the 命中原因 column


def screening_result_rows(actor: Any, filters: Filters) -> Iterator[tuple[Any, ...]]:
    """The reasons as the worklist words them (screening.selectors.line_noter: a hit against an earlier year's line
    says this year's is not entered)."""
    noted = line_noter(on_date=timezone.localdate())
    for *row, region_path, rule_codes in _result_rows(actor, filters).iterator(chunk_size=2000):
        row[REASONS] = noted(region_path, row[REASONS], rule_codes)
        yield tuple(row)


def screening_result_count(actor: Any, filters: Filters) -> int:
    return _result_rows(actor, filters).order_by().count()


LEDGERS = [
    Ledger(
        code="screening_results",
        name="筛查结果台账",
        order=25,
        group="集中排查",
        date_label="首次命中日期",
        by_worklist=True,
        description="系统筛查命中的农户：处理状态、命中原因、风险类型、排除情形和处理情况，供入户核实。"
        "在此导出为各状态；在筛查结果页面导出的，按该页所选的状态、风险类型和户主或户编号筛选，与页面所列一致。",
        columns=[
            Column("乡镇", 12),
            Column("村", 12),
            Column("户编号", 18),
            Column("户主姓名", 10),
            Column("户类型", 10, choices=HouseholdType),
            Column("监测对象类别", 14, choices=MonitoringCategory),
            Column("处理状态", 16, choices=ResultStatus),
            Column("当前仍命中", 8, BOOL),
            Column("首次命中日期", 12, DATE),
            # The serious-illness reason names the ill members: read-only roles read how many (DOMAIN.md "Privacy").
            Column("命中原因", 48, convert=_joined, health_in_text=True),
            Column("风险类型", 20, choices=RiskType),
            Column("排除情形", 24, convert=_joined),
            Column("处理人", 10),
            Column("处理日期", 12, DATE),
            Column("处理说明", 30),
            Column("不予排除的理由", 24),
        ],
        rows=screening_result_rows,
        count=screening_result_count,
    )
]
