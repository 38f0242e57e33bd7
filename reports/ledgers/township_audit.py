"""乡镇审核汇总名单 as XLSX: the rows of the township's printed list (workflow.selectors_township_summary), for the
period chosen as the ledgers' date range (the township audit's day) and the region chosen. Headed as the printed list
is (summary_cover): a list of the county (the county chosen as its region, or 全部 by a county user) is titled by
the county with a 乡镇 column and stamped by 填报单位 whatever townships its rows are from; otherwise a 乡镇 column for
several townships, the one township listed named in the title, on the stamp line and in the file's name."""

from dataclasses import replace
from decimal import Decimal
from typing import Any

from reports.ledgers.base import COUNT, DATE, MONEY, NUMBER, SUM, Column, Filters, Ledger, Total
from workflow.selectors_township_summary import (
    TITLE,
    summary_cover,
    summary_title_place,
    township_audit_summary,
    township_audit_summary_cases,
)


def _filters(filters: Filters) -> dict[str, Any]:
    return {"village": filters.region_path, "date_from": filters.date_from, "date_to": filters.date_to}


def township_audit_rows(actor: Any, filters: Filters) -> list[tuple[Any, ...]]:
    return [
        (
            row.township,  # dropped by the shape when the list has no 乡镇 column
            row.village,
            row.head_name,
            row.members_count,
            f"{row.household_type}／{row.case_type}" if row.household_type else row.case_type,
            row.risks,
            Decimal(row.income) if row.income is not None else None,
            row.income_year,
            row.review_on or row.review_note or None,  # 评议公示中 as on the printed page, while it runs
            row.review_corrected_on,  # the review again after a 退回村级补正, beside the one the publicity followed
            row.publicity_from,
            row.publicity_to,
            row.audit_name,
            row.audit_on,
            row.opinion,
        )
        for row in township_audit_summary(actor=actor, filters=_filters(filters))
    ]


def township_audit_count(actor: Any, filters: Filters) -> int:
    return township_audit_summary_cases(actor=actor, filters=_filters(filters)).count()


def township_audit_shape(
    *, ledger: Ledger, actor: Any, filters: Filters, rows: Any, place: str
) -> tuple[Ledger, list[tuple[Any, ...]], str]:
    rows = list(rows)
    cover = summary_cover(actor=actor, townships=[row[0] for row in rows], region_path=filters.region_path)
    if not cover.township_column:
        ledger = replace(ledger, columns=ledger.columns[1:])
        rows = [row[1:] for row in rows]
    # Titled as the printed page is (summary_title: the place, then TITLE); the file keeps the ledger's name.
    return replace(ledger, name=TITLE, sign_unit=cover.stamp, shape=None), rows, summary_title_place(place, cover)


def township_audit_file_place(actor: Any, filters: Filters, place: str) -> str:
    """The file is named as its title reads: a list of one township (not the county's) names that township."""
    townships = [row[0] for row in township_audit_rows(actor, filters)]
    return summary_title_place(place, summary_cover(actor=actor, townships=townships, region_path=filters.region_path))


LEDGERS = [
    Ledger(
        code="township_audit",
        name="乡镇审核汇总名单",
        order=56,  # after the case ledgers (reports.ledgers.cases)
        date_label="乡镇审核日期",
        description="处于或已过乡镇审核环节的农户（不含已撤回），按村排列，附村级评议、公示日期和乡镇审核意见；"
        "村级评议与公示合并进行、尚在公示期的，评议日期写“评议公示中”；"
        "退回村级补正后村级重新评议、未重新公示的，评议日期为公示前的评议日期，重新评议的日期另列“村级评议补正日期”；"
        "审核日期为办理日期，尚待审核的不填（按进入该环节的日期计入所选期间）。",
        rows=township_audit_rows,
        count=township_audit_count,
        sign_unit="乡镇",  # the shape names the township (or 填报单位 for several)
        shape=township_audit_shape,
        file_place=township_audit_file_place,
        columns=[
            Column("乡镇", 12),
            Column("村", 12),
            Column("户主", 10),
            Column("人口数", 8, NUMBER),
            Column("户类型/识别类型", 24),
            Column("主要风险", 20),
            Column("人均纯收入（元）", 14, MONEY),
            Column("收入年度", 8, NUMBER),
            Column("村级评议日期", 12, DATE),
            Column("村级评议补正日期", 12, DATE),
            Column("村级公示开始", 12, DATE),
            Column("村级公示截止", 12, DATE),
            Column("审核环节", 12),
            Column("审核日期", 12, DATE),
            Column("乡镇审核意见", 30),
        ],
        totals=(Total("户主", COUNT, "户"), Total("人口数", SUM, "人")),
    )
]
