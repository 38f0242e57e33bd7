"""本月未录入信息农户清单 (seed 004 §三(五): 每月20日前镇村完成脱贫人口和监测对象…信息录入): the lifted-out and
monitored households with nothing entered this month, as /reports/entry/ lists them (reports.selectors.entry says
what counts as entered). Read from visible_to(actor), so a village cadre gets its own village's rows.

Always this month, whatever dates the reports page chose: a past month cannot be told again, since a 帮扶措施 or a
就业台账 row keeps only the time of its latest change (an entry in October edited in December would read as none in
October). The page, the file's filter line and the export's record say so (MSG_THIS_MONTH_ONLY, this_month_words)."""

from typing import Any

from django.db.models import CharField, QuerySet, Value

from assistance.contact_shown import contact_name_expression
from reports.ledgers.base import COUNT, DATE, Column, Filters, Ledger, Total
from reports.ledgers.visits import DUE_HOUSEHOLD_COLUMNS
from reports.selectors.entry import entered, entry_households, entry_missing, entry_month, missing_rows
from reports.sheets import cn_date

MSG_THIS_MONTH_ONLY = "只统计本月（{month}月1日至今天），不按所选日期筛选"
MSG_SUMMARY = (
    "{only}。{year}年{month}月信息录入，截止日{deadline}（{status}）："
    "应录入 {due} 户，本月已录入 {done} 户，未录入 {missing} 户。"
    "本月已录入指本月有走访、变更记录、帮扶措施或就业台账的录入。"
)


def _kind(filters: Filters) -> str:
    return filters.extra.get("household_kind") or ""


def this_month_words(filters: Filters) -> str:
    """The month read, as the export's record names it (Ledger.period)."""
    month = entry_month()
    return f"统计月份：{month.today.year}年{month.today.month}月（本月1日至今天，不按所选日期）"


def entry_missing_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    month = entry_month()
    households = entry_missing(actor, month=month, region_path=filters.region_path, kind=_kind(filters))
    return (
        missing_rows(households, month.today)
        .annotate(
            contact=contact_name_expression(),
            status=Value(month.status, output_field=CharField()),
        )
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
            "last_entry",
            "status",
        )
    )


def entry_summary(actor: Any, filters: Filters) -> str:
    month = entry_month()
    households = entry_households(actor, region_path=filters.region_path, kind=_kind(filters))
    due = households.count()
    done = households.filter(entered(month)).count()
    return MSG_SUMMARY.format(
        only=MSG_THIS_MONTH_ONLY.format(month=month.today.month),
        year=month.today.year,
        month=month.today.month,
        deadline=cn_date(month.deadline),
        status=month.status,
        due=due,
        done=done,
        missing=due - done,
    )


LEDGERS = [
    Ledger(
        code="entry_missing",
        name="本月未录入信息农户清单",
        order=34,
        description="只统计本月（1日至今天），不按上方所选日期筛选。脱贫户和监测对象中本月还没有录入任何信息的：没有走访记录、农户或成员信息及年度收支的变更记录、"
        "帮扶措施或就业台账的录入。县里设定的截止日（默认每月20日）前为“本月待录入”，过了截止日为“逾期未录入”。",
        columns=[
            *DUE_HOUSEHOLD_COLUMNS,
            Column("最近一次录入日期", 12, DATE),
            Column("录入状态", 12),
        ],
        rows=entry_missing_rows,
        summary=entry_summary,
        period=this_month_words,
        totals=(Total("户编号", COUNT, "户"),),
        by_household_kind=True,
    ),
]
