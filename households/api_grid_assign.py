"""分配网格 under /api/v1/households/grid-assign/: households.services.grid_assign, as the page (the same roles, rules
and messages). One household's grid is also set by PATCH /api/v1/households/{id}/ (grid)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCapability
from accounts.roles import Capability
from households.api_relocate import MSG_VILLAGE_CODE, GridField
from households.choices import RegionLevel
from households.models import Grid, Region
from households.services.grid_assign import households_grid_assign

MAX_HOUSEHOLDS = 2000


class GridAssignSerializer(serializers.Serializer):
    village = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level=RegionLevel.VILLAGE),
        error_messages={"does_not_exist": MSG_VILLAGE_CODE},
        help_text="村的区划代码（12位）",
    )
    grid = GridField(queryset=Grid.objects.all(), help_text="该村的网格ID")
    households = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        max_length=MAX_HOUSEHOLDS,
        help_text=f"要划入该网格的农户ID（该村的在册农户，一次最多{MAX_HOUSEHOLDS}户）",
    )


GridAssignResult = inline_serializer(
    "GridAssignResult",
    {
        "grid": serializers.IntegerField(help_text="网格ID"),
        "assigned": serializers.IntegerField(help_text="本次划入该网格的户数"),
        "unchanged": serializers.IntegerField(help_text="原已在该网格、未作变动的户数"),
        "message": serializers.CharField(help_text="结果说明，与网页相同"),
    },
)


class GridAssignApi(APIView):
    permission_classes = [HasCapability(Capability.REGISTRY_EDIT)]

    @extend_schema(summary="批量分配网格", request=GridAssignSerializer, responses=GridAssignResult)
    def post(self, request: Request) -> Response:
        """把一个村的多户农户一并划入该村的一个网格（村干部、驻村工作队、乡镇、县乡村振兴局；限定为一个网格的网格员返回403）。
        一户不在该村、不在管辖范围内或已注销的，全部不予分配（400并说明）；每户的分配记入农户变更记录和审计日志。"""
        data = GridAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        outcome = households_grid_assign(
            actor=request.user, village=values["village"], grid=values["grid"], household_ids=values["households"]
        )
        return Response(
            {
                "grid": outcome.grid.pk,
                "assigned": outcome.moved,
                "unchanged": outcome.unchanged,
                "message": outcome.message,
            }
        )
