"""更正 (PATCH /api/v1/visits/{id}/) and 作废 (POST /api/v1/visits/{id}/void/) of a visit, through the service the
pages use (households.services.visit_fix), with the same rules and Chinese messages: the visitor within 30 days of
entering it, township or county staff within a year; a reason each time; a visit another record rests on is refused
(400, saying what to do instead); another user's visit is 403, a visit out of scope 404."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from households.choices import RiskType
from households.services import visit_fix
from households.services.visit_stated import FINDINGS
from households.services.visits import NOTES_MAX


class VisitFixOutputMixin(serializers.Serializer):
    """What a listed or read visit says of its 作废 and latest 更正 (read-only; every correction's old and new values
    are in the household's 变更记录 and the audit log)."""

    voided = serializers.SerializerMethodField(
        help_text="是否已作废：作废的走访保留在记录中，不计入走访次数、收支变化和台账"
    )
    voided_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="作废时间")
    voided_by = serializers.CharField(
        source="voided_by.username", read_only=True, allow_null=True, default=None, help_text="作废人账号"
    )
    void_reason = serializers.CharField(read_only=True, help_text="作废原因")
    corrected_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="最近一次更正的时间")
    corrected_by = serializers.CharField(
        source="corrected_by.username", read_only=True, allow_null=True, default=None, help_text="最近一次更正人账号"
    )
    correction_reason = serializers.CharField(read_only=True, help_text="最近一次更正的原因")

    def get_voided(self, visit: Any) -> bool:
        return visit.voided_at is not None


FIX_OUTPUT_FIELDS = [
    "voided",
    "voided_at",
    "voided_by",
    "void_reason",
    "corrected_at",
    "corrected_by",
    "correction_reason",
]


class VisitCorrectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=visit_fix.REASON_MAX, help_text="更正原因（必填）")
    visited_on = serializers.DateField(
        required=False, help_text="更正后的走访日期（不晚于今天、不早于一年前）；不传则不变"
    )
    food_clothing_ok = serializers.BooleanField(required=False, help_text="更正后的不愁吃穿；不传则不变")
    education_ok = serializers.BooleanField(required=False, help_text="更正后的义务教育有保障；不传则不变")
    medical_ok = serializers.BooleanField(required=False, help_text="更正后的基本医疗有保障；不传则不变")
    housing_ok = serializers.BooleanField(required=False, help_text="更正后的住房安全有保障；不传则不变")
    water_ok = serializers.BooleanField(required=False, help_text="更正后的饮水安全有保障；不传则不变")
    risk_types = serializers.ListField(
        child=serializers.ChoiceField(choices=RiskType.choices),
        required=False,
        help_text="更正后的发现的风险类型（空列表表示未发现风险）；去掉的，报送乡镇的风险标记随之撤回，"
        "已据以发起识别的不能去掉；新增的报送乡镇；不传则不变",
    )
    income_change = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, help_text="更正后的收入变化（元）；不传则不变"
    )
    expense_change = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="更正后的刚性支出变化（元）；不传则不变",
    )
    notes = serializers.CharField(
        max_length=NOTES_MAX, required=False, allow_blank=True, help_text="更正后的走访情况；不传则不变"
    )
    confirm_changes = serializers.BooleanField(
        required=False, default=False, help_text="更正后的金额超出该户可能的幅度时，确认金额无误"
    )


class VisitVoidSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=visit_fix.REASON_MAX, help_text="作废原因（必填），如：重复录入、记错农户"
    )


class VisitFixMixin:
    """PATCH (更正) and the `void` action of households.api_visits.VisitViewSet (its get_object gives the visit in the
    user's scope, or 404)."""

    @extend_schema(request=VisitCorrectSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """更正走访：可更正走访日期、两不愁三保障及饮水安全（五项）、发现的风险类型、收入变化、刚性支出变化和走访情况，
        须填写更正原因；更正前后的内容记入农户变更记录和审计日志。是该户最近一次走访的，
        该户两不愁三保障状况随之更新。走访人本人可在录入后30天内更正，乡镇、县乡村振兴局工作人员
        可在一年内更正。农户记错的，请作废（POST .../void/）后重新记录。
        预警核实、帮扶回访、申报核实、集中排查表的走访不能更正；案件环节据以办理通过的走访，
        日期不能改到该环节不认可的日子；风险已报送乡镇的走访，日期不能更正（400，说明原因和办法）。"""
        view: Any = self
        visit = view.get_object()
        body = VisitCorrectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = {name: getattr(visit, name) for name in visit_fix.CORRECTABLE} | dict(body.validated_data)
        data["findings"] = {name: data.pop(name) for name in FINDINGS}
        corrected = visit_fix.visit_correct(actor=request.user, visit=visit, **data)
        return Response(view.get_serializer(corrected).data)

    @extend_schema(request=VisitVoidSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str) -> Response:
        """作废走访，须填写作废原因：作废的走访保留在记录中（voided 为 true，注明原因、作废人和时间），
        不再计入走访次数、是否已走访、收支变化和台账；它若是该户两不愁三保障现状的依据，
        现状恢复为这次走访前的记录；它发现的风险报送乡镇的风险标记随之撤回。权限和时限与更正相同；
        案件（办理中或已办结）的环节据以办理通过、或据其发现的风险发起了识别的走访不能作废（400，
        说明案件编号和环节）。已作废的再次作废返回400。"""
        view: Any = self
        visit = view.get_object()
        body = VisitVoidSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        voided = visit_fix.visit_void(actor=request.user, visit=visit, reason=body.validated_data["reason"])
        return Response(view.get_serializer(voided).data)
