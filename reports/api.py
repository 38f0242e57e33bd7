"""Reports API: ledgers and their background exports, dashboard and performance numbers, national marking.
Everything is scoped to the caller; an export belongs to the user who asked for it."""

from dataclasses import asdict
from typing import Any

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCapability
from accounts.roles import Capability
from config.api import KnownQueryParamsMixin, choice_param, date_param
from households.choices import MonitoringCategory
from reports.filters import LedgerFilterForm, filters_to_json
from reports.ledgers import ledger_get, ledger_list
from reports.ledgers.national import national_pending
from reports.models import LedgerExport
from reports.selectors.dashboard import dashboard
from reports.selectors.performance import PERIODS, UnitRow, performance
from reports.selectors.regions import focus_region
from reports.services.exports import MSG_EXPIRED, ledger_export_download, ledger_export_filename, ledger_export_start
from reports.services.national import national_mark

REPORTS = [HasCapability(Capability.REPORTS_VIEW)]
# Ledgers and their exports: a village's own ledgers too (reports.ledgers.VILLAGE_LEDGERS).
LEDGERS = [HasCapability(Capability.LEDGERS_DOWNLOAD)]


def _ints() -> serializers.ListField:
    return serializers.ListField(child=serializers.IntegerField())


REGION = OpenApiParameter("region", str, description="乡镇或村的区划代码（须在本人管辖范围内），不填为本级全部")


class LedgerSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="台账编码")
    name = serializers.CharField(help_text="台账名称")
    description = serializers.CharField(help_text="说明")
    date_label = serializers.CharField(help_text="日期筛选所依据的字段")
    headers = serializers.ListField(child=serializers.CharField(), help_text="列标题（中文）")


class ExportSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    progress = serializers.IntegerField(help_text="进度（百分比）")
    download_url = serializers.SerializerMethodField(help_text="下载地址，仅本人可用，过期失效")

    class Meta:
        model = LedgerExport
        fields = [
            "id",
            "ledger",
            "ledger_name",
            "filters",
            "status",
            "status_display",
            "progress",
            "rows_total",
            "rows_written",
            "message",
            "created_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, export: LedgerExport) -> str | None:
        return reverse("api:reports-export-download", args=[export.pk]) if export.downloadable else None


class BlankDateField(serializers.DateField):
    """A date, or "" or null for 不限: an export echoes its filters with "" for none (filters_to_json), so a client
    that sends back what it received is not refused, and the web form takes "" alike."""

    def to_internal_value(self, value: Any) -> Any:
        return None if value == "" else super().to_internal_value(value)


class ExportRequestSerializer(serializers.Serializer):
    ledger = serializers.CharField(help_text="台账编码，见 /api/v1/reports/ledgers/")
    region = serializers.CharField(required=False, allow_blank=True, help_text="乡镇或村的区划代码")
    date_from = BlankDateField(required=False, allow_null=True, help_text="开始日期（空为不限）")
    date_to = BlankDateField(required=False, allow_null=True, help_text="结束日期（空为不限）")
    quarter = serializers.CharField(
        required=False, allow_blank=True, help_text="季度，如 2026Q3（脱贫劳动力就业台账；默认本季度）"
    )
    household_kind = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="户类型（本月未录入信息清单）：lifted_out 脱贫户；monitored 监测对象；或监测对象类别代码",
    )


