"""Department comparison pages: record the comparison of a case at its comparison step; see a recorded one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from workflow import selectors
from workflow import selectors_comparisons as comparisons
from workflow.forms_comparisons import ComparisonForm
from workflow.selectors_risks import case_risk_contradictions
from workflow.services.comparisons import comparison_record

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)


@EDIT
def comparison_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(actor=request.user, pk=pk)
    members = comparisons.comparison_members(case)
    form = ComparisonForm(request.POST or None, members=members, initial={"compared_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        comparison = run_service(
            form,
            lambda: comparison_record(
                actor=request.user,
                case=case,
                compared_on=data["compared_on"],
                findings=form.findings(),
                decision=data["decision"],
                reason=data["reason"],
            ),
        )
        if comparison:
            messages.success(request, f"已录入部门比对结果：{comparison.get_decision_display()}。")
            return redirect("workflow:comparison_detail", pk=comparison.pk)
    context = {
        "form": form,
        "case": case,
        "case_step": comparisons.comparison_step(case),
        "consent_on_file": comparisons.consent_on_file(case),
        "recorded": comparisons.comparison_list(actor=request.user, filters={"case": case.pk}).first(),
        "risk_flags": case_risk_contradictions(case, timezone.localdate()),
    }
    return render(request, "workflow/comparison_form.html", context)


@VIEW
def comparison_detail(request: HttpRequest, pk: int) -> HttpResponse:
    comparison = comparisons.comparison_get(actor=request.user, pk=pk)
    context = {"comparison": comparison, "members": comparisons.findings_by_member(comparison)}
    return render(request, "workflow/comparison_detail.html", context)
