"""Serializers of the campaign API (screening.api_campaigns): shapes and Chinese help texts for the schema.
Scoped choices (campaigns, households, regions) are narrowed to the requesting user's scope."""

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework import serializers

from households.api_fields import ScopedHouseholdField
from households.choices import RiskType
from households.models import Region
from screening import selectors_campaigns as selectors
from screening.api_fields import RiskTypeLabelsField
from screening.choices_campaigns import AreaLevel, PhaseKind, ProblemType
from screening.models import AreaProblem, Campaign, CampaignAssignment, CampaignPhase, HouseholdProblem, ScreeningForm
from screening.services.campaign_forms import proposal_warning
from screening.services.form_findings import (
    INCOME_ARCHIVE_MARGIN,
    INCOME_MAX,
    Reading,
    form_reading,
    income_archive_warning,
)

MSG_CAMPAIGN_NOT_FOUND = "该集中排查不存在或不在您的管辖范围内。"
# A campaign outside the caller's scope reads like one that does not exist, in Chinese (as households.api_fields).
CAMPAIGN_ERRORS = {"does_not_exist": MSG_CAMPAIGN_NOT_FOUND, "incorrect_type": "集中排查ID应为整数。"}

ANSWERS_HELP = (
    '按排查项目序号（1–13）填写：{"3": {"checked": ["housing_2"], "problem": "具体问题"}}。'
    "checked 为勾选的排查内容代码，problem 为排查问题描述；第13项综合判定用 at_risk、propose_monitoring 两个字段。"
)


def _scoped(serializer: serializers.Serializer, field: str, queryset: Any) -> None:
    request = serializer.context.get("request")
    if request is not None:
        serializer.fields[field].queryset = queryset.visible_to(request.user)


class PhaseSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PhaseKind.choices, help_text="阶段：动员培训/入户排查/问题整改/总结验收")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="阶段名称")
    state = serializers.CharField(
        read_only=True,
        help_text="upcoming 未开始 / current 进行中 / done 已结束 / not_held 未进行（结束排查后，已开始的阶段为已结束，"
        "结束之日后才开始的阶段为未进行）",
    )
    state_display = serializers.CharField(
        source="get_state_display", read_only=True, help_text="未开始/进行中/已结束/未进行"
    )

    class Meta:
        model = CampaignPhase
        fields = ["kind", "kind_display", "starts_on", "ends_on", "state", "state_display"]


class ScopedVillagesField(serializers.ManyRelatedField):
    """A campaign's villages as the reader sees them: a village cadre reads their own village of a county-wide
    campaign, as its page says 范围1个村（本辖区）; what is written is the whole list, checked by the service."""

    def get_attribute(self, instance: Any) -> Any:
        villages = super().get_attribute(instance)
        request = self.context.get("request")
        return (
            villages.visible_to(request.user) if request is not None and hasattr(villages, "visible_to") else villages
        )


class CampaignSerializer(serializers.ModelSerializer):
    # Division codes are public; whether the actor may organise a campaign there is the service's check
    # (screening.services.campaign_roles).
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        help_text="组织单位区划代码：县乡村振兴局为本县，乡镇工作人员为本乡镇（范围只能是本乡镇的村）；创建后不能更改",
    )
    villages = ScopedVillagesField(
        child_relation=serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all()),
        help_text="排查范围：村区划代码列表（读取时只列本人管辖范围内的村，与页面“本辖区”的村数一致）",
    )
    phases = PhaseSerializer(
        many=True,
        help_text="各阶段起止日期，每个阶段一次；入户排查阶段必填。修改（PATCH）时按阶段合并：所列阶段替换原有的同一阶段，"
        "未列出的阶段保持不变",
    )
    created_by = serializers.CharField(source="created_by.username", read_only=True, help_text="创建人账号")
    status = serializers.CharField(read_only=True, help_text="open 进行中 / closed 已结束")
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="进行中/已结束")
    closed_by = serializers.CharField(
        source="closed_by.username",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="结束排查的账号；进行中为 null",
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "region",
            "region_path",
            "villages",
            "phases",
            "status",
            "status_display",
            "closed_at",
            "closed_by",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["region_path", "closed_at", "created_at"]


def summary_unit_data(unit: selectors.SummaryUnit) -> dict[str, Any]:
    """One unit of the summary table (附件4) as the API returns it."""
    rows = [
        {
            "problem_type": r.problem_type,
            "label": r.label,
            "found": r.found,
            "rectified": r.rectified,
            "in_progress": r.in_progress,
        }
        for r in unit.rows
    ]
    return {
        "unit": unit.path,
        "name": unit.name,
        "rows": rows,
        "proposed_households": unit.proposed_households,
        "proposed_persons": unit.proposed_persons,
        "proposed_known": unit.proposed_known,
    }


class AssignmentSerializer(serializers.ModelSerializer):
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.none(), error_messages=CAMPAIGN_ERRORS, help_text="集中排查ID"
    )
    village = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.none(), help_text="村区划代码")
    cadre = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        help_text="排查人（村干部或驻村工作队员）账号",
    )

    class Meta:
        model = CampaignAssignment
        fields = ["id", "campaign", "village", "cadre", "created_at"]
        read_only_fields = ["created_at"]
        validators: list[Any] = []  # the service's Chinese message, not DRF's unique-together one

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, "campaign", Campaign.objects)
        _scoped(self, "village", Region.objects)


