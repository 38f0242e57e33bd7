"""The API's body of 更正风险类型和拟定类别 (POST /api/v1/cases/{id}/correct/, services.case_correction): a partial
body, each field left out staying as the case has it."""

from typing import Any

from rest_framework import serializers

from households.choices import MonitoringCategory, NationalRiskType, RiskType
from workflow.api_fields import CaseVersionField
from workflow.forms import NATIONAL_RISK_HELP, NATIONAL_RISK_LABEL
from workflow.services.case_correction import CORRECT_GUARANTEE_HELP

MSG_CORRECT_NOTHING = "请给出要更正的风险类型、国家系统风险类型或拟定类别（未给出的保持不变）。"
UNCHANGED = "不提交本项的，保持案件现有内容不改"


class CaseCorrectSerializer(serializers.Serializer):
    risk_types = serializers.ListField(
        child=serializers.ChoiceField(choices=RiskType.choices),
        required=False,
        help_text=f"更正后的风险类型（至少一项）；{UNCHANGED}。{CORRECT_GUARANTEE_HELP}",
    )
    national_risk_types = serializers.ListField(
        child=serializers.ChoiceField(choices=NationalRiskType.choices),
        required=False,
        help_text=f"{NATIONAL_RISK_LABEL}。{UNCHANGED}（更正了风险类型的，原有风险类型保留已选的对应，新增的按常见对应）；"
        + "；提交空列表的，"
        + NATIONAL_RISK_HELP.removeprefix("不选时"),
    )
    # A plain string with its codes in the description: an enum named "category" would collide with the registry's.
    category = serializers.CharField(
        required=False,
        help_text="更正后的拟纳入监测类别（须为该户类型可选的类别）："
        + "；".join(f"{value}={label}" for value, label in MonitoringCategory.choices)
        + f"。{UNCHANGED}",
    )

    version = CaseVersionField(
        required=False,
        allow_blank=True,
        help_text="读取案件时的版本（version）：给出时，案件此后有新的办理记录（如他人已作更正）的，不予更正（409）",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not {name: value for name, value in attrs.items() if name != "version"}:
            raise serializers.ValidationError(MSG_CORRECT_NOTHING)
        return attrs
