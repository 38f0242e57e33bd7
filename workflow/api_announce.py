"""Township batch announcement API (批量公告): the township's approved cases at its announcement step, each with its
version, 批复 and what would refuse it, and one announcement over many of them with one 公告日期 (services.
batch_announce, as the page does it): a case the single step's rules refuse is left and named in `refused` while
the rest pass; a case changed since it was listed answers 409 and a case out of scope 400, each naming such cases
in extra.cases, and nothing is written."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import choice_param, refuse_unknown_params
from households.api_params import region_param
from households.choices import MonitoringCategory, RegionLevel
from workflow.api_batches import CaseRefSerializer
from workflow.api_common import KIND_HELP, CasesPermission, api_errors, inline_choice_field
from workflow.api_labels import CaseLabels
from workflow.choices import CaseKind
from workflow.models import Case
from workflow.selectors_batch_announce import announce_queue, announce_rows
from workflow.services.approval_records import MSG_TOO_LONG
from workflow.services.batch_announce import batch_announce, batch_announce_message
from workflow.services.batches import CaseRef
from workflow.services.case_locks import API, Busy
from workflow.services.cases import NOTE_LIMIT

# The queue's query parameters (workflow.selectors_batch_announce.announce_queue's filters).
QUEUE_PARAMS = ("village", "kind")
PLACE_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)


class AnnounceCaseSerializer(CaseLabels, serializers.ModelSerializer):
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")
    household_number = serializers.CharField(source="household.number", read_only=True, help_text="户编号")
    village = serializers.CharField(source="household.village.name", read_only=True, help_text="村")
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    category = inline_choice_field(
        MonitoringCategory.choices,
        source="shown_category",
        read_only=True,
        allow_blank=True,
        help_text="公告的监测类别：纳入的为批准的类别，风险消除的为解除的类别；未记录为空字符串",
    )
    category_display = serializers.CharField(
        source="category_label", read_only=True, help_text="监测类别名称；未记录为空字符串"
    )
    version = serializers.CharField(read_only=True, help_text="案件版本，提交公告时原样带回")
    step_name = serializers.CharField(source="announce_name", read_only=True, help_text="公告环节名称")
    document_number = serializers.CharField(read_only=True, allow_null=True, help_text="县级批复文号；未记录为 null")
    approved_on = serializers.DateField(read_only=True, allow_null=True, help_text="县级批复日期；未记录为 null")
    waiting_days = serializers.IntegerField(read_only=True, help_text="在公告环节已等待的天数")
    objection_flag = serializers.CharField(read_only=True, help_text="异议情况：有未核实异议、异议经核实成立，或空")
    pass_refusal = serializers.CharField(
        read_only=True, help_text="暂不能公告的原因（与逐户办理的规则相同）；为空时可以公告"
    )

    class Meta:
        model = Case
        fields = ["id", "version", "kind", "kind_display", "category", "category_display", "head_name"]
        fields += ["household_number", "village", "step_name", "document_number", "approved_on", "waiting_days"]
        fields += ["objection_flag", "pass_refusal"]
        read_only_fields = fields

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["category"] = data["category"] or ""
        return data


class AnnounceDecideSerializer(serializers.Serializer):
    cases = CaseRefSerializer(many=True, help_text="所选案件及其版本")
    announced_on = serializers.DateField(
        help_text="公告日期（YYYY-MM-DD）：在乡村两级张贴公告的日期，不晚于今天，不早于所选农户的县级批复日期"
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=NOTE_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=NOTE_LIMIT)},
        help_text=f"备注（不超过 {NOTE_LIMIT} 字），如公告张贴地点，记入每户的公告环节",
    )


class AnnounceRefusedSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="案件ID")
    head_name = serializers.CharField(help_text="户主姓名")
    reason = serializers.CharField(help_text="不能公告的原因（与逐户办理的规则相同）")


class AnnounceResultSerializer(serializers.Serializer):
    announced_on = serializers.DateField(help_text="公告日期")
    count = serializers.IntegerField(help_text="办理公告的户数")
    cases = serializers.ListField(child=serializers.IntegerField(), help_text="办理公告的案件ID")
    refused = AnnounceRefusedSerializer(many=True, help_text="不能办理、仍在公告环节的农户及原因")
    message = serializers.CharField(help_text="办理结果的说明（与页面提示相同）")


class AnnounceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """乡镇批量公告：县级已批复、处于乡镇公告环节的案件，同一公告日期一并办理。"""

    serializer_class = AnnounceCaseSerializer
    permission_classes = [CasesPermission]

    def get_queryset(self) -> Any:
        return announce_queue(actor=self.request.user)

    def _filters(self, request: Request) -> dict[str, Any]:
        refuse_unknown_params(request, QUEUE_PARAMS)
        filters: dict[str, Any] = {"kind": choice_param(request, "kind", CaseKind.values)}
        if region := region_param(request, "village", PLACE_LEVELS):
            filters["village"] = region.path
        return filters

    @extend_schema(
        parameters=[
            OpenApiParameter("village", str, description="乡镇或村的区划代码；不在本人管辖范围内为400"),
            OpenApiParameter("kind", str, description=KIND_HELP),
        ]
    )
    def list(self, request: Request) -> Response:
        """处于乡镇公告环节的案件（含版本号、县级批复文号和日期及不能公告的原因），按村、户编号排列。"""
        cases = announce_queue(actor=request.user, filters=self._filters(request))
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(self.get_serializer(announce_rows(page), many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        """一户：不在本人管辖范围内或不在乡镇公告环节的，返回 404。"""
        return Response(self.get_serializer(announce_rows([self.get_object()])[0]).data)

    @extend_schema(request=AnnounceDecideSerializer, responses={200: AnnounceResultSerializer})
    @action(detail=False, methods=["post"])
    def decide(self, request: Request) -> Response:
        """一并办理公告：不符合逐户办理规则的农户（如有未核实异议）不公告，在 refused 中列出原因，其余照常办理。
        任何一户在取得列表后发生变化（如已由他人办理）为409，不在本人管辖范围内为400，均全部不办理，extra.cases
        列出这些农户及原因；公告日期晚于今天或早于县级批复日期为400，announced_on 写明原因，同样全部不办理。
        每户的办理记录与逐户办理相同。"""
        data = AnnounceDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            result = batch_announce(
                actor=request.user,
                refs=[CaseRef(ref["id"], ref["version"]) for ref in values["cases"]],
                announced_on=values["announced_on"],
                note=values.get("note", ""),
                read_by=API,
            )
        except Busy as error:
            raise api_errors(error) from error
        done = {
            "announced_on": values["announced_on"],
            "count": len(result.done),
            "cases": [case.pk for case in result.done],
            "refused": result.refused,
            "message": batch_announce_message(result),
        }
        return Response(AnnounceResultSerializer(done).data)
