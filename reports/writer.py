"""The one ledger writer: XLSX through xlsxwriter in constant_memory mode, so a 150,000-row ledger is written
row by row with flat memory (each row goes to a temporary file as soon as it is complete).

Layout (what county offices expect from a 台账): a title row (the place — the region chosen, else the user's scope —
and the ledger's name), a line with the region, date range, time of generation, who generated it and the ledger's
summary, the seed form's signature line where it has one (003 附件3, 3-1), the Chinese header row (frozen, with an
autofilter) opening with 序号 so that a row can be cited ("第 12 户", as the seed's 附件3 numbers its rows), then the
data, or a "（无数据）" line, and the 合计 row where the ledger defines one. Every sheet prints on A4 landscape, one
page wide, with title and header repeated (reports.sheets); a ledger too wide to read on one page width prints 2 or
3 pages wide with 序号 and the columns up to the person's name repeated on each page, its title then left-aligned
so that it is not cut at the first page's edge. A ledger that is a form rather than a list (附件4)
writes its own sheet (Ledger.layout). Strings are always written as strings (`write_string`, never `write`, which
would turn "=…" into a formula), and any text starting with = + - @ (or a tab / carriage return) is prefixed with
an apostrophe so that a spreadsheet that re-reads the value (CSV round trips, copy-paste) cannot run it as a formula
(OWASP "CSV injection")."""

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.utils import timezone

from config.xlsx import safe_text
from households.privacy import sees_personal_numbers
from reports.filters import HOUSEHOLD_KINDS, current_quarter, quarter_label, region_label
from reports.ledgers.base import (
    COUNT,
    DATE,
    DATETIME,
    EMPTY,
    FILLED,
    MONEY,
    NUMBER,
    SUM,
    TEXT,
    YES,
    Column,
    Filters,
    Ledger,
    Total,
    cell_converter,
    identity,
)
from reports.sheets import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    cn_date,
    cn_datetime,
    key_columns,
    pages_wide,
    print_setup,
    sign_line,
)
from screening.selectors import result_filter_words

HEADER_ROW = 2  # 0: title, 1: filters and generation line, 2: headers (3 under a signature line)
NO_DATA = "（无数据）"  # under the header of an empty ledger, so a printed one does not look like a failed export
NUMBER_HEADER = "序号"
NUMBER_WIDTH = 6
TOTAL_LABEL = "合计"
MONEY_FORMAT = "#,##0.00"


def header_row(ledger: Ledger) -> int:
    return HEADER_ROW + 1 if ledger.sign_unit else HEADER_ROW


def filter_line(filters: Filters, ledger: Ledger, actor: Any) -> str:
    parts = [f"区域：{region_label(filters, actor)}"]
    if ledger.date_label:
        start = cn_date(filters.date_from) if filters.date_from else "不限"
        end = cn_date(filters.date_to) if filters.date_to else "不限"
        parts.append(f"{ledger.date_label}：{start} 至 {end}")
    if ledger.by_quarter:
        # A quarterly ledger (就业台账, compared with 人社 quarter by quarter) must say which quarter it is.
        parts.append(f"季度：{quarter_label(filters.extra.get('quarter') or current_quarter())}")
    if ledger.by_household_kind:
        kind = filters.extra.get("household_kind") or ""
        parts.append(f"户类型：{HOUSEHOLD_KINDS.get(kind, '全部')}")
    if ledger.by_worklist and (words := result_filter_words(filters.extra.get("worklist") or {})):
        parts.append(words)  # exported from the screening worklist: what it listed
    parts.append(f"生成时间：{cn_datetime(timezone.now())}")
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
    if ledger.shape is not None:
        shaped = ledger.shape(ledger=ledger, actor=actor, filters=filters, rows=rows, place=county_name)
        ledger, rows, county_name = shaped
    workbook = xlsxwriter.Workbook(
        target,
        {
            # Row by row with flat memory; a form with cells spanning rows (Ledger.layout) is small, written at random.
            "constant_memory": ledger.layout is None,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": DATE_FORMAT,
        },
    )
    try:
        if ledger.layout is not None:
            return ledger.layout(workbook, ledger=ledger, actor=actor, filters=filters, rows=rows, place=county_name)
        return _write(workbook, ledger, actor, filters, rows, county_name, on_progress, progress_every)
    finally:
        workbook.close()


