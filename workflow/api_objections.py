"""Objections API: publicity objections of the cases in the caller's scope (list, filter by case, record on an open
publicity step, resolve), through services.objections like the pages."""

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api_ids import ScopedIdFilter, visible
from config.api_once import ONCE_PARAMETER, once_api_field, once_api_token, once_call, once_status
from workflow.api_common import CasesPermission
from workflow.api_fields import ScopedCaseField
from workflow.models import Case, Objection
from workflow.services import objections as services


class ObjectionSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_step.case_id", read_only=True, help_text="案件ID")
    step_code = serializers.CharField(source="case_step.step.code", read_only=True, help_text="公示环节编码")
    step_name = serializers.CharField(source="case_step.step.name", read_only=True, help_text="公示环节名称")
    blocks = serializers.BooleanField(
        read_only=True, help_text="是否阻止公示环节通过（未核实，或异议成立且不是更正前公示期间收到的）"
    )

    class Meta:
        model = Objection
        fields = [
            "id",
            "case",
            "step_code",
            "step_name",
            "raised_by_name",
            "anonymous",
            "content",
            "raised_on",
            "recorded_late",
            "earlier_run",
            "carried",
            "resolved_at",
            "upheld",
            "resolution",
            "blocks",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Objection) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        data["raised_by_name"] = instance.objector_for(getattr(request, "user", None))
        return data


class ObjectionCreateSerializer(serializers.Serializer):
    case = ScopedCaseField(help_text="案件ID（须在本人管辖范围内）")
    step_code = serializers.CharField(
        help_text="公示环节编码：正在公示，或已期满通过而本案尚在办理（补登期内收到的异议）"
    )
    raised_by_name = serializers.CharField(
        max_length=50, required=False, allow_blank=True, help_text="异议人（匿名反映的不填）"
    )
    anonymous = serializers.BooleanField(required=False, default=False, help_text="匿名反映，不登记异议人")
    raised_on = serializers.DateField(
        required=False, help_text="收到日期，默认今天；不早于公示开始日、不晚于今天，期满后补登的须在公示期内"
    )
    content = serializers.CharField(help_text="异议内容")
    once = once_api_field()


class ObjectionResolveSerializer(serializers.Serializer):
    upheld = serializers.BooleanField(help_text="异议是否成立；成立的，公示环节只能办理“不通过”")
    resolution = serializers.CharField(help_text="核实情况")
    refuse_step = serializers.BooleanField(
        required=False,
        default=False,
        help_text="异议成立且公示尚在进行的，同时将该公示环节办理为“不通过”（本案终止），核实情况作为理由",
    )


class ObjectionFilter(django_filters.FilterSet):
    case = ScopedIdFilter(
        field_name="case_step__case", scope=visible(Case), help_text="案件ID（须在本人管辖范围内，否则为400）"
    )

    class Meta:
        model = Objection
        fields = ["case"]


class ObjectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """公示异议：只显示本人管辖范围内案件的异议；异议核实前，该公示环节不能通过。"""

    serializer_class = ObjectionSerializer
    permission_classes = [CasesPermission]
    filterset_class = ObjectionFilter

    def get_queryset(self) -> Any:
        return Objection.objects.visible_to(self.request.user).select_related("case_step__step").order_by("-pk")

    @extend_schema(
        request=ObjectionCreateSerializer,
        responses={201: ObjectionSerializer, 200: ObjectionSerializer},
        parameters=[ONCE_PARAMETER],
    )
    def create(self, request: Request) -> Response:
        """登记公示异议：正在公示的环节；或公示期内收到、期满通过后补登（不重开环节，核实前本案后续环节不能通过）；
        带 once 重试的只登记一次（原样重复提交返回200及首次登记的异议；同一 once 用于不同内容的返回409，不作登记）。"""
        data = ObjectionCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        once = once_api_token(request, values.pop("once", None))
        record = lambda once: services.objection_record(actor=request.user, once=once, **values)  # noqa: E731
        done = once_call(request, once, values, record)
        return Response(self._fresh(done.record), status=once_status(done.repeated))

    @extend_schema(request=ObjectionResolveSerializer, responses={200: ObjectionSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str) -> Response:
        """核实异议：由公示环节的办理角色填写核实情况和结论。"""
        data = ObjectionResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        objection = services.objection_resolve(actor=request.user, objection=self.get_object(), **data.validated_data)
        return Response(self._fresh(objection))

    def _fresh(self, objection: Objection) -> dict[str, Any]:
        # With the request: who may read the objector's name is decided per reader (Objection.objector_for).
        return self.get_serializer(self.get_queryset().get(pk=objection.pk)).data
