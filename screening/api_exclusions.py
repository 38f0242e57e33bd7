"""Screening API: exclusion facts (排除情形, 七严四甄别): listing, recording and withdrawing them."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api_once import ONCE_PARAMETER, once_api_field, once_api_token, once_call, once_status
from households.api import RegistryWritePermission
from households.api_fields import ScopedHouseholdField, ScopedMemberField
from households.privacy import shown_id_number
from screening.choices import ExclusionKind
from screening.models import ExclusionFact
from screening.services import results


class ExclusionSerializer(serializers.ModelSerializer):
    household = ScopedHouseholdField(help_text="农户ID")
    member = ScopedMemberField(required=False, allow_null=True, help_text="家庭成员ID（整户或分户子女的不填）")
    kind = serializers.ChoiceField(choices=ExclusionKind.choices, help_text="排除情形")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="排除情形名称")
    source_display = serializers.CharField(source="get_source_display", read_only=True, help_text="来源名称")
    withdrawn_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="撤销时间（未撤销的为空）")
    withdrawn_by = serializers.CharField(
        source="withdrawn_by.username", read_only=True, allow_null=True, help_text="撤销人账号（未撤销的为空）"
    )
    withdraw_reason = serializers.CharField(read_only=True, help_text="撤销理由（未撤销的为空字符串）")
    once = once_api_field()

    class Meta:
        model = ExclusionFact
        fields = [
            "once",
            "id",
            "household",
            "member",
            "child_name",
            "child_id_number",
            "kind",
            "kind_display",
            "note",
            "source",
            "source_display",
            "recorded_on",
            "is_active",
            "withdrawn_at",
            "withdrawn_by",
            "withdraw_reason",
        ]
        read_only_fields = ["source", "recorded_on", "is_active", "withdrawn_at", "withdrawn_by", "withdraw_reason"]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        # A separately-registered child's ID number is masked for read-only roles, as members' are.
        data = super().to_representation(instance)
        data["child_id_number"] = shown_id_number(self.context["request"].user, data.get("child_id_number") or "")
        return data


class ExclusionWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=results.WITHDRAW_REASON_LIMIT,
        help_text="撤销理由",
        error_messages={"required": results.MSG_WITHDRAW_REASON, "blank": results.MSG_WITHDRAW_REASON},
    )


class ExclusionViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """排除情形（家用轿车、财政供养人员、企业高管、商品房、大额存款、分户子女条件好等）。"""

    serializer_class = ExclusionSerializer
    permission_classes = [RegistryWritePermission]
    filterset_fields = ["household", "kind", "is_active"]

    def get_queryset(self) -> Any:
        return ExclusionFact.objects.visible_to(self.request.user).select_related("withdrawn_by")

    @extend_schema(responses={201: ExclusionSerializer, 200: ExclusionSerializer}, parameters=[ONCE_PARAMETER])
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """登记排除情形，该户随后重新筛查。带 once（或请求头 Idempotency-Key）重试的只登记一次（重复提交返回200及
        首次登记的排除情形；同一令牌用于不同内容的返回409，不作登记）。该户已有同一对象（成员、分户子女或整户）、同一情形、同一来源的有效排除情形的，
        返回409，extra.id 为已有排除情形的ID，不再登记。"""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        once = once_api_token(request, data.pop("once", None))
        record = lambda once: results.exclusion_record(actor=request.user, once=once, **data)  # noqa: E731
        done = once_call(request, once, data, record)
        serializer.instance = done.record
        return Response(serializer.data, status=once_status(done.repeated))

    @extend_schema(request=ExclusionWithdrawSerializer, responses={200: ExclusionSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """撤销误登记的排除情形（须填写撤销理由），该户随后重新筛查；写入农户变更记录和审计日志。可登记排除情形的
        用户可撤销本辖区村乡干部录入的排除情形；县级录入的只有县乡村振兴局工作人员可以撤销（其他用户400）；部门数据或
        县级比对登记的不能撤销（400），由县乡村振兴局对筛查结果作出不予排除的决定。已撤销的再次撤销返回409。"""
        fact = self.get_object()
        data = ExclusionWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fact = results.exclusion_retract(actor=request.user, fact=fact, reason=data.validated_data["reason"])
        return Response(self.get_serializer(fact).data)
