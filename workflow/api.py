"""Workflow API: cases (list, retrieve, open) and acting on a case's current step, scoped to the caller."""

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import HasCapability
from accounts.roles import Capability
from config.api import MSG_BAD_CHOICE, SelectorFilterSet, YesFilter
from config.api_ids import ScopedIdFilter, visible
from households.api_fields import ScopedHouseholdField
from households.api_params import RegionCodeFilterMixin, filter_error
from households.choices import MonitoringCategory, NationalRiskType, RegionLevel, RiskType
from households.models import Consent, Household, Region
from households.region_filter import NO_REGION
from households.selectors_search import IdSearchGuard
from workflow import selectors
from workflow.api_corrections import CaseCorrectSerializer
from workflow.api_fields import CaseVersionField, StepStatusField
from workflow.api_labels import CaseLabels
from workflow.choices import CaseKind, CaseStatus, Channel, Outcome
from workflow.forms import NATIONAL_RISK_HELP, NATIONAL_RISK_LABEL
from workflow.models import Case, CaseStep
from workflow.selectors_announced import dated_cases
from workflow.selectors_consent import consent_missing, consent_needed
from workflow.services import cases as services
from workflow.services import publicity
from workflow.services.approval_records import DOCUMENT_NUMBER_LIMIT, MSG_TOO_LONG
from workflow.services.batch_announce import step_act
from workflow.services.case_correction import case_correct, correction_check
from workflow.services.case_locks import API, Busy, case_version
from workflow.services.case_opening import CATEGORY_HELP, NO_MEASURE_REASON_HELP, RISK_GUARANTEE_HELP, chosen_national


class ServiceBusy(exceptions.APIException):
    """503: the database gave up on the transaction twice (services.case_locks.Busy); nothing was written."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE


def api_errors(error: Exception) -> Exception:
    """The API's status for a refusal that is neither bad input nor a broken rule; other errors as they are (a case
    changed since it was read, services.case_locks.CaseChanged, is a config.errors.Conflict: 409 with extra, as a
    batch's changed cases are)."""
    if isinstance(error, Busy):
        return ServiceBusy(error.message)
    return error


def inline_choice_field(choices: list[tuple[str, str]], **kwargs: Any) -> serializers.ChoiceField:
    """A choice field whose enum is written inline in the schema, so that its name cannot collide with the
    registry's and screening's enums of the same field name (kind, category)."""
    schema = {
        "type": "string",
        # A blank value the field allows is one of the schema's too (a household with no labour capacity recorded).
        "enum": [value for value, _ in choices] + ([""] if kwargs.get("allow_blank") else []),
        "description": "；".join(f"{value}={label}" for value, label in choices),
    }
    field_class = extend_schema_field(schema)(type("InlineChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


KIND_HELP = "案件类别：" + "；".join(f"{value}={label}" for value, label in CaseKind.choices)


class CaseStepSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="step.code", read_only=True, help_text="环节编码")
    name = serializers.CharField(source="step.name", read_only=True, help_text="环节名称")
    order = serializers.IntegerField(source="step.order", read_only=True, help_text="顺序")
    role = serializers.CharField(source="step.role", read_only=True, help_text="办理角色")
    status_display = StepStatusField(
        help_text="状态名称，与案件页相同（绿色通道待乡镇审核的县级审批为待乡镇审核通过后办理）"
    )
    # Blank until the step is acted on, as the schema's enum says ("" is one of its values).
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, allow_blank=True, read_only=True, help_text="办理结果；未办理时为空字符串"
    )
    outcome_display = serializers.CharField(
        source="get_outcome_display", read_only=True, help_text="办理结果名称；未办理时为空字符串"
    )
    role_display = serializers.CharField(source="step.get_role_display", read_only=True, help_text="办理角色名称")

    class Meta:
        model = CaseStep
        fields = [
            "code",
            "name",
            "order",
            "role",
            "role_display",
            "status",
            "status_display",
            "posted_on",
            "ends_on",
            "acted_at",
            "outcome",
            "outcome_display",
            "note",
            "return_note",
        ]
        read_only_fields = fields


