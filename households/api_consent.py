"""承诺和授权查询书 under /api/v1/consents/: the signed consent recorded with its scan (multipart) through
households.services.visits.consent_record, as the consent page (households.views_consent.consent_add): the same
file checks (JPG, PNG or PDF, at most 10 MB, starting as one), the same "仍要保存" question for a second consent
signed the same day."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from households.api import RegistryWritePermission
from households.api_fields import ScopedHouseholdField, confirm_unusual_field
from households.choices import ConsentSigner
from households.models import Consent
from households.services import visits
from households.services.visits import MSG_SCAN_REQUIRED

MSG_SCAN_NOT_A_FILE = "scan 应为文件：请以 multipart/form-data 上传签字扫描件（JPG、PNG 或 PDF）。"
MSG_SCAN_EMPTY = "上传的扫描件是空文件，请重新上传。"
MSG_SIGNED_ON_REQUIRED = "请填写签署日期（YYYY-MM-DD）。"
MSG_DATE_INVALID = "日期格式应为 YYYY-MM-DD（如 2026-03-01）。"
MSG_SIGNER_CHOICE = "“{input}”不是可用的签署方式，可用：self（本人签字）、proxy（代签并按手印）。"


class ConsentSerializer(serializers.ModelSerializer):
    household = ScopedHouseholdField(help_text="农户ID")
    signed_on = serializers.DateField(
        error_messages={"required": MSG_SIGNED_ON_REQUIRED, "invalid": MSG_DATE_INVALID}, help_text="签署日期"
    )
    signer = serializers.ChoiceField(
        choices=ConsentSigner.choices,
        default=ConsentSigner.SELF,
        error_messages={"invalid_choice": MSG_SIGNER_CHOICE},
        help_text="签署方式：self 本人签字；proxy 代签并按手印（须填代签人姓名并按手印）",
    )
    signer_display = serializers.CharField(source="get_signer_display", read_only=True, help_text="签署方式名称")
    proxy_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=50, help_text="代签人姓名（代签时必填）"
    )
    thumbprint = serializers.BooleanField(required=False, default=False, help_text="农户本人已按手印（代签时必须）")
    scan = serializers.FileField(
        write_only=True,
        error_messages={"required": MSG_SCAN_REQUIRED, "invalid": MSG_SCAN_NOT_A_FILE, "empty": MSG_SCAN_EMPTY},
        help_text="签字（按手印）的授权书扫描件或照片：JPG、PNG 或 PDF，不超过 10 MB（multipart/form-data）",
    )
    has_scan = serializers.SerializerMethodField(help_text="是否有扫描件（有扫描件才算在档，可据此比对家庭资产）")
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, help_text="录入人账号")
    confirm_unusual = confirm_unusual_field()

    class Meta:
        model = Consent
        fields = [
            "id",
            "household",
            "signed_on",
            "signer",
            "signer_display",
            "proxy_name",
            "thumbprint",
            "scan",
            "has_scan",
            "recorded_by",
            "created_at",
            "confirm_unusual",
        ]
        read_only_fields = ["created_at"]

    def get_has_scan(self, consent: Consent) -> bool:
        return bool(consent.scan)


class ConsentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """农户承诺和授权查询书：登记（附签字扫描件）与查看；没有扫描件的不算在档，不能据此比对家庭资产。"""

    serializer_class = ConsentSerializer
    permission_classes = [RegistryWritePermission]
    filterset_fields = ["household"]
    # JSON too: a client that sends no file is told which field is missing, rather than a bare 415.
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> Any:
        return Consent.objects.visible_to(self.request.user).select_related("recorded_by")

    @extend_schema(request={"multipart/form-data": ConsentSerializer}, responses={201: ConsentSerializer})
    def create(self, request: Request) -> Response:
        """登记签署的承诺和授权查询书，附扫描件（multipart/form-data）。同一农户同一签署日期已有登记的，返回400并在
        confirm_unusual 说明，核实不是重复登记后带 confirm_unusual=true 重新提交。记入变更记录和审计日志。"""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        consent = visits.consent_record(actor=request.user, household=data.pop("household"), **data)
        return Response(self.get_serializer(consent).data, status=status.HTTP_201_CREATED)
