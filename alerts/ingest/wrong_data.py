"""Rows re-sent unchanged after the village verified their alert 部门数据有误 (alerts.ingest.raising holds them back):
how the upload's result says them, and the error workbook's sheet listing them with the note for the department."""

import tempfile
from typing import Any

from django.core.files import File

from alerts.ingest import raising, staging
from households.registry_import.reader import kept_columns
from households.registry_import.workbook import write_error_workbook

# Rows re-sent unchanged after the village verified their alert 部门数据有误 (alerts.ingest.raising).
MSG_WRONG_DATA = (
    "另有 {n} 条已核实为部门数据有误、未改正，未生成预警：{rows}。请按村里的说明核对改正（姓名、身份证号）后再报送；"
    "这些行也列在错误清单的“{sheet}”表中。"
)
MSG_WRONG_ROW = "第 {line} 行（{note}）"
WRONG_DATA_SHEET = "部门数据有误未改正"
MSG_WRONG_REASON = "已核实为部门数据有误、未改正：{note}"


def wrong_data_message(done: raising.Raised) -> str:
    if not done.wrong:
        return ""
    shown = "、".join(
        MSG_WRONG_ROW.format(line=line, note=note) for line, _, note in done.wrong_rows[: raising.HELD_LINES]
    )
    more = "等" if done.wrong > raising.HELD_LINES else ""
    return MSG_WRONG_DATA.format(n=done.wrong, rows=shown + more, sheet=WRONG_DATA_SHEET)


def wrong_data_workbook(cursor: Any, staged: Any, numbers: frozenset[int], counts: Any, rows: list[Any]) -> File:
    """The error workbook with the rows held back as 部门数据有误、未改正 on a sheet of their own, each with the note
    the village wrote for the department: the file's own cells of those few lines (raising.HELD_LINES + 1 at most).
    Written again only when there are such rows; the error rows, if any, as the first workbook had them."""
    keep = kept_columns(staged.header)
    cells = raising.raw_cells(cursor, keep, [line for line, _, _ in rows])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the caller (_finish)
    write_error_workbook(
        handle,
        header=staged.header,
        rows=staging.error_rows(keep) if counts.rows_error else None,  # no empty 错误清单 sheet
        warnings=[(line, cells.get(line, ""), MSG_WRONG_REASON.format(note=note)) for line, _, note in rows],
        warnings_sheet=WRONG_DATA_SHEET,
        numbers=numbers,
    )
    return File(handle, name="errors.xlsx")
