"""Alerts API: feed types, uploads (multipart create), alerts and their verification, punctuality.

Clerks reach their department's uploads and the outcome of their own alerts only: their alert serializer carries
the person as their file named them and the outcome, no registry field (need to know)."""

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import MSG_API_NO_CAPABILITY, user_can
from accounts.roles import Capability
from alerts import selectors
from alerts.access import is_county_staff, may_download_errors
from alerts.api_feed_types import FeedsPermission, masked_feed_types
from alerts.api_upload_rows import UploadErrorsMixin, UploadUnregisteredMixin
from alerts.api_verify import VerifySerializer
from alerts.choices import AlertLevel, AlertOutcome, AlertStatus
from alerts.ingest.nil_return import feed_nil_return_create
from alerts.ingest.services import feed_upload_create
from alerts.models import Alert, FeedType, FeedUpload
from alerts.models.uploads import clerk_department
from alerts.privacy import (
    UPLOAD_MESSAGE_HELP,
    hides_alert_health,
    masked_feed_ids,
    shown_alert_detail,
    shown_alert_note,
    shown_alert_rule_name,
    shown_feed_name,
    shown_upload_message,
    shown_upload_names,
)
from alerts.repeats import repeat_hold
from alerts.services.verification import alert_verify
from config.api import KnownQueryParamsMixin, choice_param
from config.api_ids import scoped_id_param
from households.api_params import region_param
from households.choices import RegionLevel
from households.privacy import shown_id_number


class AlertsPermission(BasePermission):
    """Registry staff read alerts and (with edit rights) verify them; clerks read their own alerts' outcomes."""

    message = MSG_API_NO_CAPABILITY

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return user_can(request.user, Capability.REGISTRY_VIEW) or clerk_department(request.user) is not None
        return user_can(request.user, Capability.REGISTRY_EDIT)


MSG_FEED_TYPE_REQUIRED = "请选择数据类型。"


class UploadSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="处理状态名称")
    department_display = serializers.CharField(source="get_department_display", read_only=True, help_text="报送部门")
    # null for a health feed's upload to a role that reads its alerts under the department's label (to_representation)
    feed_type = serializers.PrimaryKeyRelatedField(queryset=FeedType.objects.filter(is_active=True), allow_null=True)
    file = serializers.FileField(write_only=True, help_text=".xlsx 或 .csv（UTF-8/GBK）")
    period = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        default="",
        help_text="这份数据所属报送期的代码（如 2026-11B），可选本期和截止日期在近92天内的往期（补报计迟报）；"
        "不填为本期（本期还在进行、上一期还没报的，为上一期）。按期自动推送的系统请填写。",
    )
    has_error_file = serializers.SerializerMethodField(help_text="有无本人可下载的错误清单（{id}/errors/）")
    on_time = serializers.BooleanField(
        read_only=True,
        allow_null=True,
        help_text="是否按时报送：true 按时，false 迟报（补报）；null 不计（该期截止日期早于数据类型开始报送日期，"
        "即上线前的报送期，不计按时也不计迟报，原因见 on_time_reason）",
    )
    progress = serializers.IntegerField(
        source="progress_now", read_only=True, help_text="处理进度（%），处理中实时更新"
    )
    rows_read = serializers.IntegerField(
        source="rows_read_now", read_only=True, help_text="已读取的行数，处理中按已读入的文件大小实时更新"
    )
    progress_step = serializers.CharField(
        read_only=True,
        help_text="处理中的当前步骤（读取文件、核对数据、比对档案、生成错误清单、生成预警），未在处理时为空",
    )
    on_time_reason = serializers.CharField(
        read_only=True, help_text="on_time 为 null 时不计的原因（如“上线前，不计：…”），否则为空"
    )
    counts_as_submitted = serializers.BooleanField(
        read_only=True,
        help_text="是否计为已报送该期：失败的、或没有一行有效数据的文件不计（该期仍为未报，on_time 不适用）",
    )

    class Meta:
        model = FeedUpload
        fields = [
            "id", "feed_type", "department", "department_display", "file", "original_name", "period_key",
            "period_label", "deadline", "on_time", "on_time_reason", "status", "status_display", "progress",
            "progress_step", "rows_read", "ids_repeated",
            "rows_valid", "rows_error", "rows_matched", "rows_unmatched", "rows_late", "alerts_raised",
            "alerts_repeated", "exclusions_added", "message", "has_error_file", "counts_as_submitted",
            "created_at", "finished_at", "period", "nil_return",
        ]  # fmt: skip
        read_only_fields = [f for f in fields if f not in ("feed_type", "file", "period")]
        extra_kwargs = {"message": {"help_text": UPLOAD_MESSAGE_HELP}}

    def to_representation(self, instance: Any) -> dict[str, Any]:
        # A health feed's name and the department's file name (it may name a diagnosis) are hidden from the roles
        # that read its alerts as 卫健部门预警: the id would name the feed through /api/v1/feed-types/.
        data, user = super().to_representation(instance), self.context["request"].user
        data["message"] = shown_upload_message(user, instance)  # the ID numbers it quotes, masked as elsewhere
        if "masked_feeds" not in self.context:  # once per response, not once per upload
            self.context["masked_feeds"] = masked_feed_ids(user)
        if instance.feed_type_id in self.context["masked_feeds"]:
            data["feed_type"] = None
            data["original_name"] = shown_upload_names(user, instance, self.context["masked_feeds"])[1]
        return data

    def get_has_error_file(self, obj: FeedUpload) -> bool:
        """Whether there is an error list this user may download (its own department's clerks, the county bureau)."""
        return bool(obj.error_file) and may_download_errors(self.context["request"].user, obj)


