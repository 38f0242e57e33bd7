"""Assistance API under /api/v1/assistance/: the same selectors and services as the pages, so the same rules and
scope. A department clerk's endpoint returns only the head's name, the village and the measure."""

from typing import Any

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.choices import Department
from accounts.permissions import ViewOrEdit
from accounts.roles import Capability
from assistance import selectors
from assistance.api_contact_fields import ContactPersonField, contact_scope
from assistance.api_count_visit import CountVisitSerializer
from assistance.api_edit import MeasureEditMixin, PlanEditMixin
from assistance.api_filters import MeasureFilter, scoped_region
from assistance.api_measure_fields import AMOUNT_FIELD, AmountField, ScopedPlanField
from assistance.api_measure_fields import MSG_AMOUNT_DECIMALS as MSG_AMOUNT_DECIMALS
from assistance.api_measure_fields import MSG_AMOUNT_LIMIT as MSG_AMOUNT_LIMIT
from assistance.api_measure_fields import MSG_PLAN_NOT_FOUND as MSG_PLAN_NOT_FOUND
from assistance.api_progress import MeasureProgressMixin
from assistance.api_return_visits import RV_LIST, ReturnVisitReadSerializer, ReturnVisitSerializer
from assistance.choices import TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL, MeasureStatus, ReturnCadence
from assistance.models import MeasureType, Plan, PlanMeasure
from assistance.services import measure_status, measures, plans, visits
from assistance.services.measure_checks import LARGE_AMOUNT, MAX_AMOUNT
from config.api import CodeRelatedField, SelectorFilterSet
from config.api_ids import ScopedIdFilter
from config.api_once import ONCE_PARAMETER, once_api_token, once_call, once_status
from households.api_fields import ScopedHouseholdField, ScopedMemberField
from households.choices import RegionLevel
from workflow.api_common import inline_choice_field


