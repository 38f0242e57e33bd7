"""Campaign pages (集中排查): campaigns, progress, assignments, the households to screen and the 13-item form.
The ledgers and the summary table are screening.views_campaign_ledgers. Each view: validate, call one service or
selector, render."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from accounts.choices import Role
from accounts.permissions import capability_required
from accounts.roles import Capability
from config.errors import ApplicationError
from config.forms import run_service
from config.paging import page_query
from households.services.closing import CLOSE_ROLES
from screening import result_links
from screening import selectors_campaigns as selectors
from screening import selectors_progress as progress_selectors
from screening.campaign_form import describe
from screening.forms_campaigns import AssignmentForm, CampaignForm, ScreeningFormForm
from screening.selectors_inclusion import case_words, inclusion_known, open_inclusion_cases, proposed_result
from screening.services import campaign_close as closing
from screening.services import campaign_roles as roles
from screening.services import campaigns as services
from screening.services.campaign_edit import campaign_update
from screening.services.campaign_forms import form_refusal, proposal_warning
from screening.services.form_findings import form_reading, income_archive_warning, income_hint

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
        {"campaigns": campaigns, "can_create": roles.is_organiser(request.user), "today": timezone.localdate()},
    )


@EDIT
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not roles.is_organiser(request.user):
        raise PermissionDenied(roles.MSG_ORGANISER_ROLE)
    county = roles.organising_region(request.user)  # the county, or the township staff's own township
    villages = selectors.organiser_villages(request.user)
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


def _closed(request: HttpRequest, campaign: Any) -> bool:
    """An ended campaign takes nothing new: say so instead of showing a form whose saving would be refused."""
    if message := closing.closed_message(campaign):
        messages.error(request, message)
        return True
    return False


@EDIT
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    if not roles.can_organise(request.user, campaign):
        raise PermissionDenied(roles.MSG_EDIT_ROLE)
    if _closed(request, campaign):
        return redirect("campaigns:detail", pk=campaign.pk)
    villages = selectors.organiser_villages(request.user, campaign=campaign)
    initial = CampaignForm.initial_from(campaign)
    form = CampaignForm(request.POST or None, villages=villages, campaign=campaign, initial=initial)
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
    progress = list(progress_selectors.campaign_progress(actor=request.user, campaign=campaign))
    areas = progress_selectors.area_progress(actor=request.user, campaign=campaign)
    townships = progress_selectors.progress_by_township(progress, areas)
    # A county sees one line per township and opens a township's villages; a township sees its villages.
    chosen = next((t for t in townships if t.region.code == request.GET.get("township")), None)
    if len(townships) > 1 and chosen is None:
        villages = []
    else:
        villages = [row for row in progress if chosen is None or row.parent_id == chosen.region.pk]
    totals = progress_selectors.progress_totals(progress, areas)
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
            "townships": townships if len(townships) > 1 else [],
            "chosen": chosen,
            "villages": villages,
            **progress_selectors.area_lines(areas, townships, chosen),
            "totals": totals,
            "emptied_note": progress_selectors.emptied_note(totals["emptied"]),
            "assignments": selectors.assignment_list(actor=request.user, campaign=campaign),
            "assign_form": assign_form,
            "can_assign": can_assign,
            "can_edit": roles.can_organise(request.user, campaign),
            "today": timezone.localdate(),
        },
    )


def _confirm_page(request: HttpRequest, campaign: Any, action: str, errors: list[str], **extra: Any) -> HttpResponse:
    context = {"campaign": campaign, "action": action, "counts": closing.campaign_counts(campaign), "errors": errors}
    return render(request, "screening/campaigns/campaign_confirm.html", {**context, **extra})


@EDIT
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    """结束排查: a page saying what ending means and what is still open, then the county's confirmation."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    if not roles.can_organise(request.user, campaign):
        raise PermissionDenied(roles.MSG_CLOSE_ROLE)
    refused = []
    if request.method == "POST":
        acknowledged = request.POST.get("acknowledged") == "on"
        try:
            closing.campaign_close(actor=request.user, campaign=campaign, acknowledged=acknowledged)
        except ValidationError:
            refused = [closing.MSG_TICK]  # the page lists the unfinished work above the tick box
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("campaigns:detail", pk=campaign.pk)
        else:
            messages.success(request, f"“{campaign.name}”已结束排查。已登记问题可继续整改销号。")
            return redirect("campaigns:detail", pk=campaign.pk)
    check = progress_selectors.close_check(actor=request.user, campaign=campaign)
    return _confirm_page(request, campaign, "close", [], check=check, refused=refused, label=closing.ACKNOWLEDGE_LABEL)


@EDIT
def campaign_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a campaign with nothing recorded in it, after the county's confirmation."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    if not roles.can_organise(request.user, campaign):
        raise PermissionDenied(roles.MSG_CLOSE_ROLE)
    if request.method == "POST":
        try:
            closing.campaign_delete(actor=request.user, campaign=campaign)
        except ApplicationError as error:
            return _confirm_page(request, campaign, "delete", [error.message])
        messages.success(request, f"已删除集中排查“{campaign.name}”。")
        return redirect("campaigns:list")
    return _confirm_page(request, campaign, "delete", closing.delete_errors(campaign))


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
    try:
        services.assignment_remove(actor=request.user, assignment=assignment)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        person = assignment.cadre.get_full_name() or assignment.cadre.username
        messages.success(request, f"已取消{person}在{assignment.village.name}的排查任务。")
    return redirect("campaigns:detail", pk=assignment.campaign_id)