class CaseSerializer(CaseLabels, serializers.ModelSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True, help_text="户编号")
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")
    procedure_name = serializers.CharField(source="procedure.name", read_only=True, help_text="程序名称")
    limit_days = serializers.IntegerField(
        source="procedure.limit_days", read_only=True, allow_null=True, help_text="办结时限(天)；程序未设时限的为 null"
    )
    steps = CaseStepSerializer(source="case_steps", many=True, read_only=True, help_text="各环节办理情况")
    version = serializers.SerializerMethodField(help_text="案件版本：办理环节时原样带回")
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    category = inline_choice_field(MonitoringCategory.choices, read_only=True, help_text=CATEGORY_HELP)
    decided_on = serializers.DateField(
        source="approval_day",
        read_only=True,
        allow_null=True,
        help_text="批复日期：县级审批通过的，为批复的日期（与台账的批复日期相同）；尚未经县级审批通过的为 null",
    )
    announced_on = serializers.DateField(
        source="announced_day",
        read_only=True,
        allow_null=True,
        help_text="公告日期：乡镇公告并标识已办理的，为所填的公告日期；尚未办理或未记录公告日期的为 null",
    )
    consent_missing = serializers.SerializerMethodField(
        help_text="尚缺农户承诺和授权查询书（进行中的纳入、再标注案件，家庭未上传签字授权书扫描件时为 true）："
        "村级评议或入户核实须先上传，方可报乡镇"
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "kind",
            "kind_display",
            "household",
            "household_number",
            "head_name",
            "procedure_name",
            "limit_days",
            "channel",
            "channel_display",
            "risk_types",
            "risk_types_display",
            "national_risk_types",
            "national_risk_types_display",
            "category",
            "category_display",
            "no_measure_reason",
            "discovered_on",
            "status",
            "status_display",
            "closed_on",
            "decided_on",
            "announced_on",
            "region_path",
            "consent_missing",
            "steps",
            "version",
        ]
        read_only_fields = fields

    def get_version(self, case: Case) -> str:
        return case_version(case)

    def get_consent_missing(self, case: Case) -> bool:
        # A list's cases carry the household's consent as an annotation (CaseViewSet.get_queryset): one query a page.
        if hasattr(case, "consent_on_file"):
            return consent_needed(case) and not case.consent_on_file
        return consent_missing(case)


class CaseOpenSerializer(serializers.Serializer):
    household = ScopedHouseholdField(help_text="农户ID（须在本人管辖范围内）")
    # A plain string in the schema: an enum would collide with screening's "kind" enums by field name.
    kind = serializers.CharField(help_text=KIND_HELP)
    channel = inline_choice_field(
        Channel.choices, required=False, allow_blank=True, help_text="发现渠道（纳入、风险再标注时必填；风险消除不填）"
    )
    risk_types = serializers.ListField(
        child=serializers.ChoiceField(choices=RiskType.choices),
        required=False,
        help_text=f"风险类型（纳入时必填）。{RISK_GUARANTEE_HELP}",
    )
    national_risk_types = serializers.ListField(
        child=serializers.ChoiceField(choices=NationalRiskType.choices),
        required=False,
        help_text=f"{NATIONAL_RISK_LABEL}。{NATIONAL_RISK_HELP}",
    )
    category = inline_choice_field(
        MonitoringCategory.choices, required=False, allow_blank=True, help_text="拟纳入监测类别（纳入时必填）"
    )
    discovered_on = serializers.DateField(
        required=False, help_text="发现返贫致贫风险的日期（风险消除为提出日期），默认今天"
    )
    confirm_advisories = serializers.BooleanField(
        required=False,
        default=False,
        help_text="风险消除：该户有风险消除前需核实的情况（如纳入监测不满 6 个月）时，核实后传 true "
        "才予发起；未传的返回 400，confirm_advisories 下逐项列出需核实的情况。纳入、风险再标注不用。",
    )
    no_measure_reason = serializers.CharField(required=False, allow_blank=True, help_text=NO_MEASURE_REASON_HELP)

    def validate_kind(self, value: str) -> str:
        if value not in CaseKind.values:
            raise serializers.ValidationError("案件类别无效。")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Nothing chosen: the usual codes, but for income below the line alone (services.case_opening), as the
        # case form does.
        attrs["national_risk_types"] = chosen_national(
            attrs["household"], attrs.get("risk_types", []), attrs.get("national_risk_types")
        )
        return attrs


