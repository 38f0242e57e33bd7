"""The village's side of self-application: the worklist, one application, its actions (the QR poster: views_poster)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.choices import Role
from accounts.permissions import capability_required, user_can
from accounts.roles import Capability
from config.errors import ApplicationError
from config.forms import run_service
from config.paging import page_query
from households.models import Household
from households.place_filter import place_named, place_narrow
from workflow import selectors_applications as selectors
from workflow.choices_applications import PENDING_STATUSES, ApplicationStatus
from workflow.forms_applications import ApplicationFilterForm, DeclineForm, InvalidForm, ToCaseForm
from workflow.selectors_application_identity import registered_phone_if_different
from workflow.services import application_decline_review as review
from workflow.services import application_invalid as invalid
from workflow.services import application_transfer as transfer
from workflow.services import applications as services

MSG_CLOSED_MONITORED = "已办结：该户已是监测对象。申报人查询时只看到“已办结”，处理情况请当面告知本人或本户成员。"

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)


def _identity_warnings(user: Any, application: Any) -> dict[str, str]:
    """The registry's name and phone where the application gives others (templates: _identity_warnings.html)."""
    return {
        "registered_name": selectors.registered_name_if_different(actor=user, application=application),
        "registered_phone": registered_phone_if_different(actor=user, application=application),
    }


def _sees_client_ip(user: object) -> bool:
    # Kept for abuse review only: the county bureau looks at who floods a village's page.
    return getattr(user, "role", None) == Role.COUNTY_OFFICER or bool(getattr(user, "is_superuser", False))


@VIEW
def application_list(request: HttpRequest) -> HttpResponse:
    form = ApplicationFilterForm(request.GET or None, actor=request.user)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    place = place_named(actor=request.user, query=request.GET)
    place_narrow(filters, place, unless="village")
    page = Paginator(selectors.application_list(actor=request.user, filters=filters), 20).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    waits = selectors.application_waits(page.object_list)
    for application in page.object_list:
        application.wait = waits.get(application.pk)
    # Counted with the list's other filters (the place, the search), which the tabs keep (templates: tab_href).
    counts = selectors.application_counts(actor=request.user, filters=filters)
    pending = sum(counts.get(value, 0) for value in PENDING_STATUSES)
    overdue = selectors.overdue_application_count(request.user, filters=filters)
    # The township reads its villages' declines (seed 003 §二(4) 村两委评议; services.application_decline_review).
    unread = [
        (
            selectors.STATUS_DECLINE_UNREAD,
            "村级不予纳入待阅",
            selectors.decline_unread_count(request.user, filters=filters),
        )
    ]
    return render(
        request,
        "workflow/applications/list.html",
        {
            "form": form,
            "page": page,
            "query": page_query(request),
            "status": filters.get("status", ""),
            "statuses": [
                (selectors.STATUS_PENDING, "待办", pending),
                *[(value, label, counts.get(value, 0)) for value, label in ApplicationStatus.choices],
                (selectors.STATUS_OVERDUE, "超期", overdue),
                *(unread if review.may_acknowledge(request.user) else []),
            ],
            "total": sum(counts.values()),
            "villages": form.villages,
            "can_edit": user_can(request.user, Capability.REGISTRY_EDIT),
        },
    )


@VIEW
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(actor=request.user, pk=pk)
    household = services.applicant_household(application) if application.is_pending else None
    # Registered in another village's household: the township or county 转交至所在村 (application_transfer). Named only
    # to whom may see that household: a village cadre learns nothing of another village's people.
    elsewhere = None if household or not application.is_pending else transfer.household_elsewhere(application)
    named = elsewhere is not None and Household.objects.visible_to(request.user).filter(pk=elsewhere.pk).exists()
    # A township facing a household of another township: the county transfers it (its township named only to whom
    # may see that township's region).
    county_transfers = elsewhere is not None and not named and transfer.may_transfer(request.user)
    return render(
        request,
        "workflow/applications/detail.html",
        {
            "application": application,
            "supplements": application.supplements.all(),
            "wait": selectors.application_waits([application]).get(application.pk),
            "same_person": selectors.same_person_applications(actor=request.user, application=application),
            **_identity_warnings(request.user, application),
            "household": household,
            "elsewhere": elsewhere,
            "elsewhere_named": named,
            "county_transfers": county_transfers,
            "elsewhere_township": transfer.elsewhere_township(request.user, elsewhere) if county_transfers else None,
            "may_transfer": transfer.may_transfer(request.user),
            "open_case": services.open_identification_case(household),
            "refusal": services.to_case_refusal(household),
            "can_edit": user_can(request.user, Capability.REGISTRY_EDIT),
            "may_acknowledge": review.may_acknowledge(request.user),
            "sees_client_ip": _sees_client_ip(request.user),
        },
    )