@VIEW
def household_picker(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    villages = selectors.campaign_villages(actor=request.user, campaign=campaign)
    names = ("q", "village", "group", "kind", "screened", "hit", "judged")
    filters = {name: request.GET.get(name, "").strip() for name in names}
    if not filters["village"] and len(villages) == 1:
        filters["village"] = villages[0].code
    households = selectors.campaign_households(actor=request.user, campaign=campaign, filters=filters)
    page = Paginator(households, 20).get_page(request.GET.get("page"))
    # A household with an inclusion case open shows that case, not 发起识别纳入 (the service would refuse another).
    cases = open_inclusion_cases([h.pk for h in page.object_list])
    for household in page.object_list:
        household.open_case = cases.get(household.pk)
        household.open_case_words = case_words(household.open_case) if household.open_case else ""
    context = {
        "campaign": campaign,
        "villages": villages,
        "groups": selectors.village_groups(actor=request.user, campaign=campaign, village_code=filters["village"]),
        "kinds": {code: label for code, (label, _) in selectors.HOUSEHOLD_KINDS.items()},
        "judgements": selectors.JUDGEMENTS,
        "filters": filters,
        "can_close": request.user.role in CLOSE_ROLES,  # 农户注销 of a household left out (screened=emptied)
        "page": page,
        "query": page_query(request),
    }
    # The whole page also for htmx, which takes the filters and rows from it: a village chosen changes its 组.
    return render(request, "screening/campaigns/household_picker.html", context)


def _form_context(form: ScreeningFormForm, household: Any, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "items": form.items(),
        "judgement": form.judgement_item(),
        "household": household,
        "inclusion_known": inclusion_known(household),
        "income_hint": income_hint(household, timezone.localdate()),
        **extra,
    }


def _warn_proposal(request: HttpRequest, saved: Any) -> None:
    """What a saved form is warned about (never refused for): ② not counted in 附件4, an income far from the
    archive's (with the household's 收支 one click away)."""
    if warning := proposal_warning(saved):
        messages.warning(request, warning)
    if warning := income_archive_warning(saved.household, saved.per_capita_income):
        income_tab = f"{reverse('households:detail', args=[saved.household_id])}?tab=income"
        messages.warning(request, format_html('{} <a href="{}">更新收支</a>', warning, income_tab))


def _saved_message(request: HttpRequest, saved: Any, done: str) -> str:
    """A form ticking ② moved the household's hit to 已提议纳入监测: say so with the worklist's link to its case."""
    result = proposed_result(actor=request.user, household_id=saved.household_id) if saved.propose_monitoring else None
    return result_links.proposed_message(request.user, result, done) if result else done


def _submit(form: ScreeningFormForm, call: Any) -> Any:
    try:
        return call()
    except ValidationError as error:
        form.apply_service_errors(error)
    except ApplicationError as error:
        form.add_error(None, error.message)
    return None


@EDIT
def form_fill(request: HttpRequest, pk: int, household_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    household = selectors.campaign_household_get(actor=request.user, campaign=campaign, pk=household_pk)
    if request.method == "GET" and household.form_id:
        messages.info(request, "该户已填写入户排查表。")
        return redirect("campaigns:form_detail", pk=household.form_id)
    if refusal := form_refusal(household):  # nobody lives there any more: said before the form is filled
        messages.error(request, refusal)
        return redirect("campaigns:households", pk=campaign.pk)
    if _closed(request, campaign):
        return redirect("campaigns:households", pk=campaign.pk)
    form = ScreeningFormForm(request.POST or None, campaign=campaign, household=household)
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
                confirm_judgement=data["confirm_judgement"],
                **form.findings(),
            ),
        )
        if saved:
            done = f"已保存{household.head_name}户的入户排查表，发现问题{saved.problems.count()}个，已记入走访记录。"
            messages.success(request, _saved_message(request, saved, done))
            _warn_proposal(request, saved)
            return redirect("campaigns:households", pk=campaign.pk)
    return render(
        request,
        "screening/campaigns/screening_form.html",
        _form_context(form, household, campaign=campaign),
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
            "reading": form_reading(screening_form),
        },
    )


@EDIT
def form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    screening_form = selectors.form_get(actor=request.user, pk=pk)
    if _closed(request, screening_form.campaign):
        return redirect("campaigns:form_detail", pk=screening_form.pk)
    form = ScreeningFormForm(
        request.POST or None,
        campaign=screening_form.campaign,
        household=screening_form.household,
        initial=ScreeningFormForm.initial_from(screening_form),
    )
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
                confirm_judgement=data["confirm_judgement"],
                **form.findings(),
            ),
        )
        if saved:
            messages.success(request, _saved_message(request, saved, "入户排查表已修改。"))
            _warn_proposal(request, saved)
            return redirect("campaigns:form_detail", pk=saved.pk)
    return render(
        request,
        "screening/campaigns/screening_form.html",
        _form_context(form, screening_form.household, campaign=screening_form.campaign, editing=screening_form),
    )
