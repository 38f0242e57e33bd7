"""整户迁移, confirmed on a page of its own (households.services.relocation)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from households import selectors
from households.forms_relocate import RelocateForm
from households.services.relocation import (
    MSG_RELOCATE_ROLE,
    household_relocate,
    may_relocate,
    relocate_refusal,
    village_place,
)
from households.views_close import named

MSG_RELOCATED = "{household}已迁入{village}，新户编号 {number}。"  # named by its number before the move
# Asked before acting; {place} is the village chosen (涂埠镇城北村), filled in by js/relocate_place.js as it changes.
MSG_CONFIRM = (
    "确认将{named}整户迁入{{place}}？迁入后按迁入村重新编制户编号（原户编号 {number} 记入变更记录），"
    "由迁入村管理，原村不再能查看该户。"
)
PLACE_UNCHOSEN = "所选村"


@capability_required(Capability.REGISTRY_EDIT)
def household_relocate_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    if not household.is_active:
        return redirect("households:detail", pk=household.pk)
    form = RelocateForm(request.POST or None, actor=request.user, household=household)
    if request.method == "POST" and form.is_valid():
        call = lambda: household_relocate(actor=request.user, household=household, **form.cleaned_data)  # noqa: E731
        if moved := run_service(form, call):
            village = village_place(moved.village)
            done = MSG_RELOCATED.format(household=named(household), village=village, number=moved.number)
            messages.success(request, done)
            return redirect("households:detail", pk=moved.pk)
    confirm = MSG_CONFIRM.format(named=named(household), number=household.number)
    context = {
        "form": form,
        "household": household,
        "named": named(household),
        # A group is named with its village (新山村四组): its own part after the village's.
        "source": village_place(household.village)
        + (household.group.name if household.group else "").removeprefix(household.village.name),
        "refusal": ("" if may_relocate(request.user) else MSG_RELOCATE_ROLE) or relocate_refusal(household),
        "contact": household.help_contact,
        "confirm": confirm,
        "confirm_now": confirm.replace("{place}", form.target_place or PLACE_UNCHOSEN),
    }
    return render(request, "households/household_relocate.html", context)