def expected_status_field(choices: Any, *, help_text: str) -> serializers.ChoiceField:
    """The status the client read (the pages' ShownStatusMixin): optional; the service refuses a record moved on
    since (409). Its codes are written in the description, not as an enum: an enum beside the decision's own
    ``status`` of the same code list makes drf-spectacular name one list twice (W001, which check --deploy fails)."""
    schema = {"type": "string", "description": "；".join(f"{value}={label}" for value, label in choices)}
    field_class = extend_schema_field(schema)(type("ExpectedStatusField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, required=False, help_text=help_text)


def codes(choices: Any) -> str:
    return "；".join(f"{value}={label}" for value, label in choices)


class MeasureSerializer(serializers.ModelSerializer):
    measure_code = serializers.CharField(source="measure_type.code", read_only=True, help_text="措施编码")
    measure_name = serializers.CharField(source="measure_type.name", read_only=True, help_text="措施名称")
    category = serializers.CharField(source="measure_type.category.name", read_only=True, help_text="帮扶类别")
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")
    member_name = serializers.CharField(
        source="member.name", read_only=True, default=None, allow_null=True, help_text="落实到成员（全户为 null）"
    )
    status = serializers.CharField(read_only=True, help_text="状态：" + codes(MeasureStatus.choices))
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")
    responsible_department = serializers.CharField(read_only=True, help_text="责任部门编码（空为乡镇、村落实）")
    responsible_department_display = serializers.SerializerMethodField(
        help_text=f"责任部门名称；责任部门编码为空时为“{TOWNSHIP_VILLAGE_LABEL}”"
    )
    overdue = serializers.SerializerMethodField(help_text="逾期未办结：已过结束日期，仍为计划中或实施中")
    late_start = serializers.SerializerMethodField(help_text="已到开始日期未实施：已过开始日期，仍为计划中")

    class Meta:
        model = PlanMeasure
        fields = [
            "id",
            "plan",
            "household",
            "head_name",
            "member",
            "member_name",
            "measure_code",
            "measure_name",
            "category",
            "content",
            "responsible_department",
            "responsible_department_display",
            "responsible_unit",
            "responsible_person",
            "starts_on",
            "ends_on",
            "amount",
            "status",
            "status_display",
            "progress_note",
            "effect_note",
            "completed_on",
            "mismatch_reason",
            "overdue",
            "late_start",
            "region_path",
        ]
        read_only_fields = fields

    def get_responsible_department_display(self, measure: PlanMeasure) -> str:
        # Blank is not "no department" but the township and village carrying it out, as the create input names it.
        return measure.get_responsible_department_display() or TOWNSHIP_VILLAGE_LABEL

    def get_overdue(self, measure: PlanMeasure) -> bool:
        if hasattr(measure, "overdue"):  # annotated by selectors.measure_list
            return bool(measure.overdue)
        return selectors.is_overdue(measure, timezone.localdate())

    def get_late_start(self, measure: PlanMeasure) -> bool:
        if hasattr(measure, "late_start"):  # annotated by selectors.measure_list
            return bool(measure.late_start)
        return selectors.is_late_start(measure, timezone.localdate())


class PlanSerializer(serializers.ModelSerializer):
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")
    household_number = serializers.CharField(source="household.number", read_only=True, help_text="户编号")
    measures = MeasureSerializer(many=True, read_only=True, help_text="帮扶措施")
    return_cadence = serializers.IntegerField(
        read_only=True, help_text="回访周期（天）：" + codes(ReturnCadence.choices)
    )
    return_cadence_display = serializers.CharField(
        source="get_return_cadence_display", read_only=True, help_text="回访周期名称"
    )
    help_contact = serializers.PrimaryKeyRelatedField(
        source="household.help_contact",
        read_only=True,
        allow_null=True,
        help_text="帮扶联系人（用户ID；未安排为 null）",
    )
    help_contact_person = ContactPersonField()
    help_contact_needs_change = serializers.SerializerMethodField(
        help_text="帮扶联系人未安排、已停用或已调离（不能查看该户），需调整"
    )

    class Meta:
        model = Plan
        fields = [
            "id",
            "household",
            "household_number",
            "head_name",
            "pre_monitoring",
            "return_cadence",
            "return_cadence_display",
            "next_return_due",
            "note",
            "region_path",
            "help_contact",
            "help_contact_person",
            "help_contact_needs_change",
            "measures",
        ]
        read_only_fields = fields

    def get_help_contact_needs_change(self, plan: Plan) -> bool:
        return selectors.household_contact_needs_change(plan.household)


class PlanCreateSerializer(serializers.Serializer):
    household = ScopedHouseholdField(help_text="农户ID（须为监测对象，或在绿色通道中）")
    return_cadence = serializers.ChoiceField(
        choices=ReturnCadence.choices, default=ReturnCadence.MONTHLY, help_text="回访周期（天）"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="方案说明")


class SuggestionSerializer(serializers.Serializer):
    measure_code = serializers.CharField(source="measure_type.code", help_text="建议的措施编码")
    measure_name = serializers.CharField(source="measure_type.name", help_text="措施名称")
    category = serializers.CharField(source="measure_type.category.name", help_text="帮扶类别")
    member = serializers.IntegerField(
        source="member.pk", default=None, allow_null=True, help_text="落实到成员ID（全户为 null）"
    )
    default_unit = serializers.CharField(source="measure_type.default_unit_display", help_text="默认责任单位")
    reason = serializers.CharField(help_text="建议理由")


class PlanFilter(SelectorFilterSet):
    """The plan list's parameters (the page's: assistance.selectors.plan_list), each checked: a misspelt or unknown
    one is refused (config.api.StrictFilterBackend) rather than ignored, as ?q= once was."""

    q = django_filters.CharFilter(method="noop", help_text="户主姓名（包含）或户编号")
    township = django_filters.CharFilter(method="noop", help_text="乡镇区划代码（须在本人管辖范围内）")
    village = django_filters.CharFilter(method="noop", help_text="村区划代码（须在本人管辖范围内）")
    return_visit = django_filters.ChoiceFilter(
        choices=[("overdue", "回访逾期"), ("due", "7日内到期"), ("poor", "最近一次回访成效不明显")],
        method="noop",
        help_text="overdue=回访逾期；due=7日内到期；poor=最近一次帮扶回访成效不明显（需调整帮扶措施）",
    )
    contact_state = django_filters.ChoiceFilter(
        choices=[("needs_change", "需调整")],
        method="noop",
        help_text="needs_change=帮扶联系人未安排、已停用或已调离（不能查看该户）、需调整",
    )
    contact = ScopedIdFilter(
        method="noop", scope=contact_scope, help_text="帮扶联系人（用户ID；须为本人管辖范围内的帮扶联系人，否则为400）"
    )

    class Meta:
        model = Plan
        fields: list[str] = []

    def select(self, filters: dict[str, Any]) -> Any:
        # plan_list narrows by the township's region path; the API takes its code, as every region parameter does.
        if filters.get("township"):
            township = scoped_region(self.request, "township", filters["township"], (RegionLevel.TOWNSHIP,), "乡镇")
            filters["township"] = township.path
        if filters.get("village"):
            scoped_region(self.request, "village", filters["village"], (RegionLevel.VILLAGE,), "村")
        return _plans(self.request.user, filters)


def _plans(actor: Any, filters: dict[str, Any]) -> Any:
    # What MeasureSerializer reads of each measure, joined in the one query that fetches a page's measures (its
    # head_name is the measure's household: fetched one by one, a page of 50 plans cost about 100 queries).
    measures_read = PlanMeasure.objects.select_related("measure_type__category", "member", "household")
    return selectors.plan_list(actor=actor, filters=filters).prefetch_related(
        Prefetch("measures", queryset=measures_read)
    )


# Who reads the registry reads the help given; giving it (any POST or PATCH) needs assistance.edit, refused before
# the body is read: the official hears 403, not the body's 400.
AssistancePermission = ViewOrEdit(view=Capability.REGISTRY_VIEW, edit=Capability.ASSISTANCE_EDIT, what="帮扶信息")


class PlanViewSet(PlanEditMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """帮扶方案（一户一方案）：只返回本人管辖范围内的方案。"""

    serializer_class = PlanSerializer
    permission_classes = [AssistancePermission]
    filterset_class = PlanFilter

    def get_queryset(self) -> Any:
        return _plans(self.request.user, {})

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer})
    def create(self, request: Request) -> Response:
        """制定帮扶方案（监测户；未纳入监测的须在绿色通道中）。"""
        data = PlanCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        plan = plans.plan_create(actor=request.user, **data.validated_data)
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=status.HTTP_201_CREATED)

    # Not paged (a plan's handful): without pagination_class=None the schema declared a page around the list.
    @extend_schema(responses={200: SuggestionSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def suggestions(self, request: Request, pk: str) -> Response:
        """系统建议的帮扶措施（缺什么补什么），仅为建议，不会自动添加。"""
        return Response(SuggestionSerializer(selectors.plan_suggestions(self.get_object()), many=True).data)

    @extend_schema(methods=["GET"], responses={200: ReturnVisitReadSerializer(many=True)}, description=RV_LIST)
    @extend_schema(
        methods=["POST"],
        request=ReturnVisitSerializer,
        responses={201: PlanSerializer, 200: PlanSerializer},
        parameters=[ONCE_PARAMETER],
    )
    @action(detail=True, methods=["get", "post"], url_path="return-visits", filter_backends=[])
    def return_visits(self, request: Request, pk: str) -> Response:
        """记录帮扶回访（同时记为一次走访），下次回访日期按回访周期顺延；
        带 once 重试的只记录一次（原样重复提交返回200）；同一 once 用于不同内容的返回409，不作记录。
        本人当天已为该方案记录过内容相同的回访的（如换了令牌再次提交），返回409并指明该次走访，不记录；
        确是当天又一次回访的，带 confirm_same_visit=true 提交。"""
        if request.method == "GET":
            page = self.paginate_queryset(selectors.return_visits_of(self.get_object()))
            return self.get_paginated_response(ReturnVisitReadSerializer(page, many=True).data)
        data = ReturnVisitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        once = once_api_token(request, values.pop("once", None))
        plan = self.get_object()
        record = lambda once: visits.return_visit_record(actor=request.user, plan=plan, once=once, **values)  # noqa: E731
        done = once_call(request, once, values, record)
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=once_status(done.repeated))

    @extend_schema(request=CountVisitSerializer, responses={201: PlanSerializer})
    @action(detail=True, methods=["post"], url_path="return-visits/from-visit")
    def count_visit(self, request: Request, pk: str) -> Response:
        """将已保存的走访记为帮扶回访（不另记走访；assistance.api_count_visit），下次回访日期按回访周期顺延；
        只能由走访人本人记。"""
        data = CountVisitSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        plan = self.get_object()
        visits.visit_count_as_return_visit(actor=request.user, plan=plan, **data.validated_data)
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=status.HTTP_201_CREATED)


