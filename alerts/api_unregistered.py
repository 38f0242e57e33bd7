"""未在档人员 API: the persons department feeds named whom the county's registry does not hold, one entry per
person, and the county's finding about each (alerts.services.unregistered). The county's staff only."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import MSG_API_NO_CAPABILITY, user_can
from accounts.roles import Capability
from alerts.access import is_county_staff
from alerts.api_feed_types import masked_feed_types
from alerts.choices import UnregisteredOutcome
from alerts.models import UnregisteredEntry
from alerts.privacy import health_feed_ids, shown_feed_detail
from alerts.selectors_unregistered import (
    STATUS_CHOICES,
    unregistered_entry_get,
    unregistered_people,
    with_details,
    with_earlier_names,
)
from alerts.services.unregistered import MAX_BULK, unregistered_check, unregistered_check_many
from config.api import KnownQueryParamsMixin, choice_param
from config.api_ids import scoped_id_param
from households.choices import RegionLevel
from households.models import Region
from households.privacy import shown_id_number

MSG_VILLAGE_CODE = "村区划代码“{code}”不存在。"
STATUS_VALUES = [value for value, _ in STATUS_CHOICES]


class CountyStaffPermission(BasePermission):
    message = MSG_API_NO_CAPABILITY

    def has_permission(self, request: Any, view: Any) -> bool:
        if not request.user.is_authenticated or not is_county_staff(request.user):
            return False
        return request.method in ("GET", "HEAD", "OPTIONS") or user_can(request.user, Capability.REGISTRY_EDIT)


class UnregisteredFindingSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text="核查结果代码")
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True, help_text="核查结果")
    note = serializers.CharField(help_text="核查情况")
    village = serializers.CharField(
        source="village.code", default=None, allow_null=True, help_text="建档村区划代码；无为 null"
    )
    village_name = serializers.CharField(
        source="village.name", default=None, allow_null=True, help_text="建档村；无为 null"
    )
    checked_on = serializers.DateField()
    checked_by = serializers.CharField(source="checked_by.username")


class EarlierNameSerializer(serializers.Serializer):
    person_name = serializers.CharField(help_text="部门早先报送的、与查询相符的姓名")
    named_on = serializers.DateField(help_text="该次报送日期")
    feed_type = serializers.CharField(help_text="该次报送的数据类型")


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="未在档人员编号")
    person_name = serializers.CharField(help_text="最近一次报送的姓名")
    id_number = serializers.SerializerMethodField(help_text="身份证号（只读角色看到遮挡后的号码）")
    detail = serializers.SerializerMethodField(
        help_text="最近一次预警内容（卫健、医保、残联数据的病情、费用等健康信息，只读角色看到“（已隐去）”）"
    )
    feed_types = serializers.ListField(source="feed_names", child=serializers.CharField(), help_text="报送的数据类型")
    appearances = serializers.IntegerField(help_text="被部门数据报送的次数")
    first_seen = serializers.DateTimeField(help_text="首次被报送时间")
    last_seen = serializers.DateTimeField(help_text="最近一次被报送时间")
    status = serializers.ChoiceField(choices=STATUS_CHOICES, help_text="核查状态")
    status_display = serializers.CharField(source="status_label", read_only=True, help_text="状态名称")
    named_again = serializers.BooleanField(help_text="核查之后又被报送")
    household = serializers.IntegerField(
        source="member.household_id", default=None, allow_null=True, help_text="已在档时的农户编号；未在档为 null"
    )
    registry_record = serializers.CharField(
        source="gone",
        help_text="档案中已登记为已故或已迁出时的说明（如：档案中已登记为已故（2026-11-28，涂埠镇城南村）），"
        "此时不能选“应纳入档案”；否则为空",
    )
    finding = serializers.SerializerMethodField(help_text="县级核查结果；未核查为 null")
    earlier_name = EarlierNameSerializer(
        default=None,
        allow_null=True,
        read_only=True,
        help_text="按姓名查询（q）时，若查到的是部门早先报送的姓名而非最近一次的姓名：该次报送的姓名、日期和数据类型；"
        "否则为 null",
    )
    earlier_name_display = serializers.CharField(
        source="earlier_name_label",
        default="",
        read_only=True,
        help_text="同上的说明（如：部门曾报姓名：李四（2026-10-12 卫健部门预警））；否则为空",
    )

    def get_id_number(self, entry: UnregisteredEntry) -> str:
        return shown_id_number(self.context["request"].user, entry.id_number)

    def get_detail(self, entry: UnregisteredEntry) -> str:
        # As the page (alerts.templatetags.alert_privacy): a read-only role is not told who has which illness.
        if "health_feed_ids" not in self.context:
            self.context["health_feed_ids"] = health_feed_ids()
        user = self.context["request"].user
        return shown_feed_detail(user, entry.detail, entry.feed_types, self.context["health_feed_ids"])

    @extend_schema_field(UnregisteredFindingSerializer(allow_null=True))
    def get_finding(self, entry: UnregisteredEntry) -> dict[str, Any] | None:
        return UnregisteredFindingSerializer(entry).data if entry.outcome else None


class CheckSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=UnregisteredOutcome.choices, help_text="核查结果")
    note = serializers.CharField(help_text="核查情况（核查方式和依据）")
    checked_on = serializers.DateField(help_text="核查日期")
    village = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="应纳入档案时：建档村区划代码"
    )

    def validate_village(self, code: str) -> Region | None:
        if not code:
            return None
        village = Region.objects.filter(code=code, level=RegionLevel.VILLAGE).select_related("parent").first()
        if village is None:
            raise serializers.ValidationError(MSG_VILLAGE_CODE.format(code=code))
        return village


class CheckManySerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), help_text=f"未在档人员 id（一次最多 {MAX_BULK} 人）"
    )
    outcome = serializers.ChoiceField(
        choices=UnregisteredOutcome.choices, help_text="核查结果（应纳入档案须逐人办理，不能批量）"
    )
    note = serializers.CharField(help_text="核查情况（所选人员共用）")
    checked_on = serializers.DateField(help_text="核查日期")


class CheckManyResultSerializer(serializers.Serializer):
    checked = serializers.IntegerField(help_text="记录了核查结果的人数")
    passed_over = serializers.ListField(child=serializers.CharField(), help_text="已在本县档案中、未记录的人员")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=STATUS_VALUES,
                description="状态：pending 待核查、to_register 待建档、registered 已在档、checked 已核查、"
                "all 全部（默认）",
            ),
            OpenApiParameter("feed_type", int, description="部门数据类型ID（/api/v1/feed-types/）"),
            OpenApiParameter("q", str, description="姓名或身份证号"),
        ]
    )
)
class UnregisteredPersonViewSet(KnownQueryParamsMixin, viewsets.GenericViewSet):
    """未在档人员（按身份证号合并）：县级查看并核查。过滤参数：status（pending 待核查、to_register 待建档、
    registered 已在档、checked 已核查、all 全部；默认 all）、feed_type、q（姓名或身份证号）。"""

    permission_classes = [CountyStaffPermission]
    serializer_class = PersonSerializer
    lookup_value_regex = "[0-9]+"
    query_params_known = ("status", "feed_type", "q")

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user, no database reads
            return UnregisteredEntry.objects.none()
        params = self.request.query_params
        filters = {"q": params.get("q", ""), "status": choice_param(self.request, "status", STATUS_VALUES)}
        filters["feed_type"] = scoped_id_param(self.request, "feed_type", masked_feed_types(self.request))
        return unregistered_people(actor=self.request.user, filters=filters)

    def list(self, request: Request) -> Response:
        page = with_details(self.paginate_queryset(self.get_queryset()), request.user)
        page = with_earlier_names(page, actor=request.user, q=request.query_params.get("q", ""))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(unregistered_entry_get(actor=request.user, pk=int(pk))).data)

    @extend_schema(request=CheckSerializer, responses={200: PersonSerializer})
    @action(detail=True, methods=["post"])
    def check(self, request: Request, pk: str) -> Response:
        """登记核查结果（已有结果时更改）；应纳入档案时须给出建档村。"""
        data = CheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = unregistered_entry_get(actor=request.user, pk=int(pk))
        unregistered_check(actor=request.user, entry=entry, **data.validated_data)
        return Response(self.get_serializer(unregistered_entry_get(actor=request.user, pk=int(pk))).data)

    @extend_schema(request=CheckManySerializer, responses={200: CheckManyResultSerializer})
    @action(detail=False, methods=["post"], url_path="check-many")
    def check_many(self, request: Request) -> Response:
        """同一核查结果批量登记（如一份名单经公安户籍系统比对）：全部记录或全部不记录；已在档的人员跳过。"""
        data = CheckManySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        checked, passed_over = unregistered_check_many(
            actor=request.user,
            entry_ids=values["ids"],
            outcome=values["outcome"],
            note=values["note"],
            checked_on=values["checked_on"],
        )
        return Response({"checked": checked, "passed_over": passed_over})
