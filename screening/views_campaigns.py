"""Campaign pages (集中排查): campaigns, progress, assignments, the households to screen and the 13-item form.
The ledgers and the summary table are screening.views_campaign_ledgers. Each view: validate, call one service or
selector, render."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.choices import Role
from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from config.paging import page_query
from households.choices import RegionLevel
from households.models import Region
from screening import selectors_campaigns as selectors
from screening.campaign_form import describe
from screening.forms_campaigns import AssignmentForm, CampaignForm, ScreeningFormForm
from screening.services import campaigns as services
from screening.services.campaign_edit import campaign_update

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)


def _is(user: Any, *roles: str) -> bool:
    return bool(user.is_superuser or user.role in roles)


@VIEW
def campaign_index(request: HttpRequest) -> HttpResponse:
    campaigns = selectors.campaign_list(actor=request.user)
    return render(
        request,
        "screening/campaigns/campaign_list.html",
        {"campaigns": campaigns, "can_create": _is(request.user, Role.COUNTY_OFFICER), "today": timezone.localdate()},
    )


@EDIT
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not _is(request.user, Role.COUNTY_OFFICER):
        raise PermissionDenied(services.MSG_COUNTY_ONLY)
    county = Region.objects.visible_to(request.user).filter(level=RegionLevel.COUNTY).first()
    villages = Region.objects.visible_to(request.user).filter(level=RegionLevel.VILLAGE).select_related("parent")
    form = CampaignForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        campaign = run_service(
            form,
            lambda: services.campaign_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                region=county,
                villages=list(form.cleaned_data["villages"]),
                phases=form.phases(),
            ),
        )
        if campaign:
            messages.success(request, f"已发起集中排查“{campaign.name}”。")
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "screening/campaigns/campaign_form.html", {"form": form, "county": county})


@EDIT
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    if not _is(request.user, Role.COUNTY_OFFICER):
        raise PermissionDenied(services.MSG_COUNTY_ONLY)
    villages = Region.objects.visible_to(request.user).filter(level=RegionLevel.VILLAGE).select_related("parent")
    form = CampaignForm(request.POST or None, villages=villages, initial=CampaignForm.initial_from(campaign))
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: campaign_update(
                actor=request.user,
                campaign=campaign,
                name=form.cleaned_data["name"],
                villages=list(form.cleaned_data["villages"]),
                phases=form.phases(),
            ),
        )
        if saved:
            messages.success(request, "集中排查的阶段与范围已保存。")
            return redirect("campaigns:detail", pk=campaign.pk)
    context = {"form": form, "county": campaign.region, "campaign": campaign}
    return render(request, "screening/campaigns/campaign_form.html", context)


@VIEW
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    progress = list(selectors.campaign_progress(actor=request.user, campaign=campaign))
    can_assign = _is(request.user, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
    assign_form = None
    if can_assign:
        assign_form = AssignmentForm(
            villages=selectors.campaign_villages(actor=request.user, campaign=campaign),
            cadres=selectors.cadre_options(actor=request.user, campaign=campaign),
        )
    return render(
        request,
        "screening/campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "phases": campaign.phases.all(),
            "progress": progress,
            "totals": selectors.progress_totals(progress),
            "assignments": selectors.assignment_list(actor=request.user, campaign=campaign),
            "assign_form": assign_form,
            "can_assign": can_assign,
            "can_edit": _is(request.user, Role.COUNTY_OFFICER),
            "today": timezone.localdate(),
        },
    )


@EDIT
@require_POST
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    form = AssignmentForm(
        request.POST,
        villages=selectors.campaign_villages(actor=request.user, campaign=campaign),
        cadres=selectors.cadre_options(actor=request.user, campaign=campaign),
    )
    if form.is_valid() and run_service(
        form, lambda: services.assignment_add(actor=request.user, campaign=campaign, **form.cleaned_data)
    ):
        messages.success(request, "已安排排查人员。")
    else:
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
    return redirect("campaigns:detail", pk=campaign.pk)


@EDIT
@require_POST
def assignment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(actor=request.user, pk=pk)
    services.assignment_remove(actor=request.user, assignment=assignment)
    messages.success(request, "已取消该排查任务。")
    return redirect("campaigns:detail", pk=assignment.campaign_id)


@VIEW
def household_picker(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    villages = selectors.campaign_villages(actor=request.user, campaign=campaign)
    filters = {name: request.GET.get(name, "").strip() for name in ("q", "village", "screened")}
    households = selectors.campaign_households(actor=request.user, campaign=campaign, filters=filters)
    page = Paginator(households, 20).get_page(request.GET.get("page"))
    template = "screening/campaigns/_household_rows.html" if request.headers.get("HX-Request") else None
    return render(
        request,
        template or "screening/campaigns/household_picker.html",
        {"campaign": campaign, "villages": villages, "filters": filters, "page": page, "query": page_query(request)},
    )


def _form_context(form: ScreeningFormForm, **extra: Any) -> dict[str, Any]:
    return {"form": form, "items": form.items(), "judgement": form.judgement_item(), **extra}


def _submit(form: ScreeningFormForm, call: Any) -> Any:
    try:
        return call()
    except ValidationError as error:
        form.apply_service_errors(error)
    return None


@EDIT
def form_fill(request: HttpRequest, pk: int, household_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    household = selectors.campaign_household_get(actor=request.user, campaign=campaign, pk=household_pk)
    if request.method == "GET" and household.form_id:
        messages.info(request, "该户已填写入户排查表。")
        return redirect("campaigns:form_detail", pk=household.form_id)
    form = ScreeningFormForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _submit(
            form,
            lambda: services.form_submit(
                actor=request.user,
                campaign=campaign,
                household=household,
                answers=form.answers(),
                at_risk=data["at_risk"],
                propose_monitoring=data["propose_monitoring"],
                filled_on=data["filled_on"],
            ),
        )
        if saved:
            count = saved.problems.count()
            messages.success(request, f"已保存{household.head_name}户的入户排查表，发现问题{count}个。")
            return redirect("campaigns:households", pk=campaign.pk)
    return render(
        request,
        "screening/campaigns/screening_form.html",
        _form_context(form, campaign=campaign, household=household),
    )


@VIEW
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    screening_form = selectors.form_get(actor=request.user, pk=pk)
    return render(
        request,
        "screening/campaigns/form_detail.html",
        {
            "screening_form": screening_form,
            "campaign": screening_form.campaign,
            "household": screening_form.household,
            "answered": describe(screening_form.answers),
            "problems": screening_form.problems.order_by("item"),
        },
    )


@EDIT
def form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    screening_form = selectors.form_get(actor=request.user, pk=pk)
    form = ScreeningFormForm(request.POST or None, initial=ScreeningFormForm.initial_from(screening_form))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _submit(
            form,
            lambda: services.form_update(
                actor=request.user,
                form=screening_form,
                answers=form.answers(),
                at_risk=data["at_risk"],
                propose_monitoring=data["propose_monitoring"],
                filled_on=data["filled_on"],
            ),
        )
        if saved:
            messages.success(request, "入户排查表已修改。")
            return redirect("campaigns:form_detail", pk=saved.pk)
    return render(
        request,
        "screening/campaigns/screening_form.html",
        _form_context(
            form, campaign=screening_form.campaign, household=screening_form.household, editing=screening_form
        ),
    )
