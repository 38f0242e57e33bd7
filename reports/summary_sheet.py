"""整改情况汇总表 as seed 003 附件4 lays it out and the campaign's summary page shows it (templates/screening/campaigns/
_summary_unit.html): for each unit one row per problem type — the first four under "“三保障”和饮水安全" — and a 小计
row, then the 合计 block; columns 单位 | 问题类型 (two cells) | 共排查问题数 | 已整改数 | 正在整改数 | 拟识别监测对象
户数 / 人数, the last two once per unit. Above the table the form's "单位（盖章）/填报人/填报时间" line, because the
table is stamped and "一并上报区乡村振兴局" (003 三(四)); below the table, the summary page's notes (说明), the
households ticked 拟纳入 but not counted among them.

Cells span rows here, so the workbook is not written in constant_memory mode (a summary is a few hundred rows)."""

from typing import Any

from reports.sheets import print_setup, sign_line
from screening.choices_campaigns import GUARANTEE_GROUP_LABEL
from screening.selectors_campaigns import SummaryUnit
from screening.summary_notes import summary_notes

NUMBERS = ["共排查问题数", "已整改数", "正在整改数"]
PROPOSED = "拟识别监测对象"
LAST = 7  # columns A..H
HEADER_TOP = 3  # 0 title, 1 filter line, 2 signature line, 3-4 header
NO_DATA = "（无数据）"  # as reports.writer.NO_DATA, under the heading of a form with nothing to fill
COUNTY_PATH = 6
NOTES_LABEL = "说明："  # column A of the first note row (tests.reports.conftest.summary_blocks stops there)
NOTES_INDENT = "\u3000" * 3
# The table is 99 characters wide (set_column below); a Chinese character takes two: 45 a line, with some margin.
NOTE_LINE_CHARS = 45
NOTE_LINE_HEIGHT = 16


def _formats(workbook: Any) -> dict[str, Any]:
    cell = {"border": 1, "valign": "vcenter"}
    total = {"bold": True, "bg_color": "#F2F2F2"}
    return {
        "title": workbook.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}),
        "header": workbook.add_format(
            {**cell, "bold": True, "bg_color": "#DDE7F3", "align": "center", "text_wrap": True}
        ),
        "text": workbook.add_format({**cell, "text_wrap": True}),
        "unit": workbook.add_format({**cell, "align": "center", "text_wrap": True}),
        "number": workbook.add_format({**cell, "num_format": "0"}),
        "subtotal": workbook.add_format({**cell, **total}),
        "subtotal_number": workbook.add_format({**cell, **total, "num_format": "0"}),
        "note": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }


def unit_label(unit: SummaryUnit) -> str:
    if not unit.above:
        return unit.name
    return f"{unit.name}（{'县级层面' if len(unit.path) == COUNTY_PATH else '乡镇层面'}）"


def summary_sheet(
    workbook: Any, *, sheet_name: str, title: str, describe: str, units: list[SummaryUnit], total: SummaryUnit | None
) -> int:
    """One 附件4 table on its own sheet; returns the number of table rows written (types and 小计/合计 rows). With no
    total (no campaign in the period) the form's heading over a 无数据 line, set up to print as a filled one."""
    sheet = workbook.add_worksheet(sheet_name)
    f = _formats(workbook)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 16)
    sheet.set_column(3, LAST, 11)
    sheet.set_row(0, 28)
    sheet.merge_range(0, 0, 0, LAST, title, f["title"])
    sheet.merge_range(1, 0, 1, LAST, describe)
    sheet.merge_range(2, 0, 2, LAST, sign_line("单位"))
    top = HEADER_TOP
    sheet.merge_range(top, 0, top + 1, 0, "单位", f["header"])
    sheet.merge_range(top, 1, top + 1, 2, "问题类型", f["header"])
    for index, text in enumerate(NUMBERS, start=3):
        sheet.merge_range(top, index, top + 1, index, text, f["header"])
    sheet.merge_range(top, 6, top, 7, PROPOSED, f["header"])
    sheet.write_string(top + 1, 6, "户数", f["header"])
    sheet.write_string(top + 1, 7, "人数", f["header"])
    sheet.freeze_panes(top + 2, 0)
    print_setup(sheet, repeat_to=top + 1)
    row = top + 2
    if total is None:
        sheet.merge_range(row, 0, row, LAST, NO_DATA)
        return 0
    for unit in units:
        row = _unit(sheet, f, row, unit, "小计")
    end = _unit(sheet, f, row, total, "合计")
    _notes(sheet, f, end, summary_notes(total))
    return end - top - 2


def _notes(sheet: Any, f: dict[str, Any], row: int, notes: list[str]) -> None:
    """The page's notes under the table (screening.summary_notes), numbered as a form's 说明, one row each: the
    reader of the stamped table learns, say, why 拟识别监测对象 leaves out households ticked 拟纳入."""
    for number, note in enumerate(notes, start=1):
        text = f"{NOTES_LABEL if number == 1 else NOTES_INDENT}{number}．{note}"
        # A merged cell does not grow to its text: as many lines as the text needs across the table's width.
        sheet.set_row(row, NOTE_LINE_HEIGHT * -(-len(text) // NOTE_LINE_CHARS))
        sheet.merge_range(row, 0, row, LAST, text, f["note"])
        row += 1


def _merge(sheet: Any, first: int, last: int, column: int, value: Any, fmt: Any) -> None:
    if first == last:
        sheet.write(first, column, value, fmt)
    else:
        sheet.merge_range(first, column, last, column, value, fmt)


def _unit(sheet: Any, f: dict[str, Any], start: int, unit: SummaryUnit, closing: str) -> int:
    end = start + len(unit.rows)  # the 小计 / 合计 row
    _merge(sheet, start, end, 0, unit_label(unit), f["unit"])
    _merge(sheet, start, end, 6, unit.proposed_households, f["number"])
    _merge(sheet, start, end, 7, unit.proposed_persons, f["number"])
    guarantee = [index for index, row in enumerate(unit.rows) if row.guarantee]
    if guarantee:
        _merge(sheet, start + guarantee[0], start + guarantee[-1], 1, GUARANTEE_GROUP_LABEL, f["unit"])
    for offset, summary in enumerate(unit.rows):
        row = start + offset
        if summary.guarantee:
            sheet.write_string(row, 2, summary.label, f["text"])
        else:
            sheet.merge_range(row, 1, row, 2, summary.label, f["text"])
        for column, value in enumerate([summary.found, summary.rectified, summary.in_progress], start=3):
            sheet.write_number(row, column, value, f["number"])
    sheet.merge_range(end, 1, end, 2, closing, f["subtotal"])
    counts = unit.total
    for column, value in enumerate([counts.found, counts.rectified, counts.in_progress], start=3):
        sheet.write_number(end, column, value, f["subtotal_number"])
    return end + 1
