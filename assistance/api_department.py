"""A department clerk's assistance API (/api/v1/assistance/department-measures/): the measures their department
carries out, with only the head's name, the village, the measure and, for a member's measure, whom it is for
(assistance.measure_member: name, relation, age, the ID number masked; DOMAIN.md "Privacy")."""

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import HasCapability
from accounts.roles import Capability
from assistance import selectors_department as selectors
from assistance.api_filters import codes
from assistance.choices import MeasureStatus
from assistance.form_notes import MSG_FORM_NOTE_LONG
from assistance.measure_member import measure_member
from assistance.models import PlanMeasure
from assistance.services import department, department_batch, measure_status
from assistance.services.measure_checks import NOTE_MAX
from config.api import MSG_BAD_REGION, SelectorFilterSet, YesFilter, refuse_param
from households.choices import LivingStatus, RegionLevel, Relation
from households.selectors_search import IdSearchGuard


class DepartmentMemberSerializer(serializers.Serializer):
    """The member a measure is for, as the clerk reads them (assistance.measure_member)."""

    name = serializers.CharField(help_text="姓名")
    relation = serializers.CharField(help_text="与户主关系：" + codes(Relation.choices))
    relation_display = serializers.CharField(help_text="与户主关系名称")
    age = serializers.IntegerField(help_text="年龄（周岁）")
    id_number = serializers.CharField(help_text="身份证号（按本账号的权限脱敏，如 3604**********123X；暂无为空）")
    living_status = serializers.CharField(help_text="人员状态：" + codes(LivingStatus.choices))
    living_status_display = serializers.CharField(help_text="人员状态名称")


class DepartmentMeasureSerializer(serializers.ModelSerializer):
    """What a department clerk may see: the member a member's measure is for (ID number masked), no phone or
    health detail."""

    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")
    village = serializers.CharField(source="household.village.name", read_only=True, help_text="村")
    township = serializers.CharField(source="household.village.parent.name", read_only=True, help_text="乡镇")
    measure_name = serializers.CharField(source="measure_type.name", read_only=True, help_text="措施名称")
    status = serializers.CharField(read_only=True, help_text="状态：" + codes(MeasureStatus.choices))
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")
    member = serializers.SerializerMethodField(help_text="落实到成员（全户的措施为 null）")
    overdue = serializers.BooleanField(read_only=True, help_text="逾期未办结：已过结束日期，仍为计划中或实施中")
    late_start = serializers.BooleanField(read_only=True, help_text="已到开始日期未实施：已过开始日期，仍为计划中")

    class Meta:
        model = PlanMeasure
        fields = [
            "id",
            "head_name",
            "village",
            "township",
            "member",
            "measure_name",
            "content",
            "responsible_person",
            "starts_on",
            "ends_on",
            "amount",
            "status",
            "status_display",
            "overdue",
            "late_start",
            "progress_note",
            "effect_note",
            "completed_on",
        ]
        read_only_fields = fields

    @extend_schema_field(DepartmentMemberSerializer(allow_null=True))
    def get_member(self, measure: PlanMeasure) -> dict[str, Any] | None:
        shown = measure_member(self.context["request"].user, measure.member)
        return DepartmentMemberSerializer(shown).data if shown else None


def _note(label: str) -> serializers.CharField:
    message = MSG_FORM_NOTE_LONG.format(label=label, n=NOTE_MAX)
    return serializers.CharField(
        max_length=NOTE_MAX, help_text=f"{label}（不超过{NOTE_MAX}字）", error_messages={"max_length": message}
    )


class DepartmentDoneSerializer(serializers.Serializer):
    note = _note("办理情况")
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text="完成日期，默认今天")


class DepartmentProgressSerializer(serializers.Serializer):
    note = _note("实施情况")
    starts_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="开始实施日期，默认不变")
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="实际金额（元），仅有金额的措施可填，默认不变",
    )


class DepartmentBatchDoneSerializer(DepartmentDoneSerializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        max_length=department_batch.BATCH_MAX,
        help_text=f"要办结的措施编号（本部门“实施中”的措施，一次最多{department_batch.BATCH_MAX}项）",
        error_messages={
            "empty": department_batch.MSG_NONE_CHOSEN,
            "max_length": f"一次最多批量办结{department_batch.BATCH_MAX}项措施，请分批办理。",
            "not_a_list": "措施编号须为列表，如 [12, 15]。",
        },
    )


class DepartmentSkippedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="措施编号")
    name = serializers.CharField(help_text="户主、成员和措施名称（不是本部门的措施只写编号）")
    reason = serializers.CharField(help_text="未办结的原因")


class DepartmentBatchResultSerializer(serializers.Serializer):
    done = DepartmentMeasureSerializer(many=True, help_text="已办结的措施")
    skipped = DepartmentSkippedSerializer(many=True, help_text="未办结的措施及原因")


STATUSES = [("open", "未办结（计划中、实施中，默认）"), *MeasureStatus.choices]


