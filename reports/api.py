"""Reports API: ledgers and their background exports, dashboard and performance numbers, national marking.
Everything is scoped to the caller; an export belongs to the user who asked for it."""

from dataclasses import asdict
from typing import Any

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCapability
from accounts.roles import Capability
from config.api import KnownQueryParamsMixin, PaginatedApiMixin, choice_param, date_param
from config.api_once import ONCE_PARAMETER, once_api_token, once_call
from config.once import Once
from config.xlsx import XLSX_TYPE as XLSX
from households.choices import MonitoringCategory
from households.models import Region
from reports.api_serializers import (
    DashboardSerializer,
    ExportRequestSerializer,
    ExportSerializer,
    LedgerSerializer,
    NationalMarkedSerializer,
    NationalMarkSerializer,
    NationalPendingSerializer,
    PerformanceSerializer,
)
from reports.filters import LedgerFilterForm, filters_to_json
from reports.ledgers import ledger_list
from reports.ledgers.national import national_pending
from reports.models import LedgerExport
from reports.selectors.dashboard import dashboard
from reports.selectors.performance import MSG_OUT_OF_RANGE, PERIODS, UnitRow, anchor_in_range, performance
from reports.selectors.regions import focus_region
from reports.services.exports import ledger_export_download, ledger_export_filename, ledger_export_start
from reports.services.national import MSG_NOT_ALLOWED, may_mark_national, national_mark

REPORTS = [HasCapability(Capability.REPORTS_VIEW)]
# Ledgers and their exports: a village's own ledgers too (reports.ledgers.VILLAGE_LEDGERS).
LEDGERS = [HasCapability(Capability.LEDGERS_DOWNLOAD)]


# The error answers' shared components (config.api_schema), for an answer this endpoint describes itself.
CONFLICT = {"$ref": "#/components/schemas/ConflictError"}
DETAIL = {"$ref": "#/components/schemas/ErrorDetail"}
REGION = OpenApiParameter("region", str, description="乡镇或村的区划代码（须在本人管辖范围内），不填为本级全部")


