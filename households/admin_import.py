"""The configuration site's bulk import pages (accounts: users; households: grids), on the shared file reader.

A page takes one sheet (XLSX, or CSV in UTF-8 or GBK), hands its rows to a service, and shows the result: counts,
the rows not imported with their reasons, and workbooks to download. The workbooks travel inside the result page
(data: links) of a response marked not to be stored. A file that cannot be read changes nothing and says why.

Each rendered form carries a once-token (config.once): the browser's reload of the result page re-posts the same
file with the same token, and that post imports nothing again; it says so and shows the first post's result,
initial-password sheet included, kept for that admin in the cache for RESULT_MINUTES only (never in a URL, a log
or the database).
"""

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header

from accounts.user_import import Column, RowError
from accounts.user_import_workbooks import columns_template
from config.once import OnceFormMixin
from households import grid_import
from households.registry_import.columns import normalize_header
from households.registry_import.reader import Layout, Table, UnreadableFile, kept_columns, open_table
from households.registry_import.rows import CELL_SEPARATOR
from households.registry_import.workbook import write_error_workbook

MAX_UPLOAD_MB = 5
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MSG_TOO_LARGE = "文件超过 {limit} MB，请拆分后分别导入。"
ERRORS_LABEL = "下载错误清单"
RESULT_MINUTES = 15  # how long a reload of the result page still shows it (with the initial passwords)
USED_SECONDS = 24 * 60 * 60  # how long a page's token stays spent (it holds nothing)
MSG_REPEATED = "该文件已经导入（刷新或重复提交了同一页面），这次没有再导入。下面是第一次导入的结果。"
MSG_REPEATED_PENDING = "该文件正在导入或已经导入（重复提交了同一页面），这次没有再导入。请稍候刷新本页查看结果。"
MSG_REPEATED_GONE = (
    "该文件已经导入（刷新或重复提交了同一页面），这次没有再导入。导入结果只保留 {minutes} 分钟，已不能再显示："
    "请在列表中核对导入的账号；遗失的初始密码请在用户页面逐个重置。"
)


@dataclass(frozen=True)
class Download:
    label: str
    file_name: str
    url: str
    secret: bool = False  # only this page holds it (initial passwords): the browser asks before leaving unsaved


@dataclass
class ImportResult:
    file_name: str
    summary: str
    errors: list[RowError] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    note: str = ""


