"""Assistance pages after the plan: help contacts, return visits and 防贫保 claims (the employment ledger's pages
are in views_employment, the department clerk's in views_department)."""

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accounts.permissions import capability_required, user_can
from accounts.roles import Capability
from assistance import selectors
from assistance.choices import CLAIM_TRANSITIONS, ClaimStatus
from assistance.contact_shown import current_person
from assistance.effect_prompt import adjust_message
from assistance.forms import (
    FINDINGS,
    ClaimDecideForm,
    ClaimForm,
    CountVisitForm,
    ReturnVisitForm,
)
from assistance.forms_contacts import ContactForm
from assistance.forms_visits import SAME_VISIT_FIELD
from assistance.models import Plan, ReturnVisit
from assistance.services import claims, contacts, visits
from config.forms import run_service
from config.once import MSG_REPEATED, Once
from config.paging import page_query
from households import selectors as household_selectors
from households.place_filter import place_named, place_narrow, place_refused
from households.services.closing import closed_refusal
from households.services.visit_once import OnceOtherVisit
from households.services.visit_same_day import SameVisitRecorded
from households.visit_refused import Refused, run_visit

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.ASSISTANCE_EDIT)
# The contacts page's list of households without a help contact (the home tile's link).
NEEDS_CONTACT = "needs_contact"
# The return-visit page's tabs (assistance.selectors.plan_list's return_visit filter); "poor": the latest return visit
# rated 成效不明显 (the home tile's link).
RETURN_VISIT_TABS = ("overdue", "due", "soon", "poor")
MSG_CONTACT_ASSIGNED = "已安排帮扶联系人：{name}。"
MSG_CONTACT_CORRECTED = "已更正帮扶联系人{name}的联系信息（仍为同一联系人安排，记入变更记录）。"
MSG_CONTACT_CORRECTED_MANY = (
    "已更正帮扶联系人{name}的联系信息，共 {count} 户（其帮扶的各户一并更正，各户记入变更记录）。"
)


