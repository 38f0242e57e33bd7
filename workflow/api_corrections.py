"""The API's body of 更正风险类型和拟定类别 (POST /api/v1/cases/{id}/correct/, services.case_correction)."""

from typing import Any

from rest_framework import serializers

from households.choices import MonitoringCategory, NationalRiskType, RiskType
from households.national import household_national_risk_types
from workflow.forms import NATIONAL_RISK_HELP, NATIONAL_RISK_LABEL


class CaseCorrectSerializer(serializers.Serializer):
    risk_types = serializers.ListField(
        child=serializers.ChoiceField(choices=RiskType.choices), help_text="更正后的风险类型（至少一项）"
    )
    national_risk_types = serializers.ListField(
        child=serializers.ChoiceField(choices=NationalRiskType.choices),
        required=False,
        help_text=f"{NATIONAL_RISK_LABEL}。{NATIONAL_RISK_HELP}",
    )
    # A plain string with its codes in the description: an enum named "category" would collide with the registry's.
    category = serializers.CharField(
        help_text="更正后的拟纳入监测类别（须为该户类型可选的类别）："
        + "；".join(f"{value}={label}" for value, label in MonitoringCategory.choices)
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("national_risk_types"):
            # Nothing chosen: the usual codes (households.national), as the case form does.
            attrs["national_risk_types"] = household_national_risk_types(
                self.context["household"], attrs.get("risk_types", [])
            )
        return attrs