class ScreeningFormSerializer(serializers.ModelSerializer):
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.none(), error_messages=CAMPAIGN_ERRORS, help_text="集中排查ID"
    )
    household = ScopedHouseholdField(help_text="农户ID")
    filled_by = serializers.CharField(source="filled_by.username", read_only=True, help_text="排查人账号")
    filled_on = serializers.DateField(required=False, help_text="排查日期，默认今天")
    answers = serializers.JSONField(help_text=ANSWERS_HELP)
    problems = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="由本表生成的户内问题ID")
    known_when_proposed = serializers.BooleanField(
        read_only=True, help_text="勾选拟纳入时该户已是监测对象或已在纳入程序中（不计入附件4拟识别户数）"
    )
    warnings = serializers.SerializerMethodField(
        help_text="保存后的提示（不影响保存）：拟纳入不计入拟识别户数的原因；填写的人均纯收入与档案最近一年相差超过"
        f"{INCOME_ARCHIVE_MARGIN * 100:.0f}%（附农户档案“收支”页地址）"
    )
    # 填表说明 3: income and 两不愁 (吃穿) beside the 13 items; the risks found (screening.services.form_findings).
    per_capita_income = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text=f"家庭年人均纯收入（元），0 到 {INCOME_MAX:,.0f}；不填（null）为未询问",
    )
    food_clothing_problem = serializers.BooleanField(required=False, help_text="存在吃穿困难（“两不愁”）")
    food_clothing_note = serializers.CharField(
        required=False, allow_blank=True, help_text="吃穿方面的问题（food_clothing_problem 为 true 时必填，≤500字）"
    )
    risk_types = serializers.ListField(
        child=serializers.ChoiceField(choices=RiskType.choices), required=False, help_text="存在的返贫致贫风险类型"
    )
    risk_types_display = RiskTypeLabelsField(source="risk_types")
    confirm_judgement = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="综合判定与排查情况不一致时（收入低于监测标准、有“两不愁三保障”问题或选了风险却判定未发现风险，"
        "或收入低于标准、疑似有风险却未拟纳入），确认判定无误；否则返回 400，"
        "at_risk / propose_monitoring 说明不一致之处",
    )
    income_line = serializers.SerializerMethodField(help_text="比较所用的监测标准或预警线，如“2026年监测标准 7,300 元”")
    below_line = serializers.SerializerMethodField(help_text="收入是否低于 income_line；未填收入或未设标准为 null")
    guarantee_problems = serializers.SerializerMethodField(
        help_text="存在“两不愁三保障”及饮水安全问题的方面：吃穿、义务教育、基本医疗、住房安全、安全饮水（第1–4项按户内排查内容）"
    )
    judgement_conflicts = serializers.SerializerMethodField(help_text="综合判定与排查情况不一致之处（保存时已确认）")

    class Meta:
        model = ScreeningForm
        fields = [
            "id",
            "campaign",
            "household",
            "region_path",
            "filled_by",
            "filled_on",
            "answers",
            "at_risk",
            "propose_monitoring",
            "known_when_proposed",
            "per_capita_income",
            "income_line",
            "below_line",
            "food_clothing_problem",
            "food_clothing_note",
            "guarantee_problems",
            "risk_types",
            "risk_types_display",
            "judgement_conflicts",
            "confirm_judgement",
            "problems",
            "warnings",
        ]
        read_only_fields = ["region_path"]
        validators: list[Any] = []  # a second form for the household is refused by the service, naming who filled it

    def get_warnings(self, form: ScreeningForm) -> list[str]:
        warnings = [warning] if (warning := proposal_warning(form)) else []
        if warning := income_archive_warning(form.household, form.per_capita_income):
            income_tab = f"{reverse('households:detail', args=[form.household_id])}?tab=income"
            warnings.append(f"{warning}（收支：{income_tab}）")
        return warnings

    def _reading(self, form: ScreeningForm) -> Reading:
        # Read once per form for the four fields below (it looks up the line and the household's procedures).
        cache = self.context.setdefault("_readings", {})
        if (form.pk, form.updated_at) not in cache:
            cache[(form.pk, form.updated_at)] = form_reading(form)
        return cache[(form.pk, form.updated_at)]

    def get_income_line(self, form: ScreeningForm) -> str:
        return self._reading(form).income_line

    def get_below_line(self, form: ScreeningForm) -> bool | None:
        return self._reading(form).below_line

    def get_guarantee_problems(self, form: ScreeningForm) -> list[str]:
        return self._reading(form).guarantee_problems

    def get_judgement_conflicts(self, form: ScreeningForm) -> list[str]:
        return self._reading(form).conflicts

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, "campaign", Campaign.objects)
        if self.instance is not None:
            # A form stays with its campaign and household; only its answers are corrected.
            for name in ("campaign", "household"):
                self.fields[name].read_only = True


