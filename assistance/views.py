"""Assistance pages: the landing page, a household's plan with suggestions, measures, the village publicity list.
Each view: validate the form, call one service or selector, render."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import MSG_NO_CAPABILITY, capability_required, user_can
from accounts.roles import Capability
from assistance import fit, selectors
from assistance.choices import MEASURE_TRANSITIONS
from assistance.forms import (
    MeasureEditForm,
    MeasureFilterForm,
    MeasureForm,
    MeasureProgressForm,
    MeasureStatusForm,
    PlanEditForm,
    PlanFilterForm,
    PlanForm,
)
from assistance.help_card import help_card, help_card_print_record
from assistance.measure_flags import is_no_end
from assistance.models import MeasureType
from assistance.plan_print import claim_print_record, plan_print_record, plan_sheet
from assistance.services import measure_checks, measure_progress, measure_status
from assistance.services import measures as measure_services
from assistance.services import plans as plan_services
from assistance.services import visits as visit_services
from assistance.services.measure_checks import close_refusal
from config.forms import run_service
from config.paging import page_query
from households import selectors as household_selectors
from households.place_filter import place_named, place_narrow, place_refused
from households.services.closing import closed_refusal
from workflow.public_address import application_qr, internal_address_warning

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.ASSISTANCE_EDIT)

WITHOUT_PLAN = "without_plan"  # ?show= of the full list of monitored households without a plan (the home tile's)
WITHOUT_MEASURES = "without_measures"  # ?show= of the monitored households whose plan has no measure in place
WITHOUT_PLAN_SHOWN = 5  # the longest waiting, on the landing page above the link to the full list


def index(request: HttpRequest) -> HttpResponse:
    """Landing page: the plans in scope with their return visits; a department clerk lands on their list. With
    ?show=without_plan, the monitored households still without a plan."""
    if user_can(request.user, Capability.DEPARTMENT_MEASURES):
        return redirect("assistance:department")
    if not user_can(request.user, Capability.REGISTRY_VIEW):
        raise PermissionDenied(MSG_NO_CAPABILITY)
    if request.GET.get("show") in (WITHOUT_PLAN, WITHOUT_MEASURES):
        return _households_without_plan(request, request.GET["show"])
    without_plan = selectors.households_without_plan(actor=request.user)
    villages = list(household_selectors.village_options(actor=request.user))
    form = PlanFilterForm(request.GET or None, villages=villages)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    place = place_named(actor=request.user, query=request.GET)
    place_narrow(filters, place, key="township", unless="village")
    plans = selectors.plan_list(actor=request.user, filters=filters)
    page = Paginator(plans, 20).get_page(request.GET.get("page"))
    selectors.flag_page_contacts(page)  # moved contacts flagged as the plan page does, not only deactivated ones
    context = {
        "form": form,
        "page": page,
        "query": page_query(request),
        "today": timezone.localdate(),
        "overdue": selectors.overdue_count(actor=request.user),
        "late_start": selectors.late_start_count(actor=request.user),
        "due": selectors.due_soon_count(actor=request.user),  # as the home page's tile (hooks._due_soon)
        "poor_effect": selectors.poor_effect_count(actor=request.user),  # as the home tile (hooks._poor_effect)
        "contacts_to_change": selectors.contact_needs_change_count(actor=request.user),
        "my_households": selectors.contact_households(actor=request.user, contact=request.user).count(),
        "without_plan": without_plan[:WITHOUT_PLAN_SHOWN],
        "without_plan_count": without_plan.count(),
        "without_measures_count": selectors.households_without_measures(actor=request.user).count(),
        "villages": villages if len(villages) <= 30 else [],
    }
    return render(request, "assistance/index.html", context)


def _households_without_plan(request: HttpRequest, show: str) -> HttpResponse:
    """监测户 without a plan, or (WITHOUT_MEASURES) whose plan has no measure 计划中, 实施中 or 已完成, the longest
    waiting first, found by 乡镇, 村 or name as the other worklists are."""
    filters = {name: request.GET.get(name, "") for name in ("township", "village", "q")}
    listed = selectors.households_without_plan if show == WITHOUT_PLAN else selectors.households_without_measures
    households = listed(actor=request.user, filters=filters)
    if refused := place_refused(actor=request.user, query=request.GET):
        households = households.none()
    context = {
        "page": Paginator(households, 30).get_page(request.GET.get("page")),
        "filters": filters,
        "refused": refused,
        "townships": household_selectors.township_options(actor=request.user),
        "villages": household_selectors.village_options(actor=request.user)[:300],
        "query": page_query(request),
        "can_assist": user_can(request.user, Capability.ASSISTANCE_EDIT),
        "show": show,
        # The other list's count, linked from this one (a plan whose measures were all stopped is not "without plan").
        "other_count": (
            selectors.households_without_measures(actor=request.user)
            if show == WITHOUT_PLAN
            else selectors.households_without_plan(actor=request.user)
        ).count(),
    }
    return render(request, "assistance/without_plan.html", context)


def _plan_context(request: HttpRequest, household: Any) -> dict[str, Any]:
    plan = selectors.plan_for_household(actor=request.user, household=household)
    context: dict[str, Any] = {
        "household": household,
        "plan": plan,
        "today": timezone.localdate(),
        "can_assist": user_can(request.user, Capability.ASSISTANCE_EDIT),
        "contacts": selectors.contact_history(actor=request.user, household=household),
        # The contact's badge: deactivated, or moved out of the household's scope (the lists' and tiles' test).
        "contact_flag": selectors.contact_unfit_reason(household),
        "claims": selectors.claim_list(actor=request.user, filters={"household": household.pk}),
        "members": household_selectors.household_members(household).filter(living_status="living"),
        # May the household have a plan, and its plan new measures (monitored, or in an open green channel).
        "may_plan": plan_services.plan_allowed(household),
        "plan_refusal": plan_services.MSG_NOT_MONITORED,
        "can_edit_registry": user_can(request.user, Capability.REGISTRY_EDIT),
    }
    # A closed (已注销) household's page is read only: what it says, no action and no suggestion.
    context["closed"] = closed_refusal(household)
    context["can_assist"] = context["can_assist"] and not context["closed"]
    # The capacity the rules (suggestions, 低保/特困 questions) use, not only the household's own field.
    context["labour"] = fit.labour_reading(household=household, members=context["members"])
    if plan is not None:
        advice = selectors.plan_advice(plan)
        context.update(
            measures=selectors.plan_measures(plan),
            suggestions=advice.suggestions,
            unanswered=advice.unanswered_labels,
            risk_conflicts=fit.risk_conflicts(household=household, members=context["members"], today=context["today"]),
            return_visits=selectors.return_visits_of(plan),
            last_visit=selectors.plan_last_visit(plan),
            compound=len(household.risk_types) > 1,
            # A plan without measures has nothing for a 回访 to assess: the page says so instead of offering one.
            return_visit_refusal=visit_services.no_measure_refusal(plan),
        )
        context["last_visit_count"] = _last_visit_count(request, context, plan)
    else:
        context.update(plan_form=PlanForm())
    return context


def _last_visit_count(request: HttpRequest, context: dict[str, Any], plan: Any) -> str:
    """将此次走访记为回访 on the plan page: "button" for the visitor of the latest 走访 not counted, "visitor" to say
    to others who may, "" when there is nothing to count or this user may not."""
    last = context["last_visit"]
    if last is None or last.counted or not (context["can_assist"] and context["may_plan"]):
        return ""
    refusal = visit_services.count_refusal(actor=request.user, plan=plan, visit=last.visit)
    if refusal is None:
        return "button"
    return "visitor" if refusal == visit_services.MSG_NOT_VISITOR else ""


@VIEW
def plan_detail(request: HttpRequest, household_pk: int) -> HttpResponse:
    household = household_selectors.household_get(actor=request.user, pk=household_pk)
    return render(request, "assistance/plan_detail.html", _plan_context(request, household))


@EDIT
def plan_new(request: HttpRequest, household_pk: int) -> HttpResponse:
    household = household_selectors.household_get(actor=request.user, pk=household_pk)
    form = PlanForm(request.POST or None)
    refusal = plan_services.plan_refusal(household) if request.method == "GET" else ""
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, lambda: plan_services.plan_create(actor=request.user, household=household, **form.cleaned_data)
        )
    ):
        messages.success(request, "已制定帮扶方案。请根据建议或实际需要添加帮扶措施。")
        return redirect("assistance:plan", household_pk=household.pk)
    return render(
        request,
        "assistance/form.html",
        {
            "form": form,
            "household": household,
            "title": "制定帮扶方案",
            "submit": "制定方案",
            # Refused on opening: the reason and the way back, no form (form.html's closed).
            "refusal": refusal,
            "closed": bool(refusal),
            "back_url": reverse("assistance:plan", kwargs={"household_pk": household.pk}) if refusal else "",
        },
    )


@EDIT
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, pk=pk)
    form = PlanEditForm(request.POST or None, initial={"return_cadence": plan.return_cadence, "note": plan.note})
    if request.method == "POST" and form.is_valid():
        call = lambda: plan_services.plan_update(  # noqa: E731
            actor=request.user, plan=plan, expected=form.expected(), **form.edited()
        )
        if run_service(form, call):
            messages.success(request, "帮扶方案已保存。")
            return redirect("assistance:plan", household_pk=plan.household_id)
    return render(request, "assistance/form.html", {"form": form, "household": plan.household, "title": "修改帮扶方案"})


@EDIT
def measure_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a measure; ?type=<code>&member=<id> pre-fills it from a suggestion (the officer still confirms)."""
    plan = selectors.plan_get(actor=request.user, pk=pk)
    initial: dict[str, Any] = {"starts_on": timezone.localdate()}
    suggested = MeasureType.objects.filter(code=request.GET.get("type", ""), is_active=True).first()
    if suggested is not None:
        initial.update(
            measure_type=suggested,
            responsible_department=suggested.default_department,
            responsible_unit=suggested.default_unit_display,
        )
    if request.GET.get("member", "").isdigit():
        initial["member"] = int(request.GET["member"])
    form = MeasureForm(request.POST or None, household=plan.household, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: measure_services.measure_add(actor=request.user, plan=plan, **data)):
            messages.success(request, f"已添加帮扶措施：{data['measure_type'].name}。")
            return redirect("assistance:plan", household_pk=plan.household_id)
    return render(
        request,
        "assistance/measure_form.html",
        {"form": form, "household": plan.household, "title": "添加帮扶措施", "suggested": suggested},
    )


