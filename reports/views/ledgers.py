"""The reports landing page (ledgers with shared filters), exports with progress, and downloads."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.permissions import MSG_NO_CAPABILITY, user_can
from accounts.roles import Capability
from config.errors import ApplicationError, Busy, Gone
from reports.filters import WORKLIST_FIELDS, LedgerFilterForm, filters_scope, filters_to_json, quarter_label
from reports.ledgers import labour, ledger_get, ledger_list
from reports.ledgers.base import Filters
from reports.models import LedgerExport
from reports.services.exports import ledger_export_download, ledger_export_filename, ledger_export_start


def any_capability_required(*capabilities: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not any(user_can(request.user, capability) for capability in capabilities):
                raise PermissionDenied(MSG_NO_CAPABILITY)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# A village cadre downloads its own village's ledgers here (reports.ledgers.VILLAGE_LEDGERS), not the dashboards; the
# 人社 clerk the employment ledger it leads (reports.ledgers.CLERK_LEDGERS), and nothing else of the reports.
LEDGERS = any_capability_required(Capability.LEDGERS_DOWNLOAD, Capability.EMPLOYMENT_VIEW)

MSG_QUEUED = "“{name}”共 {rows} 行，正在后台生成，完成后可在下方下载（下载链接有效期至 {expires}）。"


def _index(request: HttpRequest, form: LedgerFilterForm, status: int = 200, refusal: str = "") -> HttpResponse:
    exports = LedgerExport.objects.filter(user=request.user).order_by("-created_at", "-id")[:10]
    quarter = form.chosen_quarter()
    notices = {}
    if not labour.has_records(actor=request.user, quarter=quarter):
        notices[labour.LEDGERS[0].code] = labour.MSG_NO_RECORDS.format(quarter=quarter_label(quarter))
    # Summaries for the filters chosen (all of the user's scope until a valid choice is made).
    filters = form.to_filters() if form.is_bound and form.is_valid() else Filters(extra={"quarter": quarter})
    ledgers = ledger_list(actor=request.user)
    context: dict[str, Any] = {
        "form": form,
        "ledgers": [
            (
                ledger,
                notices.get(ledger.code, ""),
                ledger.summary(request.user, ledger.own_filters(filters)) if ledger.summary else "",
            )
            for ledger in ledgers
        ],
        "exports": exports,
        "refusal": refusal,  # an export refused with valid filters (Busy): said above them, not as their error
        "summary_unfiltered": form.is_bound and not form.is_valid(),
        "quarter_code": "{}Q{}".format(*quarter),
        # The other tabs (dashboard, performance, national marking) are for roles that read reports.
        "ledgers_only": not user_can(request.user, Capability.REPORTS_VIEW),
    }
    if not any(ledger.by_quarter for ledger in ledgers):
        del form.fields["quarter"]  # only the quarterly ledger (就业台账) reads it
    by_kind = [f"“{ledger.name}”" for ledger in ledgers if ledger.by_household_kind]
    context["household_kind_ledgers"] = "、".join(by_kind)
    quarterly = any(ledger.by_quarter for ledger in ledgers)
    context["summary_scope"] = filters_scope(
        filters, request.user, quarterly=quarterly, kind_ledgers=context["household_kind_ledgers"]
    )
    if not by_kind:
        del form.fields["household_kind"]  # only the ledgers of monitored households and the monthly entry list read it
    for name in WORKLIST_FIELDS:
        del form.fields[name]  # posted by the screening worklist's 导出 button only
    return render(request, "reports/index.html", context, status=status)


@LEDGERS
def index(request: HttpRequest) -> HttpResponse:
    return _index(request, LedgerFilterForm(request.GET or None, actor=request.user))


@LEDGERS
@require_http_methods(["GET", "HEAD", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        # The page a refused export renders (400) lives at this address: reloaded or bookmarked, it asks again by GET,
        # and goes back to the reports page with what its query holds, not to an empty 405 the browser tells in English.
        query = request.GET.urlencode()
        return redirect(f"{reverse('reports:index')}?{query}" if query else reverse("reports:index"))
    ledger = ledger_get(actor=request.user, code=request.POST.get("ledger", ""))
    form = LedgerFilterForm(request.POST, actor=request.user)
    if not form.is_valid():
        return _index(request, form, status=400)
    filters = form.to_filters()
    if ledger.check is not None and (refused := ledger.check(ledger.own_filters(filters))):
        form.add_error("date_from", refused)  # the period this ledger cannot read (应走访未走访: one in the future)
        return _index(request, form, status=400)
    try:
        started = ledger_export_start(
            actor=request.user,
            ledger=ledger,
            filters=filters,
            filters_json=filters_to_json(filters, form.cleaned_data.get("region") or ""),
        )
    except Busy as busy:  # as many of the user's exports queued or running as allowed: wait for one
        return _index(request, form, status=429, refusal=busy.message)
    if started.file is not None:
        return FileResponse(started.file, as_attachment=True, filename=started.filename)
    assert started.export is not None
    messages.success(request, queued_message(started.export))
    query = urlencode({name: request.POST.get(name, "") for name in form.fields if name not in WORKLIST_FIELDS})
    return redirect(f"{reverse('reports:index')}?{query}#exports")


def queued_message(export: LedgerExport) -> str:
    expires = f"{export.expires_at.astimezone():%m月%d日 %H:%M}"
    return MSG_QUEUED.format(name=export.ledger_name, rows=export.rows_total, expires=expires)


def _own_export(request: HttpRequest, pk: int) -> LedgerExport:
    # Served only to the user who made it: anyone else gets 404, whatever their scope.
    return get_object_or_404(LedgerExport, pk=pk, user=request.user)


@LEDGERS
def export_progress(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "reports/_export_row.html", {"export": _own_export(request, pk)})


@LEDGERS
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    try:  # HEAD reads the headers: not audited as a download
        handle = ledger_export_download(actor=request.user, export=export, head=request.method == "HEAD")
    except ApplicationError as refusal:  # expired (410), or not written yet, or failed (409): the page says which
        gone = isinstance(refusal, Gone)
        context = {"message": refusal.message, "gone": gone}
        return render(request, "reports/expired.html", context, status=410 if gone else 409)
    filename = ledger_export_filename(actor=request.user, export=export)
    return FileResponse(handle, as_attachment=True, filename=filename)
