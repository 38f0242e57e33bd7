"""Pages of alerts: the cadre's worklist, one alert with its verification, the department's outcomes, feed
punctuality and the persons the registry does not hold."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import MSG_NO_CAPABILITY, capability_required, user_can
from accounts.roles import Capability
from alerts import selectors
from alerts.access import clerk_page, county_page, feeds_page, is_county_staff
from alerts.choices import AlertOutcome, AlertStatus
from alerts.forms import (
    AlertFilterForm,
    OutcomeFilterForm,
    PeriodForm,
    UnregisteredBulkCheckForm,
    UnregisteredCheckForm,
    UnregisteredFilterForm,
)
from alerts.forms_verify import VerifyForm
from alerts.periods import CATCH_UP_DAYS
from alerts.repeats import repeat_hold
from alerts.selectors_summary import summary_level
from alerts.selectors_unregistered import (
    STATUS_CHOICES,
    appearances,
    department_unregistered,
    feed_names_for,
    status_counts,
    to_register_list,
    unregistered_entry_get,
    unregistered_people,
    with_details,
    with_earlier_names,
    with_reasons,
)
from alerts.selectors_verify import cases_to_review, head_first, household_standing, verification_message
from alerts.services.member_health import medical_risk_advisory
from alerts.services.unregistered import unregistered_check, unregistered_check_many
from alerts.services.verification import alert_verify
from alerts.services.verification_inputs import verification_inputs
from assistance.selectors import plan_for_household
from config.forms import run_service
from config.paging import page_query
from households.place_filter import place_named
from households.region_filter import NO_REGION

VIEW = capability_required(Capability.REGISTRY_VIEW)
OUTCOME_TABS = ("", "pending", "overdue", "verified", "unregistered")  # the department's outcomes page (全部 first)
MSG_BAD_TAB = "状态“{value}”无效，请从列表中选择。"


@VIEW
def worklist(request: HttpRequest) -> HttpResponse:
    form = AlertFilterForm(request.GET or None, actor=request.user)
    filters = form.filters() if request.GET else {"status": "pending"}
    place = place_named(actor=request.user, query=request.GET)
    if refused := place is False:
        # A place the user may not list (said at the top, {% place_filter %}): nothing, not every alert.
        filters["village"] = NO_REGION
    elif place is not None and not filters.get("village"):
        filters["village"] = place.path  # a township the 范围 line names: the list is narrowed to it
    page = Paginator(selectors.alert_list(actor=request.user, filters=filters), 20).get_page(request.GET.get("page"))
    counts = selectors.alert_counts(actor=request.user, filters=filters)
    status = filters.get("status") or "all"
    tabs = [("pending", "待核实"), ("overdue", "已逾期"), ("verified", "已核实"), ("all", "全部")]
    return render(
        request,
        "alerts/worklist.html",
        {
            "form": form,
            "page": page,
            "query": page_query(request),
            "refused": refused,
            "status": status,
            "tabs": [(value, label, counts.get(value)) for value, label in tabs],
            "county_staff": is_county_staff(request.user),
            "sees_summary": summary_level(request.user) is not None,
        },
    )


@VIEW
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_get(actor=request.user, pk=pk)
    can_verify = alert.status == AlertStatus.PENDING and user_can(request.user, Capability.REGISTRY_EDIT)
    standing = household_standing(actor=request.user, alert=alert)
    form = VerifyForm(request.POST or None, alert=alert)
    if request.method == "POST" and can_verify and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: alert_verify(
                actor=request.user,
                alert=alert,
                outcome=data["outcome"],
                visited_on=data["visited_on"],
                note=data["note"],
                department_note=data["department_note"],
                category=data.get("category", ""),
                risk_types=data.get("risk_types"),
                left_on=data.get("left_on"),
                left_reason=data.get("left_reason") or "",
                left_note=data.get("left_note") or "",
                **form.member_health_args(),
            ),
        )
        if done is not None:
            messages.success(request, verification_message(done))
            return redirect("alerts:alert_detail", done.pk)
    plan = None
    if alert.outcome == AlertOutcome.MONITORED:
        plan = plan_for_household(actor=request.user, household=alert.household)
    context = {
        "alert": alert,
        "form": form,
        "can_verify": can_verify,
        "plan": plan,
        "standing": standing,
        "cases_to_review": cases_to_review(actor=request.user, alert=alert),
        "member_still_living": selectors.member_status_owed(alert),
        "member_status_url": selectors.member_status_url(alert),
        "same_person": selectors.same_person_pending(actor=request.user, alert=alert),
        "repeat": repeat_hold(alert, viewer=request.user),
        "inclusion_deadline": selectors.inclusion_deadline(alert) if alert.status == AlertStatus.PENDING else None,
        # What the verification would refuse for its inputs, checked before the confirmation (step_precheck.js).
        "prechecks": json.dumps(verification_inputs(alert), ensure_ascii=False) if can_verify else "",
        "health_advisory": medical_risk_advisory(alert) if can_verify else None,
        # A 户主 leaving others: 已故 or 已迁出 needs the head marked (and a new one chosen) on the member's form first.
        "head_first": head_first(alert) if can_verify else None,
    }
    return render(request, "alerts/alert_detail.html", context)


@clerk_page
def outcomes(request: HttpRequest) -> HttpResponse:
    """The department's own alerts with their outcome, and nothing else of the registry (need to know); the tab
    "档案中没有" lists its rows of persons the registry does not hold, with the county's finding."""
    status = request.GET.get("status", "")
    form = OutcomeFilterForm(request.GET or None, actor=request.user)
    # A village, township or household would place the persons of the department's files: said, and nothing listed.
    # So is an unknown tab or filter (?status=bogus listed everything), as the API answers 400.
    refused = selectors.registry_param_refused(request.GET) or outcome_filter_refused(status, form)
    if refused:
        rows = selectors.department_outcomes(actor=request.user).none()
    elif status == "unregistered":
        rows = department_unregistered(actor=request.user, filters=form.filters())
    else:
        filters = {**form.filters(), "status": status if status in ("pending", "verified", "overdue") else ""}
        rows = selectors.department_outcomes(actor=request.user, filters=filters)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status if status in OUTCOME_TABS else "",  # an unknown tab is not kept by the search form
        "query": page_query(request),
        "form": form,
        "refused": refused[1] if refused else "",
        # An empty tab or search says nothing matched, not that the department's data raised no alert.
        "filtered": bool(status or form.filters()),
        "has_feeds": selectors.has_feeds_to_send(request.user),  # 发改局, 工信局: no 数据上传 button
    }
    return render(request, "alerts/outcomes.html", context, status=400 if refused else 200)


