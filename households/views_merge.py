"""合户 on its own page (households.services.merge): the form, then a confirmation of what will happen."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from households import selectors
from households.forms_merge import MergeForm
from households.services.merge import household_merge, household_merge_check, merge_preview
from households.views_close import named

MSG_MERGED = "{source}已并入{target}，原户已注销（合户）。"


@capability_required(Capability.REGISTRY_EDIT)
def household_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    if not household.is_active:
        return redirect("households:detail", pk=household.pk)
    # The search (?q=, kept in the form as q): the households it names, to pick from rather than type a 户编号.
    q = ((request.POST.get("q") if request.method == "POST" else request.GET.get("q", "")) or "").strip()
    results = selectors.household_transfer_search(actor=request.user, exclude=household, q=q) if q else []
    form = MergeForm(request.POST or None, household=household, actor=request.user, results=results, initial={"q": q})
    confirming = request.method == "POST" and form.is_valid()
    if confirming and "confirm" not in request.POST:
        # Checked before it is confirmed (nothing written), so that the confirmation lists only what will be done.
        check = lambda: household_merge_check(  # noqa: E731
            actor=request.user, source=household, target=form.cleaned_data["target"], relations=form.relations(),
            lock=False,
        )  # fmt: skip
        confirming = run_service(form, check) is not None
    elif confirming:
        source = named(household)
        call = lambda: household_merge(  # noqa: E731
            actor=request.user, source=household, target=form.cleaned_data["target"], relations=form.relations(),
            reason_note=form.cleaned_data["reason_note"],
        )  # fmt: skip
        if (target := run_service(form, call)) is not None:
            messages.success(request, MSG_MERGED.format(source=source, target=named(target)))
            return redirect("households:detail", pk=target.pk)
        confirming = False
    context = {"form": form, "household": household, "named": named(household), "confirming": confirming, "q": q}
    context |= {"results": results, "more": len(results) >= selectors.TRANSFER_RESULTS}
    if confirming:
        target = form.cleaned_data["target"]
        context |= {"target": target, "preview": merge_preview(source=household, target=target)}
    return render(request, "households/household_merge.html", context)
