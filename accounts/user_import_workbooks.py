"""Workbooks of the bulk account import (accounts.user_import): the blank template, and the initial-password list
handed to the system admin once, in the response that created the accounts."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from accounts.choices import ADMIN_ROLES, Department, Role
from accounts.user_import import COLUMNS, MAX_ROWS, ImportOutcome

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PASSWORD_HEADERS = ["用户名", "姓名", "角色", "管辖区划", "所属部门", "初始密码"]


def _header(sheet: object, titles: list[str], widths: list[int]) -> None:
    sheet.append(titles)  # type: ignore[attr-defined]
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)  # type: ignore[attr-defined]
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width  # type: ignore[attr-defined]
    sheet.freeze_panes = "A2"  # type: ignore[attr-defined]


def template_workbook() -> bytes:
    """The sheet to fill, with one example row, and a sheet explaining every column and its values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "用户"
    _header(sheet, [column.header for column in COLUMNS], [18, 12, 16, 20, 22, 16])
    sheet.append([column.example for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        if column.key in {"region", "phone", "username"}:
            # Codes and phones are text: as numbers Excel would show 3.60425E+11.
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"

    notes = workbook.create_sheet("填写说明")
    _header(notes, ["列名", "是否必填", "填写说明", "也可写作"], [12, 10, 70, 30])
    for column in COLUMNS:
        notes.append([column.header, "必填" if column.required else "可选", column.note, "、".join(column.aliases)])
    notes.append([])
    notes.append(["角色可填的值"])
    for value, label in Role.choices:
        if value not in ADMIN_ROLES:
            notes.append([label])
    notes.append([])
    notes.append(["所属部门可填的值（仅行业部门）"])
    for label in Department.labels:
        notes.append([label])
    notes.append([])
    for text in (
        "“用户”表第2行是填写示例，导入前请删除。",
        "表头可以在前5行中的任意一行（上面可以有标题行）；列的顺序不限。",
        f"一次最多导入 {MAX_ROWS} 个账号。系统管理员、安全管理员、审计管理员账号不能批量导入（三权分立）。",
        "每个账号由系统生成随机初始密码，导入后立即下载“初始密码单”分发给本人；首次登录时必须修改密码。",
        "有误的行不会导入：下载错误清单，改正后只上传这些行。",
    ):
        notes.append([text])
    for row in notes.iter_rows(min_row=2, max_col=3):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def password_workbook(outcome: ImportOutcome) -> bytes:
    """The new accounts with their initial passwords. Written as text cells only (a password is never a
    formula or a number), kept nowhere on the server."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("初始密码单")
    for letter, width in zip("ABCDEF", [18, 12, 16, 20, 22, 16], strict=True):
        sheet.column_dimensions[letter].width = width
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    sheet.append([f"初始密码单（{stamp} 生成）：请分别交给本人，首次登录时必须修改密码。本表用后请销毁。"])
    sheet.append(PASSWORD_HEADERS)
    for account in outcome.created:
        user = account.user
        sheet.append(
            [
                user.username,
                user.get_full_name(),
                user.get_role_display(),
                f"{user.region_name}（{user.region_path}）",
                user.get_department_display() if user.department else "",
                account.password,
            ]
        )
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()
