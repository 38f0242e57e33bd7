"""转交至所在村: a self-application made through one village's poster by someone registered in a household of another
village. The village it reached cannot register the applicant (the ID number is on file elsewhere), nor take the
application into a case (the applicant is not in its registry): left alone its only way out was 不予纳入. The
township (its own villages) or the county moves the application to the village of the applicant's household, where
that village's cadres see and handle it; the audit event names both villages."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.choices import Role
from config.errors import ApplicationError
from households.choices import LivingStatus
from households.models import Household, Member
from households.services.common import ensure_can_edit
from workflow.models.applications import Application

TRANSFER_ROLES = frozenset({Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})
MSG_TRANSFER_ROLE = "只有乡镇工作人员或县乡村振兴局可以把申报转交至申报人所在村。"
MSG_NOT_ELSEWHERE = "申报人不在其他村的农户档案中，无需转交。"
MSG_NOT_PENDING = "该申报已办结，不能转交。"


def may_transfer(actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in TRANSFER_ROLES)


def household_elsewhere(application: Application) -> Household | None:
    """The active household of another village in which the applicant's ID number is a living member, if any."""
    member = (
        Member.objects.filter(
            id_number=application.id_number, living_status=LivingStatus.LIVING, household__is_active=True
        )
        .exclude(household__village_id=application.village_id)
        .select_related("household__village__parent")
        .first()
    )
    return member.household if member else None


@transaction.atomic
def application_transfer(*, actor: Any, application: Application) -> Application:
    """Move a pending application to the village of the applicant's household (household_elsewhere). The actor must
    reach both villages (a township its own; the county any)."""
    if not may_transfer(actor):
        raise PermissionDenied(MSG_TRANSFER_ROLE)
    ensure_can_edit(actor, application.region_path)
    locked = Application.objects.select_for_update().select_related("village").get(pk=application.pk)
    if not locked.is_pending:
        raise ApplicationError(MSG_NOT_PENDING)
    household = household_elsewhere(locked)
    if household is None:
        raise ApplicationError(MSG_NOT_ELSEWHERE)
    ensure_can_edit(actor, household.region_path)
    before = locked.village
    Application.objects.filter(pk=locked.pk).update(
        village=household.village, region_path=household.village.path, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="workflow.application_transfer",
        summary=(
            f"自主申报 {locked.receipt_no}：转交至所在村，申报人是{household.village.name}"
            f"{household.head_name}户（{household.number}）的家庭成员，由{before.name}转交{household.village.name}"
        ),
        target=locked,
        before={"village": before.name},
        after={"village": household.village.name},
    )
    locked.refresh_from_db()
    return locked
