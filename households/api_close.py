"""农户注销 under /api/v1/households/{id}/close/ and /reopen/: households.services.closing, as the page (the same
roles, rules and messages)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCapability
from accounts.roles import Capability
from households import selectors
from households.api_fields import confirm_unusual_field
from households.choices import MANUAL_CLOSED_REASONS
from households.models import Household, Member
from households.services.closing import closed_on, household_close, household_reopen


class HouseholdCloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=MANUAL_CLOSED_REASONS,
        help_text=(
            "all_deceased 全户死亡（成员均已故）；all_moved_out 全户迁出（成员均迁出）；"
            "other 其他（已故、迁出都有的，须填说明）。与成员状态不符的返回400"
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=150, help_text="说明")


class HouseholdReopenSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=150, help_text="撤销原因（误注销时）")
    restore_member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        label="同时恢复的成员",
        help_text="成员ID：该户成员均已故或迁出时必填，为被误标为已故或迁出的成员，撤销注销时一并撤销其标记、恢复为户主",
    )
    # The member restored becomes 户主: one under 18 (an orphan's household) is asked about as a new head is.
    confirm_unusual = confirm_unusual_field()


ClosingState = inline_serializer(
    "HouseholdClosing",
    {
        "id": serializers.IntegerField(help_text="农户ID"),
        "is_active": serializers.BooleanField(help_text="档案是否有效（注销后为 false）"),
        "closed_reason": serializers.CharField(help_text="注销原因"),
        "closed_on": serializers.DateField(allow_null=True, help_text="注销日期"),
    },
)


def _state(household: Household) -> Response:
    return Response(
        {
            "id": household.pk,
            "is_active": household.is_active,
            "closed_reason": household.closed_reason,
            "closed_on": closed_on(household),
        }
    )


class HouseholdCloseApi(APIView):
    permission_classes = [HasCapability(Capability.REGISTRY_EDIT)]

    @extend_schema(summary="农户注销", request=HouseholdCloseSerializer, responses=ClosingState)
    def post(self, request: Request, pk: int) -> Response:
        """农户注销（乡镇、县办理）：全户已故或迁出、且无在办事项的农户注销，记录原因；不再计入列表、统计和台账。
        仍有在册成员或有在办事项的，返回400并说明。"""
        household = selectors.household_get(actor=request.user, pk=pk)
        data = HouseholdCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        household_close(actor=request.user, household=household, **data.validated_data)
        household.refresh_from_db()
        return _state(household)


class HouseholdReopenApi(APIView):
    permission_classes = [HasCapability(Capability.REGISTRY_EDIT)]

    @extend_schema(summary="撤销农户注销", request=HouseholdReopenSerializer, responses=ClosingState)
    def post(self, request: Request, pk: int) -> Response:
        """撤销误注销：农户恢复注销前的状态（含监测类别），重新计入列表、统计和台账。该户成员均已故或迁出的，
        须同时指定被误标的成员（restore_member），一并撤销其标记、恢复为户主；否则返回400并说明。恢复的户主未满18周岁
        等需确认的情况，返回400并在 restore_member 和 confirm_unusual 说明，核实无误后带 confirm_unusual=true 重新提交，
        确认的情况记入变更记录。"""
        household = selectors.household_get(actor=request.user, pk=pk)
        data = HouseholdReopenSerializer(data=request.data)
        data.fields["restore_member"].queryset = household.members.all()  # another household's: no such member
        data.is_valid(raise_exception=True)
        household_reopen(actor=request.user, household=household, **data.validated_data)
        household.refresh_from_db()
        return _state(household)
