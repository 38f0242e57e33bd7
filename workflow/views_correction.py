"""补正风险类型和拟定类别: the village corrects a case the township returned (services.case_correction)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.errors import Conflict
from config.forms import run_service
from workflow import selectors
from workflow.forms_correction import CaseCorrectForm
from workflow.services.case_correction import (
    case_correct,
    correction_check,
    correction_step,
    republish_names,
    republish_rule,
)

EDIT = capability_required(Capability.REGISTRY_EDIT)


@EDIT
def case_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(actor=request.user, pk=pk)
    try:
        correction_check(actor=request.user, case=case)  # another role or place: 403 with the reason
    except Conflict as error:
        # Not (or no longer) back at the village: said on the page, nothing to fill in.
        context = {"case": case, "title": "更正风险类型和拟定类别", "refusal": error.message}
        return render(request, "workflow/case_correct.html", context, status=409)
    form = CaseCorrectForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        # Only what this user changed, against what the page showed; a field corrected meanwhile is refused (StaleEdit)
        # and the form shows it as it is now (config.stale).
        changes, expected = form.edited(), form.expected()
        if done := run_service(form, lambda: case_correct(actor=request.user, case=case, expected=expected, **changes)):
            again = "、".join(f"“{name}”" for name in done.republish)
            guarantees = "".join(f"{said}。" for said in done.guarantees)  # the household's 住房/饮水安全有保障
            messages.success(
                request,
                "已更正风险类型和拟定类别。"
                + guarantees
                + (f"公示内容已改变，{again}须按更正后的内容重新公示。" if again else ""),
            )
            return redirect("workflow:case_detail", pk=case.pk)
    target = correction_step(case)
    context = {
        "case": case,
        "form": form,
        "title": "更正风险类型和拟定类别",
        "return_note": target.return_note if target else "",
        "republish": republish_rule(case),
        "republish_names": republish_names(case),
    }
    return render(request, "workflow/case_correct.html", context)