class LedgerListApi(KnownQueryParamsMixin, APIView):
    """可下载的台账（按本人角色和管辖范围），在后台生成见 /api/v1/reports/exports/。"""

    permission_classes = LEDGERS

    @extend_schema(summary="可下载的台账", responses=LedgerSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(LedgerSerializer(ledger_list(actor=request.user), many=True).data)


class ExportListApi(KnownQueryParamsMixin, PaginatedApiMixin, APIView):
    """本人生成的台账：GET 分页列出（最新的在前）及其进度，POST 按筛选条件在后台生成一份（202，用返回的ID查进度、
    下载）。每人同时排队或生成中的台账有上限（默认3份），已达上限时返回429，请等其中一份完成后再生成。
    带 once（或请求头 Idempotency-Key）重试的只生成一次：原样重复提交返回200及首次生成的那份，
    同一令牌用于另一内容的提交返回409。"""

    permission_classes = LEDGERS

    @extend_schema(summary="我生成的台账（分页）", responses=ExportSerializer(many=True))
    def get(self, request: Request) -> Response:
        exports = LedgerExport.objects.filter(user=request.user).order_by("-created_at", "-id")
        return self.paginated(request, exports, ExportSerializer)

    @extend_schema(
        summary="在后台生成台账",
        request=ExportRequestSerializer,
        parameters=[ONCE_PARAMETER],
        responses={
            202: ExportSerializer,
            200: OpenApiResponse(ExportSerializer, description="同一提交令牌的重复提交：首次生成的那份，未再生成"),
            409: OpenApiResponse(CONFLICT, description="提交令牌（once / Idempotency-Key）已用于另一内容的提交"),
            429: OpenApiResponse(
                DETAIL,
                description="本人排队或生成中的台账已达上限，本次未生成；等其中一份完成后再提交"
                "（响应头 Retry-After 为建议等待的秒数）",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = ExportRequestSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        token = once_api_token(request, values.pop("once", None))
        ledger = values.pop("ledger")
        form = LedgerFilterForm({k: v or "" for k, v in values.items()} | {"ledger": ledger.code}, actor=request.user)
        if not form.is_valid():
            raise serializers.ValidationError({name: errors for name, errors in form.errors.items()})
        filters = form.to_filters()
        if ledger.check is not None and (refused := ledger.check(ledger.own_filters(filters))):
            raise serializers.ValidationError({"date_from": [refused]})
        filters_json = filters_to_json(filters, form.cleaned_data.get("region") or "")

        def start(once: Any) -> Once[LedgerExport]:
            started = ledger_export_start(
                actor=request.user,
                ledger=ledger,
                filters=filters,
                filters_json=filters_json,
                background=True,
                once=once,
            )
            assert started.export is not None  # background=True: always queued
            return Once(started.export, repeated=started.repeated)

        # The request as its filters read it (a field left out and sent empty alike): a retry is the same request.
        done = once_call(request, token, {"ledger": ledger.code, **filters_json}, start)
        code = status.HTTP_200_OK if done.repeated else status.HTTP_202_ACCEPTED
        return Response(ExportSerializer(done.record).data, status=code)


class ExportDetailApi(APIView):
    permission_classes = LEDGERS

    @extend_schema(summary="台账生成进度", responses=ExportSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ExportSerializer(get_object_or_404(LedgerExport, pk=pk, user=request.user)).data)


class ExportDownloadApi(APIView):
    permission_classes = LEDGERS

    @extend_schema(
        summary="下载台账文件（xlsx）",
        responses={
            (200, XLSX): OpenApiResponse(bytes, description="台账文件（仅本人可下载）"),
            409: OpenApiResponse(
                CONFLICT,
                description="尚无可下载的文件：排队中或生成中（detail 说明状态，稍后再下载），"
                "或生成失败（detail 为失败原因）；extra 为 id 和 status",
            ),
            410: OpenApiResponse(DETAIL, description="下载链接已过期（文件已删除），请重新生成"),
        },
    )
    def get(self, request: Request, pk: int) -> Any:
        export = get_object_or_404(LedgerExport, pk=pk, user=request.user)
        # HEAD (answered by this method) reads the headers: not audited as a download.
        handle = ledger_export_download(actor=request.user, export=export, head=request.method == "HEAD")
        filename = ledger_export_filename(actor=request.user, export=export)
        return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


MSG_BAD_REGION = "“{value}”不是您管辖范围内的乡镇或村的区划代码。"


def _region(request: Request) -> Region | None:
    """The region asked for (?region=), in the caller's scope: a code that does not exist or is outside the scope is
    a 400 naming the parameter, as every filter of the reports and assistance APIs says a bad value."""
    code = (request.query_params.get("region") or "").strip()
    try:
        return focus_region(actor=request.user, code=code)
    except Http404:
        raise serializers.ValidationError({"region": [MSG_BAD_REGION.format(value=code[:20])]}) from None


def _pairs(pairs: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"label": label, "count": count} for label, count in pairs]


class DashboardApi(KnownQueryParamsMixin, APIView):
    """统计看板：监测对象户数、人数和类别、风险类型、逾期事项、走访情况及下级区划的数字，与统计看板页面同一口径。"""

    permission_classes = REPORTS
    query_params_known = ("region",)

    @extend_schema(
        summary="统计看板数据",
        parameters=[REGION],
        responses=DashboardSerializer,
    )
    def get(self, request: Request) -> Response:
        region = _region(request)
        d = dashboard(actor=request.user, region=region)
        data = DashboardSerializer(
            {
                "region": region.name if region else "",
                "monitored": d.monitored,
                "monitored_persons": d.monitored_persons,
                "by_category": _pairs(d.by_category),
                "persons_by_category": _pairs(d.persons_by_category),
                "by_risk": _pairs(d.by_risk),
                "by_national_risk": _pairs(d.by_national_risk),
                "no_contact": d.no_contact,
                "never_visited": d.never_visited,
                "by_stage": [
                    {"label": name, "count": n, "kind": group.kind, "procedure": group.label}
                    for group in d.stage_groups
                    for name, n in group.rows
                ],
                "overdue": [{"label": o.label, "count": o.count, "hint": o.hint} for o in d.overdue],
                "trend": d.trend,
                "visits_this_month": (
                    {"due": d.visits.due, "visited": d.visits.visited, "not_yet": d.visits.not_yet}
                    if d.visits is not None
                    else None
                ),
                "children": [
                    {
                        "code": c.region.code,
                        "name": c.region.name,
                        "monitored": c.monitored,
                        "open_cases": c.open_cases,
                        "overdue_cases": c.overdue_cases,
                        "last_month_unvisited": c.last_month_unvisited,
                    }
                    for c in d.children
                ],
            }
        )
        return Response(data.data)


class PerformanceApi(KnownQueryParamsMixin, APIView):
    """工作成效：月分析、季督导、年考核的统计数字，与工作成效页面同一口径，按本人管辖范围统计。"""

    permission_classes = REPORTS
    query_params_known = ("region", "period", "date")

    @extend_schema(
        summary="工作成效（月分析、季督导、年考核）",
        parameters=[
            REGION,
            OpenApiParameter(
                "period", str, enum=list(PERIODS), description="month 月分析；quarter 季督导；year 年考核"
            ),
            OpenApiParameter(
                "date", str, description="统计期内任一日期（YYYY-MM-DD，2000-01-01 至 2099-12-31），默认今天"
            ),
        ],
        responses=PerformanceSerializer,
    )
    def get(self, request: Request) -> Response:
        region = _region(request)
        kind = choice_param(request, "period", PERIODS) or "month"
        anchor = date_param(request, "date") or timezone.localdate()
        if not anchor_in_range(anchor):
            raise exceptions.ValidationError({"date": [MSG_OUT_OF_RANGE.format(value=anchor.isoformat())]})
        p = performance(actor=request.user, region=region, kind=kind, anchor=anchor)
        data = PerformanceSerializer(
            {
                "period": p.label,
                "start": p.start,
                "end": p.end,
                "changes_end": p.changes_end,
                "rows": [_performance_row(r) for r in p.rows],
                "total": _performance_row(p.total) if p.total is not None else None,
                "alerts_available": p.alerts_available,
                # [department, on time, due, late, missing] (the first three as before; 迟报 and 漏报 appended)
                "feeds": p.feeds,
            }
        )
        return Response(data.data)


def _performance_row(r: UnitRow) -> dict[str, Any]:
    return {
        "code": r.region.code,
        "name": r.region.name,
        "inclusions": r.inclusions,
        "median_days": r.median_days,
        "within_limit": r.within_limit,
        "within_judged": r.judged,
        "within_share": r.within_share,
        "visit_due": r.visit_due,
        "visit_due_months": r.visit_due_months,
        "visited": r.visited,
        "visit_months": r.visit_months,
        "visited_every_month": r.visited_every_month,
        "months": r.months,
        "visit_share": r.visit_share,
        "alerts_on_time": r.alerts_on_time[0] if r.alerts_on_time else None,
        "alerts_due": r.alerts_on_time[1] if r.alerts_on_time else None,
        "alerts_share": r.alerts_share,
        "changes": asdict(r.changes),
        # Decided by the county's 批复 in the period (reports.selectors.decisions): new inclusions by the category
        # approved, re-marks (返贫) on their own, exits by the category left ("unknown": none recorded here).
        "identified": dict(zip(MonitoringCategory.values, r.identified_by_category, strict=True)),
        "remarked": r.remarked,
        "exited": dict(zip(MonitoringCategory.values, r.exited_by_category, strict=True), unknown=r.exited_unknown),
    }


class NationalApi(KnownQueryParamsMixin, PaginatedApiMixin, APIView):
    """国家系统标注：GET 列出已批准、尚待在国家系统录入的事项（分页），POST 把所选事项标注为已在国家系统录入。"""

    permission_classes = REPORTS

    @extend_schema(summary="待国家系统标注的已批准事项（分页）", responses=NationalPendingSerializer(many=True))
    def get(self, request: Request) -> Response:
        cases = national_pending(request.user).select_related("household", "household__village").order_by("pk")
        return self.paginated(request, cases, NationalPendingSerializer)

    @extend_schema(summary="标注为已在国家系统录入", request=NationalMarkSerializer, responses=NationalMarkedSerializer)
    def post(self, request: Request) -> Response:
        if not may_mark_national(request.user):  # who may not mark hears so first, not what to send
            raise exceptions.PermissionDenied(MSG_NOT_ALLOWED)
        data = NationalMarkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        marks = national_mark(actor=request.user, case_ids=data.validated_data["cases"])
        return Response({"marked": [mark.case_id for mark in marks]})
