"""The system admin's bulk account import page (/admin/accounts/user/import/): the shared import page
(households.admin_import) around the account import service (accounts.user_import) and the region and grid
directories.

The initial-password list comes back inside the result page only (never stored on the server); leaving the page
loses it, and a lost password is reset per user."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from accounts.user_import import COLUMNS, MAX_ROWS, users_import
from accounts.user_import_workbooks import password_workbook, template_workbook
from households.admin_import import (
    MAX_UPLOAD_MB,
    ImportResult,
    error_download,
    import_page,
    layout_of,
    template_response,
    xlsx_download,
)
from households.registry_import.reader import Table
from households.selectors import grid_directory, region_directory

TEMPLATE_NAME = "批量导入用户模板.xlsx"
NOTE_PASSWORDS = (
    "初始密码只在本页提供一次，系统中不保存明文：离开本页前请下载并妥善保管，分别交给本人；"
    "每个用户首次登录时必须修改密码。遗失的可在用户页面逐个重置。"
    "新账号须经安全管理员审核角色和管辖区划后才能登录（三员分立），请通知安全管理员。"
)
LAYOUT = layout_of(COLUMNS)


def _run(request: HttpRequest) -> Callable[[Table, str], ImportResult]:
    def run(table: Table, file_name: str) -> ImportResult:
        outcome = users_import(
            actor=request.user,
            rows=table.rows,
            columns=table.columns,
            regions=region_directory(),
            grids=grid_directory(),
            file_name=file_name,
        )
        summary = f"新建账号 {len(outcome.created)} 个"
        if outcome.errors:
            summary += f"，有误 {len(outcome.errors)} 行未导入"
        summary += "".join(f"；{notice}" for notice in outcome.notices)
        result = ImportResult(file_name=file_name, summary=summary + "。", errors=outcome.errors)
        if outcome.created:
            result.downloads.append(
                xlsx_download("下载初始密码单", "初始密码单.xlsx", password_workbook(outcome), secret=True)
            )
            result.note = NOTE_PASSWORDS
        if outcome.errors:
            result.downloads.append(error_download(table.header, outcome.errors, "用户导入错误清单.xlsx"))
        return result

    return run


def import_page_view(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return import_page(
        request,
        {**context, "title": "批量导入用户"},
        layout=LAYOUT,
        run=_run(request),
        label="用户表",
        help_text=f".xlsx 或 .csv（UTF-8 或 GBK），不超过 {MAX_UPLOAD_MB} MB、{MAX_ROWS} 行。",
        first_step="每行填写一个账号：用户名、姓名、角色、管辖区划，行业部门用户还要填所属部门。",
        steps=[
            "管辖区划填 12 位区划代码，或“乡镇名村名”；村干部和驻村工作队为村，乡镇工作人员为乡镇。",
            "网格可选：村干部/网格员只负责本村一个网格的，填该网格的名称（如 第一网格），"
            "该账号只能看到这个网格的农户。",
            "系统管理员、安全管理员、审计管理员账号不能导入（三权分立）。每个账号的初始密码由系统随机生成。",
        ],
        template_url=reverse("admin:accounts_user_import_template"),
    )


def template_download() -> HttpResponse:
    return template_response(template_workbook(), TEMPLATE_NAME)