class DepartmentMeasureFilter(IdSearchGuard, SelectorFilterSet):
    """The clerk's list's parameters, the page's (assistance.selectors_department), each checked: a status, a place
    or a flag the list does not know is a 400 naming it (?status=finished was read as "all", ?q= was refused)."""

    status = django_filters.ChoiceFilter(choices=STATUSES, method="noop", help_text="状态：" + codes(STATUSES))
    township = django_filters.CharFilter(method="noop", help_text="乡镇区划代码（须在本人管辖范围内）")
    village = django_filters.CharFilter(method="noop", help_text="村区划代码（须在本人管辖范围内）")
    overdue = YesFilter(method="noop", help_text="只看逾期未办结（已过结束日期，仍为计划中或实施中）")
    late_start = YesFilter(method="noop", help_text="只看已到开始日期未实施（已过开始日期，仍为计划中）")
    q = django_filters.CharFilter(
        method="noop",
        help_text="户主或成员姓名（包含），或落实对象（成员；全户的措施为户主）的身份证号：完整18位（记入审计日志）或后4位",
    )

    class Meta:
        model = PlanMeasure
        fields: list[str] = []

    def select(self, filters: dict[str, Any]) -> Any:
        # The village within the township when both are given; either narrows by its region path.
        # A place out of the clerk's region, or no such place, is a 400 naming it (not an empty list).
        for name, level, label in (("township", RegionLevel.TOWNSHIP, "乡镇"), ("village", RegionLevel.VILLAGE, "村")):
            if code := filters.pop(name, ""):
                region = selectors.department_region(actor=self.request.user, code=code, level=level)
                if region is None:
                    refuse_param(name, MSG_BAD_REGION.format(value=code[:20], level=label))
                filters["region"] = region.path
        return selectors.department_measure_list(actor=self.request.user, filters=filters)


class DepartmentMeasureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """部门帮扶任务：本部门负责落实的帮扶措施（行业部门），默认只列未办结的，开始日期早的在前；可按状态、乡镇或村筛选，
    按户主或成员姓名、身份证号（完整18位或后4位）查找，或只看逾期未办结、已到开始日期未实施。overdue 为 true 的
    措施已过结束日期，仍为计划中或实施中；late_start 为 true 的措施已过开始日期，仍为计划中；已完成的措施
    completed_on 为办结日期。"""

    serializer_class = DepartmentMeasureSerializer
    permission_classes = [HasCapability(Capability.DEPARTMENT_MEASURES)]
    filterset_class = DepartmentMeasureFilter

    def get_queryset(self) -> Any:
        return selectors.department_measure_list(actor=self.request.user)

    def get_object(self) -> Any:
        return selectors.department_measure_get(actor=self.request.user, pk=int(self.kwargs["pk"]))

    @extend_schema(request=DepartmentDoneSerializer, responses={200: DepartmentMeasureSerializer})
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str) -> Response:
        """办结：标记为已完成并填写办理情况。"""
        data = DepartmentDoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        measure = measure_status.measure_complete_by_department(
            actor=request.user, measure=self.get_object(), **data.validated_data
        )
        return self._answer(measure)

    @extend_schema(request=DepartmentProgressSerializer, responses={200: DepartmentMeasureSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str) -> Response:
        """登记实施情况：计划中的措施改为实施中，实施中的措施补充进展；可更正开始日期和金额。"""
        data = DepartmentProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        measure = department.measure_progress_by_department(
            actor=request.user, measure=self.get_object(), **data.validated_data
        )
        return self._answer(measure)

    @extend_schema(request=DepartmentBatchDoneSerializer, responses={200: DepartmentBatchResultSerializer})
    @action(detail=False, methods=["post"], url_path="batch-done", filterset_class=None)
    def batch_done(self, request: Request) -> Response:
        """批量办结：按同一完成日期和办理情况办结本部门多项“实施中”的措施，每项分别记入历史记录和审计日志，
        在同一事务中办理。不能办结的（不是本部门的、已不是实施中、农户已注销、完成日期早于开始日期）列入 skipped
        并说明原因，其余照常办结；办理情况为空、过长或完成日期晚于今天则整批不办结，400 并指明字段。"""
        data = DepartmentBatchDoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = department_batch.measures_complete_by_department(
            actor=request.user, pks=values["ids"], note=values["note"], on=values["on"]
        )
        done = selectors.department_measure_list(actor=request.user, filters={"status": MeasureStatus.DONE})
        done = list(done.filter(pk__in=[measure.pk for measure in result.done]))
        context = self.get_serializer_context()
        return Response(
            {
                "done": DepartmentMeasureSerializer(done, many=True, context=context).data,
                "skipped": DepartmentSkippedSerializer(result.skipped, many=True).data,
            }
        )

    def _answer(self, measure: PlanMeasure) -> Response:
        measure = selectors.department_measure_get(actor=self.request.user, pk=measure.pk)
        return Response(DepartmentMeasureSerializer(measure, context=self.get_serializer_context()).data)
