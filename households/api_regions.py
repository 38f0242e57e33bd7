"""行政区划 under /api/v1/regions/: the county, townships, villages and groups the reader's scope holds."""

from typing import Any

import django_filters
from rest_framework import serializers, viewsets

from accounts.permissions import HasCapability
from accounts.roles import Capability
from households.api_params import RegionCodeFilterMixin
from households.choices import RegionLevel
from households.models import Region


class RegionSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True, help_text="层级名称")
    parent_code = serializers.CharField(
        source="parent.code", read_only=True, default=None, allow_null=True, help_text="上级区划代码（县为 null）"
    )

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "level_display", "path", "parent_code"]


class RegionFilter(RegionCodeFilterMixin, django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, help_text="层级：county/township/village/group")
    parent = django_filters.CharFilter(field_name="parent__code", help_text="上级区划代码（须在本人管辖范围内）")
    region_code_filters = {"parent": (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)}
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", help_text="名称包含")

    class Meta:
        model = Region
        fields = ["level", "parent", "q"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """行政区划（县、乡镇、村、村民小组），只返回当前用户管辖范围内的区划。"""

    serializer_class = RegionSerializer
    permission_classes = [HasCapability(Capability.REGISTRY_VIEW)]
    filterset_class = RegionFilter
    lookup_field = "code"

    def get_queryset(self) -> Any:
        return Region.objects.visible_to(self.request.user).select_related("parent")