class CaseActSerializer(serializers.Serializer):
    step_code = serializers.CharField(help_text="办理的环节编码（须为当前环节，且由本人角色办理）")
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        help_text=(
            "办理结果：通过、不通过、免于比对、退回补正（return：乡镇审核退回村级补正，案件回到村级评议环节，程序中没有评议环节的回到入户核查环节；"
            "县级审批退回乡镇补正，案件回到乡镇审核环节；均不终止，已期满的公示保留）"
        ),
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=services.NOTE_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=services.NOTE_LIMIT)},
        help_text=f"意见（不超过 {services.NOTE_LIMIT} 字）；不通过、退回补正时必填",
    )
    attachment = serializers.FileField(required=False, help_text="附件（会议记录、公示照片等）")
    document_number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=DOCUMENT_NUMBER_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=DOCUMENT_NUMBER_LIMIT)},
        help_text="批复文号：县级审批通过时必填",
    )
    decided_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="批复日期：县级审批通过时可填，缺省为该批复文号已有批复的日期，没有的为今天；不得晚于今天，不得早于本案"
        "上报审批前的最后办理日期，同一批复文号须为同一日期。其他环节不填",
    )
    announced_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="公告日期：乡镇办理“公告并标识”等公告环节通过时可填，缺省为今天；不得晚于今天，不得早于县级批复日期",
    )
    version = CaseVersionField(
        required=False,
        allow_blank=True,
        help_text="读取案件时的版本（version）：给出时，案件此后有新的办理记录（如退回补正后重新报送）的，不予办理（409）",
    )


class PublicityPostedSerializer(serializers.Serializer):
    step_code = serializers.CharField(help_text="正在公示的环节编码")
    posted_on = serializers.DateField(required=False, help_text="公示名单实际张贴日期，默认今天；公示期从该日起算")


class CaseWithdrawSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=services.WITHDRAW_REASON_LIMIT,
        error_messages={"max_length": f"不能超过 {services.WITHDRAW_REASON_LIMIT} 字。"},
        help_text=f"撤回理由（必填，不超过 {services.WITHDRAW_REASON_LIMIT} 字）",
    )