@EDIT
def contact_assign(request: HttpRequest, household_pk: int) -> HttpResponse:
    household = household_selectors.household_get(actor=request.user, pk=household_pk)
    candidates = selectors.contact_candidates(actor=request.user, household=household)
    person = current_person(household)  # a 包保单位人员's fields shown to correct (the same name: no new assignment)
    form = ContactForm(request.POST or None, candidates=candidates, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.assign_kwargs()
        call = partial(contacts.help_contact_assign, actor=request.user, household=household, **data)
        if assignment := run_service(form, call):
            corrected = person is not None and assignment.pk == person.pk
            count = getattr(assignment, "corrected_households", 1) if corrected else 1
            done = MSG_CONTACT_CORRECTED if corrected else MSG_CONTACT_ASSIGNED
            done = MSG_CONTACT_CORRECTED_MANY if count > 1 else done
            messages.success(request, done.format(name=contacts.contact_words(assignment), count=count))
            return redirect("assistance:plan", household_pk=household.pk)
    history = selectors.contact_history(actor=request.user, household=household)
    return render(
        request,
        "assistance/contact_form.html",
        {"form": form, "household": household, "title": "安排帮扶联系人", "contact_history": history},
    )


@VIEW
def contact_list(request: HttpRequest) -> HttpResponse:
    """The help contacts; with ?show=needs_contact, the households still without one (the tile's list)."""
    if request.GET.get("show") == NEEDS_CONTACT:
        return _households_needing_contact(request)
    page = Paginator(selectors.contact_list(actor=request.user), 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": page_query(request),
        "needing": selectors.contact_needs_change_count(actor=request.user),
        # 包保单位人员 without an account, after the accounts, on the first page only.
        "persons": selectors.contact_person_list(actor=request.user) if page.number == 1 else [],
    }
    return render(request, "assistance/contact_list.html", context)


def _households_needing_contact(request: HttpRequest) -> HttpResponse:
    """监测户 and 脱贫户 without a help contact (帮扶责任人), or with one who has left (003 §二3(2))."""
    filters = {name: request.GET.get(name, "") for name in ("kind", "township", "village", "q")}
    households = selectors.households_needing_contact(actor=request.user, filters=filters)
    if refused := place_refused(actor=request.user, query=request.GET):
        households = households.none()
    page = Paginator(households, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "refused": refused,
        "kinds": selectors.NEEDS_CONTACT_KINDS,
        "townships": household_selectors.township_options(actor=request.user),
        "villages": household_selectors.village_options(actor=request.user)[:300],
        "query": page_query(request),
        "can_assist": user_can(request.user, Capability.ASSISTANCE_EDIT),
    }
    return render(request, "assistance/contact_needed.html", context)


@VIEW
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(actor=request.user, pk=pk)
    households = selectors.contact_households(actor=request.user, contact=contact)
    return render(
        request,
        "assistance/contact_detail.html",
        {
            "contact": contact,
            "households": households,
            "today": timezone.localdate(),
            "can_assist": user_can(request.user, Capability.ASSISTANCE_EDIT),
        },
    )


@VIEW
def return_visits(request: HttpRequest) -> HttpResponse:
    """回访 by township (by village for a township, or a township the page is narrowed to): overdue, due within a
    week and rated 成效不明显 at the latest return visit, then the plans themselves."""
    which = request.GET.get("show", "overdue")
    mine = request.GET.get("mine") == "1"
    filters = {
        "return_visit": which if which in RETURN_VISIT_TABS else "overdue",
        # Only the households the user is the help contact of (their own reminder, from the home tile).
        "contact": request.user.pk if mine else "",
    }
    # The township or the village the 范围 line names (a path prefix), as the overview's links and the tabs carry it;
    # a place the user may not list (said at the top, {% place_filter %}): nothing, not "none overdue".
    place = place_named(actor=request.user, query=request.GET)
    place_narrow(filters, place, key="township", unless="township")
    plans = selectors.plan_list(actor=request.user, filters=filters)
    if refused := place is False:
        plans = plans.none()
    page = Paginator(plans, 30).get_page(request.GET.get("page"))
    selectors.flag_page_contacts(page)
    context = {
        "overview": selectors.return_visit_overview(actor=request.user, within=place or None),
        "page": page,
        "show": filters["return_visit"],
        "mine": mine,
        "refused": refused,
        "query": page_query(request),
        "today": timezone.localdate(),
        "can_assist": user_can(request.user, Capability.ASSISTANCE_EDIT),
    }
    return render(request, "assistance/return_visits.html", context)


@EDIT
def return_visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, pk=pk)
    if refusal := visits.no_measure_refusal(plan):
        # Nothing to assess yet: the way to the measures, not a form the service would refuse.
        context = {"household": plan.household, "title": "记录帮扶回访", "refusal": refusal, "closed": True}
        context["back_url"] = reverse("assistance:plan", kwargs={"household_pk": plan.household_id})
        context["next_url"], context["next_label"] = reverse("assistance:measure_new", args=[plan.pk]), "添加帮扶措施"
        return render(request, "assistance/form.html", context)
    # The boxes open as the household stands now, so a return visit about the help does not clear a problem.
    current = [code for code, _ in FINDINGS if getattr(plan.household, code)]
    form = ReturnVisitForm(request.POST or None, initial={"findings": current}, plan=plan)
    same_visit = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: visits.return_visit_record(  # noqa: E731
            actor=request.user,
            plan=plan,
            visited_on=data["visited_on"],
            effect=data["effect"],
            note=data["note"],
            findings=form.toggled_findings(),
            once=form.once_token,
            # Asked as the visit page asks it: the page saved, BACK pressed, 保存回访 pressed again under a new token.
            confirm_same_visit=data[SAME_VISIT_FIELD],
        )
        done, refused = run_visit(form, call)
        if isinstance(refused, OnceOtherVisit):  # the visit takes no token of its own here: said, should it happen
            form.add_error(None, refused.message)
        same_visit = same_visit_notice(plan, refused)
        if done:
            _say_return_visit_recorded(request, done)
            return redirect("assistance:plan", household_pk=plan.household_id)
    context = {"form": form, "household": plan.household, "title": "记录帮扶回访", "submit": "保存回访"}
    if same_visit or form[SAME_VISIT_FIELD].value():
        context |= {"same_visit": same_visit, "same_visit_box": form[SAME_VISIT_FIELD]}
    return render(request, "assistance/form.html", context)


MSG_SAME_RETURN_VISIT = (
    '您 {} 已为该户记录过一次内容相同的帮扶回访（{}，<a href="{}">查看</a>），这次未保存，以免同一次回访重复记录。'
    "如确是当天又回访了一次，请勾选“仍要另记一次”后再点击“保存回访”；如要记录不同的情况，修改下面的内容后保存。"
)


def same_visit_notice(plan: Plan, refused: Refused | None) -> SafeString | None:
    """The notice over the form for a return visit the same as one recorded that day (visit_same_day), the box
    仍要另记一次 in it; nothing was recorded, and the page keeps its token (a double tap on the next 保存回访 still
    records once)."""
    if not isinstance(refused, SameVisitRecorded):
        return None
    recorded = ReturnVisit.objects.filter(visit=refused.visit).first()
    effect = recorded.get_effect_display() if recorded is not None else refused.visit.get_kind_display()
    url = reverse("assistance:plan", kwargs={"household_pk": plan.household_id})
    return format_html(MSG_SAME_RETURN_VISIT, f"{refused.visit.visited_on:%Y-%m-%d}", effect, url)


