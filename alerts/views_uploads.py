"""Pages of department uploads: the clerk's upload page with live progress, results, downloads, feed types."""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header

from accounts.permissions import user_can
from accounts.roles import Capability
from alerts import selectors
from alerts.access import MSG_ERRORS_NOT_YOURS, feeds_page, is_county_staff, may_download_errors, sees_error_lists
from alerts.forms import UploadForm
from alerts.ingest.services import MAX_UPLOAD_MB, feed_upload_create
from alerts.ingest.workbook import template_workbook
from config.forms import run_service

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@feeds_page
def upload_index(request: HttpRequest) -> HttpResponse:
    can_upload = user_can(request.user, Capability.FEEDS_UPLOAD)
    form = UploadForm(request.POST or None, request.FILES or None, actor=request.user)
    if request.method == "POST" and can_upload and form.is_valid():
        record = run_service(
            form,
            lambda: feed_upload_create(
                actor=request.user, feed_type=form.cleaned_data["feed_type"], upload=form.cleaned_data["file"]
            ),
        )
        if record is not None:
            messages.success(request, f"已上传 {record.original_name}（{record.period_label}）。处理进度和结果见下方。")
            return redirect("alerts:upload_detail", record.pk)
    page = Paginator(selectors.upload_list(actor=request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "alerts/uploads.html",
        {
            "form": form,
            "page": page,
            "can_upload": can_upload,
            "max_mb": MAX_UPLOAD_MB,
            "errors_downloadable": sees_error_lists(request.user),
        },
    )


@feeds_page
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.upload_get(actor=request.user, pk=pk)
    context = {
        "up": record,
        "county_staff": is_county_staff(request.user),
        "errors_downloadable": may_download_errors(request.user, record),
    }
    return render(request, "alerts/upload_detail.html", context)


@feeds_page
def upload_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The partial htmx polls every 2 s while the upload is processed (it stops polling once finished). On the
    upload's own page (`detail`) the finished partial also carries the result message and what to do next."""
    record = selectors.upload_get(actor=request.user, pk=pk)
    context = {
        "up": record,
        "county_staff": is_county_staff(request.user),
        "detail": bool(request.GET.get("detail")),
        "errors_downloadable": may_download_errors(request.user, record),
    }
    return render(request, "alerts/_upload_progress.html", context)


@feeds_page
def upload_errors(request: HttpRequest, pk: int) -> FileResponse:
    record = selectors.upload_get(actor=request.user, pk=pk)
    if not may_download_errors(request.user, record):
        raise PermissionDenied(MSG_ERRORS_NOT_YOURS)
    if not record.error_file:
        raise Http404("该上传没有错误清单。")
    name = f"错误清单_{PurePath(record.original_name).stem}.xlsx"
    return FileResponse(record.error_file.open("rb"), as_attachment=True, filename=name, content_type=XLSX)


@feeds_page
def feed_types(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/feed_types.html", {"feeds": selectors.feed_type_list(actor=request.user)})


@feeds_page
def feed_template(request: HttpRequest, code: str) -> HttpResponse:
    feed = get_object_or_404(selectors.feed_type_list(actor=request.user), code=code)
    response = HttpResponse(template_workbook(feed), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{feed.name}_模板.xlsx")
    return response
