"""The employment page's list of labourers to register (劳动力就业台账, /assistance/employment/) under
/api/v1/assistance/employment-members/: the working-age members of lifted-out and monitored households able to work
(assistance.selectors.employment_members), in the caller's scope, each with the quarter's record or null (本季度未登记),
paginated as every list. The page's filters (quarter, village, q, status: its 登记情况) and registered, to list
only those still to register; a bad value is a 400 naming the parameter. Registering is
POST /api/v1/assistance/employment/."""

from typing import Any

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import HasCapability
from accounts.roles import Capability
from assistance.api import codes
from assistance.api_filters import scoped_region
from assistance.api_records import EmploymentSerializer, quarter_from
from assistance.selectors import employment_members
from assistance.selectors_employment import REGISTRATION_STATUSES, employment_to_register, quarter_records
from assistance.services.employment import quarter_of
from config.api import SelectorFilterSet, YesFilter
from households.choices import RegionLevel
from households.models import Member


def quarter_param(request: Request) -> tuple[int, int]:
    """?quarter=YYYYQn; the current quarter when not given, as the page opens."""
    raw = (request.query_params.get("quarter") or "").strip()
    if not raw:
        return quarter_of(timezone.localdate())
    return quarter_from(raw)


class LabourerFilter(SelectorFilterSet):
    quarter = django_filters.CharFilter(method="noop", help_text="季度，如 2026Q4；不填为本季度")
    village = django_filters.CharFilter(method="noop", help_text="村区划代码（须在本人管辖范围内）")
    q = django_filters.CharFilter(method="noop", help_text="成员姓名或户主姓名（包含）")
    registered = YesFilter(method="noop", help_text="只看本季度已登记的", no="只看本季度未登记的（待登记）")
    status = django_filters.ChoiceFilter(
        choices=REGISTRATION_STATUSES,
        method="noop",
        help_text="登记情况（与网页“登记情况”相同）：" + codes(REGISTRATION_STATUSES),
    )

    class Meta:
        model = Member
        fields: list[str] = []

    def select(self, filters: dict[str, Any]) -> Any:
        if filters.get("village"):
            scoped_region(self.request, "village", filters["village"], (RegionLevel.VILLAGE,), "村")
        return employment_to_register(actor=self.request.user, quarter=quarter_param(self.request), filters=filters)


class LabourerSerializer(serializers.ModelSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True, help_text="户编号")
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")
    village = serializers.CharField(source="household.village.code", read_only=True, help_text="村区划代码")
    village_name = serializers.CharField(source="household.village.name", read_only=True, help_text="村名称")
    labour_skill_display = serializers.CharField(
        source="get_labour_skill_display", read_only=True, help_text="劳动技能名称"
    )
    employment_place_display = serializers.CharField(
        source="get_employment_place_display", read_only=True, help_text="档案中的务工地点名称"
    )
    quarter = serializers.SerializerMethodField(help_text="季度，如 2026Q4")
    registered = serializers.BooleanField(read_only=True, help_text="本季度是否已登记就业情况")
    record = serializers.SerializerMethodField(help_text="本季度登记的就业情况；本季度未登记为 null")

    class Meta:
        model = Member
        fields = [
            "id",
            "name",
            "household",
            "household_number",
            "head_name",
            "village",
            "village_name",
            "labour_skill",
            "labour_skill_display",
            "employment_place",
            "employment_place_display",
            "employment_months",
            "quarter",
            "registered",
            "record",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "household": {"help_text": "农户ID"},
            "employment_place": {"help_text": "档案中的务工地点（据档案生成台账时使用）"},
            "employment_months": {"help_text": "档案中的务工时间（月）"},
        }

    def get_quarter(self, member: Member) -> str:
        year, number = self.context["quarter"]
        return f"{year}Q{number}"

    @extend_schema_field(EmploymentSerializer(allow_null=True))
    def get_record(self, member: Member) -> dict[str, Any] | None:
        record = self.context["records"].get(member.pk)
        return EmploymentSerializer(record, context=self.context).data if record is not None else None


class LabourerViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """劳动力就业台账的待登记名单（与网页“劳动力就业台账”相同）：本人管辖范围内脱贫户和监测户中16至64周岁、
    有劳动能力的成员，及每人该季度登记的就业情况（未登记为 null）。按季度（默认本季度）、村、姓名筛选；
    registered=false 或 status=unregistered 只列本季度尚未登记的，status=to_complete 只列本年务工时间待补充的。
    登记或修改就业情况用 POST /api/v1/assistance/employment/。"""

    serializer_class = LabourerSerializer
    permission_classes = [HasCapability(Capability.EMPLOYMENT_VIEW)]  # the 人社 clerk too (accounts.roles)
    filterset_class = LabourerFilter

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Member.objects.none()
        return employment_members(actor=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        quarter = quarter_param(request)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), "quarter": quarter, "records": quarter_records(page, quarter)}
        return self.get_paginated_response(LabourerSerializer(page, many=True, context=context).data)
