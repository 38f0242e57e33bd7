"""Workbooks of the bulk imports: a blank template from a column list (accounts and grids), and the initial-password
list handed to the system admin once, in the response that created the accounts."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from accounts.choices import ADMIN_ROLES, Department, Role
from accounts.user_import import COLUMNS, MAX_ROWS, Column, ImportOutcome

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


def columns_template(
    title: str,
    columns: tuple[Column, ...],
    *,
    text_keys: set[str],
    sections: list[tuple[str, list[str]]],
    notes: list[str],
) -> bytes:
    """A sheet to fill (its header and one example row) and a sheet explaining every column, the values some
    columns take (`sections`) and the rules (`notes`). `text_keys`: columns formatted as text (codes, phones)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    _header(sheet, [column.header for column in columns], [max(12, len(c.header) * 3 + 6) for c in columns])
    sheet.append([column.example for column in columns])
    for index, column in enumerate(columns, start=1):
        if column.key in text_keys:
            # Codes and phones are text: as numbers Excel would show 3.60425E+11.
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
    explained = workbook.create_sheet("填写说明")
    _header(explained, ["列名", "是否必填", "填写说明", "也可写作"], [12, 10, 70, 30])
    for column in columns:
        explained.append([column.header, "必填" if column.required else "可选", column.note, "、".join(column.aliases)])
    for heading, values in sections:
        explained.append([])
        explained.append([heading])
        for value in values:
            explained.append([value])
    explained.append([])
    explained.append([f"“{title}”表第2行是填写示例，导入前请删除。"])
    explained.append(["表头可以在前5行中的任意一行（上面可以有标题行）；列的顺序不限。"])
    for text in notes:
        explained.append([text])
    explained.append(["有误的行不会导入：下载错误清单，改正后只上传这些行。"])
    for row in explained.iter_rows(min_row=2, max_col=3):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def template_workbook() -> bytes:
    """The account sheet to fill, with one example row, the roles and departments, and the rules."""
    return columns_template(
        "用户",
        COLUMNS,
        text_keys={"region", "phone", "username"},
        sections=[
            ("角色可填的值", [label for value, label in Role.choices if value not in ADMIN_ROLES]),
            ("所属部门可填的值（仅行业部门）", list(Department.labels)),
        ],
        notes=[
            f"一次最多导入 {MAX_ROWS} 个账号。系统管理员、安全管理员、审计管理员账号不能批量导入（三权分立）。",
            "每个账号由系统生成随机初始密码，导入后立即下载“初始密码单”分发给本人；首次登录时必须修改密码。",
        ],
    )


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
                # The 12-digit code the sheet and the 管辖区划 list use: a township's or the county's path padded.
                f"{user.scope_label}（{user.region_path.ljust(12, '0')}）",
                user.get_department_display() if user.department else "",
                account.password,
            ]
        )
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()
