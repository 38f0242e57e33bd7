"""将此次走访记为回访 on the API: POST /api/v1/assistance/plans/{id}/return-visits/from-visit/.

A 走访 recorded without as_return_visit (POST /api/v1/visits/) left the plan 回访逾期, and the app had no way to count
it afterwards but to record the same trip again. Its visitor counts it there (PlanViewSet.count_visit), as on the plan
page, through the same service (assistance.services.visits.visit_count_as_return_visit) and with the same messages."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assistance.choices import Effect
from config.api_fields import choices_text
from households.models import Visit
from workflow.api_common import inline_choice_field

MSG_VISIT_NOT_FOUND = "该走访记录不存在或不在您的管辖范围内。"
MSG_EFFECT_MISSING = f"请选择帮扶成效，可选：{choices_text(dict(Effect.choices))}。"


def effect_field() -> serializers.ChoiceField:
    """A return visit's 帮扶成效: one left out (or null) is refused naming the values taken, as a wrong one is."""
    missing = {"required": MSG_EFFECT_MISSING, "null": MSG_EFFECT_MISSING}
    return inline_choice_field(Effect.choices, help_text="帮扶成效", error_messages=missing)


@extend_schema_field(OpenApiTypes.INT)
class ScopedVisitField(serializers.PrimaryKeyRelatedField):
    """A 走访 by id among those the caller may see; one outside reads like one that does not exist."""

    default_error_messages = {
        "required": "请填写走访记录ID。",
        "does_not_exist": MSG_VISIT_NOT_FOUND,
        "incorrect_type": "走访记录ID应为整数。",
    }

    def get_queryset(self) -> Any:
        return Visit.objects.visible_to(self.context["request"].user)


class CountVisitSerializer(serializers.Serializer):
    visit = ScopedVisitField(help_text="走访记录ID（该户已保存、尚未作为帮扶回访的走访，须为本人走访）")
    effect = effect_field()
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=1000, help_text="回访情况（帮扶措施落实和成效）"
    )
