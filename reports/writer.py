"""The one ledger writer: XLSX through xlsxwriter in constant_memory mode, so a 150,000-row ledger is written
row by row with flat memory (each row goes to a temporary file as soon as it is complete).

Layout (what county offices expect from a 台账): a title row (county + ledger name), a line with the region,
date range, time of generation and who generated it, the Chinese header row (frozen, with an autofilter), then
the data. Strings are always written as strings (`write_string`, never `write`, which would turn "=…" into a
formula), and any text starting with = + - @ (or a tab / carriage return) is prefixed with an apostrophe so that
a spreadsheet that re-reads the value (CSV round trips, copy-paste) cannot run it as a formula (OWASP "CSV
injection")."""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import IO, Any

import xlsxwriter
from django.utils import timezone

from reports.ledgers.base import BOOL, DATE, MONEY, NUMBER, Filters, Ledger, cell_converter, sees_personal_numbers

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 32767  # Excel's limit on characters in a cell
HEADER_ROW = 2  # 0: title, 1: filters and generation line, 2: headers


def neutralise(text: str) -> str:
    """'=1+1 instead of =1+1: shown as text, never evaluated."""
    if text and text[0] in FORMULA_STARTS:
        return "'" + text
    return text


def _describe(filters: Filters, ledger: Ledger, actor: Any) -> str:
    parts = [f"区域：{filters.region_name or '全部'}"]
    if ledger.date_label:
        start = filters.date_from.isoformat() if filters.date_from else "不限"
        end = filters.date_to.isoformat() if filters.date_to else "不限"
        parts.append(f"{ledger.date_label}：{start} 至 {end}")
    parts.append(f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}")
    name = actor.get_full_name() or actor.get_username()
    parts.append(f"生成人：{name}")
    return "　".join(parts)


def write_ledger(
    target: str | IO[bytes],
    *,
    ledger: Ledger,
    actor: Any,
    filters: Filters,
    rows: Iterable[tuple[Any, ...]],
    county_name: str,
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
) -> int:
    """Write the ledger's rows to `target` (a path or a binary file object); returns the number of data rows."""
    workbook = xlsxwriter.Workbook(
        target, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    try:
        return _write(workbook, ledger, actor, filters, rows, county_name, on_progress, progress_every)
    finally:
        workbook.close()


def _write(workbook, ledger, actor, filters, rows, county_name, on_progress, progress_every) -> int:
    sheet = workbook.add_worksheet(ledger.name[:31])
    title = workbook.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    header = workbook.add_format(
        {"bold": True, "bg_color": "#DDE7F3", "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    money_format = workbook.add_format({"num_format": "#,##0.00"})
    columns = ledger.columns
    last = len(columns) - 1
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
    sheet.set_row(0, 28)
    sheet.merge_range(0, 0, 0, max(last, 0), f"{county_name}{ledger.name}", title)
    sheet.merge_range(1, 0, 1, max(last, 0), _describe(filters, ledger, actor))
    sheet.set_row(HEADER_ROW, 30)
    for index, column in enumerate(columns):
        sheet.write_string(HEADER_ROW, index, column.header, header)
    sheet.freeze_panes(HEADER_ROW + 1, 0)

    unmasked = sees_personal_numbers(actor)
    cells = [
        (index, cell_converter(column, unmasked=unmasked), _cell_writer(sheet, column.kind, date_format, money_format))
        for index, column in enumerate(columns)
    ]
    row_number = HEADER_ROW
    for row in rows:
        row_number += 1
        for index, convert, write in cells:
            value = convert(row[index])
            if value is None or value == "":
                continue
            write(row_number, index, value)
        if on_progress is not None and (row_number - HEADER_ROW) % progress_every == 0:
            on_progress(row_number - HEADER_ROW)
    count = row_number - HEADER_ROW
    sheet.autofilter(HEADER_ROW, 0, max(row_number, HEADER_ROW), max(last, 0))
    return count


def _cell_writer(sheet: Any, kind: str, date_format: Any, money_format: Any) -> Callable[[int, int, Any], Any]:
    write_string = sheet.write_string
    write_number = sheet.write_number
    write_datetime = sheet.write_datetime

    def text(row: int, col: int, value: Any) -> None:
        value = value if isinstance(value, str) else str(value)
        if value[0] in FORMULA_STARTS:
            value = "'" + value
        write_string(row, col, value[:MAX_CELL])

    def number(row: int, col: int, value: Any) -> None:
        if isinstance(value, int | float):
            write_number(row, col, value)
        else:
            text(row, col, value)

    def money(row: int, col: int, value: Any) -> None:
        if isinstance(value, int | float):
            write_number(row, col, value, money_format)
        else:
            text(row, col, value)

    def date(row: int, col: int, value: Any) -> None:
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        if isinstance(value, dt.date):
            write_datetime(row, col, value, date_format)
        else:
            text(row, col, value)

    if kind == NUMBER:
        return number
    if kind == MONEY:
        return money
    if kind == DATE:
        return date
    if kind == BOOL:
        return text
    return text
