"""Workbooks of the go-live import: the error workbook handed back to the clerk, and the blank template.

The error workbook keeps the file's own columns and adds 行号 and 错误原因 at the end, so the clerk can fix
the rows in place and upload the same workbook again (the two extra columns are ignored on upload).
"""

import io
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from households.registry_import.columns import (
    COLUMNS,
    EXAMPLE_NAME,
    HEADER_KEYS,
    LINE_HEADER,
    REASON_HEADER,
    allowed_text,
    normalize_header,
)
from households.registry_import.reader import NUMERIC_ID, kept_columns
from households.registry_import.rows import CELL_SEPARATOR

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number (-30000, +12.5, -1,234.00) runs nothing in a spreadsheet: it stays as the clerk wrote it.
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# A number as a workbook cell held it and the reader wrote it out (cell_text): no sign but minus, no separators.
_NUMBER = re.compile(r"-?\d{1,15}(?:\.\d+)?")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def safe_cell(value: str) -> str:
    """Text as a cell that a spreadsheet will not run: a leading = + - @ would start a formula (CSV injection)."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(NUMERIC_ID):
        value = value[len(NUMERIC_ID) :]
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


# The columns Excel would turn into numbers (dropping a code's leading zeros, an ID number's last digits): text.
TEXT_KEYS = frozenset({"number", "village_code", "id_number", "phone"})
_TEXT = "@"
_REASON_WIDTH = 60


# A code's own width (a 15-digit 户编号, an 18-character ID number), wider than its header.
CODE_WIDTHS = {"number": 18, "village_code": 15, "id_number": 22, "phone": 14}


def _width(key: str | None, title: str) -> float:
    return CODE_WIDTHS.get(key or "", max(10, len(title) * 2 + 4))


WARNINGS_SHEET = "已导入请核实"
CHECKED_WARNINGS_SHEET = "导入后请核实"  # a check-only run's
VERIFY_HEADER = "核实事项"


def write_error_workbook(
    handle: IO[bytes],
    *,
    header: list[str],
    rows: Iterable[tuple[int, str, str]] | None,
    warnings: Iterable[tuple[int, str, str]] | None = None,
    warnings_sheet: str = WARNINGS_SHEET,
    numbers: frozenset[int] = frozenset(),
) -> None:
    """Stream the rejected rows (sheet 错误清单) and the imported rows to verify (sheet 已导入请核实), each given,
    into an XLSX file (write-only mode: constant memory however many rows). `numbers`: the positions of columns
    whose cells were numbers in the uploaded workbook (a feed's amounts: alerts.ingest.staging.number_columns),
    written back as numbers where they read as one.

    Laid out as the template is, so the clerk corrects the rows in it and uploads it again: each column as wide as
    the template's, code and ID number columns as text (a corrected ID number typed into a General cell becomes
    3.60425E+17, which the upload then refuses), 错误原因 wide and wrapped."""
    workbook = Workbook(write_only=True)
    if rows is not None:
        _write_sheet(workbook, "错误清单", header, REASON_HEADER, rows, numbers)
    if warnings is not None:
        _write_sheet(workbook, warnings_sheet, header, VERIFY_HEADER, warnings, numbers)
    workbook.save(handle)
    handle.seek(0)


def _number(value: str) -> int | Decimal | str:
    """A cell's text as the number it reads as (22000, 1234.5), else the text."""
    if not _NUMBER.fullmatch(value):
        return value
    return Decimal(value) if "." in value else int(value)