def outcome_filter_refused(status: str, form: OutcomeFilterForm) -> tuple[str, str] | None:
    """The first unknown tab or invalid filter of the department's outcomes, with what is said of it."""
    if status not in OUTCOME_TABS:
        return "status", MSG_BAD_TAB.format(value=status[:20])
    if form.is_bound and not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        return name, f"{form.fields[name].label}：{errors[0]}"
    return None


@county_page
def unregistered(request: HttpRequest) -> HttpResponse:
    """The county's list; a POST records one finding for the persons ticked on it (then back to the same list)."""
    form = UnregisteredFilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    can_check = user_can(request.user, Capability.REGISTRY_EDIT)
    bulk = UnregisteredBulkCheckForm(request.POST if request.method == "POST" else None)
    ticked = {int(v) for v in request.POST.getlist("entry") if v.isascii() and v.isdigit()}
    if request.method == "POST" and not can_check:
        raise PermissionDenied(MSG_NO_CAPABILITY)
    if request.method == "POST" and bulk.is_valid():
        data = bulk.cleaned_data
        done = run_service(
            bulk,
            lambda: unregistered_check_many(
                actor=request.user,
                entry_ids=sorted(ticked),
                outcome=data["outcome"],
                note=data["note"],
                checked_on=data["checked_on"],
            ),
        )
        if done is not None:
            checked, passed_over = done
            label = dict(bulk.fields["outcome"].choices)[data["outcome"]]
            text = f"已记录 {checked} 人的核查结果：{label}。"
            if passed_over:
                text += f"{len(passed_over)} 人已在本县档案中，未记录：{'、'.join(passed_over[:10])}"
                text += "等。" if len(passed_over) > 10 else "。"
            messages.success(request, text)
            return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)
    people = unregistered_people(actor=request.user, filters=filters)
    page = Paginator(people, 30).get_page(request.GET.get("page"))
    page.object_list = with_earlier_names(
        with_details(page.object_list, request.user), actor=request.user, q=filters.get("q", "")
    )
    counts = status_counts(actor=request.user, filters={k: v for k, v in filters.items() if k != "status"})
    context = {
        "form": form,
        "page": page,
        "status": filters["status"],
        "query": page_query(request),
        "tabs": [(value, label, counts.get(value)) for value, label in STATUS_CHOICES],
        "can_check": can_check,
        "can_export": user_can(request.user, Capability.REPORTS_VIEW),
        "bulk": bulk,
        "ticked": ticked,
    }
    return render(request, "alerts/unregistered.html", context)


@county_page
def unregistered_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = unregistered_entry_get(actor=request.user, pk=pk)
    can_check = entry.member is None and user_can(request.user, Capability.REGISTRY_EDIT)
    initial = {"outcome": entry.outcome, "village": entry.village, "note": entry.note} if entry.outcome else None
    form = UnregisteredCheckForm(request.POST or None, actor=request.user, initial=initial, gone=entry.gone)
    if request.method == "POST" and can_check and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: unregistered_check(
                actor=request.user,
                entry=entry,
                outcome=data["outcome"],
                note=data["note"],
                checked_on=data["checked_on"],
                village=data.get("village"),
            ),
        )
        if done is not None:
            messages.success(request, f"已记录核查结果：{done.person_name}，{done.get_outcome_display()}。")
            return redirect("alerts:unregistered_detail", pk)
    rows = list(appearances(entry)[:50])
    names = feed_names_for(request.user)
    for row in rows:
        row.feed_name = names.get(row.feed_type_id, "")  # a health feed as its department's label to a read-only role
    return render(
        request,
        "alerts/unregistered_detail.html",
        {"entry": entry, "rows": rows, "form": form, "can_check": can_check},
    )


@VIEW
def to_register(request: HttpRequest) -> HttpResponse:
    """The persons the county handed to the actor's villages to be registered (应纳入档案), not registered yet."""
    page = Paginator(to_register_list(actor=request.user), 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "people": with_reasons(actor=request.user, entries=page),
        "county_staff": is_county_staff(request.user),
        "can_edit": user_can(request.user, Capability.REGISTRY_EDIT),
    }
    return render(request, "alerts/to_register.html", context)


@feeds_page
def punctuality(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    # A bad date or a reversed range is said at its field, and nothing is counted for it.
    rows = selectors.punctuality_table(actor=request.user, start=start, end=end) if not form.errors else []
    reminders = selectors.punctuality_reminders(rows)
    totals = [row for row in rows if row.feed_type is None]
    missing, expired = sum(r.missing for r in totals), sum(r.expired for r in totals)
    context = {"form": form, "rows": rows, "reminders": reminders, "start": start, "end": end}
    context |= {"missing": missing, "expired": expired, "sendable": missing - expired, "catch_up_days": CATCH_UP_DAYS}
    return render(request, "alerts/punctuality.html", context)
