"""分配网格: tick a village's households, choose one of its grids, confirm (households.services.grid_assign)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from config.paging import page_query
from households.forms_grid_assign import GridAssignFilterForm, GridAssignForm
from households.selectors_grids import grid_assign_households, village_grids
from households.services.grid_assign import grid_assign_refusal, households_grid_assign

PAGE_SIZE = 50


@capability_required(Capability.REGISTRY_EDIT)
def grid_assign(request: HttpRequest) -> HttpResponse:
    if refusal := grid_assign_refusal(request.user):
        raise PermissionDenied(refusal)
    filters = GridAssignFilterForm(request.GET, actor=request.user)
    village = filters.chosen_village
    context = {"filters": filters, "village": village, "query": page_query(request)}
    if village is None:
        return render(request, "households/grid_assign.html", context)
    form = GridAssignForm(request.POST or None, village=village)
    ticked: list[int] = []
    if request.method == "POST" and form.is_valid():
        ticked = sorted(form.cleaned_data["household_ids"])
        if form.cleaned_data["confirmed"]:
            call = lambda: households_grid_assign(  # noqa: E731
                actor=request.user, village=village, grid=form.cleaned_data["grid"], household_ids=ticked
            )
            if outcome := run_service(form, call):
                messages.success(request, outcome.message)
                return redirect(request.get_full_path())
        else:
            chosen = grid_assign_households(actor=request.user, village=village, unassigned=False)
            context["confirming"] = list(chosen.filter(pk__in=ticked))
    elif request.method == "POST":
        ticked = sorted(form.cleaned_data.get("household_ids", set()))
    households = grid_assign_households(
        actor=request.user, village=village, unassigned=filters.only_unassigned, q=filters.query
    )
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    grids = list(village_grids(village))
    context |= {"form": form, "page": page, "grids": grids, "ticked": set(ticked)}
    return render(request, "households/grid_assign.html", context)
