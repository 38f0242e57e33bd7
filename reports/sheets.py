"""What every workbook the reports write shares: the print setup, the Chinese date style and the signature line.

These sheets are printed, stamped and filed ("台账资料是否规范齐全" is itself checked, 003 二(7)③), so each one
prints on A4 landscape, all columns on one page width, with the title and header rows repeated on every page and the
page number in the footer; dates read as the seed forms write them ("填报时间：202X年X月X日")."""

import datetime as dt
from typing import Any

from django.utils import timezone

# Date cells stay real dates (they sort and filter) and show in the seed forms' style: 2026年3月1日.
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
A4 = 9  # xlsxwriter's paper code
FOOTER = "&C第 &P 页 共 &N 页"
SIGN_GAP = "\u3000" * 8  # room to write the name by hand


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment: dt.datetime) -> str:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{cn_date(local)} {local:%H:%M}"


def sign_line(unit_label: str, day: dt.date | None = None) -> str:
    """The line the seed forms carry above their table (003 附件3, 3-1: "填报单位（盖章）"; 附件4: "单位（盖章）"):
    unit and person are left blank for the stamp and the signature, the date is the day the file was generated."""
    day = day or timezone.localdate()
    return f"{unit_label}（盖章）：{SIGN_GAP}{SIGN_GAP}填报人：{SIGN_GAP}{SIGN_GAP}填报时间：{cn_date(day)}"


def print_setup(sheet: Any, *, repeat_to: int) -> None:
    """A4 landscape, every column on one page width (as many pages down as needed), rows 0..`repeat_to` (title,
    filter line, header) repeated on each page, and "第 N 页 共 M 页" in the footer."""
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, repeat_to)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer(FOOTER)
    sheet.center_horizontally()