PROBLEM_FIELDS = [
    "id",
    "campaign",
    "region_path",
    "problem_type",
    "problem_type_display",
    "content",
    "measure",
    "responsible_person",
    "responsible_unit",
    "deadline",
    "status",
    "status_display",
    "effect",
    "evidence_text",
    "evidence_file",
    "closed_on",
    "closed_by",
    "reopen_reason",
    "reopened_by",
    "reopened_at",
    "previous_closed_on",
    "previous_effect",
    "previous_evidence_text",
    "created_at",
]
PROBLEM_READ_ONLY = [
    "region_path",
    "status",
    "effect",
    "evidence_text",
    "evidence_file",
    "closed_on",
    "reopen_reason",
    "reopened_by",
    "reopened_at",
    "previous_closed_on",
    "previous_effect",
    "previous_evidence_text",
    "created_at",
]


class ProblemSerializer(serializers.ModelSerializer):
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.none(), error_messages=CAMPAIGN_ERRORS, help_text="集中排查ID"
    )
    problem_type = serializers.ChoiceField(choices=ProblemType.choices, help_text="问题类型")
    problem_type_display = serializers.CharField(
        source="get_problem_type_display", read_only=True, help_text="问题类型名称"
    )
    status_display = serializers.CharField(
        source="get_status_display", read_only=True, help_text="待整改/整改中/已整改"
    )
    closed_by = serializers.CharField(
        source="closed_by.username",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="销号人账号；未销号为 null",
    )
    reopened_by = serializers.CharField(
        source="reopened_by.username", read_only=True, default=None, allow_null=True, help_text="重新打开人账号"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, "campaign", Campaign.objects)


class HouseholdProblemSerializer(ProblemSerializer):
    household = ScopedHouseholdField(help_text="农户ID")
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")

    class Meta:
        model = HouseholdProblem
        fields = [*PROBLEM_FIELDS, "household", "head_name", "form", "item"]
        read_only_fields = [*PROBLEM_READ_ONLY, "form", "item"]


class AreaProblemSerializer(ProblemSerializer):
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.none(), help_text="所在单位区划代码"
    )
    level = serializers.ChoiceField(choices=AreaLevel.choices, help_text="面上问题层级：县级/乡镇/村级层面")
    level_display = serializers.CharField(source="get_level_display", read_only=True, help_text="面上问题层级名称")

    class Meta:
        model = AreaProblem
        fields = [*PROBLEM_FIELDS, "level", "level_display", "region"]
        read_only_fields = PROBLEM_READ_ONLY

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, "region", Region.objects)


class CloseSerializer(serializers.Serializer):
    evidence_text = serializers.CharField(required=False, allow_blank=True, default="", help_text="整改佐证说明")
    evidence_file = serializers.FileField(required=False, default=None, help_text="佐证材料（JPG/PNG/PDF）")
    effect = serializers.CharField(required=False, allow_blank=True, default="", help_text="整改成效")
    closed_on = serializers.DateField(required=False, default=None, help_text="销号日期，默认今天")


class CampaignCloseSerializer(serializers.Serializer):
    acknowledged = serializers.BooleanField(
        required=False,
        default=False,
        help_text="我已知晓以上情况，仍结束排查：入户排查阶段未结束、有村未安排排查人或有户未排查时须为 true，"
        "否则 400 并在 acknowledged 下列出这些情况",
    )


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="重新打开的理由")


class PlanSerializer(serializers.Serializer):
    measure = serializers.CharField(required=False, allow_blank=True, help_text="整改措施")
    responsible_person = serializers.CharField(required=False, allow_blank=True, help_text="责任人")
    responsible_unit = serializers.CharField(required=False, allow_blank=True, help_text="责任单位")
    deadline = serializers.DateField(required=False, allow_null=True, help_text="整改时限")