@EDIT
@require_POST
def application_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(actor=request.user, pk=pk)
    if not transfer.may_transfer(request.user):
        raise PermissionDenied(transfer.MSG_TRANSFER_ROLE)
    try:
        moved = transfer.application_transfer(actor=request.user, application=application)
        messages.success(
            request, f"已转交{transfer.village_place(moved.village)}办理：该村村干部可在自主申报中看到并处理。"
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("workflow:application_detail", pk=application.pk)


@EDIT
@require_POST
def application_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """乡镇已阅: the township has read a village's decline and the 村两委 review it rests on."""
    application = selectors.application_get(actor=request.user, pk=pk)
    try:
        review.application_acknowledge(actor=request.user, application=application)
        messages.success(request, "已标记已阅：村级不予纳入及村两委评议意见已由乡镇查看。")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("workflow:application_detail", pk=application.pk)


@EDIT
@require_POST
def application_start(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(actor=request.user, pk=pk)
    try:
        services.application_start_verification(actor=request.user, application=application)
        messages.success(request, "已开始核实：申报人查询时将看到“核实中”。请尽快入户核实。")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("workflow:application_detail", pk=application.pk)


@EDIT
def application_decline(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(actor=request.user, pk=pk)
    if application.status == ApplicationStatus.SUBMITTED:
        messages.error(request, services.MSG_DECLINE_UNVISITED)
        return redirect("workflow:application_detail", pk=application.pk)
    # A monitored household's application is closed as 已是监测对象, not declined: the page and its words say so.
    monitored = application.is_pending and services.closes_as_monitored(application)
    suggested = services.decline_reason_suggestion(application) if monitored else ""
    form = DeclineForm(
        request.POST or None,
        initial={"reason": suggested, "visited_on": timezone.localdate()},
        application=application,
        monitored=monitored,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.application_decline(
                actor=request.user,
                application=application,
                reason=data["reason"],
                visited_on=data["visited_on"],
                visit_notes=data["visit_notes"],
                identity_confirmed=data["identity_confirmed"],
                review_on=data.get("review_on"),
                review_opinion=data.get("review_opinion", ""),
            ),
        )
        if done:
            messages.success(request, MSG_CLOSED_MONITORED if monitored else "已办结：不予纳入。")
            return redirect("workflow:application_detail", pk=application.pk)
    return render(
        request,
        "workflow/applications/decline.html",
        {
            "application": application,
            "form": form,
            "monitored": monitored,
            **_identity_warnings(request.user, application),
        },
    )


@EDIT
@require_POST
def application_join_case(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(actor=request.user, pk=pk)
    try:
        case = services.application_join_case(
            actor=request.user, application=application, identity_confirmed=bool(request.POST.get("identity_confirmed"))
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("workflow:application_detail", pk=application.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workflow:application_detail", pk=application.pk)
    messages.success(request, f"已并入办理中的识别纳入案件（{case.procedure.name}），申报人查询时将看到“核实中”。")
    return redirect("workflow:case_detail", pk=case.pk)


@EDIT
def application_to_case(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(actor=request.user, pk=pk)
    household = services.applicant_household(application)
    if application.is_pending and services.open_identification_case(household) is not None:
        # Nothing to type: the household's case is already open, and the application page offers to join it.
        messages.error(request, services.MSG_CASE_ALREADY_OPEN)
        return redirect("workflow:application_detail", pk=application.pk)
    if request.method != "POST" and application.is_pending and (refusal := services.to_case_refusal(household)):
        # Said before anything is typed (the application page says it too); a post still reaches the service, which
        # refuses it with the form kept as typed.
        messages.error(request, refusal)
        return redirect("workflow:application_detail", pk=application.pk)
    form = ToCaseForm(request.POST or None, household=household, application=application)
    if request.method == "POST" and household is not None and form.is_valid():
        data = form.cleaned_data
        case = run_service(
            form,
            lambda: services.application_to_case(
                actor=request.user,
                application=application,
                household=household,
                visited_on=data["visited_on"],
                visit_notes=data["visit_notes"],
                risk_types=data["risk_types"],
                category=data["category"],
                identity_confirmed=data["identity_confirmed"],
                findings=form.findings(),
            ),
        )
        if case:
            messages.success(request, f"已记录入户核实并发起识别纳入：{case.procedure.name}。")
            return redirect("workflow:case_detail", pk=case.pk)
    return render(
        request,
        "workflow/applications/to_case.html",
        {
            "application": application,
            "household": household,
            "form": form,
            "not_in_registry": services.MSG_NOT_IN_REGISTRY,
            **_identity_warnings(request.user, application),
        },
    )


@EDIT
def application_invalidate(request: HttpRequest, pk: int) -> HttpResponse:
    """无效申报: closed with a reason and a note, no visit (services.application_invalid)."""
    application = selectors.application_get(actor=request.user, pk=pk)
    form = InvalidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: invalid.application_invalidate(
                actor=request.user, application=application, reason=data["reason"], note=data["note"]
            ),
        )
        if done:
            messages.success(request, "已按无效申报办结：未记录走访，不计入“未予纳入”。")
            return redirect("workflow:application_detail", pk=application.pk)
    return render(request, "workflow/applications/invalid.html", {"application": application, "form": form})
