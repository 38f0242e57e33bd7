"""API of the duty pages: the monthly information entry (/reports/entry/) and the villages without a recent screening
campaign (/reports/campaign-gaps/), with the pages' filters and numbers, scoped to the caller."""

from typing import Any

from django.core.paginator import Paginator
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCapability
from accounts.roles import Capability
from config.api import KnownQueryParamsMixin
from reports.forms import EntryFilterForm, RegionFilterForm
from reports.selectors.campaign_gaps import campaign_gap_units, campaign_window, villages_unscreened
from reports.selectors.entry import DEFINITION, KINDS, entry_missing, entry_month, entry_units, missing_rows
from reports.selectors.regions import focus_region

DUTIES = [HasCapability(Capability.LEDGERS_DOWNLOAD)]
PAGE_SIZE = 50
TOWNSHIP = OpenApiParameter("township", str, description="乡镇区划代码（须在本人管辖范围内），不填为全部")
VILLAGE = OpenApiParameter("village", str, description="村区划代码（须在本人管辖范围内），不填为全部")
PAGE = OpenApiParameter("page", int, description="名单页码，每页50条")


def _valid(form: Any) -> None:
    if form.is_bound and not form.is_valid():
        raise serializers.ValidationError({name: errors for name, errors in form.errors.items()})


def _unit(row: Any, **numbers: int) -> dict[str, Any]:
    region = row.region
    return {"code": region.code if region else "", "name": region.name if region else "全部", **numbers}


class EntryApi(KnownQueryParamsMixin, APIView):
    permission_classes = DUTIES
    query_params_known = ("township", "village", "household_kind", "page")

    @extend_schema(
        summary="每月信息录入：本月未录入信息的脱贫户和监测对象",
        parameters=[
            TOWNSHIP,
            VILLAGE,
            OpenApiParameter("household_kind", str, enum=list(KINDS), description="户类型，不填为全部"),
            PAGE,
        ],
        responses=inline_serializer("ReportsEntry", {"status": serializers.CharField()}),
    )
    def get(self, request: Request) -> Response:
        form = EntryFilterForm(request.query_params or None, actor=request.user)
        _valid(form)
        region = form.region() or focus_region(actor=request.user)
        kind, month = form.kind(), entry_month()
        units, total = entry_units(actor=request.user, month=month, region=region, kind=kind)
        missing = entry_missing(request.user, month=month, region_path=region.path if region else "", kind=kind)
        page = Paginator(missing_rows(missing, month.today).select_related("village__parent"), PAGE_SIZE).get_page(
            request.query_params.get("page")
        )
        return Response(
            {
                "month": month.start.strftime("%Y-%m"),
                "deadline": month.deadline,
                "status": month.status,
                "overdue": month.overdue,
                "definition": DEFINITION,
                "total": _unit(total, due=total.due, entered=total.entered, missing=total.missing),
                "units": [_unit(row, due=row.due, entered=row.entered, missing=row.missing) for row in units],
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "households": [
                    {
                        "id": h.pk,
                        "number": h.number,
                        "head_name": h.head_name,
                        "township": h.village.parent.name if h.village.parent else "",
                        "village": h.village.name,
                        "household_type": h.household_type,
                        "monitoring_category": h.monitoring_category,
                        "last_entry": h.last_entry,
                    }
                    for h in page.object_list
                ],
            }
        )


class CampaignGapsApi(KnownQueryParamsMixin, APIView):
    permission_classes = DUTIES
    query_params_known = ("township", "village", "page")

    @extend_schema(
        summary="近6个月（县里设定的间隔）未开展集中排查的村",
        parameters=[TOWNSHIP, VILLAGE, PAGE],
        responses=inline_serializer("ReportsCampaignGaps", {"since": serializers.DateField()}),
    )
    def get(self, request: Request) -> Response:
        form = RegionFilterForm(request.query_params or None, actor=request.user)
        _valid(form)
        region = form.region() or focus_region(actor=request.user)
        window = campaign_window()
        units, total = campaign_gap_units(actor=request.user, window=window, region=region)
        villages = villages_unscreened(request.user, window=window, region=region)
        page = Paginator(villages, PAGE_SIZE).get_page(request.query_params.get("page"))

        def numbers(row: Any) -> dict[str, Any]:
            return _unit(row, villages=row.villages, unscreened=row.unscreened) | {"flagged": row.flagged}

        return Response(
            {
                "months": window.months,
                "since": window.start,
                "label": window.label,
                "total": numbers(total),
                "units": [numbers(row) for row in units],
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "villages": [
                    {
                        "code": v.code,
                        "name": v.name,
                        "township": v.parent.name if v.parent else "",
                        "last_campaign_id": v.last_campaign_id,
                        "last_campaign": v.last_campaign,
                        "last_starts_on": v.last_starts_on,
                        "last_ends_on": v.last_ends_on,
                    }
                    for v in page.object_list
                ],
            }
        )
