"""Chinese labels beside the workflow API's codes: a case's kind, channel, category, status and risk types, as
households.api_labels gives the registry's, shared by the case, the approval queue and the township audit queue."""

from rest_framework import serializers

from households.api_labels import CodeLabelsField, code_label
from households.choices import NationalRiskType
from screening.api_fields import RiskTypeLabelsField


class CaseLabels(serializers.Serializer):
    """A case's labels; each serializer lists those of the codes it returns."""

    kind_display = code_label("kind", "案件类别名称")
    channel_display = code_label("channel", "发现渠道名称")
    category_display = code_label("category", "拟纳入监测类别名称；未填为空字符串")
    status_display = code_label("status", "案件状态名称")
    risk_types_display = RiskTypeLabelsField(source="risk_types")
    national_risk_types_display = CodeLabelsField(
        NationalRiskType,
        source="national_risk_types",
        help_text="国家系统风险类型名称，与 national_risk_types 一一对应",
    )
