"""GET /api/v1/alerts/summary/: the 预警汇总 page's rows (alerts.selectors_summary), by region and by department."""

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from alerts.choices import AlertOutcome
from alerts.forms_summary import SummaryPeriodForm
from alerts.selectors_summary import MSG_SUMMARY_SCOPE, alert_summary, summary_level
from config.api import KnownQueryParamsMixin

OUTCOMES_HELP = "各核实结果的数量，键为核实结果代码：" + "、".join(f"{v}（{n}）" for v, n in AlertOutcome.choices)


class SummaryPermission(BasePermission):
    """County and township registry staff (alerts.selectors_summary.summary_level)."""

    message = MSG_SUMMARY_SCOPE

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user.is_authenticated and summary_level(request.user) is not None)


class SummaryRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="区划路径（按区划）或部门代码（按部门）；合计行为空")
    label = serializers.CharField(help_text="乡镇、村或部门名称；合计行为“合计”")
    region_code = serializers.CharField(help_text="区划代码（按区划的行），否则为空")
    total = serializers.IntegerField(help_text="预警数")
    people = serializers.IntegerField(
        help_text="涉及人数（按身份证号去重：同一行数据可产生多条预警；合计行不是各行相加，同一人只计一次）"
    )
    pending = serializers.IntegerField(help_text="待核实")
    overdue = serializers.IntegerField(help_text="其中已逾期（待核实且已过原核实期限）")
    county = serializers.IntegerField(help_text="已上报县级（含上报后已核实的）")
    verified = serializers.IntegerField(help_text="已核实")
    on_time = serializers.IntegerField(help_text="在原核实期限内核实的")
    outcomes = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=OUTCOMES_HELP,
    )
    on_time_rate = serializers.FloatField(
        allow_null=True, help_text="按时核实率（%）= 按时核实 ÷ 已核实；无已核实时为空"
    )


class SummarySerializer(serializers.Serializer):
    level = serializers.CharField(
        help_text="按区划汇总的层级：township（县级用户，按乡镇）或 village（乡镇用户，按村）"
    )
    start = serializers.DateField(help_text="预警日期从")
    end = serializers.DateField(help_text="预警日期至")
    regions = SummaryRowSerializer(many=True, help_text="按乡镇（或村）的行，本级管辖范围内每个区划一行")
    region_total = SummaryRowSerializer(help_text="按区划的合计")
    departments = SummaryRowSerializer(many=True, help_text="按报送部门的行")
    department_total = SummaryRowSerializer(help_text="按部门的合计")


class AlertSummaryView(KnownQueryParamsMixin, APIView):
    """预警汇总：本辖区内预警日期在所选期间的部门预警，按乡镇（乡镇用户按村）和按报送部门统计。"""

    permission_classes = [SummaryPermission]
    query_params_known = ("date_from", "date_to")

    @extend_schema(
        summary="预警汇总（按乡镇/村、按部门）",
        parameters=[
            OpenApiParameter("date_from", str, description="预警日期从（YYYY-MM-DD），默认今年1月1日"),
            OpenApiParameter("date_to", str, description="预警日期至（YYYY-MM-DD），默认今天"),
        ],
        responses={200: SummarySerializer},
    )
    def get(self, request: Request) -> Response:
        form = SummaryPeriodForm(request.query_params)
        if not form.is_valid():  # a bad date is said, not replaced by the default period
            raise ValidationError(form.errors)
        start, end = form.period()
        return Response(SummarySerializer(alert_summary(actor=request.user, start=start, end=end)).data)