def _write(workbook, ledger, actor, filters, rows, county_name, on_progress, progress_every) -> int:
    sheet = workbook.add_worksheet(ledger.name[:31])
    columns = ledger.columns
    widths = [NUMBER_WIDTH, *(column.width for column in columns)]
    keys = key_columns([NUMBER_HEADER, *ledger.headers])
    align = "center" if pages_wide(widths, keys) == 1 else "left"
    title = workbook.add_format({"bold": True, "font_size": 14, "align": align, "valign": "vcenter"})
    header = workbook.add_format(
        {"bold": True, "bg_color": "#DDE7F3", "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    formats = {
        DATE: workbook.add_format({"num_format": DATE_FORMAT}),
        DATETIME: workbook.add_format({"num_format": DATETIME_FORMAT}),
        MONEY: workbook.add_format({"num_format": MONEY_FORMAT}),
        TEXT: workbook.add_format({"num_format": "@"}),
    }
    unmasked = sees_personal_numbers(actor)
    last = len(columns)  # the 序号 column comes first
    top = header_row(ledger)
    sheet.set_column(0, 0, NUMBER_WIDTH)
    for index, column in enumerate(columns, start=1):
        sheet.set_column(index, index, column.width, formats.get(_shown_kind(column, unmasked=unmasked)))
    sheet.set_row(0, 28)
    sheet.merge_range(0, 0, 0, last, f"{county_name}{ledger.name}", title)
    sheet.merge_range(1, 0, 1, last, filter_line(filters, ledger, actor))
    if ledger.sign_unit:
        sheet.merge_range(2, 0, 2, last, sign_line(ledger.sign_unit))
    sheet.set_row(top, 30)
    for index, text in enumerate([NUMBER_HEADER, *ledger.headers]):
        sheet.write_string(top, index, text, header)
    sheet.freeze_panes(top + 1, 0)
    print_setup(sheet, repeat_to=top, widths=widths, keys=keys)

    cells = [_finaliser(cell_converter(column, unmasked=unmasked), column.kind) for column in columns]
    totals = _Totals(ledger.totals, columns)
    # One write_row per row, with values already in their final type: xlsxwriter dispatches each cell to its
    # typed writer without the per-cell argument checks of the public write_* methods (the raw-xlsxwriter
    # baseline of bench/ledger_export.py writes the same way). Dates and money take their column's format.
    write_row = sheet.write_row
    subtotal = ledger.subtotal
    row_number = top
    count = 0  # the data rows, numbered in 序号: a subtotal row among them (Ledger.subtotal) is neither
    for row in rows:
        row_number += 1
        values = [finish(value) for finish, value in zip(cells, row, strict=True)]
        if subtotal is not None and subtotal(row):
            write_row(row_number, 0, [None, *values])
        else:
            count += 1
            write_row(row_number, 0, [count, *values])
            totals.add(values)
        if on_progress is not None and (row_number - top) % progress_every == 0:
            on_progress(row_number - top)
    sheet.autofilter(top, 0, max(row_number, top), last)
    if row_number == top:
        sheet.merge_range(top + 1, 0, top + 1, last, NO_DATA)
    elif ledger.totals:
        totals.write(workbook, sheet, row_number + 1, count)
    return count


def _shown_kind(column: Column, *, unmasked: bool) -> str:
    """The kind a column's cells are formatted as: a birth date shown as its year alone ("1981年", beside a masked ID
    number) is text, not a date; the other text columns keep the general format."""
    if column.birth_date and not unmasked:
        return TEXT
    return column.kind if column.kind != TEXT else ""


class _Totals:
    """The 合计 row, added up while the rows stream by (a second query could count other rows than were written)."""

    def __init__(self, totals: tuple[Total, ...], columns: list[Column]) -> None:
        headers = [column.header for column in columns]
        self.totals = [(total, headers.index(total.header)) for total in totals]
        self.kinds = [columns[index].kind for _, index in self.totals]
        self.sums: list[float] = [0] * len(self.totals)

    def add(self, values: list[Any]) -> None:
        for position, (total, index) in enumerate(self.totals):
            value = values[index]
            if total.how == SUM:
                if value.__class__ in (int, float):
                    self.sums[position] += value
            elif total.how == YES:
                self.sums[position] += value == total.reads
            elif total.how in (FILLED, EMPTY):
                self.sums[position] += (value is None or value == "") == (total.how == EMPTY)

    def write(self, workbook: Any, sheet: Any, row: int, count: int) -> None:
        bold = {"bold": True, "top": 1, "bg_color": "#F2F2F2"}
        sheet.write_string(row, 0, TOTAL_LABEL, workbook.add_format(bold))
        # Two counts under one column (已登记, 未登记 under 登记情况) share its cell as text: "已登记21人，未登记74人".
        shared: dict[int, list[str]] = {}
        for (total, index), added in zip(self.totals, self.sums, strict=True):
            shared.setdefault(index, []).append(
                f"{total.label}{count if total.how == COUNT else int(added)}{total.unit}"
            )
        for index, parts in shared.items():
            if len(parts) > 1:
                sheet.write_string(row, index + 1, "，".join(parts), workbook.add_format(bold))
        for (total, index), kind, added in zip(self.totals, self.kinds, self.sums, strict=True):
            if len(shared[index]) > 1:
                continue
            value = count if total.how == COUNT else added
            if kind == MONEY and total.how == SUM:
                number, value = MONEY_FORMAT, round(value, 2)
            else:
                number = f'0"{total.unit}"' if total.unit else "0"
                number = f'"{total.label}"{number}' if total.label else number
            sheet.write_number(row, index + 1, value, workbook.add_format({**bold, "num_format": number}))


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


EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _datetime(value: Any) -> Any:
    """A moment as Excel's serial number of days, in the county's time: written as a number, the cell takes its
    column's yyyy-mm-dd hh:mm format (a datetime value would take the workbook's date-only default format)."""
    if not isinstance(value, dt.datetime):
        return _date(value)
    return (_date(value) - EXCEL_EPOCH) / dt.timedelta(days=1)


FINISH = {NUMBER: _number, MONEY: _number, DATE: _date, DATETIME: _datetime}


def _finaliser(convert: Callable[[Any], Any], kind: str) -> Callable[[Any], Any]:
    """The column's conversion (labels, masking) followed by the final cell type: numbers and dates stay
    typed, everything else becomes formula-neutralised text."""
    finish = FINISH.get(kind, _text)
    if convert is identity:
        return finish
    return lambda value: finish(convert(value))
