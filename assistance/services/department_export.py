"""导出部门帮扶任务 (XLSX): the clerk's list of their department's measures under the list's current filters, one row a
measure, headers in Chinese, ID numbers written as text (never a number Excel rounds to 3.60425E+17).

ID numbers (DOMAIN.md "Privacy": masked for the roles that do not need them): the department acts on a member's
measure with the member's ID number (医保 enrols the person it pays 参保资助 for by it; 人社, 残联 and 教育 the same),
so the export carries the full number of the member each measure is for. Only the member of a measure of the
clerk's own department, in the clerk's region (PlanMeasure.objects.for_department, as the list), never the head's
or another member's, nor the phone or health; the pages and the API keep showing it masked. Each export is an
audited act (assistance.department_export) recording how many measures and how many full ID numbers it carried."""

import datetime as dt
import io
from typing import Any

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone

from accounts.audit import audit_record
from assistance.models import PlanMeasure
from config.xlsx import safe_text
from households.services.members import age_on

COLUMNS = [
    ("序号", 6),
    ("乡镇", 12),
    ("村", 12),
    ("户编号", 18),
    ("户主姓名", 10),
    ("落实到", 10),
    ("与户主关系", 10),
    ("年龄", 6),
    ("身份证号", 21),
    ("帮扶措施", 22),
    ("措施内容", 24),
    ("责任人", 10),
    ("开始日期", 12),
    ("结束日期", 12),
    ("金额（元）", 12),
    ("状态", 8),
    ("逾期未办结", 10),
    ("实施情况", 30),
    ("帮扶成效", 30),
    ("办结日期", 12),
]
HEADERS = [header for header, _ in COLUMNS]
TEXT = (HEADERS.index("户编号"), HEADERS.index("身份证号"))
AMOUNT, AGE = HEADERS.index("金额（元）"), HEADERS.index("年龄")
WHOLE_HOUSEHOLD = "全户"
TITLE = "{department}帮扶任务清单"
MSG_AUDIT = "{department}导出帮扶任务清单：{count}项措施，含完整身份证号{ids}人。{filters}"


def _row(measure: PlanMeasure, today: Any) -> list[Any]:
    member = measure.member
    household = measure.household
    return [
        household.village.parent.name if household.village.parent_id else "",
        household.village.name,
        household.number,
        household.head_name,
        member.name if member else WHOLE_HOUSEHOLD,
        member.get_relation_display() if member else "",
        age_on(member.birth_date, today) if member and member.birth_date else None,
        member.id_number if member else "",
        measure.measure_type.name,
        measure.content,
        measure.responsible_person,
        measure.starts_on,
        measure.ends_on,
        measure.amount,
        measure.get_status_display(),
        "是" if getattr(measure, "overdue", False) else "",
        measure.progress_note,
        measure.effect_note,
        measure.completed_on,
    ]


def department_measures_export(*, actor: Any, measures: QuerySet[PlanMeasure], filter_words: str = "") -> bytes:
    """The workbook of `measures` (the clerk's list, assistance.selectors_department), audited with its count."""
    today = timezone.localdate()
    department = actor.get_department_display()
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet("帮扶任务")
    bold = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE", "text_wrap": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "#,##0.00"})
    text = book.add_format({"num_format": "@"})
    sheet.write_string(0, 0, TITLE.format(department=department), bold)
    name = actor.get_full_name() or actor.get_username()
    line = f"{filter_words}　导出时间：{timezone.localtime():%Y-%m-%d %H:%M}　导出人：{name}".strip("　")
    sheet.write_string(1, 0, line)
    for col, (header, width) in enumerate(COLUMNS):
        sheet.write_string(2, col, header, head)
        sheet.set_column(col, col, width, text if col in TEXT else None)
    sheet.freeze_panes(3, 0)
    count = ids = 0
    for count, measure in enumerate(measures.iterator(chunk_size=500), start=1):
        row = 2 + count
        sheet.write_number(row, 0, count)
        for col, value in enumerate(_row(measure, today), start=1):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), date)
            elif col == AMOUNT:
                sheet.write_number(row, col, float(value), money)
            elif col == AGE:
                sheet.write_number(row, col, value)
            else:  # text, the 户编号 and the ID number too: never a number Excel rounds
                sheet.write_string(row, col, safe_text(value), text if col in TEXT else None)
        ids += bool(measure.member_id and measure.member.id_number)
    if count == 0:
        sheet.write_string(3, 0, "（无数据）")
    sheet.autofilter(2, 0, 2 + count, len(COLUMNS) - 1)
    book.close()
    audit_record(
        actor=actor,
        action="assistance.department_export",
        summary=MSG_AUDIT.format(department=department, count=count, ids=ids, filters=filter_words),
        object_type="assistance.planmeasure",
        region_path=actor.region_path or "",
        after={"count": count, "full_id_numbers": ids},
    )
    return output.getvalue()
