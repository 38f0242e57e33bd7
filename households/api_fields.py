"""API fields other apps' serializers share to name a household (workflow, screening, assistance, the registry's own).

One field, one message: a household the caller may not see reads exactly like one that does not exist (scope is a
404 everywhere, STYLE.md §5), and in words a township clerk understands rather than DRF's "无效主键 … 对象不存在"
(review township finding 11)."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from households.models import Household

MSG_HOUSEHOLD_NOT_FOUND = "该农户不存在或不在您的管辖范围内。"
MSG_HOUSEHOLD_ID = "农户ID应为整数。"


@extend_schema_field(OpenApiTypes.INT)
class ScopedHouseholdField(serializers.PrimaryKeyRelatedField):
    """A household by id, among those the requesting user may see (Household.objects.visible_to)."""

    default_error_messages = {
        "required": "请填写农户ID。",
        "does_not_exist": MSG_HOUSEHOLD_NOT_FOUND,
        "incorrect_type": MSG_HOUSEHOLD_ID,
    }

    def get_queryset(self) -> Any:
        return Household.objects.visible_to(self.context["request"].user)
