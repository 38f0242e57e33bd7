"""补充未落实帮扶措施的原因: an open exit's reason for no measure in place, recorded on its case page
(services.exit_reason). The case page shows the form; this page takes it, and shows it again with its errors.
修改未落实帮扶措施的原因: the case page links to a page of its own, with the reason on file to change."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.errors import Conflict
from config.forms import run_service
from workflow import selectors
from workflow.forms_exit_reason import NoMeasureReasonChangeForm, NoMeasureReasonForm
from workflow.services.case_locks import case_version
from workflow.services.exit_reason import (
    CHANGE_TITLE,
    TITLE,
    case_no_measure_reason_add,
    change_check,
    reason_check,
)
from workflow.services.exit_reason import case_no_measure_reason_change as reason_change

PAGE = "workflow/case_no_measure_reason.html"


@capability_required(Capability.REGISTRY_VIEW)  # the county's approver acts its step without editing the registry
def case_no_measure_reason(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(actor=request.user, pk=pk)
    try:
        reason_check(actor=request.user, case=case)  # another role or place: 403 with the reason
    except Conflict as error:
        # Given meanwhile, a measure put in place, or the case moved on: said on the page, nothing to fill in.
        return render(request, PAGE, {"case": case, "refusal": error.message, "title": TITLE}, status=409)
    form = NoMeasureReasonForm(request.POST or None, initial={"version": case_version(case)})
    if request.method == "POST" and form.is_valid():
        reason, version = form.cleaned_data["no_measure_reason"], form.cleaned_data["version"]
        add = case_no_measure_reason_add
        if run_service(form, lambda: add(actor=request.user, case=case, reason=reason, expected_version=version)):
            messages.success(request, f"已{TITLE}。乡镇审核、县级审批时按所填原因办理。")
            return redirect("workflow:case_detail", pk=case.pk)
    return render(request, PAGE, {"case": case, "form": form, "title": TITLE})


@capability_required(Capability.REGISTRY_VIEW)
def case_no_measure_reason_change(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(actor=request.user, pk=pk)
    try:
        change_check(actor=request.user, case=case)  # another role or place: 403 with the reason
    except Conflict as error:
        # Approved by the county, closed, or no reason on file: said on the page, nothing to change.
        return render(request, PAGE, {"case": case, "refusal": error.message, "title": CHANGE_TITLE}, status=409)
    initial = {"version": case_version(case), "no_measure_reason": case.no_measure_reason}
    form = NoMeasureReasonChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {"reason": form.cleaned_data["no_measure_reason"], "expected_version": form.cleaned_data["version"]}
        if run_service(form, lambda: reason_change(actor=request.user, case=case, **values)):
            messages.success(request, f"已{CHANGE_TITLE}，原来的原因保留在案件记录中。")
            return redirect("workflow:case_detail", pk=case.pk)
    context = {"case": case, "form": form, "title": CHANGE_TITLE, "previous": case.no_measure_reason}
    return render(request, PAGE, context)
