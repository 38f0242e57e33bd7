"""A field the screening serializers share (screening.api, screening.serializers_campaigns)."""

from typing import Any

from rest_framework import serializers

from households.choices import RiskType


class RiskTypeLabelsField(serializers.ListField):
    """A list of risk type codes' labels, in the codes' order (a code no longer in the list, as it is): what
    `<field>_display` is to a choice field, for a list of codes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "风险类型名称，与 risk_types 的代码一一对应")
        super().__init__(child=serializers.CharField(), read_only=True, **kwargs)

    def to_representation(self, data: Any) -> list[str]:
        return [str(RiskType(code).label) if code in RiskType.values else code for code in data]
