"""数据逻辑问题清单 (seed 004 §三(四) 校验更正数据逻辑问题): every finding of the registry's data checks
(households.data_checks) in the region chosen, check by check, read a chunk at a time through its selectors.

The errors come first, then what is to be checked, and the monthly comparison list with 民政 (not an error) last,
and the summary counts each kind, so the 逻辑错误 rows are the home tile's "数据逻辑问题" count."""

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from config.chunks import chunked
from households.data_checks import (
    CHECKS,
    COMPARE,
    ERROR,
    KIND_LABELS,
    REVIEW,
    check_counts,
    check_findings,
    findings_of,
    kind_totals,
)
from reports.ledgers.base import ID_NUMBER, Column, Filters, Ledger

CHUNK = 2000
KIND_ORDER = [ERROR, REVIEW, COMPARE]
MSG_SUMMARY = (
    "逻辑错误 {error} 条、需核实 {review} 条（首页“数据逻辑问题”计逻辑错误条数），列在前面；"
    "与民政比对的监测户名单 {compare} 条，列在最后，是比对名单，不是错误。"
)


def finding_rows(actor: Any, filters: Filters) -> Iterator[tuple[Any, ...]]:
    today = timezone.localdate()
    # Errors, then what is to be checked, then the comparison list: whatever order the registry lists its checks in.
    for check in sorted(CHECKS, key=lambda check: KIND_ORDER.index(check.kind)):
        rows = check_findings(actor=actor, check=check, today=today, region_path=filters.region_path)
        for batch in chunked(rows.iterator(chunk_size=CHUNK), CHUNK):
            yield from _lines(check, batch, today)


def _lines(check: Any, rows: list[Any], today: Any) -> Iterator[tuple[Any, ...]]:
    for finding in findings_of(check, rows, today):
        household, member = finding.household, finding.member
        yield (
            check.kind_label,
            check.label,
            household.village.parent.name,
            household.village.name,
            household.number,
            household.head_name,
            member.name if member else "",
            # A household's finding: its head's (the 民政 comparison list is by ID number), empty without one; a
            # member's "" is a baby without a number yet, shown 暂无.
            finding.id_number if member is not None else (finding.id_number or None),
            finding.detail,
            check.fix,
        )


def kind_counts(actor: Any, filters: Filters) -> dict[str, int]:
    """The findings of each kind (error, review, compare) in the region chosen."""
    totals = dict.fromkeys(KIND_LABELS, 0)
    for check, count in check_counts(actor=actor, today=timezone.localdate(), region_path=filters.region_path):
        totals[check.kind] += count
    return totals


def finding_count(actor: Any, filters: Filters) -> int:
    return sum(kind_counts(actor, filters).values())


def finding_summary(actor: Any, filters: Filters) -> str:
    """The counts the home page keeps (households.data_checks.kind_totals, until the registry is next written): the
    reports page shows them on every load."""
    return MSG_SUMMARY.format(**kind_totals(actor=actor, today=timezone.localdate(), region_path=filters.region_path))


LEDGERS = [
    Ledger(
        code="data_checks",
        name="数据逻辑问题清单",
        order=95,
        group="档案",
        description="档案数据逻辑校验发现的问题，逐条列出处理办法：先列逻辑错误（学段与年龄不符、未满16周岁登记为劳动力、"
        "已故仍享受低保等，即首页“数据逻辑问题”所计），再列需核实的；与民政比对的监测户名单（比对，不是错误）列在最后。",
        columns=[
            Column("问题类别", 10),
            Column("校验项", 28),
            Column("乡镇", 12),
            Column("村", 12),
            Column("户编号", 18),
            Column("户主姓名", 10),
            Column("成员姓名", 10),
            Column("身份证号", 21, ID_NUMBER),
            Column("问题说明", 36),
            Column("处理办法", 48),
        ],
        rows=finding_rows,
        count=finding_count,
        summary=finding_summary,
    ),
]