class NilReturnSerializer(serializers.Serializer):
    feed_type = serializers.PrimaryKeyRelatedField(queryset=FeedType.objects.filter(is_active=True), label="数据类型")
    period = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="报送期代码；不填为本期（本期还在进行、上一期还没报的，为上一期）",
    )


class UploadViewSet(
    UploadUnregisteredMixin,
    UploadErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """部门数据上传：上传文件（multipart），查看处理进度与结果；{id}/unregistered/ 列出其中档案里没有的人员及县里的
    核查结果；{id}/errors/ 下载错误清单（has_error_file 为 true 时；仅上传部门的工作人员和县级业务人员）。
    同一文件已上传过的（如超时重试），返回409，extra.id 为首次上传的ID、extra.url 为其状态地址，可据此查询处理进度。"""

    serializer_class = UploadSerializer
    permission_classes = [FeedsPermission]
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return selectors.upload_list(actor=self.request.user)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        if data["feed_type"] is None:  # nullable for the masked list only (UploadSerializer.to_representation)
            raise exceptions.ValidationError({"feed_type": [MSG_FEED_TYPE_REQUIRED]})
        serializer.instance = feed_upload_create(
            actor=self.request.user, feed_type=data["feed_type"], upload=data["file"], period_key=data["period"]
        )

    @extend_schema(request=NilReturnSerializer, responses={201: UploadSerializer})
    @action(detail=False, methods=["post"], url_path="nil-return", parser_classes=[JSONParser, FormParser])
    def nil_return(self, request: Request) -> Response:
        """零报告：所选报送期本部门没有符合条件的新增人员，不上传文件也计为已报送（超过截止日期的计迟报）。
        该期已报过零报告或已上传过数据文件的，返回409，extra.id、extra.url 为已有的那次报送。"""
        data = NilReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = feed_nil_return_create(
            actor=request.user, feed_type=data.validated_data["feed_type"], period_key=data.validated_data["period"]
        )
        return Response(self.get_serializer(record).data, status=201)


class OutcomeSerializer(serializers.ModelSerializer):
    """What a department sees of an alert it caused."""

    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")
    # Blank while pending (the model's blank choice), as the schema's enum says: "" is one of its values.
    outcome = serializers.ChoiceField(
        choices=AlertOutcome.choices, allow_blank=True, read_only=True, help_text="核实结果；待核实时为空字符串"
    )
    outcome_display = serializers.CharField(
        source="get_outcome_display", read_only=True, help_text="核实结果名称；待核实时为空字符串"
    )
    upload_name = serializers.CharField(
        source="upload.original_name",
        read_only=True,
        allow_null=True,
        help_text="来源文件名：同一报送期有几个文件时，与 line（行号）一起指明是哪个文件的哪一行"
        "（上传部门和县级业务人员可见，其他角色为空）",
    )

    class Meta:
        model = Alert
        fields = [
            "id", "feed_type", "upload", "upload_name", "line", "person_name", "id_number", "detail", "period_key",
            "raised_on", "due_on", "status", "status_display", "outcome", "outcome_display", "verified_on",
            # The note written for the department (what in the row was wrong); never the cadre's own 核实情况
            # (outcome_note), which may name the household's income or benefits (review rev-clerk 4).
            "department_note", "verify_by",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, instance: Any) -> dict[str, Any]:
        # The department sent the number and sees it; in the registry's roles, the read-only ones see it masked.
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not clerk_department(user):
            data["id_number"] = shown_id_number(user, data.get("id_number") or "")
            # The file's name is the department's (it may name a diagnosis): the upload's readers only.
            data["upload_name"] = data["upload_name"] if is_county_staff(user) else None
        data["detail"] = shown_alert_detail(user, instance)  # health details hidden from read-only roles
        data["department_note"] = shown_alert_note(user, instance, instance.department_note)
        if "outcome_note" in data:
            data["outcome_note"] = shown_alert_note(user, instance)
        return data


class RepeatHoldSerializer(serializers.Serializer):
    held = serializers.BooleanField(help_text="此人此规则在以后报送期再次被报送时，现在是否不重复生成预警")
    until = serializers.DateField(allow_null=True, help_text="自该日起再次报送将重新预警（核实后不重复预警期满）")
    text = serializers.CharField(help_text="说明：为什么部门再次报送此人时没有（或会）生成预警")


HEALTH_NAME_HELP = "；卫健、医保、残联等健康类预警，只读角色看到的是“卫健部门预警”等（rule、feed_type 为空）"


class AlertSerializer(OutcomeSerializer):
    department_display = serializers.CharField(source="get_department_display", read_only=True, help_text="报送部门")
    level_display = serializers.CharField(source="get_level_display", read_only=True, help_text="核实层级名称")
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")
    household_number = serializers.CharField(source="household.number", read_only=True, help_text="户编号")
    repeat_hold = serializers.SerializerMethodField(help_text="再次报送：是否不重复生成预警及原因")
    rule_name = serializers.CharField(read_only=True, help_text="预警规则（生成预警时的规则名称）" + HEALTH_NAME_HELP)
    feed_type_name = serializers.CharField(
        source="feed_type.name", read_only=True, help_text="数据类型" + HEALTH_NAME_HELP
    )

    class Meta(OutcomeSerializer.Meta):
        fields = [
            *OutcomeSerializer.Meta.fields, "outcome_note", "rule", "rule_name", "feed_type_name", "department",
            "department_display", "household", "household_number", "head_name", "region_path", "level",
            "level_display", "escalated_on", "case",
            "repeat_hold",
        ]  # fmt: skip
        read_only_fields = fields
        role_fields = {name for name in fields if name not in OutcomeSerializer.Meta.fields}  # config.api_schema
        role_fields_note = "（行业部门工作人员查看时不返回此字段；村、乡镇、县级各角色返回）"
        # null for a read-only role on a health alert (to_representation), as the schema says.
        extra_kwargs = {"rule": {"allow_null": True}, "feed_type": {"allow_null": True}}

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data, user = super().to_representation(instance), self.context["request"].user
        data["rule_name"], data["feed_type_name"] = (
            shown_alert_rule_name(user, instance),
            shown_feed_name(user, instance),
        )
        if hides_alert_health(user, instance):
            # The ids name the health rule and feed through /api/v1/feed-types/ as well as their names would.
            data["rule"] = data["feed_type"] = data["upload_name"] = None
        return data

    @extend_schema_field(RepeatHoldSerializer)
    def get_repeat_hold(self, obj: Alert) -> dict[str, Any]:
        return RepeatHoldSerializer(repeat_hold(obj, viewer=self.context["request"].user)).data


PLACE_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)
# The status filter: one of the statuses, "overdue" (pending past its verification deadline), or "all" (the page's
# 全部 tab: the same as no filter).
STATUS_FILTERS = [*AlertStatus.values, "overdue", "all"]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=STATUS_FILTERS,
                description="pending 待核实、verified 已核实、overdue 超期未核实、all 全部（同不填）",
            ),
            OpenApiParameter("level", str, enum=AlertLevel.values, description="核实层级"),
            OpenApiParameter("outcome", str, enum=AlertOutcome.values, description="核实结果"),
            OpenApiParameter(
                "feed_type", int, description="数据类型ID；不存在（或不是本部门的）、或只读角色选健康类数据类型的为400"
            ),
            OpenApiParameter("village", str, description="乡镇或村的12位区划代码；不在管辖范围内（或行业部门）为400"),
            OpenApiParameter("q", str, description="姓名或身份证号（行业部门：本部门数据中的姓名或身份证号）"),
        ]
    )
)
class AlertViewSet(KnownQueryParamsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """部门预警：村、乡镇、县按辖区查看并入户核实；行业部门只看到本部门预警的核实结果。
    过滤参数：status（pending/overdue/verified/all）、level、outcome、feed_type、village（村区划代码）、q（姓名或身份证号；
    行业部门只按本部门数据中的姓名和身份证号查找）。"""

    permission_classes = [AlertsPermission]
    query_params_known = ("status", "level", "outcome", "feed_type", "village", "q")

    def known_query_params(self) -> tuple[str, ...]:
        # A clerk's list neither takes nor offers the registry's parameters (selectors.REGISTRY_PARAMS).
        if clerk_department(self.request.user) is None:
            return self.query_params_known
        return selectors.clerk_params(self.query_params_known, self.request.query_params)

    def get_serializer_class(self) -> Any:
        return OutcomeSerializer if clerk_department(self.request.user) is not None else AlertSerializer

    def _feed_types(self) -> Any:
        # A clerk's alerts are of their own department's feed types: another department's reads as unknown.
        department = clerk_department(self.request.user)
        if department:
            return FeedType.objects.filter(department=department)
        return masked_feed_types(self.request)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user, no database reads
            return Alert.objects.none()
        params = self.request.query_params
        filters: dict[str, Any] = {
            "status": choice_param(self.request, "status", STATUS_FILTERS),
            "level": choice_param(self.request, "level", AlertLevel.values),
            "outcome": choice_param(self.request, "outcome", AlertOutcome.values),
            "q": params.get("q", ""),
            "feed_type": scoped_id_param(self.request, "feed_type", self._feed_types()),
        }
        if filters["status"] == "all":
            filters["status"] = ""
        clerk = clerk_department(self.request.user) is not None
        if self.action != "list":
            filters = {}
        elif region := region_param(self.request, "village", PLACE_LEVELS):
            filters["village"] = region.path
        if clerk:
            return selectors.department_outcomes(actor=self.request.user, filters=filters)
        # The upload (its period's name) and the case (its outcome) for repeat_hold.
        return selectors.alert_list(actor=self.request.user, filters=filters).select_related("upload", "case")

    @extend_schema(request=VerifySerializer, responses={200: AlertSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str) -> Response:
        """入户核实并登记结果；纳入监测时发起识别纳入程序（部门筛查预警渠道）。"""
        data = VerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        alert = alert_verify(actor=request.user, alert=self.get_object(), **data.validated_data)
        return Response(AlertSerializer(alert, context=self.get_serializer_context()).data)


class PunctualitySerializer(serializers.Serializer):
    department = serializers.CharField(help_text="报送部门代码")
    department_label = serializers.CharField(help_text="报送部门")
    department_display = serializers.CharField(
        source="department_label", read_only=True, help_text="报送部门（同 department_label）"
    )
    feed_type = serializers.IntegerField(source="feed_type.pk", allow_null=True, default=None, label="数据类型")
    feed_type_name = serializers.CharField(source="feed_type.name", allow_null=True, default=None, label="数据类型名称")
    expected = serializers.IntegerField(label="应报期数")
    on_time = serializers.IntegerField(label="按时报送期数")
    late = serializers.IntegerField(label="迟报期数")
    missing = serializers.IntegerField(label="未报期数")
    rate = serializers.FloatField(allow_null=True, label="及时率（%）")
    missing_periods = serializers.ListField(child=serializers.CharField(), label="未报的报送期")
    within_days = serializers.BooleanField(help_text="发生后N日内推送的数据类型：不按期应报，按每行的发生日期计迟报")
    rows_pushed = serializers.IntegerField(help_text="发生后N日内推送：期间上报的有效行数")
    rows_late = serializers.IntegerField(help_text="发生后N日内推送：其中超过N日推送的行数")
    pushed_rate = serializers.FloatField(allow_null=True, help_text="按时推送率（%），未上报时为空")


class PunctualityView(KnownQueryParamsMixin, APIView):
    """部门数据报送及时率：start、end（截止日期范围，YYYY-MM-DD；默认今年1月1日至今）。"""

    permission_classes = [FeedsPermission]
    query_params_known = ("start", "end")

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="截止日期从（YYYY-MM-DD），默认今年1月1日"),
            OpenApiParameter("end", str, description="截止日期至（YYYY-MM-DD），默认今天"),
        ],
        responses={200: PunctualitySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        from alerts.forms import PeriodForm

        form = PeriodForm(request.query_params)
        if not form.is_valid():  # a bad date is said, not replaced by the default period
            raise ValidationError(form.errors)
        start, end = form.period()
        rows = selectors.punctuality_table(actor=request.user, start=start, end=end)
        return Response(PunctualitySerializer(rows, many=True).data)
