"""POST /api/v1/alerts/{id}/verify/ (alerts.api_alerts AlertViewSet): its input, the page's form's fields
(alerts.forms_verify), checked again by the service (alerts.services.verification.alert_verify), and the action,
which answers with the alert and what was done of its member (alerts.api_verified)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from alerts.api_verified import VerifiedAlertSerializer
from alerts.choices import AlertOutcome
from alerts.services.department_note import DEPARTMENT_NOTE_RULE
from alerts.services.verification import MSG_BAD_OUTCOME, MSG_NOTE_REQUIRED, alert_verify
from households.choices import DisabilityGrade, Health, MonitoringCategory, RiskType
from households.member_reasons import LEAVE_CHOICES, NOTE_MAX


class VerifySerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=AlertOutcome.choices,
        help_text="核实结果",
        error_messages={"required": MSG_BAD_OUTCOME, "null": MSG_BAD_OUTCOME},
    )
    visited_on = serializers.DateField(help_text="入户核实日期")
    # Required for 已故 and 已迁出: the service refuses it missing, in the form's words (services.member_gone).
    left_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="去世或迁出日期（已故、已迁出时必填，不晚于入户核实日期）：同时在农户档案中将该成员标记为已故或迁出；"
        "该成员是户主且户内还有其他在世成员的，须先用 POST /api/v1/members/{id}/set-status/ 标记并指定新户主，"
        "否则返回400",
    )
    left_reason = serializers.ChoiceField(
        choices=LEAVE_CHOICES,
        required=False,
        allow_blank=True,
        default="",
        help_text="迁出原因（已迁出且该成员仍在档、在户时必填）："
        + "、".join(f"{v}（{label}）" for v, label in LEAVE_CHOICES)
        + "；已故记为死亡，不必填写",
    )
    left_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX, help_text="迁出原因为 other（其他）时必填"
    )
    # Blank is the service's to refuse, in the chosen outcome's words (services.verification.note_required_message).
    note = serializers.CharField(
        allow_blank=True,
        max_length=300,
        error_messages={"required": MSG_NOTE_REQUIRED, "null": MSG_NOTE_REQUIRED},
        help_text="核实情况（必填：入户看到的情况，记入走访记录；无风险时写明理由，迁出注明去向；"
        "仅系统内可见，不反馈给报送部门）",
    )
    department_note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text=f"反馈报送部门的说明（部门数据有误时必填）：{DEPARTMENT_NOTE_RULE}。含身份证号或电话号码的，返回400",
    )
    category = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="纳入时必填（该户已有办理中的识别案件、纳入即并入该案件时不填，案件类别不变）："
        + "、".join(f"{v}（{label}）" for v, label in MonitoringCategory.choices),
    )
    risk_types = serializers.ListField(
        child=serializers.ChoiceField(choices=RiskType.choices),
        required=False,
        default=list,
        help_text="纳入时核实发现的风险类型，不填为预警规则的风险类型；并入已有识别案件时不改变案件的风险类型，"
        "只记入案件记录",
    )
    # Health and disability alerts (alerts.services.member_health): also update the named member's health.
    member_health = serializers.ChoiceField(
        choices=Health.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="同时更新预警所涉成员的健康状况（卫健、医保、残联等健康类预警，纳入监测、已是监测对象、"
        "无返贫致贫风险时）；不填则不更新",
    )
    member_disability_grade = serializers.ChoiceField(
        choices=DisabilityGrade.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="更新为残疾时的残疾等级",
    )
    member_disability_type = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20, help_text="更新为残疾时的残疾类别，如肢体残疾"
    )


class AlertVerifyMixin:
    """The `verify` action of the alerts viewset (its get_object gives the alert in the user's scope: another's is
    a 404; its permission asks edit rights of a POST)."""

    @extend_schema(request=VerifySerializer, responses={200: VerifiedAlertSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str) -> Response:
        """入户核实并登记结果；纳入监测时发起识别纳入程序（部门筛查预警渠道）。"""
        view: Any = self
        data = VerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        alert = alert_verify(actor=request.user, alert=view.get_object(), **data.validated_data)
        return Response(VerifiedAlertSerializer(alert, context=view.get_serializer_context()).data)
