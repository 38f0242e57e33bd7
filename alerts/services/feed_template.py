"""The downloadable template of a feed type as the clerk gets it: the workbook alerts.ingest.workbook lays out, with
a drop-down list on each choice column (参保状态: 已参保、未参保) and the ID number and date columns text, for the
first INPUT_ROWS rows below the header.

The drop-down refuses a value typed that is not in it, saying in Chinese what may be chosen: the values the
ingestion reads (a file from the department's own system, pasted as values, is not checked by Excel and may still
answer 是/否, which the ingestion accepts: alerts.ingest.layout.value_aliases). An ID number typed into a cell of
format 常规 becomes a number of 15 significant digits (360425196803120011 → 3.60425E+17), hence the text format.
"""

import io

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from alerts.choices import ColumnKind
from alerts.ingest.workbook import template_workbook
from alerts.models import FeedColumn, FeedType

INPUT_ROWS = 5000  # data rows below the header with the drop-downs and the text format: rows 2 to 5001
_TEXT = "@"  # the number format Excel calls 文本
_TEXT_KINDS = (ColumnKind.ID_NUMBER, ColumnKind.DATE)
# An inline list ("A,B,C") is at most 255 characters in Excel; a longer one is read from a hidden sheet.
INLINE_LIMIT = 255
LISTS_SHEET = "选项"
MSG_CHOICE_TITLE = "请从下拉列表中选择"
MSG_CHOICE_ERROR = "“{header}”只能填写：{values}。请点击单元格右侧的下拉箭头选择。"
MSG_CHOICE_PROMPT = "可填：{values}"


def feed_template_workbook(feed: FeedType) -> bytes:
    """The template workbook of `feed` (bytes of an .xlsx)."""
    workbook = load_workbook(io.BytesIO(template_workbook(feed)))
    sheet = workbook.worksheets[0]
    columns = list(feed.columns.order_by("order", "id"))
    lists: Worksheet | None = None
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if column.kind in _TEXT_KINDS:
            for (cell,) in sheet.iter_rows(min_row=2, max_row=INPUT_ROWS + 1, min_col=index, max_col=index):
                cell.number_format = _TEXT
        values = column.choice_list() if column.kind == ColumnKind.CHOICE else []
        if not values:
            continue
        formula = _inline(values)
        if formula is None:
            lists = lists or _lists_sheet(workbook)
            formula = _listed(lists, index, values)
        sheet.add_data_validation(_validation(column, values, formula, f"{letter}2:{letter}{INPUT_ROWS + 1}"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _inline(values: list[str]) -> str | None:
    """The values as an inline list, when Excel takes them so."""
    text = ",".join(values)
    if len(text) > INLINE_LIMIT or '"' in text:
        return None
    return f'"{text}"'


def _lists_sheet(workbook: Workbook) -> Worksheet:
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    return lists


def _listed(lists: Worksheet, index: int, values: list[str]) -> str:
    """The values written down column `index` of the hidden sheet, and the range the drop-down reads."""
    for row, value in enumerate(values, start=1):
        lists.cell(row=row, column=index, value=value).number_format = _TEXT
    letter = get_column_letter(index)
    return f"{quote_sheetname(lists.title)}!${letter}$1:${letter}${len(values)}"


def _validation(column: FeedColumn, values: list[str], formula: str, cells: str) -> DataValidation:
    shown = "、".join(values)
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showDropDown=False,  # openpyxl's name is inverted: False shows the arrow
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle=MSG_CHOICE_TITLE,
        error=MSG_CHOICE_ERROR.format(header=column.header, values=shown)[:255],
        promptTitle=column.header[:32],
        prompt=MSG_CHOICE_PROMPT.format(values=shown)[:255],
    )
    validation.add(cells)
    return validation
