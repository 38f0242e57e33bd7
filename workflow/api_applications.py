"""Self-application API (/api/v1/applications/): the village's worklist and its actions, scoped to the caller, and
代为申报 (a cadre filing for a farmer). The public submission is a page (views_public), not an API."""

from typing import Any

import django_filters
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.choices import Role
from config.errors import ApplicationError
from households.api_fields import ScopedHouseholdField
from households.api_params import RegionCodeFilterMixin
from households.choices import MonitoringCategory, RegionLevel, RiskType
from households.models import Region
from households.privacy import shown_id_number, shown_phone
from households.services.visits import FINDINGS
from screening.api_fields import RiskTypeLabelsField
from workflow import selectors_applications as selectors
from workflow.api_common import CasesPermission, api_errors, inline_choice_field
from workflow.application_privacy import TEXT_HIDDEN, shown_application_text
from workflow.choices_applications import DIFFICULTY_CHOICES, ApplicationStatus, InvalidReason
from workflow.models.applications import Application, ApplicationSupplement
from workflow.services import application_decline_review as review
from workflow.services import application_invalid as invalid
from workflow.services import application_public as public
from workflow.services import applications as services
from workflow.services.case_locks import Busy

MSG_NO_HOUSEHOLD = services.MSG_NOT_IN_REGISTRY
MSG_VILLAGE_CODE = "没有这个村的区划代码，请填写农户所在村的12位区划代码。"
SHOWN_TEXT_HELP = f"只读角色见“{TEXT_HIDDEN}”；其中的身份证号、手机号按本人权限遮蔽"


