"""部门数据上传 API (/api/v1/feed-uploads/): a clerk uploads a file (multipart) or a nil return and follows its
processing; the county's staff read every department's uploads. The rows of persons the registry does not hold and
the error list are the mixins' (alerts.api_upload_rows)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from alerts import selectors
from alerts.access import may_download_errors
from alerts.api_feed_types import FeedsPermission
from alerts.api_upload_rows import UploadErrorsMixin, UploadUnregisteredMixin
from alerts.ingest.nil_return import feed_nil_return_create
from alerts.ingest.services import feed_upload_create
from alerts.models import FeedType, FeedUpload
from alerts.privacy import UPLOAD_MESSAGE_HELP, masked_feed_ids, shown_upload_message, shown_upload_names

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
            "rows_valid", "rows_error", "rows_matched", "rows_unmatched", "rows_late", "rows_after_period",
            "alerts_raised",
            "alerts_repeated", "alerts_wrong_data", "exclusions_added", "message", "has_error_file",
            "counts_as_submitted",
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