class LedgerListApi(KnownQueryParamsMixin, APIView):
    permission_classes = LEDGERS

    @extend_schema(summary="可下载的台账", responses=LedgerSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(LedgerSerializer(ledger_list(actor=request.user), many=True).data)


class ExportListApi(KnownQueryParamsMixin, APIView):
    permission_classes = LEDGERS

    @extend_schema(summary="我生成的台账", responses=ExportSerializer(many=True))
    def get(self, request: Request) -> Response:
        exports = LedgerExport.objects.filter(user=request.user).order_by("-created_at", "-id")[:50]
        return Response(ExportSerializer(exports, many=True).data)

    @extend_schema(summary="在后台生成台账", request=ExportRequestSerializer, responses={202: ExportSerializer})
    def post(self, request: Request) -> Response:
        data = ExportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ledger = ledger_get(actor=request.user, code=data.validated_data["ledger"])
        form = LedgerFilterForm({k: v or "" for k, v in data.validated_data.items()}, actor=request.user)
        if not form.is_valid():
            raise serializers.ValidationError({name: errors for name, errors in form.errors.items()})
        filters = form.to_filters()
        started = ledger_export_start(
            actor=request.user,
            ledger=ledger,
            filters=filters,
            filters_json=filters_to_json(filters, form.cleaned_data.get("region") or ""),
            background=True,
        )
        return Response(ExportSerializer(started.export).data, status=status.HTTP_202_ACCEPTED)


class ExportDetailApi(APIView):
    permission_classes = LEDGERS

    @extend_schema(summary="台账生成进度", responses=ExportSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ExportSerializer(get_object_or_404(LedgerExport, pk=pk, user=request.user)).data)


class ExportDownloadApi(APIView):
    permission_classes = LEDGERS

    @extend_schema(summary="下载台账文件（xlsx）", responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, pk: int) -> Any:
        export = get_object_or_404(LedgerExport, pk=pk, user=request.user)
        if not export.downloadable:
            if export.expires_at <= timezone.now():
                return Response({"detail": MSG_EXPIRED}, status=status.HTTP_410_GONE)
            raise Http404
        handle = ledger_export_download(actor=request.user, export=export)
        filename = ledger_export_filename(actor=request.user, export=export)
        return FileResponse(handle, as_attachment=True, filename=filename)


def _pairs(pairs: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"label": label, "count": count} for label, count in pairs]


class DashboardApi(KnownQueryParamsMixin, APIView):
    permission_classes = REPORTS
    query_params_known = ("region",)

    @extend_schema(
        summary="统计看板数据",
        parameters=[REGION],
        responses=inline_serializer(
            "ReportsDashboard", {"region": serializers.CharField(), "monitored": serializers.IntegerField()}
        ),
    )
    def get(self, request: Request) -> Response:
        region = focus_region(actor=request.user, code=request.query_params.get("region", ""))
        d = dashboard(actor=request.user, region=region)
        return Response(
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
                "by_stage": _pairs(d.by_stage),
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


class PerformanceApi(KnownQueryParamsMixin, APIView):
    permission_classes = REPORTS
    query_params_known = ("region", "period", "date")

    @extend_schema(
        summary="工作成效（月分析、季督导、年考核）",
        parameters=[
            REGION,
            OpenApiParameter(
                "period", str, enum=list(PERIODS), description="month 月分析；quarter 季督导；year 年考核"
            ),
            OpenApiParameter("date", str, description="统计期内任一日期（YYYY-MM-DD），默认今天"),
        ],
        responses=inline_serializer("ReportsPerformance", {"period": serializers.CharField()}),
    )
    def get(self, request: Request) -> Response:
        region = focus_region(actor=request.user, code=request.query_params.get("region", ""))
        kind = choice_param(request, "period", PERIODS) or "month"
        anchor = date_param(request, "date") or timezone.localdate()
        p = performance(actor=request.user, region=region, kind=kind, anchor=anchor)
        return Response(
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


class NationalApi(KnownQueryParamsMixin, APIView):
    permission_classes = REPORTS

    @extend_schema(
        summary="待国家系统标注的已批准事项",
        responses=inline_serializer("NationalPending", {"case": serializers.IntegerField()}, many=True),
    )
    def get(self, request: Request) -> Response:
        cases = national_pending(request.user).select_related("household", "household__village").order_by("pk")
        return Response(
            [
                {
                    "case": c.pk,
                    "household_number": c.household.number,
                    "head_name": c.household.head_name,
                    "village": c.household.village.name,
                    "kind": c.kind,
                    "kind_display": c.get_kind_display(),
                    "approved_on": c.approved_on,  # type: ignore[attr-defined]
                }
                for c in cases[:1000]
            ]
        )

    @extend_schema(
        summary="标注为已在国家系统录入",
        request=inline_serializer("NationalMark", {"cases": _ints()}),
        responses=inline_serializer("NationalMarked", {"marked": _ints()}),
    )
    def post(self, request: Request) -> Response:
        ids = serializers.ListField(child=serializers.IntegerField()).run_validation(request.data.get("cases", []))
        marks = national_mark(actor=request.user, case_ids=ids)
        return Response({"marked": [mark.case_id for mark in marks]})
