"""What every workbook the reports write shares: the print setup, the Chinese date style and the signature line.

These sheets are printed, stamped and filed ("台账资料是否规范齐全" is itself checked, 003 二(7)③), so each one
prints on A4 landscape, all columns on one page width (a ledger too wide to read so: 2 or 3 pages wide, its key
columns repeated), with the title and header rows repeated on every page and the page number in the footer; dates
read as the seed forms write them ("填报时间：202X年X月X日")."""

import datetime as dt
from typing import Any

from django.utils import timezone

from config.dates import cn_date, cn_datetime  # noqa: F401 (the reports' names for them)

# Date cells stay real dates (they sort and filter) and show in the seed forms' style: 2026年3月1日.
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
# A moment (when a visit was entered) to the minute, in the county's time: a real date-time that sorts and filters.
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
A4 = 9  # xlsxwriter's paper code
FOOTER = "&C第 &P 页 共 &N 页"
SIGN_GAP = "\u3000" * 8  # room to write the name by hand


def sign_line(unit_label: str, day: dt.date | None = None) -> str:
    """The line the seed forms carry above their table (003 附件3, 3-1: "填报单位（盖章）"; 附件4: "单位（盖章）"):
    unit and person are left blank for the stamp and the signature, the date is the day the file was generated."""
    day = day or timezone.localdate()
    return f"{unit_label}（盖章）：{SIGN_GAP}{SIGN_GAP}填报人：{SIGN_GAP}{SIGN_GAP}填报时间：{cn_date(day)}"


# Fitting a wide ledger to one page width shrinks it below reading size (31 columns: about 33 %, 3.6 pt). Under
# MIN_SCALE it is fitted 2 (at most MAX_PAGES_WIDE) pages wide instead, its key columns repeated on every page.
MIN_SCALE = 0.55
MAX_PAGES_WIDE = 3
# The printable width of A4 landscape within the margins below (11.69 in - 2 × 0.4 in), in pixels at 96 dpi, and a
# column's width in characters as pixels (the default font's 7 px per character plus 5 px of padding).
PRINTABLE_PX = (11.69 - 0.8) * 96
# Key columns: 序号 and the leading columns up to the person's name (乡镇, 村, 户编号, 户主姓名), searched in the
# first few columns only and given at most a third of the page.
KEY_SEARCH = 6
KEY_SHARE = 1 / 3


def column_px(width: float) -> float:
    return width * 7 + 5


def key_columns(headers: list[str]) -> int:
    """How many leading columns name the row on paper: up to the first column naming a person (户主姓名, 姓名, …);
    1 (序号 alone) when none is among the first KEY_SEARCH columns."""
    for index, header in enumerate(headers[:KEY_SEARCH]):
        if header.startswith("姓名") or header.endswith("姓名"):
            return index + 1
    return 1


def pages_wide(widths: list[float], keys: int = 0) -> int:
    """How many A4 landscape pages wide a sheet of these column widths (in characters) prints: 1 unless one page
    scales it under MIN_SCALE; then the fewest pages (to MAX_PAGES_WIDE) that keep MIN_SCALE, each page also
    carrying the `keys` repeated columns."""
    total = sum(column_px(width) for width in widths)
    key = sum(column_px(width) for width in widths[:keys])
    if not total or PRINTABLE_PX / total >= MIN_SCALE:
        return 1
    for pages in range(2, MAX_PAGES_WIDE + 1):
        if pages * PRINTABLE_PX / (total + (pages - 1) * key) >= MIN_SCALE:
            return pages
    return MAX_PAGES_WIDE


def print_setup(sheet: Any, *, repeat_to: int, widths: list[float] | None = None, keys: int = 0) -> int:
    """A4 landscape, rows 0..`repeat_to` (title, filter line, header) repeated on each page, "第 N 页 共 M 页" in
    the footer. Every column on one page width (as many pages down as needed), unless the column `widths` (in
    characters) would print too small (pages_wide): then 2 or 3 pages wide with the first `keys` columns repeated
    on each page (print_title_cols), so every page still says whose row it is. Returns the pages wide."""
    pages = pages_wide(widths or [], keys)
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(pages, 0)
    sheet.repeat_rows(0, repeat_to)
    if pages > 1 and keys:
        sheet.repeat_columns(0, keys - 1)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer(FOOTER)
    sheet.center_horizontally()
    return pages
