"""数据逻辑校验 pages (households.data_checks): the counts per check in the user's scope, then one check's findings,
each linking to the household (and member) to correct."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required, user_can
from accounts.roles import Capability
from config.errors import ApplicationError
from config.forms import run_service
from config.paging import page_query
from households.check_filter import CheckRegionForm
from households.data_check_reviews import CHECK_OUTCOMES, VALID_DAYS
from households.data_checks import CHECKS, KIND_LABELS, check_counts, check_findings, check_get, findings_of
from households.forms_check_review import CheckReviewForm
from households.models import Member
from households.selectors import household_get, member_get
from households.services.check_reviews import check_review_record
from households.services.member_status import member_safety_net_end

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)


def _region(request: HttpRequest) -> tuple[CheckRegionForm, str | None, dict[str, Any]]:
    """The 乡镇/村 filter, the chosen place's region path ("" for the whole scope, None when the filter is invalid:
    nothing is listed, the form says why) and the filter context the pages share."""
    form = CheckRegionForm(request.GET, actor=request.user)
    path = form.region_path()
    region = form.region() if path else None
    chosen = form.chosen()
    context = {
        "filter_form": form,
        "filter_query": urlencode(chosen),
        "export_region": region.code if region is not None else "",
        "filter_invalid": path is None,
    }
    return form, path, context


@VIEW
def check_index(request: HttpRequest) -> HttpResponse:
    _form, path, filters = _region(request)
    counts = [] if path is None else check_counts(actor=request.user, today=timezone.localdate(), region_path=path)
    groups = [(label, [(c, n) for c, n in counts if c.kind == kind]) for kind, label in KIND_LABELS.items()]
    context = {
        **filters,
        "groups": groups if counts else [],
        "errors": sum(n for c, n in counts if c.kind == "error"),
        "can_export": user_can(request.user, Capability.REPORTS_VIEW),
    }
    return render(request, "households/checks.html", context)


@VIEW
def check_detail(request: HttpRequest, code: str) -> HttpResponse:
    check = check_get(code)
    _form, path, filters = _region(request)
    today = timezone.localdate()
    checked = check.reviewable and request.GET.get("checked") == "1"
    rows = (
        Member.objects.none()
        if path is None
        else check_findings(actor=request.user, check=check, today=today, region_path=path, checked=checked)
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    page.object_list = findings_of(check, page.object_list, today)
    context = {
        **filters,
        "check": check,
        "checks": CHECKS,
        "page": page,
        "query": page_query(request),
        # Where a correction form goes back to after saving (households.views member_edit, income_add).
        "back": request.get_full_path(),
        "can_edit": user_can(request.user, Capability.REGISTRY_EDIT),
        "checked": checked,
    }
    return render(request, "households/check_detail.html", context)


MSG_REVIEWED = "已核实：{name}户（{outcome}），该户移出本项清单，成员或收入有变化时重新列出。"


@EDIT
def check_review(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """已核实 of one household's finding: the outcome (and a note), then back to the list it came from."""
    check = check_get(code)
    if not check.reviewable:
        raise Http404
    household = household_get(actor=request.user, pk=pk)
    back = request.GET.get("next") or ""
    back = back if url_has_allowed_host_and_scheme(back, allowed_hosts=None) and back.startswith("/") else ""
    form = CheckReviewForm(request.POST or None, outcomes=CHECK_OUTCOMES[check.code])
    if request.method == "POST" and form.is_valid():
        call = lambda: check_review_record(actor=request.user, check=check, household=household, **form.cleaned_data)  # noqa: E731
        review = run_service(form, call)
        if review is not None:
            messages.success(
                request, MSG_REVIEWED.format(name=household.head_name, outcome=review.get_outcome_display())
            )
            return redirect(back or reverse("households:check_detail", args=[check.code]))
    context = {"check": check, "household": household, "form": form, "back": back, "valid_days": VALID_DAYS}
    return render(request, "households/check_review.html", context)


@EDIT
@require_POST
def safety_net_end(request: HttpRequest, pk: int) -> HttpResponse:
    """停止登记: a deceased or moved-out member's 低保/特困 registration ends (check gone_on_safety_net)."""
    try:
        member = member_safety_net_end(actor=request.user, member=member_get(actor=request.user, pk=pk))
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("households:check_detail", "gone_on_safety_net")
    messages.success(
        request, f"已停止登记：{member.name}（{member.get_living_status_display()}）不再登记享受低保/特困。"
    )
    return redirect("households:check_detail", "gone_on_safety_net")
