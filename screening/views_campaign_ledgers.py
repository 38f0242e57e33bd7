"""The problem ledgers of a campaign (附件3 户内问题, 附件3-1 面上问题) and the summary table (附件4).

Household and area problems share the detail page and its actions; `KINDS` says which selector reads which."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.choices import Role
from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from config.paging import page_query
from households.models import Region
from reports.services.form_export import screening_form_workbook
from reports.services.summary_export import problem_ledger_workbook, rectification_summary_workbook
from screening import selectors_campaigns as selectors
from screening.choices_campaigns import GUARANTEE_GROUP_LABEL, ProblemStatus
from screening.forms_campaigns import (
    AreaProblemForm,
    CloseForm,
    HouseholdProblemForm,
    PlanForm,
    ProblemFilterForm,
    ReopenForm,
)
from screening.services import campaign_problems as services
from screening.services.campaign_close import closed_message
from screening.summary_notes import summary_notes

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)
MSG_FOUR_LISTS = "开始整改前，须明确整改措施、责任人、责任单位和整改时限（问题、措施、责任、时限“四项清单”）。"
KINDS: dict[str, Callable[..., Any]] = {
    "household": selectors.household_problem_get,
    "area": selectors.area_problem_get,
}


def _regions(actor: Any, campaign: Any) -> list[Region]:
    """Townships and villages of the campaign, for the ledger's region filter (none for one village)."""
    villages = list(selectors.campaign_villages(actor=actor, campaign=campaign))
    if len(villages) <= 1:
        return []
    townships = {v.parent.pk: v.parent for v in villages if v.parent is not None}
    options: list[Region] = []
    for township in sorted(townships.values(), key=lambda r: r.path):
        options.append(township)
        options.extend(v for v in villages if v.parent_id == township.pk)
    return options


def _ledger_filters(request: HttpRequest, campaign: Any, area: bool) -> tuple[ProblemFilterForm, dict[str, Any]]:
    form = ProblemFilterForm(request.GET or None, regions=_regions(request.user, campaign), area=area)
    return form, {**(form.cleaned_data if form.is_valid() else {}), "campaign": campaign}


def _ledger(request: HttpRequest, pk: int, *, area: bool) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    form, filters = _ledger_filters(request, campaign, area)
    select = selectors.area_problem_list if area else selectors.household_problem_list
    page = Paginator(select(actor=request.user, filters=filters), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "screening/campaigns/problem_list.html",
        {
            "campaign": campaign,
            "form": form,
            "page": page,
            "query": page_query(request),
            "area": area,
            "today": timezone.localdate(),
        },
    )


def _ledger_export(request: HttpRequest, pk: int, *, area: bool) -> FileResponse:
    """The ledger of this campaign as the page filters it, in the layout of the ledger on /reports/ (附件3, 3-1)."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    _, filters = _ledger_filters(request, campaign, area)
    handle, filename = problem_ledger_workbook(actor=request.user, campaign=campaign, area=area, filters=filters)
    return FileResponse(handle, as_attachment=True, filename=filename)


@VIEW
def household_problem_export(request: HttpRequest, pk: int) -> FileResponse:
    return _ledger_export(request, pk, area=False)


@VIEW
def area_problem_export(request: HttpRequest, pk: int) -> FileResponse:
    return _ledger_export(request, pk, area=True)


@VIEW
def form_export(request: HttpRequest, pk: int) -> FileResponse:
    """The campaign's 入户排查台账 (附件2 one row a household), of the village chosen on the household list."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    villages = selectors.campaign_villages(actor=request.user, campaign=campaign)
    village = villages.filter(code=request.GET.get("village", "")).first()
    handle, filename = screening_form_workbook(actor=request.user, campaign=campaign, village=village)
    return FileResponse(handle, as_attachment=True, filename=filename)


@VIEW
def household_problem_index(request: HttpRequest, pk: int) -> HttpResponse:
    return _ledger(request, pk, area=False)


@VIEW
def area_problem_index(request: HttpRequest, pk: int) -> HttpResponse:
    return _ledger(request, pk, area=True)


