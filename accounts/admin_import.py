"""The system admin's bulk account import page (/admin/accounts/user/import/), composed from the shared file reader
(households.registry_import.reader), the region directory (households.selectors) and the account import service
(accounts.user_import).

The result page carries the initial-password list and the error list as workbooks inside the page itself
(data: links), in the response that created the accounts and marked not to be stored: the passwords are never
written anywhere on the server, and leaving the page loses them (a password can still be reset per user).
"""

import base64
import io
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header

from accounts.user_import import COLUMNS, MAX_ROWS, ImportOutcome, users_import
from accounts.user_import_workbooks import password_workbook, template_workbook
from config.forms import apply_errors
from households.registry_import.columns import normalize_header
from households.registry_import.reader import Layout, UnreadableFile, kept_columns, open_table
from households.registry_import.rows import CELL_SEPARATOR
from households.registry_import.workbook import write_error_workbook
from households.selectors import region_directory

MAX_UPLOAD_MB = 5
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MSG_TOO_LARGE = "文件超过 {limit} MB，一次最多导入 {rows} 个账号，请拆分后分别导入。"
TEMPLATE_NAME = "批量导入用户模板.xlsx"

LAYOUT = Layout(
    header_keys={normalize_header(text): c.key for c in COLUMNS for text in (c.header, *c.aliases)},
    required=tuple((c.key, c.header) for c in COLUMNS if c.required),
    optional=tuple(c.header for c in COLUMNS if not c.required),
)


class UserImportForm(forms.Form):
    file = forms.FileField(
        label="用户表",
        help_text=f".xlsx 或 .csv（UTF-8 或 GBK），不超过 {MAX_UPLOAD_MB} MB、{MAX_ROWS} 行；请先下载模板按列填写。",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise ValidationError(MSG_TOO_LARGE.format(limit=MAX_UPLOAD_MB, rows=MAX_ROWS))
        return upload


def _data_url(content: bytes) -> str:
    return f"data:{XLSX_TYPE};base64,{base64.b64encode(content).decode('ascii')}"


def _error_workbook(header: list[str], outcome: ImportOutcome) -> bytes:
    kept = kept_columns(header)
    rows = (
        (e.line, CELL_SEPARATOR.join(e.cells[i] if i < len(e.cells) else "" for i in kept), e.reason)
        for e in outcome.errors
    )
    handle = io.BytesIO()
    write_error_workbook(handle, header=header, rows=rows)
    return handle.getvalue()


def import_users(request: HttpRequest) -> tuple[UserImportForm, dict[str, Any]]:
    """Handle the upload form; on success, what the result page shows."""
    form = UserImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return form, {}
    upload = form.cleaned_data["file"]
    try:
        table = open_table(upload.file, upload.name, LAYOUT)
        outcome = users_import(
            actor=request.user,
            rows=table.rows,
            columns=table.columns,
            regions=region_directory(),
            file_name=upload.name,
        )
    except UnreadableFile as error:
        form.add_error("file", error.message)
        return form, {}
    except ValidationError as error:
        apply_errors(form, ValidationError({"file": error.messages}))
        return form, {}
    result: dict[str, Any] = {"outcome": outcome, "file_name": upload.name}
    if outcome.created:
        result["password_url"] = _data_url(password_workbook(outcome))
    if outcome.errors:
        result["errors_url"] = _data_url(_error_workbook(table.header, outcome))
    return UserImportForm(), result


def import_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    form, result = import_users(request)
    response = TemplateResponse(
        request,
        "admin/accounts/user/import.html",
        {**context, "title": "批量导入用户", "form": form, **result},
    )
    # The page may hold initial passwords: neither the browser nor a proxy keeps it.
    response["Cache-Control"] = "no-store, private"
    return response


def template_download() -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, TEMPLATE_NAME)
    return response
