"""Deadline and green-channel pages: overdue cases per township (with the green channel's owed steps), and opening
a case through the green channel."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from config.paging import page_query
from households import selectors as household_selectors
from households.place_filter import place_refused
from workflow.choices import Channel
from workflow.forms_deadlines import GreenChannelOpenForm, OverdueFilterForm
from workflow.models import OverdueReason
from workflow.selectors_applications import overdue_application_section
from workflow.selectors_deadlines import overdue_by_township, overdue_list, read_owed, reasons_of
from workflow.selectors_openings import case_prefill
from workflow.services.green_channel import (
    GREEN_CHANNEL_ROLES,
    MSG_GREEN_ROLE,
    case_open_green_channel,
    green_channel_refusal,
)

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)


def _overdue_page(request: HttpRequest, reason: str = "") -> HttpResponse:
    data = request.GET.copy()
    if reason:
        data["reason"] = reason
    form = OverdueFilterForm(data or None, actor=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = overdue_list(actor=request.user, filters=filters)
    # A place the user may not list (said at the top, {% place_filter %}): nothing, not every overdue case.
    if refused := place_refused(actor=request.user, query=request.GET):
        cases = cases.none()
    page = Paginator(cases, 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    green = reason == OverdueReason.GREEN_CHANNEL_OWED
    for case in page.object_list:
        case.reason_labels = [OverdueReason(r).label for r in reasons_of(case)]
        # Counted from where the limit counts (selectors_deadlines.limit_from): a green channel's opening.
        case.days_elapsed = (today - case.limit_from).days
        if green:
            read_owed(case, today=today)
    # Self-applications waiting past the limit are overdue too (the home page's 自主申报超期), in their own section:
    # on the tabs their kind of 超期 belongs to (超过办结时限), not on 公示期满 or the green channel's.
    applications = None
    if not refused and filters.get("reason", "") in ("", OverdueReason.PAST_LIMIT):
        place = {name: filters.get(name) or "" for name in ("township", "village")}
        applications = overdue_application_section(actor=request.user, **place)
    return render(
        request,
        "workflow/overdue.html",
        {
            "form": form,
            "page": page,
            "query": page_query(request),
            # Per township: the 超期 cases by reason; on the green channel's tab, its cases with owed steps.
            "summary": overdue_by_township(
                overdue_list(actor=request.user, filters={"reason": reason} if reason else None),
                applications.by_township if applications else None,
            ),
            "applications": applications,
            "reason": filters.get("reason", ""),
            "green": green,
            "refused": refused,
        },
    )


@VIEW
def overdue(request: HttpRequest) -> HttpResponse:
    return _overdue_page(request)


@VIEW
def green_channel(request: HttpRequest) -> HttpResponse:
    return _overdue_page(request, reason=OverdueReason.GREEN_CHANNEL_OWED)


@EDIT
def case_new_green(request: HttpRequest, household_pk: int) -> HttpResponse:
    household = household_selectors.household_get(actor=request.user, pk=household_pk)
    if request.user.role not in GREEN_CHANNEL_ROLES:
        raise PermissionDenied(MSG_GREEN_ROLE)
    title = "绿色通道：先行认定"
    if refusal := green_channel_refusal(household):
        # Already monitored or a case open: no form the service would refuse, but why (also to a stale form's POST).
        return render(request, "workflow/case_form.html", {"household": household, "title": title, "refusal": refusal})
    # As the ordinary case form (workflow.views.case_new): the visit ?from_visit= names, or the household's latest
    # visit that found a risk (the 入户核查 a green channel needs first), fills channel, risk types and date.
    prefill, prefilled_from = case_prefill(household=household, visit_pk=request.GET.get("from_visit", ""))
    form = GreenChannelOpenForm(
        request.POST or None,
        initial={"discovered_on": timezone.localdate(), "channel": Channel.CADRE_VISIT} | prefill,
        household_type=household.household_type,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = run_service(
            form,
            lambda: case_open_green_channel(
                actor=request.user,
                household=household,
                cause=data["green_channel_cause"],
                reason=data["green_channel_reason"],
                village_study=data["green_channel_village_study"],
                channel=data["channel"],
                risk_types=data["risk_types"],
                category=data["category"],
                discovered_on=data["discovered_on"],
            ),
        )
        if case:
            messages.success(request, "已开辟绿色通道：乡镇审核和县级审批可先行办理，评议公示等环节须事后补办。")
            return redirect("workflow:case_detail", pk=case.pk)
    return render(
        request,
        "workflow/case_form.html",
        {"form": form, "household": household, "title": title, "prefilled_from": prefilled_from},
    )