class CaseFilter(IdSearchGuard, RegionCodeFilterMixin, SelectorFilterSet):
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, method="noop", help_text="案件状态")
    kind = django_filters.ChoiceFilter(choices=CaseKind.choices, method="noop", help_text="案件类别")
    household = ScopedIdFilter(
        method="noop", scope=visible(Household), help_text="农户ID（须在本人管辖范围内，否则为400）"
    )
    mine = YesFilter(
        method="noop",
        help_text="只看待本人角色办理的案件（我的任务；已登记张贴日期、公示期内且无待核异议的不列，未登记张贴日期的公示列入），按发现日期排列",
    )
    step = django_filters.CharFilter(
        method="noop",
        help_text="待本人办理的环节：环节编码（即 steps[].code，如 township_audit）或环节名称（如“乡镇审核”）；"
        "不是本人角色办理的环节为400，并列出可用的编码",
    )
    region = django_filters.CharFilter(method="noop", help_text="乡镇或村的区划代码；不在本人管辖范围内为400")
    overdue = YesFilter(method="noop", help_text="只看超期案件（超过办结时限、公示期满未办或绿色通道欠办）")
    q = django_filters.CharFilter(
        method="noop",
        help_text="户主或成员姓名、户编号，或成员的身份证号（完整18位，或后4位以上、前6位以上；"
        "身份证号脱敏显示的角色只能按后4位或完整号码查找，否则为400）",
    )

    region_code_filters = {"region": (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)}

    class Meta:
        model = Case
        fields: list[str] = []

    def is_valid(self) -> bool:
        valid = super().is_valid()
        step = (self.form.cleaned_data.get("step") or "").strip()
        steps = selectors.acting_steps(self.request.user) if valid and step else None
        if steps is not None and step not in steps and step not in steps.values():
            allowed = "、".join(f"{code}（{name}）" for code, name in steps.items())
            filter_error(self.form, "step", MSG_BAD_CHOICE.format(value=step[:20], allowed=allowed))
        return not self.form.errors

    def select(self, filters: dict[str, Any]) -> Any:
        # workflow.selectors.case_list, shared with 我的任务.
        if filters.get("region"):
            region = Region.objects.visible_to(self.request.user).filter(code=filters.pop("region")).first()
            filters["village"] = region.path if region else NO_REGION
        cases = selectors.case_list(actor=self.request.user, filters=filters)
        return cases.order_by("discovered_on", "pk") if filters.get("mine") else cases.order_by("-created_at", "-pk")


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """识别纳入、风险消除、风险再标注案件：按程序逐环节办理，只显示本人管辖范围内的案件。"""

    serializer_class = CaseSerializer
    permission_classes = [HasCapability(Capability.REGISTRY_VIEW)]
    filterset_class = CaseFilter

    def get_queryset(self) -> Any:
        on_file = Consent.objects.filter(household_id=OuterRef("household_id")).exclude(scan="")
        return dated_cases(selectors.case_queryset(self.request.user).annotate(consent_on_file=Exists(on_file)))

    def filter_queryset(self, queryset: Any) -> Any:
        return dated_cases(super().filter_queryset(queryset))  # the filters' selector starts anew (CaseFilter.select)

    @extend_schema(request=CaseOpenSerializer, responses={201: CaseSerializer})
    def create(self, request: Request) -> Response:
        """发起案件（村干部、乡镇、县乡村振兴局）。"""
        data = CaseOpenSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        case = services.case_open(actor=request.user, **data.validated_data)
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseActSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def act(self, request: Request, pk: str) -> Response:
        """办理当前环节：角色须与环节一致，案件须在本人管辖范围内。带上读取案件时的 version 的，案件此后已有新的办理
        记录时不予办理（409）。"""
        data = CaseActSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version", "")
        try:
            case = step_act(actor=request.user, case=self.get_object(), expected_version=version, read_by=API, **values)
        except Busy as error:
            raise api_errors(error) from error
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=PublicityPostedSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"], url_path="publicity-posted")
    def publicity_posted(self, request: Request, pk: str) -> Response:
        """登记公示张贴日期：由公示环节的办理角色登记，公示截止日期按张贴日期重新计算。"""
        data = PublicityPostedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = self.get_object()
        publicity.publicity_posted_record(actor=request.user, case=case, **data.validated_data)
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=CaseWithdrawSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """撤回案件：县级审批（无县级审批的程序：其最后环节）前，由本案发起人（村级发起的案件，本村村干部、驻村工作队）填写理由后撤回（误选农户、
        类别，或风险已即时消除）。其他人员返回 403；乡镇、县级在本级办理环节选择“不通过”或“退回村级补正”。"""
        data = CaseWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_withdraw(actor=request.user, case=self.get_object(), note=data.validated_data["note"])
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=CaseCorrectSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        """更正风险类型和拟定类别：仅在乡镇退回村级补正、案件回到村级环节期间，由本村村干部、驻村工作队办理（其他
        角色 403，其他环节 409）；类别须为该户类型可选的类别。更正改变公示内容（拟定类别、公示的风险原因）的，已通过
        的村级公示回到“未开始”，村级重新办理通过后按更正后的内容重新公示。记入案件记录（原值 → 新值）和审计日志。
        只提交要更正的项：未提交的项保持不变。带上读取案件时的 version 的，案件此后已有新的办理记录（如他人已作更正）时
        不予更正（409）。"""
        case = self.get_object()
        correction_check(actor=request.user, case=case)  # another role 403, another step 409, before the body's 400
        data = CaseCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version", "")
        done = case_correct(actor=request.user, case=case, expected_version=version, read_by=API, **values)
        return Response(CaseSerializer(self.get_queryset().get(pk=done.case.pk)).data)