class ShownTextField(serializers.CharField):
    """One of an application's free texts as the caller may read it (workflow.application_privacy), as the page
    shows it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["help_text"] = f"{kwargs.pop('help_text')}（{SHOWN_TEXT_HELP}）"
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return shown_application_text(self.context["request"].user, super().to_representation(value))


class SupplementSerializer(serializers.ModelSerializer):
    risk_types_display = RiskTypeLabelsField(source="risk_types")
    situation = ShownTextField(help_text="困难情况说明")

    class Meta:
        model = ApplicationSupplement
        fields = ["receipt_no", "name", "risk_types", "risk_types_display", "situation", "submitted_at"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True, help_text="村区划代码")
    village_name = serializers.CharField(source="village.name", read_only=True, help_text="村名称")
    status = inline_choice_field(ApplicationStatus.choices, read_only=True, help_text="状态")
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")
    risk_types_display = RiskTypeLabelsField(source="risk_types")
    id_number = serializers.SerializerMethodField(help_text="身份证号（只读角色看到的是遮蔽后的号码）")
    phone = serializers.SerializerMethodField(help_text="联系电话（代为申报可为固定电话或空；只读角色见遮蔽号码）")
    client_ip = serializers.SerializerMethodField(help_text="提交地址（仅县乡村振兴局可见，用于防刷核查）")
    supplements = SupplementSerializer(many=True, read_only=True, help_text="补充申报（同一身份证号和手机号再次提交）")
    invalid_reason = inline_choice_field(
        InvalidReason.choices, read_only=True, allow_blank=True, help_text="无效原因（无效申报时）"
    )
    invalid_reason_display = serializers.CharField(
        source="get_invalid_reason_display", read_only=True, help_text="无效原因名称"
    )
    filed_by_name = serializers.SerializerMethodField(help_text="代为申报人（农户本人扫码申报的为空）")
    wait_days = serializers.SerializerMethodField(
        help_text="已等待天数（自提交之日起，与页面的“已等待N天”相同）；已办结的为空"
    )
    limit_days = serializers.SerializerMethodField(
        help_text="办结时限（天，本县识别纳入程序的时限，自提交之日起算）；未设时限或已办结的为空"
    )
    overdue = serializers.SerializerMethodField(help_text="是否超过办结时限（页面的“超期”）；已办结的为 false")
    situation = ShownTextField(help_text="困难情况说明")
    verification_notes = ShownTextField(help_text="入户核实情况")
    review_opinion = ShownTextField(help_text="村两委评议意见")
    decline_reason = ShownTextField(help_text="不予纳入的理由，或已是监测对象办结时的处理情况")
    invalid_note = ShownTextField(help_text="无效申报说明")

    class Meta:
        model = Application
        fields = [
            "id",
            "receipt_no",
            "village",
            "village_name",
            "name",
            "id_number",
            "phone",
            "risk_types",
            "risk_types_display",
            "situation",
            "consent_given",
            "consent_at",
            "consent_version",
            "client_ip",
            "status",
            "status_display",
            "submitted_at",
            "verification_started_at",
            "wait_days",
            "limit_days",
            "overdue",
            "verified_on",
            "verification_notes",
            "household",
            "case",
            "decline_reason",
            "review_on",
            "review_opinion",
            "township_read_at",
            "invalid_reason",
            "invalid_reason_display",
            "invalid_note",
            "decided_at",
            "filed_by_name",
            "supplements",
        ]
        read_only_fields = fields

    def _wait(self, obj: Application) -> selectors.Wait | None:
        waits = self.context.get("waits")
        if waits is None:
            waits = selectors.application_waits([obj])
        return waits.get(obj.pk)

    def get_wait_days(self, obj: Application) -> int | None:
        wait = self._wait(obj)
        return wait.days if wait is not None else None

    def get_limit_days(self, obj: Application) -> int | None:
        wait = self._wait(obj)
        return wait.limit_days if wait is not None else None

    def get_overdue(self, obj: Application) -> bool:
        wait = self._wait(obj)
        return wait is not None and wait.overdue

    def get_filed_by_name(self, obj: Application) -> str:
        filer = obj.filed_by
        return (filer.get_full_name() or filer.username) if filer is not None else ""

    def get_id_number(self, obj: Application) -> str:
        return shown_id_number(self.context["request"].user, obj.id_number)

    def get_phone(self, obj: Application) -> str:
        return shown_phone(self.context["request"].user, obj.phone)

    def get_client_ip(self, obj: Application) -> str | None:
        user = self.context["request"].user
        return obj.client_ip if user.is_superuser or user.role == Role.COUNTY_OFFICER else None


class ApplicationFilter(RegionCodeFilterMixin, django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=selectors.STATUS_FILTER_CHOICES,
        method="by_status",
        help_text="状态；或 pending（待办：已提交、核实中）、overdue（超过办结时限）、"
        "decline_unread（村级不予纳入、乡镇尚未标记已阅），与自主申报页面的状态标签相同",
    )
    township_unread = django_filters.BooleanFilter(
        method="unread", help_text="true：村级不予纳入、乡镇尚未标记已阅的申报（乡镇查看用）"
    )
    village = django_filters.CharFilter(field_name="village__code", help_text="村区划代码；不在本人管辖范围内为400")
    region_code_filters = {"village": (RegionLevel.VILLAGE,)}
    submitted_from = django_filters.DateFilter(
        field_name="submitted_at__date", lookup_expr="gte", help_text="提交日期起"
    )
    submitted_to = django_filters.DateFilter(field_name="submitted_at__date", lookup_expr="lte", help_text="提交日期止")
    q = django_filters.CharFilter(
        method="search", help_text="姓名包含，或回执号（不分大小写，可省略连字符和空格）、身份证号、手机号（完整）"
    )

    class Meta:
        model = Application
        fields = ["status", "village", "submitted_from", "submitted_to", "q", "township_unread"]

    def by_status(self, queryset: Any, name: str, value: str) -> Any:
        return selectors.with_status(queryset, actor=self.request.user, status=value) if value else queryset

    def unread(self, queryset: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        declined = queryset.filter(status=ApplicationStatus.DECLINED)
        return declined.filter(township_read_at__isnull=True) if value else declined.exclude(township_read_at=None)

    def search(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(selectors.application_search(value)).distinct() if value.strip() else queryset


IDENTITY_HELP = f"{services.IDENTITY_CONFIRMED}（须为 true：办理结果只告知本人或本户成员；记入审计日志）"


class DeclineSerializer(serializers.Serializer):
    visited_on = serializers.DateField(help_text="入户核实日期（须先开始核实并上户核实）")
    visit_notes = serializers.CharField(help_text="入户核实情况")
    reason = serializers.CharField(help_text="不予纳入的理由（记入档案；申报人查询时只看到“已办结”）")
    identity_confirmed = serializers.BooleanField(help_text=IDENTITY_HELP)
    # Required for a decline (the service says so at the field); a closure as 已是监测对象 needs none.
    review_on = serializers.DateField(
        required=False, allow_null=True, help_text="村两委评议日期（不予纳入时必填；不早于申报、不晚于今天）"
    )
    review_opinion = serializers.CharField(
        required=False, allow_blank=True, help_text="村两委评议意见（不予纳入时必填）"
    )


class JoinCaseSerializer(serializers.Serializer):
    identity_confirmed = serializers.BooleanField(help_text=IDENTITY_HELP)


class InvalidSerializer(serializers.Serializer):
    # Named as the application's own fields, which the answer carries.
    invalid_reason = serializers.ChoiceField(choices=InvalidReason.choices, help_text="无效原因")
    invalid_note = serializers.CharField(max_length=invalid.INVALID_NOTE_MAX, help_text="说明（仅工作人员可见）")


class ApplicationFileSerializer(serializers.Serializer):
    """代为申报: the public form's fields, for the village named."""

    village = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level=RegionLevel.VILLAGE),
        error_messages={"does_not_exist": MSG_VILLAGE_CODE},
        help_text="农户所在村的区划代码（12位，须在本人管辖范围内）",
    )
    name = serializers.CharField(help_text="申报人姓名")
    id_number = serializers.CharField(help_text="申报人身份证号（18位，年满18周岁）")
    phone = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="联系电话：11位手机号码，或带区号的固定电话（如0792-1234567）；农户没有电话的可省略（凭身份证号和回执号查询办理进度）",
    )
    risk_types = serializers.ListField(child=serializers.ChoiceField(choices=DIFFICULTY_CHOICES), help_text="困难类型")
    situation = serializers.CharField(help_text=f"困难情况说明（{public.SITUATION_MIN}～{public.SITUATION_MAX}字）")
    consent = serializers.BooleanField(help_text="农户已同意《农户承诺和授权查询书》（须为 true）")


