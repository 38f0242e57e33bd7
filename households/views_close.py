"""农户注销 and its undo, confirmed on a page of their own (households.services.closing)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from households import selectors
from households.forms_close import CloseForm, ReopenForm
from households.models import Household
from households.services.closing import (
    MSG_CLOSE_ROLE,
    close_refusal,
    household_close,
    household_reopen,
    may_close,
)

EDIT = capability_required(Capability.REGISTRY_EDIT)
MSG_CLOSE_WARNING = (
    "注销后，该户不再出现在在册农户列表、走访提醒、统计和台账中{monitored}；档案和变更记录保留，在农户档案的“已注销”"
    "中可以查到，误注销的可由乡镇或县撤销。"
)
MSG_CLOSED = "{household}已注销（{reason}）。"
MSG_REOPENED = "{household}已撤销注销，恢复为在册农户。"


def named(household: Household) -> str:
    """张三户（户编号）, or by its 户编号 alone once no head is left (all died or moved out): never a bare 户."""
    if household.head_name:
        return f"{household.head_name}户（{household.number}）"
    return f"户编号 {household.number} 的农户"


@EDIT
def household_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    if not household.is_active:
        return redirect("households:detail", pk=household.pk)
    form = CloseForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        call = lambda: household_close(actor=request.user, household=household, **form.cleaned_data)  # noqa: E731
        if run_service(form, call):
            household.refresh_from_db()
            messages.success(request, MSG_CLOSED.format(household=named(household), reason=household.closed_reason))
            return redirect("households:detail", pk=household.pk)
    category = household.get_monitoring_category_display() if household.monitoring_category else ""
    monitored = f"，原为监测对象（{category}）的，自注销之日起不再监测，也不标注“风险消除”" if category else ""
    refusal = close_refusal(household) or ("" if may_close(request.user) else MSG_CLOSE_ROLE)
    context = {
        "form": form,
        "household": household,
        "named": named(household),
        "refusal": refusal,
        "warning": MSG_CLOSE_WARNING.format(monitored=monitored),
    }
    return render(request, "households/household_close.html", context)


@EDIT
def household_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    if household.is_active:
        return redirect("households:detail", pk=household.pk)
    form = ReopenForm(request.POST or None, household=household)
    call = lambda: household_reopen(actor=request.user, household=household, **form.cleaned_data)  # noqa: E731
    if request.method == "POST" and form.is_valid() and run_service(form, call):
        household.refresh_from_db()  # named after the member restored as 户主, if one was
        messages.success(request, MSG_REOPENED.format(household=named(household)))
        return redirect("households:detail", pk=household.pk)
    refusal = "" if may_close(request.user) else MSG_CLOSE_ROLE
    return render(
        request,
        "households/household_reopen.html",
        {"form": form, "household": household, "named": named(household), "refusal": refusal},
    )
