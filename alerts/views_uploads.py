"""Pages of department uploads: the clerk's upload page with live progress, results, downloads, feed types."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header

from accounts.permissions import user_can
from accounts.roles import Capability
from alerts import selectors
from alerts.access import (
    MSG_ERRORS_NOT_YOURS,
    error_workbook_response,
    feeds_page,
    is_county_staff,
    may_download_errors,
    sees_error_lists,
)
from alerts.forms import UploadForm
from alerts.ingest.nil_return import NilReturnDraft, feed_nil_return_check, feed_nil_return_create
from alerts.ingest.services import MAX_UPLOAD_MB, feed_upload_create
from alerts.models import FeedType, FeedUpload
from alerts.models.uploads import NOT_COUNTED_BADGE, clerk_department
from alerts.periods import Period
from alerts.selectors_periods import expired_note, overdue_periods, upload_period_note
from alerts.selectors_unregistered import upload_unregistered_rows
from alerts.services.feed_template import feed_template_workbook
from config.forms import run_service

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _nil_draft(request: HttpRequest, form: UploadForm) -> NilReturnDraft | None:
    """A nil return's first POST: what it would record, for the page to ask the clerk to confirm."""
    data = form.cleaned_data
    return run_service(
        form, lambda: feed_nil_return_check(actor=request.user, feed_type=data["feed_type"], period_key=data["period"])
    )


def _send(request: HttpRequest, form: UploadForm) -> FeedUpload | None:
    """The form's file, or its confirmed nil return (零报告), for the period it names."""
    data = form.cleaned_data
    if form.nil_return:
        return run_service(
            form,
            lambda: feed_nil_return_create(actor=request.user, feed_type=data["feed_type"], period_key=data["period"]),
        )
    return run_service(
        form,
        lambda: feed_upload_create(
            actor=request.user, feed_type=data["feed_type"], upload=data["file"], period_key=data["period"]
        ),
    )


def _sent(request: HttpRequest, record: FeedUpload) -> HttpResponse:
    if record.nil_return:
        late = {False: "（超过截止日期，计为迟报）", None: f"（{NOT_COUNTED_BADGE}）"}.get(record.on_time, "")
        messages.success(request, f"已报送 {record.feed_type.name} {record.period_label} 零报告{late}。")
        return redirect("alerts:uploads")
    messages.success(request, f"已上传 {record.original_name}（{record.period_label}）。处理进度和结果见下方。")
    return redirect("alerts:upload_detail", record.pk)


def _overdue(request: HttpRequest) -> dict[str, Any]:
    """The department's periods overdue, per feed type (oldest first), each feed type linking to its oldest."""
    by_feed: dict[FeedType, list[Period]] = {}
    for feed, period in overdue_periods(actor=request.user):
        by_feed.setdefault(feed, []).append(period)
    return {
        "overdue": list(by_feed.items()),
        "overdue_count": sum(len(p) for p in by_feed.values()),
        "expired_note": expired_note(actor=request.user),
    }


@feeds_page
def upload_index(request: HttpRequest) -> HttpResponse:
    """The upload form (a link may preselect ?feed_type=&period=, as the home tile's overdue periods do; the page
    reloads the period choices this way when the feed type changes) and the uploads so far. A nil return is
    filed in two steps: the first POST shows what it states (feed, period, late or not) to confirm."""
    can_upload = user_can(request.user, Capability.FEEDS_UPLOAD)
    # A department with no active feed type (发改局, 工信局) is told so, not offered an empty 数据类型 list.
    nothing_to_send = can_upload and not selectors.has_feeds_to_send(request.user)
    initial = {name: request.GET[name] for name in ("feed_type", "period") if request.GET.get(name)}
    form = UploadForm(request.POST or None, request.FILES or None, actor=request.user, initial=initial)
    nil_draft = None
    if request.method == "POST" and can_upload and not nothing_to_send and form.is_valid():
        if form.nil_return and not form.nil_confirmed:
            nil_draft = _nil_draft(request, form)
        elif (record := _send(request, form)) is not None:
            return _sent(request, record)
    page = Paginator(selectors.upload_list(actor=request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "alerts/uploads.html",
        {
            "form": form,
            "nil_draft": nil_draft,
            "page": page,
            "can_upload": can_upload,
            "nothing_to_send": nothing_to_send,
            **(_overdue(request) if can_upload else {}),
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
        "period_note": upload_period_note(upload=record),
        "unregistered": upload_unregistered_rows(actor=request.user, upload=record) if record.rows_unmatched else [],
        "clerk": clerk_department(request.user) is not None,
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
    return error_workbook_response(actor=request.user, upload=record)


@feeds_page
def feed_types(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/feed_types.html", {"feeds": selectors.feed_type_list(actor=request.user)})


@feeds_page
def feed_template(request: HttpRequest, code: str) -> HttpResponse:
    feed = get_object_or_404(selectors.feed_type_list(actor=request.user), code=code)
    response = HttpResponse(feed_template_workbook(feed), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{feed.name}_模板.xlsx")
    return response
