"""更换户主 under /api/v1/households/{id}/change-head/: households.services.head_change, as the page (the same
rules and messages). A mixin of households.api.HouseholdViewSet, kept apart to keep that module small."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from households.api_fields import ScopedMemberField, confirm_unusual_field
from households.services.head_change import head_change

MSG_RELATION_KEY = "relations 的键应为家庭成员ID（整数）。"


class HeadChangeSerializer(serializers.Serializer):
    new_head = ScopedMemberField(help_text="新户主（本户在世成员）的成员ID")
    relations = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text='其他每名在世成员（含原户主）与新户主的关系：{成员ID: 关系代码}，如 {"12": "spouse"}',
    )
    confirm_unusual = confirm_unusual_field()

    def validate_relations(self, value: dict[str, str]) -> dict[int, str]:
        if not all(str(key).isascii() and str(key).isdigit() for key in value):
            raise serializers.ValidationError(MSG_RELATION_KEY)
        return {int(key): relation for key, relation in value.items()}


class HeadChangeMixin:
    """POST change-head: the household's head changes, every other living member's relation given anew."""

    get_object: Any
    get_serializer: Any

    @extend_schema(request=HeadChangeSerializer)
    @action(detail=True, methods=["post"], url_path="change-head")
    def change_head(self, request: Request, pk: str | None = None) -> Response:
        """更换户主：指定本户在世成员为新户主，并给出其他每名在世成员与新户主的关系；记入变更记录和审计日志。
        关系缺漏、与成员性别不符、配偶与新户主同性、多于一名配偶的，返回400并在 relation_{成员ID} 指明该成员，
        不作任何更改。
        新户主未满18周岁、成员年龄与新关系不符（如“之子”比新户主年长）等需核实的，返回400并在 new_head、
        relation_{成员ID} 和 confirm_unusual 说明，核实无误后带 confirm_unusual=true 重新提交。"""
        household = self.get_object()
        data = HeadChangeSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        household = head_change(
            actor=request.user,
            household=household,
            new_head=data.validated_data["new_head"],
            relations=data.validated_data["relations"],
            confirm_unusual=data.validated_data["confirm_unusual"],
        )
        return Response(self.get_serializer(household).data)