def _say_return_visit_recorded(request: HttpRequest, done: Once[ReturnVisit]) -> None:
    if done.repeated:
        messages.info(request, MSG_REPEATED.format(noun="帮扶回访"))
        return
    messages.success(request, "已记录帮扶回访。")
    if adjust := adjust_message(done.record):  # 成效不明显: the measures to adjust (assistance.effect_prompt)
        messages.warning(request, adjust)


MSG_COUNT_INTRO = (
    "将 {visit.visited_on:%Y-%m-%d} 的{kind}（走访人 {visitor}）记为本户的帮扶回访：不再另记一次走访，"
    "下次回访日期按回访周期（{cadence}）顺延。请评价帮扶成效。"
)
MSG_COUNTED = "已将 {visit.visited_on:%Y-%m-%d} 的{kind}记为帮扶回访，下次回访 {due:%Y-%m-%d}。"


@EDIT
def return_visit_from_visit(request: HttpRequest, pk: int, visit_pk: int) -> HttpResponse:
    """将此次走访记为回访: the plan page's button for a 走访 saved without "同时作为帮扶回访" ticked."""
    plan = selectors.plan_get(actor=request.user, pk=pk)
    visit = selectors.plan_visit(actor=request.user, plan=plan, pk=visit_pk)
    form = CountVisitForm(request.POST or None)
    kind = visit.get_kind_display()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: visits.visit_count_as_return_visit(actor=request.user, plan=plan, visit=visit, **data)  # noqa: E731
        if counted := run_service(form, call):
            plan.refresh_from_db(fields=["next_return_due"])
            messages.success(request, MSG_COUNTED.format(visit=visit, kind=kind, due=plan.next_return_due))
            if adjust := adjust_message(counted):
                messages.warning(request, adjust)
            return redirect("assistance:plan", household_pk=plan.household_id)
    visitor = visit.visitor.get_full_name() or visit.visitor.username
    intro = MSG_COUNT_INTRO.format(visit=visit, kind=kind, visitor=visitor, cadence=plan.get_return_cadence_display())
    refusal = visits.count_refusal(actor=request.user, plan=plan, visit=visit)
    context = {
        "form": form,
        "household": plan.household,
        "title": "将走访记为帮扶回访",
        "submit": "记为帮扶回访",
        "intro": intro,
        "visit_notes": visit.notes,
        "refusal": refusal,
        # Counted already, or not this user's to count: no form to fill in, only the way back to the plan.
        "closed": refusal is not None,
        "back_url": reverse("assistance:plan", kwargs={"household_pk": plan.household_id}),
    }
    return render(request, "assistance/form.html", context)


@EDIT
def claim_new(request: HttpRequest, household_pk: int) -> HttpResponse:
    household = household_selectors.household_get(actor=request.user, pk=household_pk)
    refusal = claims.claim_refusal(household)  # claim_create refuses the same: the API says it as a 400
    form = ClaimForm(request.POST or None, household=household)
    if request.method == "POST" and not refusal and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: claims.claim_create(actor=request.user, household=household, **data)):
            messages.success(request, "已申报防贫保理赔。")
            return redirect("assistance:plan", household_pk=household.pk)
    context = {"form": form, "household": household, "title": "申报防贫保理赔", "submit": "申报"}
    if refusal:  # not monitored, or closed: why, and the way back to the plan, not a form the service would refuse
        back = reverse("assistance:plan", kwargs={"household_pk": household.pk})
        context |= {"refusal": refusal, "closed": True, "back_url": back}
    return render(request, "assistance/form.html", context)


@VIEW
def claim_list(request: HttpRequest) -> HttpResponse:
    filters = {"status": request.GET.get("status", "")}
    page = Paginator(selectors.claim_list(actor=request.user, filters=filters), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/claim_list.html",
        {"page": page, "filters": filters, "statuses": ClaimStatus.choices, "query": page_query(request)},
    )


@VIEW
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(actor=request.user, pk=pk)
    allowed = claims.decisions(claim)
    form = ClaimDecideForm(request.POST or None, allowed=allowed, claim=claim, shown_status=claim.status)
    closed = closed_refusal(claim.household) if CLAIM_TRANSITIONS[claim.status] else ""  # still pending
    if closed:  # approving or paying, asked from a page opened before the closing: refused in words, not as a code
        form.fields["status"].error_messages["invalid_choice"] = closed + claims.MSG_CLOSED_REJECT
    can_decide = (
        bool(allowed) and user_can(request.user, Capability.ASSISTANCE_EDIT) and claims.may_decide(request.user)
    )
    if request.method == "POST" and can_decide and form.is_valid():
        data = form.decision()
        if run_service(form, lambda: claims.claim_decide(actor=request.user, claim=claim, **data)):
            messages.success(request, "已记录理赔处理结果。")
            return redirect("assistance:claim", pk=claim.pk)
    context = {"claim": claim, "form": form, "can_decide": can_decide, "closed": closed}
    return render(request, "assistance/claim_detail.html", context)
