"""Screening API: results (the worklist) and acting on them, risk flags, lines, rules and runs (exclusions:
screening.api_exclusions)."""

from typing import Any

import django_filters
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import HasCapability, ViewOrEdit
from accounts.roles import Capability
from config.api import (
    KnownQueryParamsMixin,
    SelectorFilterSet,
    choice_param,
    refuse_unknown_params,
    strict_boolean_filter,
)
from config.api_ids import ScopedIdFilterSet
from households.api import RegistryWritePermission
from households.api_fields import ScopedHouseholdField
from households.choices import RiskType
from households.privacy import shown_health_text
from screening import selectors
from screening.api_fields import RiskTypeLabelsField, RuleParamSerializer, RunStartSerializer, rule_param_specs
from screening.choices import ChangeKind, ResultStatus
from screening.models import (
    MonitoringLine,
    RiskFlag,
    ScreeningChange,
    ScreeningResult,
    ScreeningRule,
    ScreeningRun,
)
from screening.selectors_backlog import WAITING_CHOICES, WAITING_HELP
from screening.services import config, dismissal, results


class HealthTextReasonsMixin:
    """The reasons as the caller may read them: the serious-illness rule names the ill members, which read-only
    roles do not see (households.privacy.shown_health_text), in the API as on the pages."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)  # type: ignore[misc]
        request = self.context.get("request")  # type: ignore[attr-defined]
        if request is not None and data.get("reasons"):
            data["reasons"] = [shown_health_text(request.user, reason) for reason in data["reasons"]]
        return data


class ResultSerializer(HealthTextReasonsMixin, serializers.ModelSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True, help_text="户编号")
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")
    risk_types_display = RiskTypeLabelsField(source="risk_types")
    reasons = serializers.SerializerMethodField(
        help_text="命中原因（中文）；本年度监测标准尚未录入、按往年标准比较的，收入原因后注明"
    )

    class Meta:
        model = ScreeningResult
        fields = [
            "id",
            "household",
            "household_number",
            "head_name",
            "region_path",
            "status",
            "status_display",
            "reasons",
            "rule_codes",
            "risk_types",
            "risk_types_display",
            "exclusion_reasons",
            "is_current",
            "first_hit_on",
            "updated_at",
            "handle_note",
            "visited_on",
            "override_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons(self, result: ScreeningResult) -> list[str]:
        """As the worklist words them (selectors.line_noter, read once per response)."""
        if "line_noter" not in self.context:
            self.context["line_noter"] = selectors.line_noter(on_date=timezone.localdate())
        return self.context["line_noter"](result.region_path, result.reasons, result.rule_codes)


class ResultFilter(SelectorFilterSet):
    status = django_filters.ChoiceFilter(choices=ResultStatus.choices, method="noop", help_text="状态，默认待处理")
    village = django_filters.CharFilter(method="noop", help_text="村区划代码")
    township = django_filters.CharFilter(method="noop", help_text="乡镇区划代码")
    risk_type = django_filters.ChoiceFilter(choices=RiskType.choices, method="noop", help_text="风险类型")
    waiting = django_filters.ChoiceFilter(choices=WAITING_CHOICES, method="noop", help_text=WAITING_HELP)
    q = django_filters.CharFilter(method="noop", help_text="户主姓名或户编号")

    class Meta:
        model = ScreeningResult
        fields: list[str] = []

    def select(self, filters: dict[str, Any]) -> Any:
        return selectors.result_list(actor=self.request.user, filters=filters)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, help_text="说明")


class ReasonSerializer(serializers.Serializer):
    visited_on = serializers.DateField(required=False, allow_null=True, help_text="入户核实日期（必填，不晚于今天）")
    income_stable = serializers.BooleanField(required=False, default=False, help_text="已入户核实：收入稳定")
    guarantees_ok = serializers.BooleanField(
        required=False, default=False, help_text="已入户核实：“三保障”和饮水安全无问题"
    )
    children_well_off = serializers.BooleanField(
        required=False, default=False, help_text="已入户核实：子女经济条件好（收入低于监测范围的须核实）"
    )
    reason = serializers.CharField(help_text="核实说明（至少10个字）")


class UndismissSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="撤销核实不纳入的理由")


class JustificationSerializer(serializers.Serializer):
    justification = serializers.CharField(help_text="不予排除的书面理由")


class ResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """筛查结果（工作清单）：每户的命中原因（中文）与处理状态。"""

    serializer_class = ResultSerializer
    permission_classes = [RegistryWritePermission]
    filterset_class = ResultFilter

    def get_queryset(self) -> Any:
        return ScreeningResult.objects.visible_to(self.request.user).select_related("household")

    def filter_queryset(self, queryset: Any) -> Any:
        # The worklist filters (default: still to act on) are for the list; one result is found whatever its status.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(request=NoteSerializer, responses={200: ResultSerializer})
    @action(detail=True, methods=["post"])
    def propose(self, request: Request, pk: str) -> Response:
        """提议纳入监测。"""
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = results.result_propose(
            actor=request.user, result=self.get_object(), note=data.validated_data.get("note", "")
        )
        return Response(ResultSerializer(result).data)

    @extend_schema(request=ReasonSerializer, responses={200: ResultSerializer})
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str) -> Response:
        """核实不纳入：须填写入户核实日期和核实说明，并确认该户适用的不纳入条件（收入稳定、“三保障”和饮水安全无问题；
        收入低于监测范围的还须子女经济条件好）。该户有纳入案件在办的，不能核实不纳入。"""
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = dismissal.result_dismiss(actor=request.user, result=self.get_object(), **data.validated_data)
        return Response(ResultSerializer(result).data)

    @extend_schema(request=UndismissSerializer, responses={200: ResultSerializer})
    @action(detail=True, methods=["post"])
    def undismiss(self, request: Request, pk: str) -> Response:
        """撤销核实不纳入（乡镇工作人员、县乡村振兴局；须填写理由）：该户回到待处理并立即重新筛查。"""
        data = UndismissSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = dismissal.result_undismiss(actor=request.user, result=self.get_object(), **data.validated_data)
        return Response(ResultSerializer(result).data)

    @extend_schema(request=JustificationSerializer, responses={200: ResultSerializer})
    @action(detail=True, methods=["post"])
    def override(self, request: Request, pk: str) -> Response:
        """县乡村振兴局对排除情形作出不予排除的决定（须填写书面理由）。"""
        data = JustificationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = results.result_override_exclusion(actor=request.user, result=self.get_object(), **data.validated_data)
        return Response(ResultSerializer(result).data)


class RiskFlagSerializer(serializers.ModelSerializer):
    household = ScopedHouseholdField(help_text="农户ID")
    risk_type_display = serializers.CharField(source="get_risk_type_display", read_only=True, help_text="风险类型名称")
    source_display = serializers.CharField(source="get_source_display", read_only=True, help_text="来源名称")

    class Meta:
        model = RiskFlag
        fields = ["id", "household", "risk_type", "risk_type_display", "source", "source_display", "detected_on"]
        fields += ["note", "is_active"]
        read_only_fields = ["source", "detected_on", "is_active"]


class RiskFlagFilter(ScopedIdFilterSet):
    is_active = strict_boolean_filter("是否有效")

    class Meta:
        model = RiskFlag
        fields = ["household", "risk_type", "source", "is_active"]


class RiskFlagViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """风险标记：来源为系统筛查、走访、部门预警或干部录入。POST 为干部录入风险；该户已有同一来源的同类有效标记的
    （如超时重试），返回409，extra.id 为已有标记的ID。"""

    serializer_class = RiskFlagSerializer
    permission_classes = [RegistryWritePermission]
    filterset_class = RiskFlagFilter

    def get_queryset(self) -> Any:
        return RiskFlag.objects.visible_to(self.request.user)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = results.risk_flag_add(
            actor=self.request.user, household=data["household"], risk_type=data["risk_type"], note=data.get("note", "")
        )


# Who reads the registry reads the lines and rules; a change needs a role that edits the registry, refused before the
# body is read (the official hears 403, not the body's 400); which of those may set them is config.ensure_config's.
ConfigPermission = ViewOrEdit(view=Capability.REGISTRY_VIEW, edit=Capability.REGISTRY_EDIT, what="监测标准和筛查规则")


class LineSerializer(serializers.ModelSerializer):
    warnings = serializers.SerializerMethodField(help_text="预警时段与预警线")

    class Meta:
        model = MonitoringLine
        fields = ["id", "year", "region_prefix", "region_label", "amount", "inclusive", "basis", "warnings"]
        validators: list[Any] = []

    def get_warnings(self, line: MonitoringLine) -> list[dict[str, Any]]:
        return [{"starts_on": w.starts_on, "ends_on": w.ends_on, "amount": str(w.amount)} for w in line.warnings.all()]


class LineViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """监测标准（按年度、按省或县设置）。新增须县乡村振兴局。"""

    serializer_class = LineSerializer
    permission_classes = [ConfigPermission]
    pagination_class = None

    def get_queryset(self) -> Any:
        return selectors.line_list()

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = config.monitoring_line_save(actor=self.request.user, **serializer.validated_data)


class RuleSerializer(serializers.ModelSerializer):
    note = serializers.CharField(source="kind_note", read_only=True, help_text="规则如何读取档案数据")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="规则类型名称")
    risk_type_display = serializers.CharField(
        source="get_risk_type_display", read_only=True, help_text="对应风险类型名称"
    )
    params = serializers.JSONField(
        required=False, help_text="参数对象（参数名: 值）；可用参数、类型和取值范围见 param_fields，未给出的取默认值"
    )
    param_fields = serializers.SerializerMethodField(help_text="本规则类型可用的参数：名称、类型、取值范围、当前值")

    class Meta:
        model = ScreeningRule
        fields = ["id", "code", "name", "kind", "kind_display", "risk_type", "risk_type_display", "params", "note"]
        fields += ["param_fields", "is_active"]
        read_only_fields = ["code", "kind"]

    @extend_schema_field(RuleParamSerializer(many=True))
    def get_param_fields(self, rule: ScreeningRule) -> list[dict[str, Any]]:
        return rule_param_specs(rule.kind, rule.params or {})


class RuleViewSet(mixins.ListModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """筛查规则（以数据形式保存，参数可调）。修改须县乡村振兴局，修改后全县重新筛查。"""

    serializer_class = RuleSerializer
    permission_classes = [ConfigPermission]
    pagination_class = None
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.rule_list()

    def perform_update(self, serializer: Any) -> None:
        rule = serializer.instance
        data = {
            "name": rule.name,
            "risk_type": rule.risk_type,
            "params": rule.params,
            "is_active": rule.is_active,
            **serializer.validated_data,
        }
        serializer.instance = config.screening_rule_save(
            actor=self.request.user, rule=rule, code=rule.code, kind=rule.kind, **data
        )


class RunSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="筛查类型名称")
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")

    class Meta:
        model = ScreeningRun
        fields = [
            "id",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "household",
            "on_date",
            "started_at",
            "finished_at",
            "households_evaluated",
            "hits",
            "results_new",
            "results_changed",
            "results_dropped",
            "results_taken_up",
            "failures",
        ]
        read_only_fields = fields


class ChangeSerializer(HealthTextReasonsMixin, serializers.ModelSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True, help_text="户编号")
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")
    change_display = serializers.CharField(source="get_change_display", read_only=True, help_text="变化名称")
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="变化后状态名称")

    class Meta:
        model = ScreeningChange
        fields = [
            "household",
            "household_number",
            "head_name",
            "region_path",
            "change",
            "change_display",
            "status",
            "status_display",
            "rule_codes",
            "reasons",
            "case",
        ]
        read_only_fields = fields


class RunViewSet(KnownQueryParamsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """筛查批次记录。POST /start/ 由县乡村振兴局发起全县重新筛查（后台执行），请求体 {"scope": "county"}。"""

    serializer_class = RunSerializer
    permission_classes = [HasCapability(Capability.REGISTRY_VIEW)]
    query_params_known = ("group",)

    @extend_schema(
        parameters=[OpenApiParameter("group", enum=list(selectors.RUN_GROUPS), description="全县筛查或单户筛查")]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return selectors.run_list(
            actor=self.request.user, group=choice_param(self.request, "group", selectors.RUN_GROUPS)
        )

    @extend_schema(
        parameters=[OpenApiParameter("change", enum=ChangeKind.values, description="变化类型")],
        responses={200: ChangeSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def changes(self, request: Request, pk: str) -> Response:
        """本次筛查改变了哪些农户的结果（本辖区）：新命中、原因或状态变化、不再命中、交由在办案件办理（case 为该案件），
        及变化后的命中规则和原因。"""
        refuse_unknown_params(request, ("change",))
        changes = selectors.run_changes(
            actor=request.user, run=self.get_object(), change=choice_param(request, "change", ChangeKind.values)
        )
        page = self.paginate_queryset(changes)
        return self.get_paginated_response(ChangeSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(request=RunStartSerializer, responses={202: None})
    @action(detail=False, methods=["post"])
    def start(self, request: Request) -> Response:
        """立即对全县农户重新筛查（后台执行，202）。须在请求体中写明范围 {"scope": "county"}：不带请求体、空对象或其他
        范围返回400，不发起筛查。"""
        config.ensure_config(request.user)  # who may not start one hears so first, not what to send
        RunStartSerializer(data=request.data).is_valid(raise_exception=True)
        config.county_rescreen_request(actor=request.user)
        return Response({"detail": "已开始全县筛查。"}, status=status.HTTP_202_ACCEPTED)