@VIEW
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get(actor=request.user, pk=pk)
    editable = bool(MEASURE_TRANSITIONS[measure.status])
    # 已完成、已终止 of a department's measure are its department's or the county bureau's (close_refusal).
    allowed = sorted(s for s in MEASURE_TRANSITIONS[measure.status] if not close_refusal(request.user, measure, s))
    can_assist = user_can(request.user, Capability.ASSISTANCE_EDIT)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not can_assist:
        raise PermissionDenied(MSG_NO_CAPABILITY)
    initial = {name: getattr(measure, name) for name in measure_services.EDITABLE}
    edit_form = MeasureEditForm(
        request.POST if action == "edit" else None,
        household=measure.household,
        measure_type=measure.measure_type,
        initial=initial,
    )
    if kept := measure_checks.closing_department(request.user, measure):  # said before a save is refused
        edit_form.fields["responsible_department"].help_text = measure_checks.MSG_DEPARTMENT_KEPT_HELP.format(
            department=kept
        )
    status_form = MeasureStatusForm(
        request.POST if action == "status" else None, allowed=allowed, shown_status=measure.status
    )
    progress_form = MeasureProgressForm(request.POST if action == "progress" else None, measure=measure)
    if action == "progress" and progress_form.is_valid():
        call = lambda: measure_progress.measure_progress_add(  # noqa: E731
            actor=request.user, measure=measure, **progress_form.cleaned_data
        )
        if run_service(progress_form, call):
            messages.success(request, "已登记实施进展。")
            return redirect("assistance:measure", pk=measure.pk)
    if action == "progress" and measure_progress.refusal(measure):
        # The form is drawn only on an 实施中 measure: on one closed or moved meanwhile, what refused it is said on top.
        for error in dict.fromkeys(e for errors in progress_form.errors.values() for e in errors):
            messages.error(request, error)
    if action == "edit" and edit_form.is_valid():
        call = lambda: measure_services.measure_update(  # noqa: E731
            actor=request.user, measure=measure, expected=edit_form.expected(), **edit_form.edited()
        )
        if run_service(edit_form, call):
            messages.success(request, "帮扶措施已保存。")
            return redirect("assistance:measure", pk=measure.pk)
    if action == "status" and status_form.is_valid():
        data = status_form.decision()
        done = run_service(
            status_form, lambda: measure_status.measure_set_status(actor=request.user, measure=measure, **data)
        )
        if done:
            messages.success(request, f"措施状态已改为“{done.get_status_display()}”。")
            return redirect("assistance:measure", pk=measure.pk)
    context = {
        "measure": measure,
        "household": measure.household,
        "edit_form": edit_form,
        "status_form": status_form,
        "progress_form": progress_form,
        "allowed": allowed,
        "editable": editable,
        "closed_by": measure_checks.closing_department(request.user, measure) if editable else "",
        # A closed (已注销) household's measure is shown as it was left, with no 办理 (measure_status refuses it).
        "closed": closed_refusal(measure.household),
        "can_assist": can_assist,
        "not_started": measure_checks.not_started(measure, timezone.localdate()),
        "overdue": selectors.is_overdue(measure, timezone.localdate()),
        "late_start": selectors.is_late_start(measure, timezone.localdate()),
        "no_end": is_no_end(measure),
    }
    return render(request, "assistance/measure_detail.html", context)


