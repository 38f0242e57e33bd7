"""The department clerk's pages (部门帮扶任务): the measures their department is responsible for, and on each one
登记实施情况 and 办结. Nothing else of the registry: the household's head and village, the measure and, for a member's
measure, whom it is for (assistance.measure_member)."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.permissions import capability_required
from accounts.roles import Capability
from assistance import selectors_department as department_selectors
from assistance.choices import OPEN_MEASURE_STATUSES, MeasureStatus
from assistance.forms_department import DepartmentDoneForm, DepartmentFilterForm, DepartmentProgressForm
from assistance.measure_member import measure_member
from assistance.models import PlanMeasure
from assistance.services import department as department_services
from assistance.services import measure_status
from config.forms import run_service
from config.paging import page_query
from households.place_filter import place_named, place_narrow

DEPARTMENT = capability_required(Capability.DEPARTMENT_MEASURES)
MSG_BAD_STATUS = "状态“{value}”无效，请从列表中选择。"
MSG_NOT_SAVED = "该措施现为“{status}”，您提交的内容未保存。"


def department_listing(request: HttpRequest) -> dict[str, Any]:
    """The list's filters read from the query (the page's and the export's): the measures, the errors (an unknown
    status or filter lists nothing and says so) and what the page shows of them."""
    status = request.GET.get("status", "open")
    statuses = [("open", "待办（未办结）"), *MeasureStatus.choices]
    form = DepartmentFilterForm(request.GET or None, actor=request.user)
    chosen = form.filters()
    places = department_selectors.department_places(actor=request.user)
    place = place_named(actor=request.user, query=request.GET, regions=places)
    place_narrow(chosen, place)
    filters = {**chosen, "status": status}
    # An unknown status or filter lists nothing and says so (it listed everything), as the API answers 400. A place
    # not the clerk's is said once, by the 范围 line, as on the other lists: a 200 and no second notice of it.
    errors = [] if status in dict(statuses) else [MSG_BAD_STATUS.format(value=status[:20])]
    errors += form.filter_errors_besides("village") if place is False else form.filter_errors
    measures = department_selectors.department_measure_list(actor=request.user, filters=filters)
    return {
        "measures": measures.none() if errors else measures,
        "form": form,
        "status": status,
        "statuses": statuses,
        "filter_errors": errors,
        "places": places,
        "refused": place is False,
        # An empty list under a search or filter says nothing matched, not that nothing is to do.
        "filtered": status != "open" or any(chosen.values()),
    }


@DEPARTMENT
def department(request: HttpRequest) -> HttpResponse:
    """部门帮扶任务: the measures the clerk's department is responsible for, and nothing else of the registry; those
    late (已到开始日期未实施, 逾期未办结) flagged and filterable, as on the township's list. 实施中 ones may be ticked
    for 批量办结 (views_department_batch), and the list exported as it is filtered."""
    listing = department_listing(request)
    page = Paginator(listing.pop("measures"), 30).get_page(request.GET.get("page"))
    for measure in page:  # whom a member's measure is for, as the clerk may read them
        measure.for_member = measure_member(request.user, measure.member)
    context = {**listing, "page": page, "query": page_query(request), "today": timezone.localdate()}
    context["export_query"] = request.GET.urlencode()
    context["batchable"] = any(measure.status == MeasureStatus.IN_PROGRESS for measure in page)
    return render(request, "assistance/department.html", context, status=400 if listing["filter_errors"] else 200)


@DEPARTMENT
def department_measure(request: HttpRequest, pk: int) -> HttpResponse:
    measure = department_selectors.department_measure_get(actor=request.user, pk=pk)
    # Two forms on the page: 登记实施情况 (its fields prefixed "progress-") and 办结.
    progressing = request.method == "POST" and "progress-note" in request.POST
    progress = DepartmentProgressForm(request.POST if progressing else None, measure=measure)
    if progressing and progress.is_valid():
        call = lambda: department_services.measure_progress_by_department(  # noqa: E731
            actor=request.user, measure=measure, **progress.cleaned_data
        )
        if run_service(progress, call):
            messages.success(request, f"已登记实施情况：{_department_named(measure)}。")
            return redirect("assistance:department_measure", pk=measure.pk)
    form = DepartmentDoneForm(request.POST if request.method == "POST" and not progressing else None)
    if request.method == "POST" and not progressing and form.is_valid():
        data = form.cleaned_data
        call = lambda: measure_status.measure_complete_by_department(  # noqa: E731
            actor=request.user, measure=measure, note=data["note"], on=data["on"]
        )
        if run_service(form, call):
            messages.success(request, f"已办结：{_department_named(measure)}。")
            return redirect("assistance:department")
    for_member = measure_member(request.user, measure.member)
    context = {"measure": measure, "for_member": for_member, "form": form, "progress": progress}
    if request.method == "POST" and measure.status not in OPEN_MEASURE_STATUSES:
        # Sent from a page opened before the measure was closed (another tab, another clerk): the forms are not
        # drawn for a closed measure, so what refused it is said at the top, and the typed text given back.
        context["unsaved_note"] = _unsaved(request, progress if progressing else form, measure)
    return render(request, "assistance/department_measure.html", context)


def _unsaved(request: HttpRequest, form: Any, measure: PlanMeasure) -> str:
    """The submitted form's errors as messages (the service's first: 措施当前状态为“已完成”…) and that nothing was
    saved; the note typed in it returned to be copied."""
    errors = [str(e) for e in form.non_field_errors()]
    errors += [str(e) for name, field_errors in form.errors.items() if name != "__all__" for e in field_errors]
    errors.append(MSG_NOT_SAVED.format(status=measure.get_status_display()))
    for error in dict.fromkeys(errors):
        messages.error(request, error)
    return str(request.POST.get(form.add_prefix("note")) or "").strip()


def _department_named(measure: PlanMeasure) -> str:
    """张大山户 李秀英 医保参保资助: the household, the member a member's measure is for, and the measure."""
    member = f" {measure.member.name}" if measure.member_id else ""
    return f"{measure.household.head_name}户{member} {measure.measure_type.name}"
