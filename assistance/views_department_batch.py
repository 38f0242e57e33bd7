"""The department clerk's 批量办结 and export (部门帮扶任务): tick several 实施中 measures on the list, confirm them on
a page listing them with one completion date and note (assistance.services.department_batch), and download the list
as it is filtered (assistance.services.department_export)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from assistance.forms_department import DepartmentDoneForm
from assistance.services import department_batch
from assistance.services.department_export import department_measures_export
from assistance.views_department import DEPARTMENT, department_listing
from config.forms import run_service
from config.xlsx import XLSX_TYPE

MSG_DONE = "已批量办结{count}项措施。"
MSG_SKIPPED = "未办结{count}项：{items}。"
MSG_EXPORT_REFUSED = "筛选条件有误，未导出。请修改筛选条件后重新导出。"


def _ids(request: HttpRequest) -> list[int]:
    """The ticked measures' ids; anything else sent is no measure (the service names what is not the clerk's)."""
    return [int(value) for value in request.POST.getlist("measures") if value.isdigit() and len(value) < 12]


def _skipped_words(skipped: list[department_batch.Skipped]) -> str:
    return "；".join(f"{item.name}（{item.reason}）" for item in skipped)


@DEPARTMENT
def department_batch_done(request: HttpRequest) -> HttpResponse:
    """批量办结: the list posts the ticked ids here; this page lists those it will close and those it will not (with
    why), asks one completion date and note, and on 确认办结 closes them (POST with confirm)."""
    if request.method != "POST":
        return redirect("assistance:department")
    ids = _ids(request)
    confirming = "confirm" in request.POST
    form = DepartmentDoneForm(request.POST if confirming else None)
    if confirming and form.is_valid():
        data = form.cleaned_data
        call = lambda: department_batch.measures_complete_by_department(  # noqa: E731
            actor=request.user, pks=ids, note=data["note"], on=data["on"]
        )
        if (result := run_service(form, call)) is not None:
            if result.done:
                messages.success(request, MSG_DONE.format(count=len(result.done)))
            if result.skipped:
                items = _skipped_words(result.skipped)
                messages.warning(request, MSG_SKIPPED.format(count=len(result.skipped), items=items))
            return redirect("assistance:department")
    on = form.cleaned_data.get("on") if form.is_bound and hasattr(form, "cleaned_data") else None
    preview = department_batch.batch_check(actor=request.user, pks=ids, on=on)
    context = {"form": form, "ready": preview.done, "skipped": preview.skipped, "chosen": ids}
    return render(request, "assistance/department_batch.html", context, status=400 if form.errors else 200)


@DEPARTMENT
def department_export(request: HttpRequest) -> HttpResponse:
    """导出: the clerk's list under the current filters as XLSX (full ID numbers of the members of the department's
    own measures, audited with the count: assistance.services.department_export)."""
    listing = department_listing(request)
    if listing["filter_errors"]:
        messages.error(request, MSG_EXPORT_REFUSED)
        return redirect(f"{reverse('assistance:department')}?{request.GET.urlencode()}")
    content = department_measures_export(
        actor=request.user, measures=listing["measures"], filter_words=_filter_words(listing)
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    name = f"{request.user.get_department_display()}帮扶任务_{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


def _filter_words(listing: dict[str, Any]) -> str:
    """状态：待办（未办结）　查找：张　只看逾期未办结: the filters the export was made under, for its second line."""
    form = listing["form"]
    parts = [f"状态：{dict(listing['statuses']).get(listing['status'], '')}"]
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    if data.get("village"):
        choices = form.fields["village"].choices
        flat = dict(c for value, label in choices for c in (label if isinstance(label, list) else [(value, label)]))
        parts.append(f"{form.fields['village'].label}：{flat.get(data['village'], data['village'])}")
    if data.get("q"):
        parts.append(f"查找：{data['q']}")
    parts += [form.fields[name].label for name in ("overdue", "late_start") if data.get(name)]
    return "　".join(parts)
