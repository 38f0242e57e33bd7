"""The downloadable template of a feed type: its columns with an example row, and a sheet that explains them."""

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from alerts.choices import ColumnKind, RuleKind
from alerts.ingest.services import MAX_UPLOAD_MB
from alerts.models import FeedType
from households import idnumber

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _explain(column: object) -> str:
    kind = column.kind  # type: ignore[attr-defined]
    parts = [str(ColumnKind(kind).label)]
    if kind == ColumnKind.AMOUNT:
        parts.append("数字，单位元，最多两位小数")
    elif kind == ColumnKind.DATE:
        parts.append("如 2026-10-08，不能晚于今天")
    elif kind == ColumnKind.ID_NUMBER:
        parts.append("18位居民身份证号，请将该列设为文本格式")
    if column.choices:  # type: ignore[attr-defined]
        parts.append("可填：" + "、".join(column.choice_list()))  # type: ignore[attr-defined]
    if column.note:  # type: ignore[attr-defined]
        parts.append(column.note)  # type: ignore[attr-defined]
    return "；".join(parts)


def template_workbook(feed: FeedType) -> bytes:
    columns = list(feed.columns.order_by("order", "id"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = feed.name[:30]
    sheet.append([c.header for c in columns])
    example_id = idnumber.make("130630", dt.date(1968, 3, 12), 11)
    sheet.append([example_id if c.kind == ColumnKind.ID_NUMBER else c.example for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = 22 if column.kind == ColumnKind.ID_NUMBER else 16
        if column.kind == ColumnKind.ID_NUMBER:
            sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "可接受的其他表头", "填写说明"])
    for column in columns:
        notes.append(
            [column.header, "必填" if column.required else "选填", "、".join(column.alias_list()), _explain(column)]
        )
    notes.append([])
    notes.append(
        [f"报送部门：{feed.get_department_display()}；覆盖人群：{feed.population}；报送频次：{feed.cadence_text()}"]
    )
    for rule in feed.rules.filter(is_active=True):
        text = rule.name
        if rule.kind == RuleKind.AMOUNT_ABOVE and rule.threshold is not None:
            text += f"（超过 {rule.threshold:,.2f} 元）"
        elif rule.kind == RuleKind.VALUE_IN:
            text += f"（取值为 {rule.values}）"
        notes.append([f"预警规则：{text}"])
    for text in (
        "第2行是填写示例，上传前请删除。表头可在前5行中的任意一行（上面可以有标题行），列的顺序不限。",
        f"支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）文件，最大 {MAX_UPLOAD_MB} MB；同一文件不能重复上传。",
        "有误的行列入错误清单，其余行照常处理；改正错误清单中的行后可再次上传。",
    ):
        notes.append([text])
    for letter, width in zip("ABCD", (18, 10, 40, 60), strict=True):
        notes.column_dimensions[letter].width = width
    for cell in notes[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
