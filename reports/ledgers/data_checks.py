"""数据逻辑问题清单 (seed 004 §三(四) 校验更正数据逻辑问题): every finding of the registry's data checks
(households.data_checks) in the region chosen, check by check, read a chunk at a time through its selectors."""

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from config.chunks import chunked
from households.data_checks import CHECKS, check_counts, check_findings, findings_of
from reports.ledgers.base import ID_NUMBER, Column, Filters, Ledger

CHUNK = 2000


def finding_rows(actor: Any, filters: Filters) -> Iterator[tuple[Any, ...]]:
    today = timezone.localdate()
    for check in CHECKS:
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
            member.id_number if member else "",
            finding.detail,
            check.fix,
        )


def finding_count(actor: Any, filters: Filters) -> int:
    counts = check_counts(actor=actor, today=timezone.localdate(), region_path=filters.region_path)
    return sum(n for _, n in counts)


LEDGERS = [
    Ledger(
        code="data_checks",
        name="数据逻辑问题清单",
        order=95,
        group="档案",
        description="档案数据逻辑校验发现的问题（学段与年龄不符、未满16周岁登记为劳动力、已故仍享受低保等）"
        "和与民政比对的监测户名单，逐条列出处理办法。",
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
    ),
]
