"""国家系统标注: the township (or the county bureau) records that approved cases were entered in the national system.

000 §三(三)6: 乡镇对县级批复的名单在乡村两级公告，在国家系统对监测对象相关数据信息进行录入、标识 — the township
enters and marks its own households; the county bureau, which manages the county's data (§三(三)8), may mark any."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.choices import Role
from config.errors import ApplicationError
from reports.ledgers.national import national_pending
from reports.models import ExportMark
from workflow.models import Case

MSG_NOT_ALLOWED = "只有乡镇或县乡村振兴局工作人员可以标注国家系统录入情况。"
# Who marks; each only the cases in their scope (national_pending starts from visible_to).
MARKING_ROLES = frozenset({Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})


def may_mark_national(actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in MARKING_ROLES)


MSG_NONE_CHOSEN = "请至少选择一户。"
MSG_NONE_PENDING = "所选农户均已标注或不在您的管辖范围内，请刷新后查看。"


@transaction.atomic
def national_mark(*, actor: Any, case_ids: list[int]) -> list[ExportMark]:
    """Mark the chosen approved cases as entered; cases already marked (by someone else meanwhile) or out of
    scope are skipped. Locks the cases in primary-key order so two clerks marking the same list do not clash."""
    if not may_mark_national(actor):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    if not case_ids:
        raise ApplicationError(MSG_NONE_CHOSEN)
    locked = list(Case.objects.select_for_update().filter(pk__in=case_ids).order_by("pk").values_list("pk", flat=True))
    cases = list(national_pending(actor).filter(pk__in=locked).select_related("household").order_by("pk"))
    if not cases:
        raise ApplicationError(MSG_NONE_PENDING)
    now = timezone.now()
    marks = ExportMark.objects.bulk_create(
        [ExportMark(case=case, region_path=case.region_path, marked_by=actor, marked_at=now) for case in cases]
    )
    for case in cases:
        audit_record(
            actor=actor,
            action="reports.national_mark",
            summary=f"国家系统已标注：{case.household.head_name}（{case.get_kind_display()}，案件{case.pk}）",
            target=case,
        )
    return marks