class ToCaseSerializer(serializers.Serializer):
    household = ScopedHouseholdField(required=False, help_text="农户ID；省略时取本村档案中申报人（身份证号）所在的农户")
    visited_on = serializers.DateField(help_text="入户核实日期")
    visit_notes = serializers.CharField(help_text="入户核实情况")
    risk_types = serializers.ListField(
        child=serializers.ChoiceField(choices=RiskType.choices), help_text="核实的风险类型"
    )
    category = inline_choice_field(MonitoringCategory.choices, help_text="拟纳入监测类别")
    identity_confirmed = serializers.BooleanField(help_text=IDENTITY_HELP)
    findings = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        help_text="两不愁三保障及饮水（" + "、".join(FINDINGS) + "），省略时保持该户现状",
    )


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """农户自主申报：本人管辖范围内的申报；开始核实、转为识别纳入案件、不予纳入或按无效申报办结。"""

    serializer_class = ApplicationSerializer
    permission_classes = [CasesPermission]
    filterset_class = ApplicationFilter

    def get_queryset(self) -> Any:
        return selectors.application_list(actor=self.request.user).prefetch_related("supplements")

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        """The answer's applications with their waits, read in one go (selectors.application_waits)."""
        if args and args[0] is not None and "context" not in kwargs:
            rows = args[0] if kwargs.get("many") else [args[0]]
            kwargs["context"] = {**self.get_serializer_context(), "waits": selectors.application_waits(rows)}
        return super().get_serializer(*args, **kwargs)

    def _answer(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=application.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(request=ApplicationFileSerializer, responses={201: ApplicationSerializer})
    @action(detail=False, methods=["post"], url_path="file")
    def file(self, request: Request) -> Response:
        """代为申报：为不方便用手机的农户填写自主申报，记为本人代为申报（记入审计日志）。
        该村已有同一身份证号和手机号办理中的申报时，记为该申报的补充申报；回答为该申报。"""
        data = ApplicationFileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        receipt_no = public.application_file(actor=request.user, **data.validated_data)
        filed = self.get_queryset().filter(Q(receipt_no=receipt_no) | Q(supplements__receipt_no=receipt_no)).first()
        return self._answer(filed, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], url_path="start-verification")
    def start_verification(self, request: Request, pk: str) -> Response:
        """开始入户核实（已提交 → 核实中）。"""
        application = services.application_start_verification(actor=request.user, application=self.get_object())
        return self._answer(application)

    @extend_schema(request=ToCaseSerializer, responses={201: ApplicationSerializer})
    @action(detail=True, methods=["post"], url_path="to-case")
    def to_case(self, request: Request, pk: str) -> Response:
        """记录入户核实并发起识别纳入案件（渠道：农户自主申报）。申报人须是本村档案中的在世家庭成员。"""
        application = self.get_object()
        data = ToCaseSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        household = values.pop("household", None) or services.applicant_household(application)
        if household is None:
            raise ApplicationError(MSG_NO_HOUSEHOLD)
        services.application_to_case(actor=request.user, application=application, household=household, **values)
        return self._answer(application, status.HTTP_201_CREATED)

    @extend_schema(request=JoinCaseSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], url_path="join-case")
    def join_case(self, request: Request, pk: str) -> Response:
        """并入申报人所在农户办理中的识别纳入案件（已纳入程序），申报内容记入案件记录。"""
        application = self.get_object()
        data = JoinCaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.application_join_case(actor=request.user, application=application, **data.validated_data)
        except Busy as error:  # a deadlock twice (services.case_locks): 503, as the case endpoints answer it
            raise api_errors(error) from error
        return self._answer(application)

    @extend_schema(request=DeclineSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        """不予纳入：须在核实中（已开始核实），写明入户核实日期、核实情况和理由。"""
        data = DeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_decline(
            actor=request.user, application=self.get_object(), **data.validated_data
        )
        return self._answer(application)

    @extend_schema(request=None, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str) -> Response:
        """乡镇已阅：乡镇工作人员查看本乡镇村级不予纳入的申报（含村两委评议）后标记，记入审计日志。"""
        application = review.application_acknowledge(actor=request.user, application=self.get_object())
        return self._answer(application)

    @extend_schema(request=InvalidSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def invalidate(self, request: Request, pk: str) -> Response:
        """按无效申报办结（无法联系、信息虚假、重复申报、非本村人员）：已提交或核实中均可，不需入户核实，不记走访。"""
        data = InvalidSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        application = invalid.application_invalidate(
            actor=request.user,
            application=self.get_object(),
            reason=values["invalid_reason"],
            note=values["invalid_note"],
        )
        return self._answer(application)
