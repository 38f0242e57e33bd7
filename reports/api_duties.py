"""API of the duty pages: the monthly information entry (/reports/entry/) and the villages without a recent screening
campaign (/reports/campaign-gaps/), with the pages' filters and numbers, scoped to the caller."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCapability
from accounts.roles import Capability
from config.api import KnownQueryParamsMixin, PaginatedApiMixin, page_parameters
from reports.api_serializers import CampaignGapsSerializer, EntrySerializer
from reports.forms import EntryFilterForm, RegionFilterForm
from reports.selectors.campaign_gaps import (
    SCREENING_LISTED,
    campaign_gap_units,
    campaign_window,
    villages_screening,
    villages_unscreened,
)
from reports.selectors.entry import DEFINITION, KINDS, entry_missing, entry_month, entry_units, missing_rows
from reports.selectors.regions import focus_region

DUTIES = [HasCapability(Capability.LEDGERS_DOWNLOAD)]
TOWNSHIP = OpenApiParameter("township", str, description="乡镇区划代码（须在本人管辖范围内），不填为全部")
VILLAGE = OpenApiParameter("village", str, description="村区划代码（须在本人管辖范围内），不填为全部")


def _valid(form: Any) -> None:
    if form.is_bound and not form.is_valid():
        raise serializers.ValidationError({name: errors for name, errors in form.errors.items()})


def _unit(row: Any, **numbers: int) -> dict[str, Any]:
    region = row.region
    return {"code": region.code if region else "", "name": region.name if region else "全部", **numbers}


class EntryApi(KnownQueryParamsMixin, PaginatedApiMixin, APIView):
    """每月信息录入：本月尚未录入信息的脱贫户和监测对象（分页），附各乡镇、村的应录、已录、未录户数和截止日。"""

    permission_classes = DUTIES
    query_params_known = ("township", "village", "household_kind")

    @extend_schema(
        summary="每月信息录入：本月未录入信息的脱贫户和监测对象",
        parameters=[
            TOWNSHIP,
            VILLAGE,
            OpenApiParameter("household_kind", str, enum=list(KINDS), description="户类型，不填为全部"),
            *page_parameters(),
        ],
        responses=EntrySerializer,
    )
    def get(self, request: Request) -> Response:
        form = EntryFilterForm(request.query_params or None, actor=request.user)
        _valid(form)
        region = form.region() or focus_region(actor=request.user)
        kind, month = form.kind(), entry_month()
        units, total = entry_units(actor=request.user, month=month, region=region, kind=kind)
        missing = entry_missing(request.user, month=month, region_path=region.path if region else "", kind=kind)
        rows = missing_rows(missing, month.today).select_related("village__parent")
        summary = {
            "month": month.start.strftime("%Y-%m"),
            "deadline": month.deadline,
            "status": month.status,
            "overdue": month.overdue,
            "definition": DEFINITION,
            "total": _unit(total, due=total.due, entered=total.entered, missing=total.missing),
            "units": [_unit(row, due=row.due, entered=row.entered, missing=row.missing) for row in units],
        }
        return self.paginated_with(request, rows, EntrySerializer, summary)


class CampaignGapsApi(KnownQueryParamsMixin, PaginatedApiMixin, APIView):
    """集中排查空档：县里设定的间隔（默认6个月）内未开展集中排查的村（分页），附各乡镇的村数和未排查村数。
    一次排查在某村填表户数达到该村农户数的县定比例（默认100%）才算已开展；各村附最近一次排查的覆盖率。"""

    permission_classes = DUTIES
    query_params_known = ("township", "village")

    @extend_schema(
        summary="近6个月（县里设定的间隔）未开展集中排查的村",
        parameters=[TOWNSHIP, VILLAGE, *page_parameters()],
        responses=CampaignGapsSerializer,
    )
    def get(self, request: Request) -> Response:
        form = RegionFilterForm(request.query_params or None, actor=request.user)
        _valid(form)
        region = form.region() or focus_region(actor=request.user)
        window = campaign_window()
        units, total = campaign_gap_units(actor=request.user, window=window, region=region)
        villages = villages_unscreened(request.user, window=window, region=region)

        def numbers(row: Any) -> dict[str, Any]:
            percent = row.coverage_percent
            return _unit(row, villages=row.villages, unscreened=row.unscreened) | {
                "screening": row.screening,
                "screening_until": row.screening_until,
                "flagged": row.flagged,
                "coverage_percent": None if percent is None else f"{percent:.1f}",
            }

        summary = {
            "months": window.months,
            "coverage": window.coverage,
            "since": window.start,
            "label": window.label,
            "total": numbers(total),
            "units": [numbers(row) for row in units],
            "screening_villages": villages_screening(request.user, window=window, region=region)[:SCREENING_LISTED],
        }
        return self.paginated_with(request, villages, CampaignGapsSerializer, summary)