class MeasureCreateSerializer(serializers.Serializer):
    plan = ScopedPlanField(help_text="帮扶方案ID")
    measure_code = CodeRelatedField(slug_field="code", queryset=MeasureType.objects.all(), source="measure_type",
        help_text="措施编码（措施目录）", what="帮扶措施代码",
        listed_at="名称见帮扶措施目录，某户的建议措施见 GET /api/v1/assistance/plans/{id}/suggestions/")  # fmt: skip
    member = ScopedMemberField(required=False, allow_null=True, default=None, help_text="落实到成员ID（全户可空）")
    responsible_department = inline_choice_field(
        [(TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL), *Department.choices],
        required=False,
        allow_blank=True,
        help_text=f"责任部门；不填或为空按措施目录默认（部门和责任单位），{TOWNSHIP_VILLAGE}={TOWNSHIP_VILLAGE_LABEL}",
    )
    responsible_unit = serializers.CharField(required=False, allow_blank=True, default="", help_text="责任单位")
    responsible_person = serializers.CharField(help_text="责任人")
    starts_on = serializers.DateField(help_text="开始日期")
    ends_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="结束日期")
    amount = AmountField(
        max_digits=AMOUNT_FIELD.max_digits,
        decimal_places=AMOUNT_FIELD.decimal_places,
        error_messages={
            "max_whole_digits": MSG_AMOUNT_LIMIT,
            "max_digits": MSG_AMOUNT_DECIMALS,
            "max_decimal_places": MSG_AMOUNT_DECIMALS,
        },
        required=False,
        allow_null=True,
        default=None,
        help_text=f"金额（元），不超过 {MAX_AMOUNT:,} 元",
    )
    content = serializers.CharField(required=False, allow_blank=True, default="", help_text="具体内容")
    confirm_mismatch = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "措施须经核实时（与该户风险不符；单一风险的户已有针对该风险的措施；有劳动能力或稳定务工的户安排低保、特困；"
            "无劳动年龄内能劳动成员的户安排全户开发式措施；为未登记患病或残疾的成员安排家庭医生签约服务；结束日期已过），"
            "须为 true 并填写理由才会添加"
        ),
    )
    mismatch_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200, help_text="经核实仍要添加的理由"
    )
    confirm_unusual = serializers.BooleanField(
        required=False,
        default=False,
        help_text=f"同一成员（或全户）已有同一措施尚未办结，或金额超过 {LARGE_AMOUNT:,} 元时，须为 true 才会添加",
    )


