"""API fields workflow's serializers share to name a case (objections, department comparisons), and a batch
queue's household news (the county's and the township's).

As households.api_fields names a household: a case the caller may not see reads exactly like one that does not
exist (scope is a 404 everywhere, STYLE.md §5), in words a cadre understands rather than DRF's
"无效主键 … 对象不存在"."""

from datetime import datetime
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflow.models import Case, CaseStep
from workflow.selectors import step_status_label

MSG_CASE_NOT_FOUND = "该案件不存在或不在您的管辖范围内。"
MSG_CASE_ID = "案件ID应为整数。"


@extend_schema_field(OpenApiTypes.INT)
class ScopedCaseField(serializers.PrimaryKeyRelatedField):
    """A case by id, among those the requesting user may see (Case.objects.visible_to)."""

    default_error_messages = {
        "required": "请填写案件ID。",
        "does_not_exist": MSG_CASE_NOT_FOUND,
        "incorrect_type": MSG_CASE_ID,
    }

    def get_queryset(self) -> Any:
        return Case.objects.visible_to(self.context["request"].user)


@extend_schema_field(OpenApiTypes.STR)
class StepStatusField(serializers.Field):
    """A case step's status as the case page says it (selectors.label_steps): a green channel's county approval
    waiting for the township's audit is 待乡镇审核通过后办理, not 办理中."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: CaseStep) -> str:
        return step_status_label(value)


def household_news_field(decision: str) -> serializers.ListField:
    """A queue row's household news (workflow.household_news, the notice the batch pages show as
    立案后家庭成员有变化): the same field on the county's and the township's batch APIs; `decision` names what the
    caller does with the case (审批, 审核)."""
    return serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=(
            "立案后家庭成员的变化（如经部门预警入户核实已故、迁出），每条一句；"
            f"有变化的请核实家庭人口和收入后再{decision}。无变化时为空列表"
        ),
    )


MSG_BAD_VERSION = "version 格式不对：请原样带回读取案件时的 version（如 2026-03-01T10:20:30.123456+08:00），或不填。"
# A batch (county approval, township audit) names each case with the version its queue gave: it cannot be left out.
MSG_BAD_BATCH_VERSION = "version 格式不对：请原样带回列表中取得的案件 version（如 2026-03-01T10:20:30.123456+08:00）。"


class CaseVersionField(serializers.CharField):
    """A case's version as read (workflow.services.case_locks.case_version, an ISO timestamp with its offset): a
    value that cannot be one is the client's mistake, a 400 at `version`, not a 409 saying the case changed."""

    def __init__(self, *, bad_message: str = MSG_BAD_VERSION, **kwargs: Any) -> None:
        self.bad_message = bad_message
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if value:
            try:
                read = datetime.fromisoformat(value)
            except ValueError:
                read = None
            if read is None or read.tzinfo is None:
                raise serializers.ValidationError(self.bad_message)
        return value