def _write_sheet(
    workbook: Workbook,
    name: str,
    header: list[str],
    reason_header: str,
    rows: Iterable[tuple[int, str, str]],
    numbers: frozenset[int] = frozenset(),
) -> None:
    sheet = workbook.create_sheet(name)
    sheet.freeze_panes = "A2"
    kept = kept_columns(header)
    titles = [header[i] for i in kept]
    text_columns = set()
    for index, title in enumerate(titles, start=1):
        letter = get_column_letter(index)
        key = HEADER_KEYS.get(normalize_header(title))
        sheet.column_dimensions[letter].width = _width(key, title)
        if key in TEXT_KEYS:
            sheet.column_dimensions[letter].number_format = _TEXT
            text_columns.add(index - 1)
    width = len(titles)
    sheet.column_dimensions[get_column_letter(width + 1)].width = 8
    sheet.column_dimensions[get_column_letter(width + 2)].width = _REASON_WIDTH
    reason_style = Alignment(wrap_text=True, vertical="top")

    def text_cell(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = _TEXT
        return cell

    def reason_cell(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value)
        cell.alignment = reason_style
        return cell

    sheet.append([safe_cell(title) for title in titles] + [LINE_HEADER, reason_header])
    for line, raw, reason in rows:
        cells = raw.split(CELL_SEPARATOR)  # already only the kept columns
        cells = (cells + [""] * width)[:width]
        values: list[object] = [
            text_cell(safe_cell(cell)) if index in text_columns else safe_cell(cell) for index, cell in enumerate(cells)
        ]
        for index in numbers:
            if index < width and index not in text_columns:
                values[index] = _number(cells[index])
        sheet.append([*values, line, reason_cell(safe_cell(reason))])


def template_workbook() -> bytes:
    """The blank file layout with one example household row, and a sheet that explains every column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "农户档案"
    sheet.append([column.header for column in COLUMNS])
    sheet.append([column.example for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = _width(column.key, column.header)
        # Codes and ID numbers are text: as numbers Excel would drop their leading zeros or last digits.
        if column.key in TEXT_KEYS:
            sheet.column_dimensions[letter].number_format = _TEXT
            sheet.cell(row=2, column=index).number_format = _TEXT
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必有", "填写说明", "可填的值"])
    for column in COLUMNS:
        # A free-text column has no list of values: its note says what to write.
        allowed = allowed_text(column) or "—"
        notes.append([column.header, "必有列" if column.required else "可选列", column.note, allowed])
    notes.append([])
    for text in (
        f"“农户档案”表第2行是填写示例（{EXAMPLE_NAME}），导入前请删除：未删除的示例行不会导入，列入错误清单。",
        "每行一名家庭成员；同一户的成员填写相同的户编号，户主所在行填写户的信息（村代码、户类型、联系电话、住址、"
        "监测对象类别、纳入监测时间、风险类型、风险是否消除、风险消除时间，收入年度和各项收支金额）。",
        "国家系统中已录入年度收支的户，请在户主所在行填写收入年度和各项金额（元，空白按0）：导入后即有该年度的收支，"
        "人均纯收入按在世家庭成员人数计算，无需重新录入；填写了收入金额的户须填写收入年度。",
        "国家系统中已是监测对象的户，请填写监测对象类别、纳入监测时间和风险类型：导入后即为监测对象，无需重走识别纳入程序，"
        "变更记录注明监测身份来自上线导入。",
        "国家系统中已标注“风险消除”的户，风险是否消除填“是”并填写风险消除时间，可同时填写原来的监测对象类别、纳入监测时间"
        "和风险类型：导入后不是监测对象，原类别记入变更记录；该户再出现风险时走风险再标注程序，而不是识别纳入。",
        "表头可以在前5行中的任意一行（上面可以有标题行）；列的顺序不限，可选列可以没有。",
        "代码列（户编号、村代码、身份证号、联系电话）请设为文本格式；性别和出生日期由身份证号得出，有身份证号的成员"
        "无需填写（填写的须与号码一致）。",
        "出生不满一周岁、尚未落户而暂无身份证号的婴儿，身份证号留空，填写性别（男或女）和出生日期：导入后记为“暂无身份证号”，"
        "落户后在成员信息中补录身份证号。其他成员的身份证号不能为空。",
        "一户中有任何一行有错误，整户都不导入，全部成员列入错误清单；修改错误清单后可直接再次上传。"
        "再次上传整个更正后的文件也可以：户编号和户主身份证号与系统中已有农户相同的户作为“已导入，跳过”，不作更改。",
        "成员年龄与户主关系不符、未成年人为户主、同户有多名配偶的户照常导入，列为“已导入，请核实”，请核对后在农户档案中更正。",
        "支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）文件。",
    ):
        notes.append([text])
    for letter, width in zip("ABCD", (16, 10, 60, 80), strict=True):
        notes.column_dimensions[letter].width = width
    for cell in notes[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
