"""整户迁移: a whole household moves to another village (易地扶贫搬迁, the family's marriage or move, an
administrative change of the village), keeping its members, income history, visits, monitoring category and every
record about it, instead of each member marked 迁出, the household closed and registered anew.

Who: the township within its own villages, the county bureau across townships (the level that confirms changes to
the county's rolls, as 农户注销: households.services.closing). A village cadre reports it to the township.

What moves, in one transaction under the household's row lock: the household (village, group, grid, region path,
address), and every row about it in every app, found through the model registry (households.services.place:
region_path and a `village` column), so that the target village's staff see its whole file and the old village's
no longer do. The audit log is not moved: it is append-only and keeps each act where it happened.

户编号: it is the village's 12-digit code plus a 4-digit sequence (the national export's shape, as next_number
makes it), so the household takes the next number of the target village; the old number stays in its 变更记录
(户编号 old → new) and in both audit rows, and is retired (households.models.RetiredNumber): the old village never
gives it to another household, whose history would otherwise point at two families.

Both sides record it: the household's 变更记录 has one row naming both villages and both numbers (the history moves
with the household), and the audit log has a row under each village (迁入 under the target, 迁出 under the old
one), as a 自主申报 moved to another village has (workflow.services.application_transfer).

Later apps refuse a move while they hold work the old village must finish (an open case: its publicity and review
were the old village's), and end what cannot follow (a help contact who cannot see the new village), through
register_relocate_blocker and register_relocate_follower, since the registry knows no procedure (DESIGN.md)."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.audit import audit_record
from accounts.choices import Role
from config.errors import ApplicationError
from households.choices import RelocateReason
from households.models import Grid, Household, Region, RetiredNumber
from households.services.closing import ensure_open
from households.services.common import ensure_can_edit, record_event
from households.services.entry_errors import place_errors
from households.services.numbering import next_number, number_retire
from households.services.place import region_path_follow, village_follow
from households.services.registry import place_path

RELOCATE_ROLES = frozenset({Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})
MSG_RELOCATE_ROLE = "整户迁移由乡镇或县乡村振兴局办理；村里请报乡镇。"
MSG_OTHER_TOWNSHIP = "迁入其他乡镇的村须由县乡村振兴局办理。"
MSG_SAME_VILLAGE = "该户已在此村，请选择迁入的其他村；同村内调整村民小组或网格请在“修改”中办理。"
MSG_ADDRESS_REQUIRED = "请填写迁入后的住址。"
MSG_NOTE_REQUIRED = "原因为“其他”时，请填写说明。"
SUMMARY = "整户迁移（{reason}）：由{source}迁入{target}，户编号 {old} → {new}"

Blocker = Callable[[Household], str]
Follower = Callable[[Any, Household, Region], None]  # (actor, the household moved, the village it left)
_blockers: list[Blocker] = []
_followers: list[Follower] = []


def register_relocate_blocker(blocker: Blocker) -> None:
    """A later app's reason not to move the household now ("" when it has none)."""
    if blocker not in _blockers:
        _blockers.append(blocker)


def register_relocate_follower(follower: Follower) -> None:
    """A later app's records to adjust after the move, in its transaction (the household already saved)."""
    if follower not in _followers:
        _followers.append(follower)


def relocate_refusal(household: Household) -> str:
    """Why the household cannot be moved now, in words ("" when it can)."""
    for blocker in _blockers:
        if message := blocker(household):
            return message
    return ""


def may_relocate(actor: Any) -> bool:
    return getattr(actor, "role", "") in RELOCATE_ROLES


def village_place(village: Region) -> str:
    """涂埠镇城北村: two townships may each have a village of the same name."""
    return f"{village.parent.name if village.parent_id and village.parent else ''}{village.name}"


def ensure_may_relocate(actor: Any, household: Household, village: Region | None = None) -> None:
    """The role, the household in the actor's scope, and (given) the target village in it too."""
    ensure_can_edit(actor, household.region_path)
    if not may_relocate(actor):
        raise PermissionDenied(MSG_RELOCATE_ROLE)
    if village is not None:
        try:
            ensure_can_edit(actor, village.path)
        except PermissionDenied:
            raise ValidationError({"village": MSG_OTHER_TOWNSHIP}) from None


def relocate_errors(
    *, village: Region | None, group: Region | None, grid: Grid | None, address: str, reason: str, note: str
) -> dict[str, list[str]]:
    """What household_relocate refuses in its input, every field at once (the page's form asks it in clean(): a group
    of another village and a missing 说明 are said together, not one submit after the other)."""
    errors: dict[str, list[str]] = {}
    if village is not None:  # a group and a grid each: both of another village are both said
        errors |= place_errors(village=village, group=group, grid=None)
        errors |= place_errors(village=village, group=None, grid=grid)
    if not address.strip():
        errors["address"] = [MSG_ADDRESS_REQUIRED]
    if reason == RelocateReason.OTHER and not note.strip():
        errors["note"] = [MSG_NOTE_REQUIRED]
    return errors


@transaction.atomic
def household_relocate(
    *,
    actor: Any,
    household: Household,
    village: Region,
    address: str,
    reason: str,
    note: str = "",
    group: Region | None = None,
    grid: Grid | None = None,
) -> Household:
    """Move the household and everything about it to `village` (its `group` and `grid` there, if given), with a new
    户编号 of that village; refused while a later app holds work on it (relocate_refusal)."""
    household = Household.objects.select_for_update(of=("self",)).select_related("village__parent").get(pk=household.pk)
    ensure_may_relocate(actor, household, village)
    ensure_open(household)
    if village.pk == household.village_id:
        raise ValidationError({"village": MSG_SAME_VILLAGE})
    if errors := relocate_errors(village=village, group=group, grid=grid, address=address, reason=reason, note=note):
        raise ValidationError(errors)
    path = place_path(village=village, group=group, grid=grid)  # a village, and a group and grid of it
    if refusal := relocate_refusal(household):
        raise ApplicationError(refusal)
    source, old_number = household.village, household.number
    household.village, household.group, household.grid = village, group, grid
    household.region_path, household.address = path, address.strip()
    household.number = next_number(village)
    household.save(update_fields=["village", "group", "grid", "region_path", "address", "number", "updated_at"])
    number_retire(household=household, number=old_number, reason=RetiredNumber.Reason.RELOCATED)
    region_path_follow(household)
    village_follow(household)
    text = RelocateReason(reason).label + (f"：{note.strip()}" if note.strip() else "")
    moved = [
        {"field": "village", "label": "村", "old": village_place(source), "new": village_place(village)},
        {"field": "number", "label": "户编号", "old": old_number, "new": household.number},
    ]
    summary = SUMMARY.format(
        reason=text, source=village_place(source), target=village_place(village), old=old_number, new=household.number
    )
    # The history row and the target village's audit row; then the old village's, where its log looks for it.
    record_event(actor=actor, household=household, action="household.relocate", summary=summary, changes=moved)
    audit_record(
        actor=actor,
        action="household.relocate_out",
        summary=f"{old_number}：{summary}",
        target=household,
        region_path=source.path,
        before={c["field"]: c["old"] for c in moved},
        after={c["field"]: c["new"] for c in moved},
    )
    for follower in _followers:
        follower(actor, household, source)
    return household