class ImportForm(OnceFormMixin, forms.Form):
    file = forms.FileField(label="导入文件")

    def __init__(self, *args: Any, label: str = "", help_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label or self.fields["file"].label
        self.fields["file"].help_text = help_text

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise ValidationError(MSG_TOO_LARGE.format(limit=MAX_UPLOAD_MB))
        return upload


def xlsx_download(label: str, file_name: str, content: bytes, *, secret: bool = False) -> Download:
    url = f"data:{XLSX_TYPE};base64,{base64.b64encode(content).decode('ascii')}"
    return Download(label, file_name, url, secret)


def error_download(header: list[str], errors: list[RowError], file_name: str) -> Download:
    """The rows not imported, in the file's own columns plus 行号 and 错误原因."""
    kept = kept_columns(header)
    rows = (
        (e.line, CELL_SEPARATOR.join(e.cells[i] if i < len(e.cells) else "" for i in kept), e.reason) for e in errors
    )
    handle = io.BytesIO()
    write_error_workbook(handle, header=header, rows=rows)
    return xlsx_download(ERRORS_LABEL, file_name, handle.getvalue())


def import_page(
    request: HttpRequest,
    context: dict[str, Any],
    *,
    layout: Layout,
    run: Callable[[Table, str], ImportResult],
    label: str,
    help_text: str,
    first_step: str,
    steps: list[str],
    template_url: str,
) -> HttpResponse:
    """GET: the form. POST: read the sheet, `run(table, file name)` it (a service call), show its result."""
    form = ImportForm(request.POST or None, request.FILES or None, label=label, help_text=help_text)
    result = None
    if request.method == "POST" and form.is_valid():
        token = form.once_token
        keys = _once_keys(request, token)
        if keys and not cache.add(keys[0], "running", USED_SECONDS):
            result = _repeated(request, keys)
            form = ImportForm(label=label, help_text=help_text)
        else:
            upload = form.cleaned_data["file"]
            try:
                result = run(open_table(upload.file, upload.name, layout), upload.name)
            except UnreadableFile as error:
                form.add_error("file", error.message)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("file", message)
            else:
                form = ImportForm(label=label, help_text=help_text)
            finally:
                _spend(keys, result)
    response = TemplateResponse(
        request,
        "admin/bulk_import.html",
        {
            **context,
            "form": form,
            "result": result,
            "first_step": first_step,
            "steps": steps,
            "template_url": template_url,
        },
    )
    # The page may hold initial passwords: neither the browser nor a proxy keeps it.
    response["Cache-Control"] = "no-store, private"
    return response


def _once_keys(request: HttpRequest, token: Any) -> tuple[str, str] | None:
    """The cache keys of a page's token (spent; its result), the admin's own: no one else's post finds them."""
    if token is None:
        return None
    base = f"admin-import:{request.path}:{request.user.pk}:{token}"
    return f"{base}:used", f"{base}:result"


def _spend(keys: tuple[str, str] | None, result: ImportResult | None) -> None:
    """After a page's post: its result kept briefly for a reload, or, nothing imported (a file refused, a failure),
    its token freed, so that the corrected file may go with the same page."""
    if keys is None:
        return
    if result is None:
        cache.delete(keys[0])
    else:
        cache.set(keys[1], result, RESULT_MINUTES * 60)
        cache.set(keys[0], "done", USED_SECONDS)


def _repeated(request: HttpRequest, keys: tuple[str, str]) -> ImportResult | None:
    """A second post of a page whose file was imported (or is being): nothing again; the first result if kept."""
    result = cache.get(keys[1])
    if result is not None:
        messages.warning(request, MSG_REPEATED)
    elif cache.get(keys[0]) == "running":
        messages.warning(request, MSG_REPEATED_PENDING)
    else:
        messages.warning(request, MSG_REPEATED_GONE.format(minutes=RESULT_MINUTES))
    return result


def template_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


# --- grids ----------------------------------------------------------------------------------------------------


def layout_of(columns: tuple[Column, ...]) -> Layout:
    """What a sheet's header must name, from an import's columns (each header and its aliases)."""
    return Layout(
        header_keys={normalize_header(text): c.key for c in columns for text in (c.header, *c.aliases)},
        required=tuple((c.key, c.header) for c in columns if c.required),
        optional=tuple(c.header for c in columns if not c.required),
    )


def grid_import_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    def run(table: Table, file_name: str) -> ImportResult:
        outcome = grid_import.grids_import(
            actor=request.user, rows=table.rows, columns=table.columns, file_name=file_name
        )
        summary = f"新建网格 {len(outcome.created)} 个，修改网格员 {len(outcome.updated)} 个"
        if outcome.unchanged:
            summary += f"，{outcome.unchanged} 个与现有的相同（未修改）"
        if outcome.errors:
            summary += f"，有误 {len(outcome.errors)} 行未导入"
        result = ImportResult(file_name=file_name, summary=summary + "。", errors=outcome.errors)
        if outcome.errors:
            result.downloads.append(error_download(table.header, outcome.errors, "网格导入错误清单.xlsx"))
        return result

    return import_page(
        request,
        {**context, "title": "批量导入网格"},
        layout=layout_of(grid_import.COLUMNS),
        run=run,
        label="网格表",
        help_text=f".xlsx 或 .csv（UTF-8 或 GBK），不超过 {MAX_UPLOAD_MB} MB、{grid_import.MAX_ROWS} 行。",
        first_step="每行一个网格：所属村、网格名称，以及网格员的登录用户名（可先空着，以后再导入或在网格页面指定）。",
        steps=[
            "所属村填 12 位村代码，或“乡镇名村名”。村里已有同名网格的，改为该行的网格员；网格员留空则不改。",
            "网格员须先有账号（可在“用户”中批量导入），且为该村或其所在乡镇的村干部或驻村工作队。",
        ],
        template_url=reverse("admin:households_grid_import_template"),
    )


def grid_template() -> HttpResponse:
    content = columns_template(
        "网格",
        grid_import.COLUMNS,
        text_keys={"village", "worker"},
        sections=[],
        notes=[f"一次最多导入 {grid_import.MAX_ROWS} 个网格。"],
    )
    return template_response(content, "批量导入网格模板.xlsx")
