"""数据逻辑校验 API (households.data_checks): the checks with their counts in the caller's scope, and one check's
findings, paginated. Optional filters on both: township and village (codes inside the scope). A comparison list's
finding may be marked 已核实 (POST reviews; households.services.check_reviews) and is then listed with checked=true."""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts.permissions import HasCapability
from accounts.roles import Capability
from config.api import PageSerializer, page_parameters, refuse_unknown_params
from households.api_params import region_param
from households.check_filter import MSG_VILLAGE_OUTSIDE
from households.choices import RegionLevel
from households.data_check_reviews import CHECK_OUTCOMES
from households.data_checks import HOUSEHOLD, MEMBER, check_counts, check_findings, check_get, findings_of
from households.models import Household, Region
from households.models.check_reviews import CheckOutcome, DataCheckReview
from households.privacy import shown_id_number
from households.selectors import village_options
from households.services.check_reviews import NOTE_MAX, check_review_record

ON_LABELS = {MEMBER: "成员", HOUSEHOLD: "农户"}  # what a check's findings are about (DataCheck.on)
TOWNSHIP = OpenApiParameter(
    "township", str, description="乡镇区划代码（9位），只看该乡镇；不在本人管辖范围内的乡镇为400"
)
# Plain strings in the schema: the service checks the outcome against the check's (CHECK_OUTCOMES), at the field.
OUTCOME_HELP = "核实结果：" + "；".join(f"{value} {label}" for value, label in CheckOutcome.choices)
CHECKED = OpenApiParameter(
    "checked", bool, description="true：只看已核实（仍有效）的问题，各带核实记录；默认 false，只看待处理的问题"
)
VILLAGE = OpenApiParameter(
    "village", str, description="村区划代码（12位），只看该村；不在本人管辖范围内或不属于所给乡镇的村为400"
)


class DataCheckSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="校验项代码")
    label = serializers.CharField(help_text="校验项")
    kind = serializers.CharField(help_text="error 逻辑错误、review 需核实、compare 比对")
    kind_display = serializers.CharField(source="kind_label")
    on = serializers.CharField(help_text="member 成员、household 农户")
    on_display = serializers.SerializerMethodField(help_text="校验对象：成员 或 农户")
    fix = serializers.CharField(help_text="处理办法")
    count = serializers.IntegerField(help_text="问题条数（不含已核实的）")
    outcomes = serializers.ListField(
        child=serializers.CharField(),
        help_text="可标记已核实时的核实结果；不能标记已核实的校验项为空",
    )

    def get_on_display(self, check: dict[str, Any]) -> str:
        return ON_LABELS.get(check["on"], check["on"])


class DataCheckReviewSerializer(serializers.ModelSerializer):
    check = serializers.CharField(source="check_code", read_only=True, help_text="校验项代码")
    outcome = serializers.CharField(read_only=True, help_text=OUTCOME_HELP)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    reviewed_by = serializers.CharField(source="reviewed_by.username", read_only=True, help_text="核实人账号")

    class Meta:
        model = DataCheckReview
        fields = ["id", "check", "household", "outcome", "outcome_display", "note", "reviewed_on", "reviewed_by"]
        read_only_fields = fields


class DataCheckReviewInputSerializer(serializers.Serializer):
    household = serializers.IntegerField(help_text="农户ID（须在本项清单中）")
    outcome = serializers.CharField(help_text=OUTCOME_HELP)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX, help_text="说明；“其他”必填")


class DataCheckFindingSerializer(serializers.Serializer):
    household = serializers.IntegerField(source="household.pk", help_text="农户ID")
    household_number = serializers.CharField(source="household.number", help_text="户编号")
    head_name = serializers.CharField(source="household.head_name", help_text="户主姓名")
    township = serializers.CharField(source="household.village.parent.name", help_text="乡镇")
    village = serializers.CharField(source="household.village.name", help_text="村")
    member = serializers.IntegerField(source="member.pk", default=None, help_text="家庭成员ID；农户类问题为 null")
    member_name = serializers.CharField(source="member.name", default=None, help_text="成员姓名；农户类问题为 null")
    id_number = serializers.SerializerMethodField(
        help_text="成员的身份证号；农户类问题为在世户主的身份证号（与民政比对用）。只读角色看到的是遮挡后的号码"
    )
    detail = serializers.CharField(help_text="问题说明")
    review = DataCheckReviewSerializer(allow_null=True, help_text="已核实的记录（checked=true 时）；否则为 null")

    def get_id_number(self, finding: Any) -> str | None:
        return shown_id_number(self.context["request"].user, finding.id_number) or None


