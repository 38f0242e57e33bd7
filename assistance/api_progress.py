"""登记实施进展 on the API: POST /api/v1/assistance/measures/{id}/progress/ (MeasureViewSet), the measure page's
form through the same service (assistance.services.measure_progress) and with the same messages."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from assistance.form_notes import MSG_FORM_NOTE_LONG
from assistance.services import measure_progress
from assistance.services.measure_checks import NOTE_MAX
from assistance.services.measure_progress import MSG_PROGRESS_REQUIRED, PROGRESS_LABEL


class MeasureProgressSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=NOTE_MAX,
        help_text=f"{PROGRESS_LABEL}（不超过{NOTE_MAX}字）",
        error_messages={
            "required": MSG_PROGRESS_REQUIRED,
            "blank": MSG_PROGRESS_REQUIRED,
            "null": MSG_PROGRESS_REQUIRED,
            "max_length": MSG_FORM_NOTE_LONG.format(label=PROGRESS_LABEL, n=NOTE_MAX),
        },
    )
    on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="进展日期，默认今天；不得晚于今天，不得早于措施的开始日期",
        error_messages={"invalid": "进展日期格式应为 YYYY-MM-DD。"},
    )


class MeasureProgressMixin:
    """POST /api/v1/assistance/measures/{id}/progress/ (MeasureViewSet)."""

    # The response is the viewset's own serializer (MeasureSerializer), as drf-spectacular reads it.
    @extend_schema(request=MeasureProgressSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str) -> Response:
        """登记实施进展（与网页措施的“登记实施进展”相同）：为“实施中”的措施补充进展情况和进展日期，记入实施情况，
        注明日期和登记人，不改变措施状态（有责任部门的措施仍由该部门或县乡村振兴局办结）。进展情况为空或过长、
        进展日期晚于今天或早于开始日期返回400并指明字段；措施不是“实施中”或农户已注销返回400。
        写入该户的变更记录和审计日志。不在本人管辖范围内的措施返回404，只能查看的角色返回403。"""
        measure = self.get_object()  # type: ignore[attr-defined]
        data = MeasureProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        measure = measure_progress.measure_progress_add(actor=request.user, measure=measure, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=measure.pk)).data)  # type: ignore[attr-defined]
