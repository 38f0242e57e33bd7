"""整户迁移 under /api/v1/households/{id}/relocate/: households.services.relocation, as the page (the same roles, rules
and messages)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCapability
from accounts.roles import Capability
from config.api_fields import IntegerIdMixin
from households import selectors
from households.api import HouseholdSerializer
from households.choices import RegionLevel, RelocateReason
from households.models import Grid, Region
from households.services.relocation import household_relocate

MSG_VILLAGE_CODE = "没有区划代码为 {value} 的村。"
MSG_GROUP_CODE = "没有区划代码为 {value} 的村民小组。"
MSG_GRID_ID = "没有ID为 {pk_value} 的网格。"
MSG_GRID_ID_TYPE = "网格ID应为整数。"


class GridField(IntegerIdMixin, serializers.PrimaryKeyRelatedField):
    """A grid by id: true or "abc" is refused in words (not DRF's "…得到的类型为 bool"), and 1.5 is not grid 1."""

    default_error_messages = {"does_not_exist": MSG_GRID_ID, "incorrect_type": MSG_GRID_ID_TYPE}


class HouseholdRelocateSerializer(serializers.Serializer):
    village = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level=RegionLevel.VILLAGE),
        error_messages={"does_not_exist": MSG_VILLAGE_CODE},
        help_text="迁入村的区划代码（12位）；乡镇只能迁入本乡镇的村，跨乡镇由县乡村振兴局办理",
    )
    group = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level=RegionLevel.GROUP),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": MSG_GROUP_CODE},
        help_text="迁入村的村民小组代码（可不填）",
    )
    grid = GridField(
        queryset=Grid.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="迁入村的网格ID（可不填）",
    )
    address = serializers.CharField(max_length=200, help_text="迁入后的住址")
    reason = serializers.ChoiceField(
        choices=RelocateReason.choices,
        help_text="relocation 易地扶贫搬迁；marriage 婚嫁等家庭原因迁居；administrative 行政区划调整；other 其他",
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=150, help_text="说明；原因为 other 时必填"
    )


class HouseholdRelocateApi(APIView):
    permission_classes = [HasCapability(Capability.REGISTRY_EDIT)]

    @extend_schema(summary="整户迁移", request=HouseholdRelocateSerializer, responses=HouseholdSerializer)
    def post(self, request: Request, pk: int) -> Response:
        """整户迁移（乡镇在本乡镇内、县乡村振兴局跨乡镇办理）：农户连同家庭成员、收入、走访、监测类别、帮扶和预警等全部记录迁入
        另一个村，按迁入村重新编制户编号（原户编号记入变更记录）；两村的审计日志都记录。原村的帮扶联系人不能查看迁入村的，
        其联系于迁移当日结束，由迁入村另行安排。有办理中的案件或待核实的自主申报的返回400并说明；村干部办理返回403。
        返回迁移后的农户档案。"""
        household = selectors.household_get(actor=request.user, pk=pk)
        data = HouseholdRelocateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        household_relocate(actor=request.user, household=household, **data.validated_data)
        moved = selectors.household_get(actor=request.user, pk=pk)
        return Response(HouseholdSerializer(moved, context={"request": request}).data)