@VIEW
def measure_list(request: HttpRequest) -> HttpResponse:
    form = MeasureFilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    place = place_named(actor=request.user, query=request.GET)
    place_narrow(filters, place)
    measures = selectors.measure_list(actor=request.user, filters=filters)
    page = Paginator(measures, 30).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "query": page_query(request)}
    return render(request, "assistance/measure_list.html", context)


@VIEW
def publicity_print(request: HttpRequest, village_code: str) -> HttpResponse:
    """帮扶措施公示 (000 §三(三)7: 将帮扶措施在村级进行公示): head's name, group, measure, unit, dates and amount;
    never an ID number, a phone, a member's name or health detail."""
    village, measures = selectors.publicity_measures(actor=request.user, village_code=village_code)
    return render(
        request,
        "assistance/publicity_print.html",
        {"village": village, "township": village.parent, "measures": measures, "today": timezone.localdate()},
    )


@VIEW
def help_card_print(request: HttpRequest, household_pk: int) -> HttpResponse:
    """The household's 明白卡 (assistance.help_card), audited as the other prints are."""
    card = help_card(actor=request.user, pk=household_pk)
    help_card_print_record(actor=request.user, household=card.household)
    context = {"card": card, "household": card.household, "address_warning": internal_address_warning(request)}
    if card.apply_link is not None:
        title = f"{card.household.village.name}自主申报二维码"
        context["apply_url"], context["apply_qr"] = application_qr(request, token=card.apply_link.token, title=title)
    return render(request, "assistance/help_card_print.html", context)


@VIEW
def plan_print(request: HttpRequest, household_pk: int) -> HttpResponse:
    """The household's 一户一方案 on A4 (assistance.plan_print), audited."""
    sheet = plan_sheet(actor=request.user, household_pk=household_pk)
    plan_print_record(actor=request.user, household=sheet.household)
    return render(request, "assistance/plan_print.html", {"sheet": sheet, "household": sheet.household})


@VIEW
def claim_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The 防贫保 claim on A4 for the insurer's file, audited."""
    claim = selectors.claim_get(actor=request.user, pk=pk)
    claim_print_record(actor=request.user, claim=claim)
    return render(request, "assistance/claim_print.html", {"claim": claim, "household": claim.household})
