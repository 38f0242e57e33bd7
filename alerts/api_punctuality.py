"""部门数据报送及时率 API (GET /api/v1/feed-punctuality/): each department's feed types over a period of deadlines,
as the punctuality page (alerts.selectors.punctuality_table)."""

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from alerts import selectors
from alerts.api_feed_types import FeedsPermission
from alerts.selectors import PunctualityRow
from config.api import KnownQueryParamsMixin

NOT_COUNTED = ("expected", "on_time", "late", "missing")


class PunctualitySerializer(serializers.Serializer):
    department = serializers.CharField(help_text="报送部门代码")
    department_label = serializers.CharField(help_text="报送部门")
    department_display = serializers.CharField(
        source="department_label", read_only=True, help_text="报送部门（同 department_label）"
    )
    feed_type = serializers.IntegerField(source="feed_type.pk", allow_null=True, default=None, label="数据类型")
    feed_type_name = serializers.CharField(source="feed_type.name", allow_null=True, default=None, label="数据类型名称")
    counted = serializers.BooleanField(
        help_text="是否按期统计：发生即报、发生后N日内推送的数据类型（所选期间无应报期）及其全部数据类型都如此的部门合计"
        "为 false，此时应报、按时、迟报、未报期数为 null（不适用）"
    )
    expected = serializers.IntegerField(allow_null=True, label="应报期数")
    on_time = serializers.IntegerField(allow_null=True, label="按时报送期数")
    late = serializers.IntegerField(allow_null=True, label="迟报期数")
    missing = serializers.IntegerField(allow_null=True, label="未报期数")
    rate = serializers.FloatField(allow_null=True, label="及时率（%）")
    missing_periods = serializers.ListField(child=serializers.CharField(), label="未报的报送期")
    within_days = serializers.BooleanField(help_text="发生后N日内推送的数据类型：不按期应报，按每行的发生日期计迟报")
    rows_pushed = serializers.IntegerField(help_text="发生后N日内推送：期间上报的有效行数")
    rows_late = serializers.IntegerField(help_text="发生后N日内推送：其中超过N日推送的行数")
    pushed_rate = serializers.FloatField(allow_null=True, help_text="按时推送率（%），未上报时为空")

    def to_representation(self, row: PunctualityRow) -> dict[str, Any]:
        data = super().to_representation(row)
        if not row.counted:  # as the page's —: nothing was owed, so 0 late would claim a punctuality there is not
            data.update(dict.fromkeys(NOT_COUNTED))
        return data


class PunctualityView(KnownQueryParamsMixin, APIView):
    """部门数据报送及时率：start、end（截止日期范围，YYYY-MM-DD；默认今年1月1日至今）。"""

    permission_classes = [FeedsPermission]
    query_params_known = ("start", "end")

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="截止日期从（YYYY-MM-DD），默认今年1月1日"),
            OpenApiParameter("end", str, description="截止日期至（YYYY-MM-DD），默认今天"),
        ],
        responses={200: PunctualitySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        from alerts.forms import PeriodForm

        form = PeriodForm(request.query_params)
        if not form.is_valid():  # a bad date is said, not replaced by the default period
            raise ValidationError(form.errors)
        start, end = form.period()
        rows = selectors.punctuality_table(actor=request.user, start=start, end=end)
        return Response(PunctualitySerializer(rows, many=True).data)
