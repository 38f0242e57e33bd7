"""待建档人员 API (交村建档): the persons the county handed to a village to be registered (应纳入档案) and not in the
registry yet, as the village's page /alerts/to-register/ lists them (alerts.selectors_unregistered.to_register_list):
the same scope (a village's or township's staff: their villages; the county's staff: the county), the ID number
masked for read-only roles, a health feed's name and detail hidden from them (alerts.privacy).

Registering a person is done through the registry's own routes, as the page's buttons do: POST
/api/v1/households/ (新增农户建档) or POST /api/v1/members/ (添加到已有农户) with the person's name and ID number. The
person then leaves this list and the feeds' alerts are raised (alerts.hooks); there is no separate "mark registered"."""

from typing import Any

from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import HasCapability
from accounts.roles import Capability
from alerts.choices import UnregisteredOutcome
from alerts.models import UnregisteredEntry
from alerts.selectors_unregistered import to_register_list, with_reasons
from config.api import KnownQueryParamsMixin
from households.privacy import shown_id_number


class ToRegisterSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="待建档人员编号（与 /api/v1/unregistered-persons/ 的编号相同）")
    person_name = serializers.CharField(help_text="姓名（部门最近一次报送的）")
    id_number = serializers.SerializerMethodField(help_text="身份证号；只读角色看到脱敏号码（如 3604**********123X）")
    feed_types = serializers.ListField(
        source="feed_names", child=serializers.CharField(), help_text="报送的数据类型（只读角色看到卫健等部门预警）"
    )
    reason = serializers.CharField(help_text="报送原因：最近一次预警内容（健康信息对只读角色隐去）")
    reason_on = serializers.DateField(help_text="部门最近一次报送的日期")
    outcome = serializers.ChoiceField(choices=UnregisteredOutcome.choices, help_text="核查结果代码（均为 register）")
    outcome_display = serializers.CharField(source="get_outcome_display", help_text="核查结果名称")
    village = serializers.CharField(source="village.code", help_text="建档村区划代码")
    village_name = serializers.CharField(source="village.name", help_text="建档村")
    township_name = serializers.CharField(source="village.parent.name", default="", help_text="建档村所在乡镇")
    note = serializers.CharField(help_text="县级核查情况")
    checked_on = serializers.DateField(help_text="核查日期")
    checked_by = serializers.CharField(source="checked_by.username", help_text="核查人账号")
    checked_by_name = serializers.SerializerMethodField(help_text="核查人姓名")

    def get_id_number(self, entry: UnregisteredEntry) -> str:
        return shown_id_number(self.context["request"].user, entry.id_number)

    def get_checked_by_name(self, entry: UnregisteredEntry) -> str:
        return entry.checked_by.get_full_name() or entry.checked_by.username


class PersonToRegisterViewSet(KnownQueryParamsMixin, viewsets.GenericViewSet):
    """待建档人员（交村建档）：县级核查后认定应纳入档案、交本村建档、尚未录入档案的人员，按核查日期先后排列。
    村、乡镇看到本辖区各村的，县级看到全县的；只读角色的身份证号脱敏。建档请用 POST /api/v1/households/（新增农户）
    或 POST /api/v1/members/（添加到已有农户），录入后该人员自动不再列出，系统随即生成预警。"""

    permission_classes = [HasCapability(Capability.REGISTRY_VIEW)]
    serializer_class = ToRegisterSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> Any:
        return to_register_list(actor=self.request.user)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        people = with_reasons(actor=request.user, entries=page)
        return self.get_paginated_response(self.get_serializer(people, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        return Response(self.get_serializer(with_reasons(actor=request.user, entries=[entry])[0]).data)
