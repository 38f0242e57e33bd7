"""The downloadable template of a feed type: its header on the data sheet, and a sheet that explains the columns
and holds an example row.

The example is kept off the data sheet: a clerk who typed below it without deleting it sent it as a person, who
then stood on the county's 未在档人员 list (its ID number, a template's, is now refused as a row anyway:
alerts.ingest.cleaning). The ID number and date columns are text for the first TEXT_ROWS rows and as the columns'
own format: typed as numbers, Excel keeps 15 digits of an ID number and turns a date into a serial number.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from alerts.choices import ColumnKind, RuleKind
from alerts.ingest.layout import accepted_values
from alerts.ingest.services import MAX_UPLOAD_MB
from alerts.models import FeedColumn, FeedType
from alerts.presets import EXAMPLE_ID

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TEXT = "@"  # the number format Excel calls 文本
TEXT_ROWS = 1000  # data rows formatted as text below the header (the column's own format covers the rest)
_TEXT_KINDS = (ColumnKind.ID_NUMBER, ColumnKind.DATE)
NOTE_EXAMPLE = "填写示例（仅供参考，不要复制到数据表中）："


def _explain(column: FeedColumn, check: str = "") -> str:
    """`check`: the column's cross-column check in words (FeedType.checked_columns)."""
    kind = column.kind
    parts = [str(ColumnKind(kind).label)]
    if kind == ColumnKind.AMOUNT:
        parts.append("数字，单位元，最多两位小数")
    elif kind == ColumnKind.DATE:
        parts.append("如 2026-10-08，不能晚于今天；模板中该列已设为文本格式")
    elif kind == ColumnKind.ID_NUMBER:
        parts.append("18位居民身份证号；模板中该列已设为文本格式，从其他表格粘贴时请选择“只粘贴值”")
    if column.choices:
        parts.append("可填：" + accepted_values(column))
    if check:
        parts.append(check)
    if column.note:
        parts.append(column.note)
    return "；".join(parts)


def _example(column: FeedColumn) -> str:
    return EXAMPLE_ID if column.kind == ColumnKind.ID_NUMBER else column.example


def template_workbook(feed: FeedType) -> bytes:
    columns = list(feed.columns.order_by("order", "id"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = feed.name[:30]
    sheet.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = 22 if column.kind == ColumnKind.ID_NUMBER else 16
        if column.kind in _TEXT_KINDS:
            sheet.column_dimensions[cell.column_letter].number_format = _TEXT
            for row in range(2, TEXT_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = _TEXT
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "可接受的其他表头", "填写说明"])
    checks = {c.key: check for c, check in feed.checked_columns()}
    for column in columns:
        explained = _explain(column, checks.get(column.key, ""))
        notes.append([column.header, "必填" if column.required else "选填", "、".join(column.alias_list()), explained])
    notes.append([])
    notes.append(
        [f"报送部门：{feed.get_department_display()}；覆盖人群：{feed.population}；报送频次：{feed.cadence_text()}"]
    )
    if feed.seed_item:
        notes.append([f"依据：{feed.seed_item}"])
    for rule in feed.rules.filter(is_active=True):
        text = rule.name
        if rule.kind == RuleKind.AMOUNT_ABOVE and rule.threshold is not None:
            text += f"（超过 {rule.threshold:,.2f} 元）"
        elif rule.kind == RuleKind.VALUE_IN:
            text += f"（取值为 {rule.values}）"
        notes.append([f"预警规则：{text}"])
    for text in (
        f"数据填在第一个工作表“{sheet.title}”中，从表头下一行开始，每人一行。表头可在前5行中的任意一行"
        "（上面可以有标题行），列的顺序不限；数据不在第一个工作表时，系统依次查找各工作表的表头。",
        f"支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）文件，最大 {MAX_UPLOAD_MB} MB；同一文件不能重复上传。",
        "有误的行列入错误清单，其余行照常处理；改正错误清单中的行后可再次上传，标为重复行的无需再次上传。",
    ):
        notes.append([text])
    for letter, width in zip("ABCD", (18, 10, 40, 60), strict=True):
        notes.column_dimensions[letter].width = width
    for cell in notes[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    # The example last, below the explanations (more than five rows down, where no header is looked for).
    notes.append([])
    notes.append([NOTE_EXAMPLE])
    notes.append([c.header for c in columns])
    notes.append([_example(c) for c in columns])
    for cell in notes[notes.max_row]:
        cell.number_format = _TEXT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
