"""公示异议 pages: recording an objection raised during a publicity, and recording what its verification found."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from config.once import MSG_REPEATED
from workflow import selectors
from workflow.choices import CaseStepStatus
from workflow.forms import ObjectionResolveForm
from workflow.forms_steps import ObjectionRecordForm
from workflow.services import objections

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)


@EDIT
def objection_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(actor=request.user, pk=pk)
    step = request.GET.get("step", "")
    # Opened without its step (a bookmark, a link from elsewhere): the publicity is chosen on the form.
    steps = None if step else [(cs.step.code, cs.step.name) for cs in objections.objection_steps(case)]
    form = ObjectionRecordForm(request.POST or None, initial={"step_code": step}, steps=steps)
    if request.method == "POST" and form.is_valid():
        data, once = form.cleaned_data, form.once_token
        if done := run_service(
            form, lambda: objections.objection_record(actor=request.user, case=case, once=once, **data)
        ):
            if done.repeated:  # the same page posted again: the first post recorded it
                messages.info(request, MSG_REPEATED.format(noun="异议登记"))
            else:
                messages.success(request, objections.recorded_message(done.record))
            return redirect("workflow:case_detail", pk=case.pk)
    return render(request, "workflow/simple_form.html", {"form": form, "case": case, "title": "登记公示异议"})


@VIEW
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection = selectors.objection_get(actor=request.user, pk=pk)
    case = selectors.case_detail(actor=request.user, pk=objection.case_step.case_id)
    objector = objection.objector_for(request.user)
    # Verified already, or not the publicity's role: the objection and its verdict, read-only, with why no form.
    if refusal := objections.objection_resolve_refusal(actor=request.user, objection=objection):
        context = {"case": case, "title": f"公示异议：{objector}", "objection": objection, "refusal": refusal}
        status = 403 if request.method == "POST" else 200
        return render(request, "workflow/objection_detail.html", context, status=status)
    step_open = objection.case_step.status == CaseStepStatus.OPEN
    form = ObjectionResolveForm(request.POST or None, step_open=step_open)
    if request.method == "POST" and form.is_valid():
        data = {"refuse_step": False, **form.cleaned_data}
        if run_service(form, lambda: objections.objection_resolve(actor=request.user, objection=objection, **data)):
            refused = data["upheld"] and data["refuse_step"]
            messages.success(
                request, "已记录异议核实情况" + ("，本公示环节已办理为不通过，本案终止。" if refused else "。")
            )
            return redirect("workflow:case_detail", pk=case.pk)
    return render(
        request,
        "workflow/simple_form.html",
        {"form": form, "case": case, "title": f"核实异议：{objector}", "objection": objection},
    )
