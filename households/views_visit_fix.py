"""A visit's 更正 and 作废 pages, each its own page reached from the household's 走访 tab
(households.services.visit_fix; the API's the same: households.api_visit_fix)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from households.forms_visit_fix import VisitCorrectForm, VisitVoidForm
from households.models import Visit
from households.services import visit_changes, visit_fix

EDIT = capability_required(Capability.REGISTRY_EDIT)
MSG_CORRECTED = "已更正 {day:%Y-%m-%d} 的走访。"
MSG_VOIDED = "已作废 {day:%Y-%m-%d} 的走访，它不再计入走访次数、收支变化和台账。"


def _visit(request: HttpRequest, pk: int) -> Visit:
    visits = Visit.objects.visible_to(request.user).select_related("household", "visitor")
    return get_object_or_404(visits, pk=pk)


def _back(visit: Visit) -> str:
    return f"{visit.household.get_absolute_url()}?tab=visits"


@EDIT
def visit_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    refusal = visit_fix.visit_fix_refusal(request.user, visit, visit_fix.CORRECT)
    initial = {name: getattr(visit, name) for name in visit_fix.CORRECTABLE}
    form = VisitCorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and not refusal and form.is_valid():
        call = lambda: visit_fix.visit_correct(actor=request.user, visit=visit, **form.service_arguments())  # noqa: E731
        if corrected := run_service(form, call):
            messages.success(request, MSG_CORRECTED.format(day=corrected.visited_on))
            if notice := visit_changes.drop_notice(corrected):
                update = reverse("households:income_add", args=[corrected.household_id])
                link = f"{update}?year={notice.year}"
                messages.warning(
                    request, format_html('{} <a href="{}">更新{}年度收支</a>', notice.message, link, notice.year)
                )
            return redirect(_back(visit))
    context = {"visit": visit, "form": form, "refusal": refusal, "action": "correct", "back": _back(visit)}
    return render(request, "households/visit_fix.html", context)


@EDIT
def visit_void_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    refusal = visit_fix.visit_fix_refusal(request.user, visit, visit_fix.VOID)
    form = VisitVoidForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        call = lambda: visit_fix.visit_void(actor=request.user, visit=visit, **form.cleaned_data)  # noqa: E731
        if voided := run_service(form, call):
            messages.success(request, MSG_VOIDED.format(day=voided.visited_on))
            return redirect(_back(visit))
    context = {"visit": visit, "form": form, "refusal": refusal, "action": "void", "back": _back(visit)}
    return render(request, "households/visit_fix.html", context)
