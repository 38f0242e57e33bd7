"""PATCH of a plan (its return cadence and note) and of a measure (the fields the page's 修改 form changes): the
pages' own services (plans.plan_update, measures.measure_update), so the same checks, history and audit event.
Only the fields sent are written; the others stay as they are now (a change by someone else is not written back).
The record is looked up among those the caller sees (404 outside); a role that may only read gets 403."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.choices import Department
from assistance.api_measure_fields import AMOUNT_FIELD, MSG_AMOUNT_DECIMALS, MSG_AMOUNT_LIMIT, AmountField
from assistance.choices import TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL, ReturnCadence
from assistance.services import measures, plans
from assistance.services.common import ensure_can_assist
from assistance.services.measure_checks import MAX_AMOUNT
from assistance.services.measures import MSG_PERSON_REQUIRED
from assistance.services.plans import MSG_BAD_CADENCE
from workflow.api_common import inline_choice_field

MSG_DATE = "{label}格式应为 YYYY-MM-DD。"
MSG_TOO_LONG = "{label}不能超过 {{max_length}} 个字。"
MSG_NOT_EDITABLE = "此处不能修改该字段；可修改的字段：{allowed}。"
MSG_NOTHING = "请至少提交一个要修改的字段。"


def _date(label: str, **kwargs: Any) -> serializers.DateField:
    return serializers.DateField(
        required=False, error_messages={"invalid": MSG_DATE.format(label=label)}, help_text=label, **kwargs
    )


def _text(label: str, max_length: int | None = None, **kwargs: Any) -> serializers.CharField:
    messages = {"max_length": MSG_TOO_LONG.format(label=label)} if max_length else {}
    messages |= kwargs.pop("error_messages", {})
    return serializers.CharField(
        required=False, max_length=max_length, error_messages=messages, help_text=label, **kwargs
    )


class EditSerializer(serializers.Serializer):
    # A field this edit does not change (a measure's status, its plan) is refused before any is read, not silently
    # left as it was (config.api_body), in these words.
    unknown_field_message = MSG_NOT_EDITABLE

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(MSG_NOTHING)
        return attrs


class PlanEditSerializer(EditSerializer):
    """修改帮扶方案（与网页“修改帮扶方案”的字段相同）：只提交要修改的字段，至少一个。"""

    return_cadence = serializers.ChoiceField(
        choices=ReturnCadence.choices,
        required=False,
        error_messages={"invalid_choice": MSG_BAD_CADENCE},
        help_text="回访周期（天）；修改后下次回访日期按新周期从上次回访（无回访的从制定方案）起算",
    )
    note = _text("方案说明（致贫返贫风险、帮扶思路）", allow_blank=True)


class MeasureEditSerializer(EditSerializer):
    """修改帮扶措施（与网页措施“修改”的字段相同）：只提交要修改的字段，至少一个；措施和落实到的成员不能修改。"""

    responsible_department = inline_choice_field(
        [(TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL), *Department.choices],
        required=False,
        error_messages={"invalid_choice": "责任部门无效。"},
        help_text=f"责任部门，{TOWNSHIP_VILLAGE}={TOWNSHIP_VILLAGE_LABEL}；有责任部门的措施只有县乡村振兴局能改变或去掉部门",
    )
    responsible_unit = _text("责任单位", 100, allow_blank=True)
    responsible_person = _text("责任人", 50, error_messages={"blank": MSG_PERSON_REQUIRED})
    starts_on = _date("开始日期")
    ends_on = _date("结束日期；null 为不填结束日期", allow_null=True)
    amount = AmountField(
        max_digits=AMOUNT_FIELD.max_digits,
        decimal_places=AMOUNT_FIELD.decimal_places,
        error_messages={
            "invalid": "金额（元）应为数字。",
            "max_whole_digits": MSG_AMOUNT_LIMIT,
            "max_digits": MSG_AMOUNT_DECIMALS,
            "max_decimal_places": MSG_AMOUNT_DECIMALS,
        },
        required=False,
        allow_null=True,
        help_text=f"金额（元），不超过 {MAX_AMOUNT:,} 元；null 为无金额",
    )
    content = _text("具体内容", 300, allow_blank=True)


def _edit(request: Request, record: Any, serializer_class: type[EditSerializer]) -> dict[str, Any]:
    """The fields sent, once the caller may edit this record (403 before any 400 for a read-only role)."""
    ensure_can_assist(request.user, record.region_path)
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


class PlanEditMixin:
    """PATCH /api/v1/assistance/plans/{id}/ (PlanViewSet)."""

    # The response is the viewset's own serializer (PlanSerializer), as drf-spectacular reads it.
    @extend_schema(request=PlanEditSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """修改帮扶方案的回访周期、方案说明（与网页“修改帮扶方案”相同）：只提交要修改的字段，未提交的保持当前值；
        回访周期改变时下次回访日期随之重算。修改写入该户的变更记录和审计日志；提交的值与现有相同的不作记录。
        不在本人管辖范围内的方案返回404，只能查看的角色返回403。不支持 PUT。"""
        plan = self.get_object()  # type: ignore[attr-defined]
        changes = _edit(request, plan, PlanEditSerializer)
        plans.plan_update(actor=request.user, plan=plan, **changes)
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data)  # type: ignore[attr-defined]


class MeasureEditMixin:
    """PATCH /api/v1/assistance/measures/{id}/ (MeasureViewSet)."""

    @extend_schema(request=MeasureEditSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """修改帮扶措施的责任部门、责任单位、责任人、开始和结束日期、金额、具体内容（与网页措施的“修改”相同）：
        只提交要修改的字段，未提交的保持当前值。校验与网页相同：结束日期不得早于开始日期，改动的日期不得超出允许范围，
        金额不得为负、不得超过上限；已完成或已终止的措施不能修改（400）。修改写入该户的变更记录和审计日志；
        提交的值与现有相同的不作记录。不在本人管辖范围内的措施返回404，只能查看的角色返回403。不支持 PUT。"""
        measure = self.get_object()  # type: ignore[attr-defined]
        changes = _edit(request, measure, MeasureEditSerializer)
        measures.measure_update(actor=request.user, measure=measure, **changes)
        return Response(self.get_serializer(self.get_queryset().get(pk=measure.pk)).data)  # type: ignore[attr-defined]
