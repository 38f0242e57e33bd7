"""The one ledger writer: XLSX through xlsxwriter in constant_memory mode, so a 150,000-row ledger is written
row by row with flat memory (each row goes to a temporary file as soon as it is complete).

Layout (what county offices expect from a 台账): a title row (county + ledger name), a line with the region,
date range, time of generation, who generated it and the ledger's summary, the Chinese header row (frozen, with an
autofilter), then the data, or a "（无数据）" line. Strings are always written as strings (`write_string`, never
`write`, which would turn "=…" into a formula), and any text starting with = + - @ (or a tab / carriage return) is
prefixed with an apostrophe so that a spreadsheet that re-reads the value (CSV round trips, copy-paste) cannot run
it as a formula (OWASP "CSV injection")."""

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.utils import timezone

from config.xlsx import safe_text
from households.privacy import sees_personal_numbers
from reports.filters import current_quarter, quarter_label, region_label
from reports.ledgers.base import DATE, MONEY, NUMBER, Filters, Ledger, cell_converter, identity

HEADER_ROW = 2  # 0: title, 1: filters and generation line, 2: headers
NO_DATA = "（无数据）"  # under the header of an empty ledger, so a printed one does not look like a failed export


def _describe(filters: Filters, ledger: Ledger, actor: Any) -> str:
    parts = [f"区域：{region_label(filters, actor)}"]
    if ledger.date_label:
        start = filters.date_from.isoformat() if filters.date_from else "不限"
        end = filters.date_to.isoformat() if filters.date_to else "不限"
        parts.append(f"{ledger.date_label}：{start} 至 {end}")
    if ledger.by_quarter:
        # A quarterly ledger (就业台账, compared with 人社 quarter by quarter) must say which quarter it is.
        parts.append(f"季度：{quarter_label(filters.extra.get('quarter') or current_quarter())}")
    parts.append(f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}")
    name = actor.get_full_name() or actor.get_username()
    parts.append(f"生成人：{name}")
    summary = ledger.summary(actor, filters) if ledger.summary is not None else ""
    return "　".join([*parts, summary] if summary else parts)


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
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd",
        },
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
    formats = {DATE: date_format, MONEY: money_format}
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width, formats.get(column.kind))
    sheet.set_row(0, 28)
    sheet.merge_range(0, 0, 0, max(last, 0), f"{county_name}{ledger.name}", title)
    sheet.merge_range(1, 0, 1, max(last, 0), _describe(filters, ledger, actor))
    sheet.set_row(HEADER_ROW, 30)
    for index, column in enumerate(columns):
        sheet.write_string(HEADER_ROW, index, column.header, header)
    sheet.freeze_panes(HEADER_ROW + 1, 0)

    unmasked = sees_personal_numbers(actor)
    cells = [_finaliser(cell_converter(column, unmasked=unmasked), column.kind) for column in columns]
    # One write_row per row, with values already in their final type: xlsxwriter dispatches each cell to its
    # typed writer without the per-cell argument checks of the public write_* methods (the raw-xlsxwriter
    # baseline of bench/ledger_export.py writes the same way). Dates and money take their column's format.
    write_row = sheet.write_row
    row_number = HEADER_ROW
    for row in rows:
        row_number += 1
        write_row(row_number, 0, [finish(value) for finish, value in zip(cells, row, strict=True)])
        if on_progress is not None and (row_number - HEADER_ROW) % progress_every == 0:
            on_progress(row_number - HEADER_ROW)
    count = row_number - HEADER_ROW
    sheet.autofilter(HEADER_ROW, 0, max(row_number, HEADER_ROW), max(last, 0))
    if not count:
        if last > 0:
            sheet.merge_range(HEADER_ROW + 1, 0, HEADER_ROW + 1, last, NO_DATA)
        else:
            sheet.write_string(HEADER_ROW + 1, 0, NO_DATA)
    return count


_text = safe_text


def _number(value: Any) -> Any:
    if value is None or value.__class__ in (int, float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return _text(value)


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, dt.date):
        return value
    return _text(value)


FINISH = {NUMBER: _number, MONEY: _number, DATE: _date}


def _finaliser(convert: Callable[[Any], Any], kind: str) -> Callable[[Any], Any]:
    """The column's conversion (labels, masking) followed by the final cell type: numbers and dates stay
    typed, everything else becomes formula-neutralised text."""
    finish = FINISH.get(kind, _text)
    if convert is identity:
        return finish
    return lambda value: finish(convert(value))