class DataCheckFindingPageSerializer(PageSerializer):
    results = DataCheckFindingSerializer(many=True, help_text="本页的问题")


class DataCheckViewSet(viewsets.ViewSet):
    """数据逻辑校验：各校验项在辖区内发现的问题数，及某一项的问题清单。"""

    permission_classes = [HasCapability(Capability.REGISTRY_VIEW)]
    lookup_field = "code"
    lookup_value_regex = "[a-z_]+"

    def _region_path(self, request: Request) -> str:
        # A township or village out of scope (or of another level) is a 400 naming the parameter, not an empty list;
        # a village outside the township given is one too.
        villages = village_options(actor=request.user)
        townships = Region.objects.filter(pk__in=villages.values("parent"))
        township = region_param(request, "township", (RegionLevel.TOWNSHIP,), regions=townships)
        village = region_param(request, "village", (RegionLevel.VILLAGE,), regions=villages)
        if township is not None and village is not None and not village.path.startswith(township.path):
            raise serializers.ValidationError({"village": [MSG_VILLAGE_OUTSIDE]})
        chosen = village or township
        return chosen.path if chosen is not None else ""

    @extend_schema(parameters=[TOWNSHIP, VILLAGE], responses={200: DataCheckSerializer(many=True)})
    def list(self, request: Request) -> Response:
        refuse_unknown_params(request, ("township", "village"), paged=False)  # the checks, whole: not paged
        counts = check_counts(actor=request.user, today=timezone.localdate(), region_path=self._region_path(request))
        rows = [{**_check_fields(check), "count": n} for check, n in counts]
        return Response(DataCheckSerializer(rows, many=True).data)

    # Paginated by hand (a ViewSet has no pagination_class for the schema to read): its page declared as such.
    @extend_schema(
        parameters=[TOWNSHIP, VILLAGE, CHECKED, *page_parameters()], responses={200: DataCheckFindingPageSerializer}
    )
    @action(detail=True, methods=["get"])
    def findings(self, request: Request, code: str) -> Response:
        refuse_unknown_params(request, ("township", "village", "checked"))
        check = check_get(code)
        today = timezone.localdate()
        checked = serializers.BooleanField().to_internal_value(request.query_params.get("checked", "false"))
        path = self._region_path(request)
        rows = check_findings(actor=request.user, check=check, today=today, region_path=path, checked=checked)
        paginator = api_settings.DEFAULT_PAGINATION_CLASS()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = DataCheckFindingSerializer(findings_of(check, page, today), many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(request=DataCheckReviewInputSerializer, responses={201: DataCheckReviewSerializer})
    # A read-only role is refused before the body or the check is read (tests/config/test_read_only_role_writes.py).
    @action(detail=True, methods=["post"], permission_classes=[HasCapability(Capability.REGISTRY_EDIT)])
    def reviews(self, request: Request, code: str) -> Response:
        """标记已核实：该户移出本项清单，成员或最近一年收入变化、或核实记录过期后重新列出。"""
        check = check_get(code)
        data = DataCheckReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        household = get_object_or_404(Household.objects.visible_to(request.user), pk=data.validated_data["household"])
        fields = {"outcome": data.validated_data["outcome"], "note": data.validated_data.get("note", "")}
        review = check_review_record(actor=request.user, check=check, household=household, **fields)
        return Response(DataCheckReviewSerializer(review).data, status=201)


def _check_fields(check: Any) -> dict[str, Any]:
    return {"code": check.code, "label": check.label, "kind": check.kind, "kind_label": check.kind_label,
            "on": check.on, "fix": check.fix, "outcomes": CHECK_OUTCOMES.get(check.code, [])}  # fmt: skip
