"""The case list (全部案件: every case in the user's scope, open or closed) and the printable announcement (公告)
of the approved list that the township posts in the township and its villages."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.paging import page_query
from households.choices import RegionLevel
from households.place_filter import place_named
from households.region_filter import NO_REGION
from workflow import selectors_cases as selectors
from workflow.choices import CaseKind
from workflow.forms_cases import CaseListFilterForm
from workflow.selectors_announced import notice_signed_on
from workflow.selectors_notice import notice_wording, procedures_without_notice

VIEW = capability_required(Capability.REGISTRY_VIEW)
PER_PAGE = 30


@VIEW
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseListFilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    place = place_named(actor=request.user, query=request.GET)
    if place is False:
        filters["village"] = NO_REGION  # a township out of scope too, which the form does not take
    elif place is not None and not filters.get("village"):
        filters["village"] = place.path  # a township the 范围 line names: the list is narrowed to it
    page = Paginator(selectors.case_browse(actor=request.user, filters=filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.case_rows(page.object_list)
    own = selectors.own_region(request.user)
    context = {
        "form": form,
        "page": page,
        "query": page_query(request),
        "filtered": any(filters.values()),
        "more_filters": any(value for name, value in filters.items() if name != "q"),
        # Whose approved list to print: the place chosen, else the user's own township or village.
        "announce_code": form.chosen_region_code() or (own.code if own else ""),
        "announce_batches": selectors.announcement_batches(actor=request.user),
    }
    return render(request, "workflow/case_list.html", context)


@VIEW
def announcement_print(request: HttpRequest, region_code: str) -> HttpResponse:
    """The 公告 of the approved inclusions and exits waiting for their announcement in a village or a whole township
    (or, with ?batch=, of every household there the approving batch's 批复 approved, in whichever of its batches,
    announced or not: a reprint; with ?case=, of that one case's household, from its case page, announced or not),
    exits under their own heading: names, place, category, reasons, approval date and 批复文号; never an ID number,
    phone or health detail (DOMAIN.md "Code lists": the medical risk reads as the spending it causes,
    Case.notice_reason_labels)."""
    batch_id, case_id = _number(request, "batch"), _number(request, "case")
    # One case's notice is that household's alone, whatever batch approved it.
    batch = selectors.announcement_batch(actor=request.user, pk=batch_id) if batch_id and case_id is None else None
    region, listed = selectors.announcement_list(
        actor=request.user, region_code=region_code, batch=batch, case_pk=case_id
    )
    if case_id is not None and not listed:
        raise Http404  # not in this place, not in scope, or with no announcement due or done
    township = region if region.level == RegionLevel.TOWNSHIP else region.parent
    # Exits under their own heading (风险消除名单), never mixed with the households newly monitored.
    cases = [case for case in listed if case.kind != CaseKind.EXIT]
    exits = [case for case in listed if case.kind == CaseKind.EXIT]
    # Each part in its procedure's own words (steps, approval columns, stamp): selectors_notice.
    inclusion, exit_ = notice_wording(cases, township), notice_wording(exits, township)
    shown = [wording for wording, part in ((inclusion, cases), (exit_, exits)) if part] or [inclusion]
    context = {
        "region": region,
        "township": township,
        "cases": cases,
        "exits": exits,
        "inclusion_wording": inclusion,
        "exit_wording": exit_,
        "signers": list(dict.fromkeys(signer for wording in shown for signer in wording.signers)),
        "without_notice": [] if listed else procedures_without_notice(region=region, batch=batch),
        "batch": batch,
        "single": case_id is not None,
        "spans": selectors.notice_spans(batch=batch, region=region) if batch is not None else "",
        # Said on screen only: 批量公告 to whoever acts the announcement step, whose step it is to anyone else.
        "announce_hint": selectors.announce_hint(actor=request.user, cases=listed),
        # A reprint of a posted notice is dated as posted (its recorded 公告日期); a first print, today.
        "signed_on": notice_signed_on(listed, timezone.localdate()),
    }
    if batch is not None:
        # Said on screen only (the notice is posted as printed): who of the batch waits for its owed steps.
        waiting = selectors.batch_not_announced_yet(actor=request.user, batch=batch)
        context["not_announced"] = [case for case in waiting if case.region_path.startswith(region.path)]
    return render(request, "workflow/announcement_print.html", context)


def _number(request: HttpRequest, name: str) -> int | None:
    """A query parameter that must be an id when given (404 otherwise)."""
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):
        raise Http404
    return int(value)
