"""An upload's rows of persons the registry does not hold (档案中没有、符合预警条件的人员), with the county's finding
on each: what the upload's page shows (templates/alerts/upload_detail.html), read through the same selector
(alerts.selectors_unregistered), as GET /api/v1/feed-uploads/{id}/unregistered/. Scoped as the upload itself: a
clerk reaches their own department's uploads only, another's is a 404."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from alerts.access import MSG_ERRORS_NOT_YOURS, error_workbook_response, may_download_errors
from alerts.choices import UnregisteredOutcome
from alerts.models import UnregisteredPerson
from alerts.models.uploads import clerk_department
from alerts.selectors_unregistered import NOT_CHECKED, upload_unregistered_query, with_registry_record
from config.api import refuse_unknown_params
from households.privacy import shown_id_number

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MSG_NO_ERROR_FILE = "该上传没有错误清单。"


class UnregisteredRowSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="在上传文件中的行号")
    person_name = serializers.CharField(help_text="姓名（文件中的写法；可能为空）")
    id_number = serializers.SerializerMethodField(
        help_text="身份证号：报送部门工作人员和可编辑档案的县级人员看到完整号码，其他（只读）角色看到遮盖后的号码"
    )
    finding = serializers.ChoiceField(
        choices=UnregisteredOutcome.choices,
        allow_blank=True,
        help_text="县里的核查结果代码；尚未核查时为空",
    )
    finding_display = serializers.SerializerMethodField(help_text="核查结果名称；尚未核查时为空字符串")
    finding_label = serializers.CharField(help_text=f"核查结果（中文；尚未核查时为“{NOT_CHECKED}”）")
    finding_note = serializers.CharField(
        help_text="核查说明：仅当核查结果为“部门数据有误”时给出，供报送部门改正后重新报送；其他结果为空"
    )
    registry_record = serializers.CharField(
        source="gone",
        help_text="档案中已登记为已故或已迁出时的说明（仅县级人员可见，如：档案中已登记为已故（2026-10-28，"
        "涂埠镇城南村））；报送部门工作人员看到的总是空",
    )

    def get_finding_display(self, row: UnregisteredPerson) -> str:
        # `finding` is the selector's annotation (no get_finding_display): the code's label, as every *_display.
        finding = getattr(row, "finding", "")
        return str(UnregisteredOutcome(finding).label) if finding else ""

    def get_id_number(self, row: UnregisteredPerson) -> str:
        # As the page: the department sent the number and sees it; the registry's read-only roles see it masked.
        user = self.context["request"].user
        return row.id_number if clerk_department(user) is not None else shown_id_number(user, row.id_number)


class UploadUnregisteredMixin:
    """The `unregistered` action of alerts.api_uploads.UploadViewSet (its get_object gives the upload in the user's
    scope)."""

    @extend_schema(responses={200: UnregisteredRowSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def unregistered(self, request: Request, pk: str) -> Response:
        """这份上传中档案里没有、符合预警条件的人员（按文件行号排序），及县里对每人的核查结果：与上传结果页面
        显示的相同。核查为“部门数据有误”的，请按核查说明改正后重新报送（同一报送期可再传只含改正行的文件，
        也可随下一期数据报送）。"""
        refuse_unknown_params(request, ())
        view: Any = self
        upload = view.get_object()
        page = view.paginate_queryset(upload_unregistered_query(actor=request.user, upload=upload))
        rows = with_registry_record(actor=request.user, rows=page)
        data = UnregisteredRowSerializer(rows, many=True, context={"request": request}).data
        return view.get_paginated_response(data)


class UploadErrorsMixin:
    """The `errors` action of alerts.api_uploads.UploadViewSet: the error workbook the upload's message tells its
    uploader to download (请下载错误清单), with a token as on the page (/alerts/uploads/<id>/errors/, which a token
    cannot reach): the same rule, alerts.access.may_download_errors."""

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def errors(self, request: Request, pk: str) -> FileResponse:
        """下载错误清单（xlsx，含每个错误行及原因）：仅上传部门的工作人员和县级业务人员（其他角色为403）；
        has_error_file 为 false 的上传为404。"""
        refuse_unknown_params(request, ())
        view: Any = self
        upload = view.get_object()  # a clerk's own department's uploads only; another's is a 404
        if not may_download_errors(request.user, upload):
            raise PermissionDenied(MSG_ERRORS_NOT_YOURS)
        if not upload.error_file:
            raise exceptions.NotFound(MSG_NO_ERROR_FILE)
        return error_workbook_response(actor=request.user, upload=upload)
