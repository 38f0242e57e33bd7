"""The measure create input's own fields: a plan by id within the caller's scope, and an amount in yuan."""

from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assistance.models import Plan, PlanMeasure
from assistance.services.measure_checks import MAX_AMOUNT, MSG_AMOUNT_TOO_LARGE

MSG_PLAN_NOT_FOUND = "该帮扶方案不存在或不在您的管辖范围内。"


@extend_schema_field(OpenApiTypes.INT)
class ScopedPlanField(serializers.PrimaryKeyRelatedField):
    """A plan by id among those the caller may see; one outside reads like one that does not exist (api_fields)."""

    default_error_messages = {
        "required": "请填写帮扶方案ID。",
        "does_not_exist": MSG_PLAN_NOT_FOUND,
        "incorrect_type": "帮扶方案ID应为整数。",
    }

    def get_queryset(self) -> Any:
        return Plan.objects.visible_to(self.context["request"].user)


AMOUNT_FIELD = PlanMeasure._meta.get_field("amount")
MSG_AMOUNT_LIMIT = MSG_AMOUNT_TOO_LARGE.format(limit=MAX_AMOUNT)
MSG_AMOUNT_DECIMALS = "金额（元）小数点后最多2位。"


class AmountField(serializers.DecimalField):
    """Yuan with the model's digits, so that thirty digits are a 400 rather than a decimal.InvalidOperation (a 500)
    when rounded to two places. Too large is said in yuan (金额不能超过…元), as the service and the page say it,
    whether or not decimals come with it (DRF would name the count of digits first)."""

    def validate_precision(self, value: Decimal) -> Decimal:
        whole_digits = self.max_digits - self.decimal_places
        if value.is_finite() and value != 0 and value.adjusted() >= whole_digits:
            self.fail("max_whole_digits", max_whole_digits=whole_digits)
        return super().validate_precision(value)
