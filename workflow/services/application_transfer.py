"""转交至所在村: a self-application made through one village's poster by someone registered in a household of another
village. The village it reached cannot register the applicant (the ID number is on file elsewhere), nor take the
application into a case (the applicant is not in its registry): left alone its only way out was 不予纳入. The
township (its own villages) or the county moves the application to the village of the applicant's household, where
that village's cadres see and handle it; the audit event names both villages (with their townships). An application
that reached a village of another township than the household's is the county's to move (the county bureau's
whole-county scope): the township is told so (MSG_COUNTY_TRANSFERS) without learning whose household it is. The
application keeps where it came from, by whom and when (its 办理情况 says 由…转交本村). The audit log has two rows
of the move, as a member's 迁出 and 迁入 have (households.services.moves), since a row is filed under one place:
转交自主申报 under the village it was moved to, and 自主申报转出至申报人所在村 under the village it left, so that
the log read for either village or township (its 区划 filter) shows the move, each row naming both villages."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.choices import Role
from config.errors import ApplicationError
from households.choices import LivingStatus
from households.models import Household, Member, Region
from households.services.common import ensure_can_edit
from workflow.models.applications import Application

TRANSFER_ROLES = frozenset({Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})
MSG_TRANSFER_ROLE = "只有乡镇工作人员或县乡村振兴局可以把申报转交至申报人所在村。"
MSG_NOT_ELSEWHERE = "申报人不在其他村的农户档案中，无需转交。"
MSG_NOT_PENDING = "该申报已办结，不能转交。"
MSG_COUNTY_TRANSFERS = (
    "申报人登记在本乡镇以外的农户档案中，跨乡镇转交由县乡村振兴局办理：请联系县乡村振兴局把本申报转交至申报人所在村。"
)


def village_place(village: Region) -> str:
    """涂埠镇城北村: a village with its township, as two townships may each have a village of the same name."""
    return f"{village.parent.name if village.parent else ''}{village.name}"


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


def reaches(actor: Any, household: Household) -> bool:
    """Whether the actor may move an application to this household's village (a township's own villages)."""
    return may_transfer(actor) and Household.objects.visible_to(actor).filter(pk=household.pk).exists()


def elsewhere_township(actor: Any, household: Household) -> Region | None:
    """The township of the household's village, for whom may see that township's region; None for anyone else (a
    township officer of another township learns only that it is outside theirs)."""
    township = household.village.parent
    if township is None or not Region.objects.visible_to(actor).filter(pk=township.pk).exists():
        return None
    return township


@transaction.atomic
def application_transfer(*, actor: Any, application: Application) -> Application:
    """Move a pending application to the village of the applicant's household (household_elsewhere). The actor must
    reach both villages (a township its own; the county any, across townships): a township facing a household of
    another township is told the county transfers it (MSG_COUNTY_TRANSFERS)."""
    if not may_transfer(actor):
        raise PermissionDenied(MSG_TRANSFER_ROLE)
    ensure_can_edit(actor, application.region_path)
    locked = Application.objects.select_for_update().select_related("village").get(pk=application.pk)
    if not locked.is_pending:
        raise ApplicationError(MSG_NOT_PENDING)
    household = household_elsewhere(locked)
    if household is None:
        raise ApplicationError(MSG_NOT_ELSEWHERE)
    if not reaches(actor, household):
        raise ApplicationError(MSG_COUNTY_TRANSFERS)
    ensure_can_edit(actor, household.region_path)
    before = locked.village
    now = timezone.now()
    Application.objects.filter(pk=locked.pk).update(
        village=household.village,
        region_path=household.village.path,
        transferred_from=before,
        transferred_at=now,
        transferred_by=actor,
        updated_at=now,
    )
    moved = f"由{village_place(before)}转交{village_place(household.village)}"
    audit_record(
        actor=actor,
        action="workflow.application_transfer",
        summary=(
            f"自主申报 {locked.receipt_no}：转交至所在村，申报人是{household.village.name}"
            f"{household.head_name}户（{household.number}）的家庭成员，{moved}"
        ),
        target=locked,
        region_path=household.village.path,
        before={"village": before.name},
        after={"village": household.village.name},
    )
    # The sending side's row: the application has left that village's lists, and its place's log still shows where
    # it went and who moved it.
    audit_record(
        actor=actor,
        action="workflow.application_transfer_out",
        summary=f"自主申报 {locked.receipt_no}：申报人登记在其他村的农户档案中，转出至申报人所在村，{moved}",
        target=locked,
        region_path=before.path,
        before={"village": before.name},
        after={"village": household.village.name},
    )
    locked.refresh_from_db()
    return locked
