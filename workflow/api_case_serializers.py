"""Workflow API serializers of a case: the case and its steps as read, and the bodies of opening a case, acting on
its step, recording a publicity's posting and withdrawing it (workflow.api.CaseViewSet)."""

from typing import Any

from rest_framework import serializers

from households.api_fields import ScopedHouseholdField
from households.choices import MonitoringCategory, NationalRiskType, RiskType
from workflow.api_common import KIND_HELP, inline_choice_field
from workflow.api_fields import CaseVersionField, StepStatusField
from workflow.api_labels import CaseLabels
from workflow.choices import CaseKind, Channel, Outcome
from workflow.forms import NATIONAL_RISK_HELP, NATIONAL_RISK_LABEL
from workflow.models import Case, CaseStep
from workflow.selectors_consent import consent_missing, consent_needed
from workflow.selectors_publicity_end import UNPOSTED, publicity_end_shown
from workflow.services import cases as services
from workflow.services.approval_records import DOCUMENT_NUMBER_LIMIT, MSG_TOO_LONG, NUMBER_EXAMPLE
from workflow.services.case_locks import case_version
from workflow.services.case_opening import CATEGORY_HELP, NO_MEASURE_REASON_HELP, RISK_GUARANTEE_HELP, chosen_national


class CaseStepSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="step.code", read_only=True, help_text="环节编码")
    name = serializers.CharField(source="step.name", read_only=True, help_text="环节名称")
    order = serializers.IntegerField(source="step.order", read_only=True, help_text="顺序")
    role = serializers.CharField(source="step.role", read_only=True, help_text="办理角色")
    status_display = StepStatusField(
        help_text="状态名称，与案件页相同（绿色通道待乡镇审核的县级审批为待乡镇审核通过后办理；办理不通过的环节为未通过）"
    )
    # Blank until the step is acted on, as the schema's enum says ("" is one of its values).
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, allow_blank=True, read_only=True, help_text="办理结果；未办理时为空字符串"
    )
    outcome_display = serializers.CharField(
        source="get_outcome_display",
        read_only=True,
        help_text="办理结果名称，按本环节的层级：乡镇审核的退回为退回村级补正，县级审批的退回为退回乡镇补正；"
        "未办理时为空字符串",
    )
    role_display = serializers.CharField(source="step.get_role_display", read_only=True, help_text="办理角色名称")
    ends_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="公示截止日期；未张贴的公示为按环节开始日期推算的暂定日期（见 ends_on_provisional），保留以兼容",
    )
    ends_on_provisional = serializers.SerializerMethodField(
        help_text="公示截止日期是否为暂定：进行中的公示环节尚未登记张贴日期（posted_on 为 null）时为 true，"
        "案件页、打印件和台账此时显示“待张贴”而不是日期（公示期自张贴之日起算）；登记张贴日期后按张贴日期重算，"
        "为 false；非公示环节和已办理的环节为 false"
    )
    needs_approval_number = serializers.BooleanField(
        source="step.asks_approval_number",
        read_only=True,
        help_text="本环节通过、不通过时是否须填写批复文号（document_number）和可填批复日期（decided_on）：仅由领导小组批复的"
        "县级审批环节为 true；县乡村振兴局逐户审定的县级审批（两者均不填，也不能批量审批）和其他环节均为 false",
    )

    class Meta:
        model = CaseStep
        fields = [
            "code",
            "name",
            "order",
            "role",
            "role_display",
            "needs_approval_number",
            "status",
            "status_display",
            "posted_on",
            "ends_on",
            "ends_on_provisional",
            "acted_at",
            "outcome",
            "outcome_display",
            "note",
            "return_note",
        ]
        read_only_fields = fields

    def get_ends_on_provisional(self, case_step: CaseStep) -> bool:
        # The pages' one definition (selectors_publicity_end): an open publicity not yet posted shows 待张贴.
        return publicity_end_shown(case_step) == UNPOSTED


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
    # Blank for a 风险消除, which has no 发现渠道 (its 提出 is the village's): the schema's enum says "" is a value.
    channel = serializers.ChoiceField(
        choices=Channel.choices, allow_blank=True, read_only=True, help_text="发现渠道；风险消除为空字符串"
    )
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


# The API's outcomes: one `return` for both levels, so labelled for both (the 400's list of allowed values and the
# schema say it); a step's outcome_display and the case's record say the level's own (workflow.choices.outcome_label).
RETURN_EITHER = "退回补正（乡镇审核退回村级，县级审批退回乡镇）"
ACT_OUTCOMES = [(value, RETURN_EITHER if value == Outcome.RETURN else label) for value, label in Outcome.choices]


class CaseActSerializer(serializers.Serializer):
    step_code = serializers.CharField(help_text="办理的环节编码（须为当前环节，且由本人角色办理）")
    outcome = serializers.ChoiceField(
        choices=ACT_OUTCOMES,
        help_text=(
            "办理结果：通过、不通过、免于比对、退回补正（return：乡镇审核退回村级补正，案件回到村级评议环节，程序中没有评议环节的回到入户核查环节；"
            "县级审批退回乡镇补正，案件回到乡镇审核环节；均不终止，已期满的公示保留，但村级补正时更正改变了公示内容的，"
            "已通过的公示（村级公示、乡镇审核后的再次公示）均重新进行）"
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
        help_text=(
            "批复文号：县级审批通过、不通过时必填（领导小组批复，记为 1 户的审批批次），退回乡镇补正不填；"
            f"如：{NUMBER_EXAMPLE}。环节 needs_approval_number 为 false 的（县乡村振兴局审定）不填"
        ),
    )
    decided_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="批复日期：县级审批通过、不通过时可填，缺省为该批复文号已有批复的日期，没有的为今天；不得晚于今天，不得早于本案"
        "上报审批前的最后办理日期，同一批复文号须为同一日期。其他环节、不填批复文号的县级审定不填",
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
