"""The 成员变动 rows (households.models.MemberChange) the registry's acts write, and the reasons the acts give by
themselves (households.member_reasons): a member registered with a new household (首次登记) joined by 新登记, one
moved to another household (迁入他户) by 户间迁移, by 分户 or 合户 when the household split or merged — on both
sides: 户间迁出 from the household left, 户间迁入 into the one joined, the member's 新增原因 then naming where they
came from (由农户…迁入). Called inside the act's transaction (member_add, member_set_status, member_restore,
household_create, member_transfer, household_split, household_merge), beside its 变更记录 row and audit event."""

import datetime as dt
from typing import Any

from django.utils import timezone

from households.member_reasons import JoinReason, LeaveReason, reason_text
from households.models import Household, Member
from households.models.activity import MemberChange

Kind = MemberChange.Kind
# The kinds whose reason is a 新增原因 (JoinReason); the others' is a 减少原因 (LeaveReason) or, for 撤销误标, words.
JOIN_KINDS = frozenset({Kind.JOINED, Kind.TRANSFER_IN})
LEAVE_KINDS = frozenset({Kind.MOVED_OUT, Kind.DECEASED, Kind.TRANSFER_OUT})
REASON_TEXT_MAX = 80
# The 变更记录 row's and the audit event's key for the reason a move or a registration gives (accounts.
# audit_field_words): a household's row, where no field of the household holds it.
CHANGE_REASON = "change_reason"
CHANGE_REASON_LABEL = "变动原因"


def reason_change(reason_shown: str) -> dict[str, str]:
    """The history row's change that says the reason: 变动原因：（空） → 分户."""
    return {"field": CHANGE_REASON, "label": CHANGE_REASON_LABEL, "old": "", "new": reason_shown}


def moved_in_note(reason: str, source: Household) -> str:
    """The 新增原因's words for a member moved in: where they came from."""
    verb = "分出" if reason == JoinReason.SPLIT else "迁入"
    return f"由农户{source.number}{verb}"


def shown_reason(kind: str, reason: str, note: str = "") -> str:
    """A reason as the pages say it: 婚入, 婚出, 其他（户籍恢复）, 户间迁移（由农户…迁入）."""
    if kind in JOIN_KINDS:
        label = JoinReason(reason).label
    elif kind in LEAVE_KINDS:
        label = LeaveReason(reason).label
    else:
        return note[:REASON_TEXT_MAX]
    return reason_text(str(label), note)[:REASON_TEXT_MAX]


def _row(
    *,
    actor: Any,
    member: Member,
    household: Household,
    kind: str,
    reason: str,
    note: str = "",
    on: dt.date | None = None,
    other: Household | None = None,
) -> MemberChange:
    return MemberChange(
        member=member,
        household=household,
        other_household=other,
        region_path=household.region_path,
        kind=kind,
        reason=reason if kind in JOIN_KINDS | LEAVE_KINDS else "",
        reason_text=shown_reason(kind, reason, note),
        changed_on=on or timezone.localdate(),
        actor=actor if getattr(actor, "pk", None) else None,
    )


def member_change_record(
    *,
    actor: Any,
    member: Member,
    kind: str,
    reason: str = "",
    note: str = "",
    on: dt.date | None = None,
) -> MemberChange:
    """One member's change in its own household: joined (新增), marked 迁出 or 已故, a mark undone (撤销误标)."""
    row = _row(actor=actor, member=member, household=member.household, kind=kind, reason=reason, note=note, on=on)
    row.save()
    return row


def members_registered_record(*, actor: Any, household: Household, members: list[Member]) -> list[MemberChange]:
    """The members registered with a new household (首次登记): each joined by 新登记."""
    rows = [
        _row(actor=actor, member=m, household=household, kind=Kind.JOINED, reason=JoinReason.REGISTERED)
        for m in members
    ]
    return MemberChange.objects.bulk_create(rows)


def members_moved_record(
    *, actor: Any, source: Household, target: Household, members: list[Member], reason: str
) -> list[MemberChange]:
    """Members moved from `source` into `target` (户间迁移, 分户, 合户): 户间迁出 on the one, 户间迁入 on the other,
    each naming the other household; the members' own 新增原因 is set (and saved) by the caller."""
    left = f"迁至农户{target.number}"
    rows = []
    for m in members:
        rows.append(
            _row(
                actor=actor, member=m, household=source, kind=Kind.TRANSFER_OUT, reason=reason, note=left, other=target
            )
        )
        rows.append(
            _row(
                actor=actor,
                member=m,
                household=target,
                kind=Kind.TRANSFER_IN,
                reason=reason,
                note=m.joined_note,
                other=source,
            )
        )
    return MemberChange.objects.bulk_create(rows)


def moved_in_set(member: Member, *, reason: str, source: Household) -> dict[str, str]:
    """Give a member moved in its 新增原因 (户间迁移, 分户, 合户, with where they came from); the history row's change
    of it ({field, label, old, new})."""
    old = reason_text(str(JoinReason(member.joined_reason).label), member.joined_note)
    member.joined_reason, member.joined_note = reason, moved_in_note(reason, source)
    new = reason_text(str(JoinReason(reason).label), member.joined_note)
    return {"field": "joined_reason", "label": f"{member.name}的新增原因", "old": old, "new": new}
