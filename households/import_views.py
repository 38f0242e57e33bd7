"""Pages of the go-live import (县乡村振兴局): upload, past imports with live progress, downloads."""

from collections.abc import Callable
from functools import wraps
from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from accounts.file_access import IMPORT_ERRORS_DOWNLOAD, personal_file_response
from accounts.permissions import capability_required
from accounts.roles import Capability
from config.errors import ApplicationError
from config.forms import run_service
from households.models import RegistryImport
from households.registry_import import (
    registry_import_allowed,
    registry_import_confirm,
    registry_import_create,
    registry_import_requeue,
)
from households.registry_import.columns import layout
from households.registry_import.reader import EXTENSIONS
from households.registry_import.selectors import (
    registry_import_get,
    registry_import_households,
    registry_import_list,
    registry_import_without_grid,
)
from households.registry_import.services import MSG_COUNTY_ONLY, retry_helps
from households.registry_import.summary import split_message
from households.registry_import.workbook import template_workbook

Status = RegistryImport.Status
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


MODE_CHECK, MODE_IMPORT = "check", "import"


class RegistryImportForm(forms.Form):
    file = forms.FileField(
        label="农户档案文件",
        help_text="国家系统导出的 .xlsx 或 .csv（UTF-8 或 GBK 编码），每行一名家庭成员，格式见导入模板。",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(EXTENSIONS))}),
    )
    # Checking first is the default: nothing is created until 确认导入 on the checked import's page. A form sent
    # without the choice only checks too.
    mode = forms.ChoiceField(
        label="处理方式",
        choices=[
            (MODE_CHECK, "仅检查，不导入（先看可导入和有错误的户数，确认后再导入）"),
            (MODE_IMPORT, "检查并导入（无误的农户立即建档）"),
        ],
        widget=forms.RadioSelect,
        initial=MODE_CHECK,
        required=False,
    )


def annotate(record: RegistryImport) -> RegistryImport:
    """What the import's progress partial and page show beside its counts: whether a retry helps, and its message
    apart from the lines naming the file's columns not imported."""
    record.retry_helps = retry_helps(record)
    record.summary, record.unread_lines = split_message(record.message)
    return record


def county_bureau_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Registry editors get in through the capability; of them, only the county bureau (the service's rule)."""

    @capability_required(Capability.REGISTRY_EDIT)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not registry_import_allowed(request.user):
            raise PermissionDenied(MSG_COUNTY_ONLY)
        return view(request, *args, **kwargs)

    return wrapped


@county_bureau_only
def import_index(request: HttpRequest) -> HttpResponse:
    form = RegistryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        check_only = form.cleaned_data["mode"] != MODE_IMPORT
        record = run_service(
            form,
            lambda: registry_import_create(actor=request.user, upload=form.cleaned_data["file"], check_only=check_only),
        )
        if record is not None:
            if check_only:
                messages.success(request, f"已上传 {record.original_name}，正在后台检查（不导入），完成后可确认导入。")
                return redirect("households:import_detail", pk=record.pk)
            messages.success(request, f"已上传 {record.original_name}，正在后台导入，可在下方查看进度。")
            return redirect("households:import_index")
    page = Paginator(registry_import_list(actor=request.user), 20).get_page(request.GET.get("page"))
    for record in page.object_list:
        annotate(record)
    return render(request, "households/import_list.html", {"form": form, "page": page, "columns": layout()})


@county_bureau_only
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = annotate(registry_import_get(actor=request.user, pk=pk))
    households, without_grid = None, []
    if record.households_created and not record.check_only:
        households = Paginator(registry_import_households(actor=request.user, record=record), 20).get_page(
            request.GET.get("page")
        )
        without_grid = registry_import_without_grid(actor=request.user, record=record)
    context = {"households": households, "page": households, "without_grid": without_grid}
    return render(request, "households/import_detail.html", {"imp": record, **context, "detail_page": True})


@require_POST
@county_bureau_only
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """确认导入: the file a check-only run checked, imported without uploading it again."""
    record = registry_import_get(actor=request.user, pk=pk)
    try:
        registry_import_confirm(actor=request.user, import_id=record.pk)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已确认导入：正在后台重新检查并导入该文件，可在本页查看进度。")
    return redirect("households:import_detail", pk=record.pk)


@require_POST
@county_bureau_only
def import_retry(request: HttpRequest, pk: int) -> HttpResponse:
    record = registry_import_get(actor=request.user, pk=pk)
    try:
        registry_import_requeue(actor=request.user, import_id=record.pk)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已重新排队：稍后在后台继续导入，此前已导入的农户不会重复建立。")
    return redirect("households:import_detail", pk=record.pk)


@county_bureau_only
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The small partial that htmx polls every 2 s while the import runs (it stops polling once finished). The
    detail page's poll (?detail=1), once the import is finished, reloads that page: its finish time, message,
    households and retry help are outside the partial."""
    record = registry_import_get(actor=request.user, pk=pk)
    detail_page = request.GET.get("detail") == "1"
    if detail_page and record.status in (Status.DONE, Status.FAILED):
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    annotate(record)
    return render(request, "households/import_progress.html", {"imp": record, "detail_page": detail_page})


@county_bureau_only
def import_errors(request: HttpRequest, pk: int) -> FileResponse:
    """The rows as uploaded (full ID numbers, names, health): downloading it is recorded in the audit log."""
    record = registry_import_get(actor=request.user, pk=pk)
    if not record.error_file:
        raise Http404("该导入没有错误清单。")
    title = "错误清单" if record.rows_bad else "核实清单"  # only imported rows to verify (family checks)
    return personal_file_response(
        actor=request.user,
        field_file=record.error_file,
        action=IMPORT_ERRORS_DOWNLOAD,
        target=record,
        summary=f"下载农户档案导入“{record.original_name}”的{title}",
        filename=f"{title}_{PurePath(record.original_name).stem}.xlsx",
        as_attachment=True,
        content_type=XLSX,
    )


@county_bureau_only
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename="农户档案导入模板.xlsx")
    return response