@EDIT
def household_problem_create(request: HttpRequest, pk: int) -> HttpResponse:
    """户内问题 entered directly in the ledger (附件3), e.g. one a department reported, not from a form."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    if message := closed_message(campaign):
        messages.error(request, message)
        return redirect("campaigns:problems", pk=campaign.pk)
    villages = selectors.campaign_villages(actor=request.user, campaign=campaign)
    initial: dict[str, Any] = {}
    if request.GET.get("household", "").isdigit():
        household = selectors.campaign_household_get(actor=request.user, campaign=campaign, pk=request.GET["household"])
        initial = {"village": household.village.code, "household": household.pk}
    elif len(villages) == 1:
        initial = {"village": villages[0].code}
    village = (request.POST or request.GET).get("village") or initial.get("village")
    households = selectors.campaign_households(actor=request.user, campaign=campaign, filters={"village": village})
    form = HouseholdProblemForm(
        request.POST or None,
        initial=initial,
        villages=villages,
        households=households if village else households.none(),
        url=request.path,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        problem = run_service(
            form,
            lambda: services.household_problem_create(
                actor=request.user,
                campaign=campaign,
                household=data["household"],
                problem_type=data["problem_type"],
                content=data["content"],
                **form.plan(),
            ),
        )
        if problem:
            messages.success(request, f"已登记{problem.household.head_name}户的户内问题。")
            return redirect("campaigns:problem_detail", pk=problem.pk)
    return render(request, "screening/campaigns/household_problem_form.html", {"campaign": campaign, "form": form})


@EDIT
def area_problem_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    if message := closed_message(campaign):
        messages.error(request, message)
        return redirect("campaigns:area_problems", pk=campaign.pk)
    form = AreaProblemForm(
        request.POST or None, units=selectors.area_unit_options(actor=request.user, campaign=campaign)
    )
    if request.method == "POST" and form.is_valid():
        problem = run_service(
            form, lambda: services.area_problem_create(actor=request.user, campaign=campaign, **form.cleaned_data)
        )
        if problem:
            messages.success(request, "已登记面上问题。")
            return redirect("campaigns:area_problem_detail", pk=problem.pk)
    return render(request, "screening/campaigns/area_problem_form.html", {"campaign": campaign, "form": form})


def _can_reopen(user: Any) -> bool:
    return bool(user.is_superuser or user.role in {Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})


def _detail(request: HttpRequest, kind: str, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    problem = KINDS[kind](actor=request.user, pk=pk)
    forms = forms or {}
    context = {
        "problem": problem,
        "kind": kind,
        "action_url": "campaigns:area_problem_action" if kind == "area" else "campaigns:problem_action",
        "campaign": problem.campaign,
        "plan_form": forms.get("plan") or PlanForm(initial={n: getattr(problem, n) for n in services.PLAN_FIELDS}),
        "close_form": forms.get("close") or CloseForm(),
        "reopen_form": forms.get("reopen") or ReopenForm(),
        "can_reopen": _can_reopen(request.user),
        "open": problem.status != ProblemStatus.RECTIFIED,
        "plan_missing": services.plan_missing(problem),
    }
    return render(request, "screening/campaigns/problem_detail.html", context)


@VIEW
def problem_detail(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    return _detail(request, kind, pk)


ACTIONS: dict[str, tuple[type[Any] | None, Callable[..., Any], str]] = {
    # action: (form, service, message)
    "plan": (PlanForm, services.problem_plan, "整改措施已保存。"),
    "start": (None, services.problem_start, "已开始整改。"),
    "close": (CloseForm, services.problem_close, "问题已销号。"),
    "reopen": (ReopenForm, services.problem_reopen, "问题已重新打开，状态为整改中。"),
}


@EDIT
@require_POST
def problem_action(request: HttpRequest, pk: int, kind: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    form_class, service, message = ACTIONS[action]
    problem = KINDS[kind](actor=request.user, pk=pk)
    if form_class is None:
        # Starting needs the four lists complete: its errors are shown at the plan's fields.
        form = PlanForm({n: getattr(problem, n) or "" for n in services.PLAN_FIELDS})
    else:
        form = form_class(request.POST, request.FILES)
    if form.is_valid():
        values = form.cleaned_data if form_class else {}
        if run_service(form, lambda: service(actor=request.user, problem=problem, **values)):
            messages.success(request, message)
            return redirect(f"campaigns:{'area_' if kind == 'area' else ''}problem_detail", pk=problem.pk)
    if form_class is None and any(name != "__all__" for name in form.errors):
        messages.error(request, MSG_FOUR_LISTS)
    return _detail(request, kind, pk, {action if form_class else "plan": form})


def _summary_units(request: HttpRequest, campaign: Any) -> tuple[list[Region], Region | None]:
    """The summary's drill-down choices and the township chosen (None: one line per township)."""
    townships = list(selectors.summary_townships(actor=request.user, campaign=campaign))
    code = request.GET.get("township", "")
    township = next((t for t in townships if t.code == code), None)
    if township is None and len(townships) == 1 and request.user.region_path.startswith(townships[0].path):
        township = townships[0]  # township and village staff see their villages, not one line for the township
    return townships, township


@VIEW
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    townships, township = _summary_units(request, campaign)
    units = selectors.summary_table(actor=request.user, campaign=campaign, township=township)
    total = selectors.summary_totals(units)
    return render(
        request,
        "screening/campaigns/summary.html",
        {
            "campaign": campaign,
            "units": units,
            "total": total,
            "notes": summary_notes(total),  # as the workbook says them under its table
            "townships": townships,
            "township": township,
            "unit_label": selectors.summary_scope(actor=request.user, township=township)[1],
            "guarantee_label": GUARANTEE_GROUP_LABEL,
        },
    )


@VIEW
def summary_export(request: HttpRequest, pk: int) -> FileResponse:
    """The summary table as the page shows it, in the seed's 附件4 layout (导出Excel)."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    _, township = _summary_units(request, campaign)
    handle, filename = rectification_summary_workbook(actor=request.user, campaign=campaign, township=township)
    return FileResponse(handle, as_attachment=True, filename=filename)


@VIEW
def problem_evidence(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """Evidence files are served only to those who may see the problem (no public media URL)."""
    problem = KINDS[kind](actor=request.user, pk=pk)
    # ?previous=1: the evidence of the closing a reopening undid (上次销号).
    evidence = problem.previous_evidence_file if request.GET.get("previous") else problem.evidence_file
    if not evidence:
        raise Http404
    return FileResponse(evidence.open("rb"), filename=evidence.name.rsplit("/", 1)[-1])