class MeasureStatusSerializer(serializers.Serializer):
    status = inline_choice_field(MeasureStatus.choices, help_text="新状态")
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="办理情况；完成或终止时必填")
    on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="完成日期（改为已完成时），默认今天；不得早于开始日期"
    )
    expected_status = expected_status_field(
        MeasureStatus.choices,
        help_text="客户端读到的措施状态；与当前状态不符（他人已办理）时返回409，不作办理。不填则不核对",
    )


class MeasureViewSet(
    MeasureEditMixin, MeasureProgressMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """帮扶措施（一人一措施）：本人管辖范围内的措施，可按状态、部门、类别、乡镇或村、开始日期筛选，或只看逾期未办结、
    已到开始日期未实施；overdue 为 true 的措施已过结束日期，仍为计划中或实施中；
    late_start 为 true 的措施已过开始日期，仍为计划中。"""

    serializer_class = MeasureSerializer
    permission_classes = [AssistancePermission]
    filterset_class = MeasureFilter

    def get_queryset(self) -> Any:
        return selectors.measure_list(actor=self.request.user)

    @extend_schema(request=MeasureCreateSerializer, responses={201: MeasureSerializer})
    def create(self, request: Request) -> Response:
        """添加帮扶措施：开始日期不得早于该户纳入监测（或制定方案）的日期、不得晚于一年以后，结束日期不得早于开始日期、
        不得晚于五年以后，金额不得为负、不得超过上限；开发式措施须落实到劳动年龄内有劳动能力的成员，教育措施须落实到
        在校生；与该户风险不符的措施、单一风险的户再安排针对该风险的全户措施、有劳动能力或稳定务工的户安排低保或特困
        （劳动能力按劳动年龄判断，超过劳动年龄的劳动力按弱劳动力）、无劳动年龄内能劳动成员的户安排全户开发式措施、
        为未登记患病或残疾的成员安排家庭医生签约服务、结束日期已过（添加即逾期未办结），须
        confirm_mismatch=true 并填写 mismatch_reason；同一措施尚未办结或金额较大的，
        须 confirm_unusual=true。防贫保只能为三类监测对象安排（与理赔同一规则），绿色通道先行帮扶、尚未纳入监测的农户
        返回400。"""
        data = MeasureCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        measure = measures.measure_add(actor=request.user, **data.validated_data)
        return Response(MeasureSerializer(self.get_queryset().get(pk=measure.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeasureStatusSerializer, responses={200: MeasureSerializer})
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str) -> Response:
        """改变措施状态（计划中 → 实施中 → 已完成，或终止）：开始日期未到的不能改为实施中；已完成可填完成日期（on）；
        有责任部门的措施只能由该部门（部门帮扶任务）或县乡村振兴局改为已完成、已终止，村、乡镇改为这两种状态返回403；
        带 expected_status 的，措施已被他人改为其他状态时返回409。"""
        data = MeasureStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        measure = measure_status.measure_set_status(
            actor=request.user, measure=self.get_object(), **data.validated_data
        )
        return Response(MeasureSerializer(self.get_queryset().get(pk=measure.pk)).data)
