"""Two duties the seeds set and these pages check, per unit of the user's scope: the monthly information entry
(每月信息录入, seed 004 §三(五)) and a screening campaign in every village at least every six months (集中排查,
seed 003 §二2(3)). Open to everyone who downloads ledgers, a village cadre included (their own village)."""

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import capability_required, user_can
from accounts.roles import Capability
from households.place_filter import place_refused
from reports.forms import EntryFilterForm, RegionFilterForm
from reports.selectors.campaign_gaps import (
    SCREENING_LISTED,
    GapRow,
    campaign_gap_units,
    campaign_window,
    coverage_words,
    villages_screening,
    villages_unscreened,
)
from reports.selectors.entry import DEFINITION, EntryRow, entry_missing, entry_month, entry_units, missing_rows
from reports.selectors.regions import focus_region

DUTIES = capability_required(Capability.LEDGERS_DOWNLOAD)
PAGE_SIZE = 50


def _query(form: Any) -> str:
    """The valid filters as a query string, for the pagination and the units' links."""
    return urlencode({name: value for name, value in form.chosen().items() if value})


def _common(request: HttpRequest, form: Any) -> dict[str, Any]:
    return {"form": form, "query": _query(form), "ledgers_only": not user_can(request.user, Capability.REPORTS_VIEW)}


@DUTIES
def entry(request: HttpRequest) -> HttpResponse:
    form = EntryFilterForm(request.GET or None, actor=request.user)
    region = form.region() or focus_region(actor=request.user)
    kind, month = form.kind(), entry_month()
    units, total = entry_units(actor=request.user, month=month, region=region, kind=kind)
    missing = entry_missing(request.user, month=month, region_path=region.path if region else "", kind=kind)
    rows = missing_rows(missing, month.today).select_related("village__parent", "group")
    if refused := place_refused(actor=request.user, query=request.GET):
        # A place the user may not list (said at the top, {% place_filter %}): nothing, not the whole scope.
        units, total, rows = [], EntryRow(region=None), rows.none()
    context = {
        **_common(request, form),
        "month": month,
        "region": region,
        "units": units,
        "total": total,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "definition": DEFINITION,
        "export_region": region.code if region is not None and form.region() is not None else "",
        "refused": refused,
        "kind": kind,
    }
    return render(request, "reports/entry.html", context)


@DUTIES
def campaign_gaps(request: HttpRequest) -> HttpResponse:
    form = RegionFilterForm(request.GET or None, actor=request.user)
    region = form.region() or focus_region(actor=request.user)
    window = campaign_window()
    units, total = campaign_gap_units(actor=request.user, window=window, region=region)
    villages = villages_unscreened(request.user, window=window, region=region)
    screening = villages_screening(request.user, window=window, region=region)
    if refused := place_refused(actor=request.user, query=request.GET):
        units, total, villages, screening = [], GapRow(region=None), villages.none(), screening.none()
    page = Paginator(villages, PAGE_SIZE).get_page(request.GET.get("page"))
    screening_shown = list(screening[:SCREENING_LISTED])
    for village in [*page.object_list, *screening_shown]:
        village.coverage = coverage_words(village.last_filled, village.household_count)
    context = {
        **_common(request, form),
        "window": window,
        "region": region,
        "units": units,
        "total": total,
        "page": page,
        "screening": screening_shown,
        "screening_more": max(total.screening - len(screening_shown), 0),
        "refused": refused,
        "village_units": bool(units) and all(row.region.level == "village" for row in units),
    }
    return render(request, "reports/campaign_gaps.html", context)
