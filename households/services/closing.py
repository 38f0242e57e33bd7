"""农户注销: a household none of whose members is alive and still here (all died or moved out) leaves the registry.
The township or the county does it (the village reports, 乡镇审核: the level that confirms changes to the county's
rolls), with the reason recorded. Nothing is deleted: is_active turns false, every list, count and ledger reads
only active households (households.selectors.household_list, reports.selectors), and the household page shows
已注销 with the reason and the day. A household monitored when it is closed leaves the monitored counts from its
closing day (工作成效 and the dashboard's trend count it as 减少 then and keep it in earlier periods:
reports.selectors.monitoring): there is nobody left to monitor, and no 风险消除 is marked, since no risk was
eliminated (seed 000 §三(四): 风险消除 is for a risk 稳定消除, after 民主评议 and 公示). Its category stays on
file, so a closing undone by mistake (household_reopen) brings it back as it was.

Later apps refuse a closing while they hold work on the household (an open case, an alert 待核实: workflow and
alerts register them through register_close_blocker), since the registry knows no procedure (DESIGN.md:
dependencies point one way). For the same reason a later app's own records that a closing ends are ended by the app
(register_close_follower: assistance ends the help contact's assignment on the closing day and brings it back when
the closing is undone).

A closed household is read, not written: every write service of the registry, and the later apps' openings of work
on it (a case, an application joined to it, a help plan or measure), call ensure_open (or read closed_refusal) first,
so the API refuses what the page no longer offers, until the closing is undone."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.choices import Role
from config.errors import ApplicationError
from households.choices import MANUAL_CLOSED_REASONS, ClosedReason, LivingStatus, Relation
from households.models import Household, HouseholdEvent, Member
from households.services.common import ensure_can_edit, record_event

CLOSE_ROLES = frozenset({Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})
CLOSE_SUMMARY = "农户注销"
REOPEN_SUMMARY = "撤销农户注销"
MSG_CLOSE_ROLE = "农户注销由乡镇或县乡村振兴局办理；村里发现全户已故或迁出的，请报乡镇注销。"
MSG_HAS_LIVING = "该户仍有{count}名在册成员（{names}），不能注销；成员已故或迁出的，请先在成员处“标记已故/迁出”。"
MSG_ALREADY_CLOSED = "该户已于{day}注销，无需再次注销。"
MSG_NOT_CLOSED = "该户未注销，无需撤销。"
MSG_NOTE_REQUIRED = "原因为“其他”时，请填写说明。"
# A reason the members' own statuses contradict (全户迁出 for a household whose member died): the closing would record
# on the county's rolls what the member rows say is not so.
MSG_REASON_CONTRADICTS = "注销原因“{reason}”与成员状态不符：{names}不是{status}。{advice}"
MSG_REASON_ADVICE_OTHER = "该户成员有已故也有迁出的，请选择“其他”并在说明中写明。"
MSG_REASON_ADVICE_ONE = "该户成员均为{status}，请选择“{reason}”。"
# The reason each one needs every member to be, and the reason the members' statuses name.
_REASON_STATUS = {ClosedReason.ALL_DECEASED: LivingStatus.DECEASED, ClosedReason.ALL_MOVED_OUT: LivingStatus.MOVED_OUT}
# A household closed in a village (or group) since retired (撤销) would be back in the registry in a place that takes
# no household: every edit refused, no picker offering it. Not reopened; moving it first is for a household in the
# registry only, so the system admin is the one to ask.
MSG_REOPEN_RETIRED = (
    "该户所在的{name}{when}撤销，不能撤销注销：撤销注销后该户将位于已撤销的区划。如确需恢复，请联系系统管理员。"
)
MSG_REOPEN_NOTE_REQUIRED = "请填写撤销注销的原因（如误将成员标记为迁出）。"
MSG_CLOSED = "该户已注销（{reason}{day}），请先撤销注销。"
# Undoing the closing of a household nobody is left in would bring back a household of 0 people (0人, 本月未走访 in
# every list): the closing stands unless one of them was marked by mistake, whose mark is undone with it.
MSG_REOPEN_EMPTY = (
    "该户成员均已故或迁出，撤销注销后将是没有在册成员的空户（0人），不能撤销。如有成员是被误标为已故或迁出的，"
    "请在“同时恢复的成员”中选择该成员，撤销注销时一并撤销其标记，恢复为户主；全户确已故或迁出的，该户应保持注销。"
)
MSG_RESTORE_NOT_HERE = "所选成员不是该户已故或迁出的成员。"
MSG_RESTORE_HAS_LIVING = "该户仍有在册成员，撤销注销后请在成员处撤销误标的标记。"
RESTORE_FIELD = "restore_member"
# Work that needs somebody at home (a 走访, a campaign's 入户排查表) on a household whose people all died or moved out:
# it would be recorded and audited for nobody (the 附件2 ledger's row with no 证件号码). The household is for 注销.
MSG_NOBODY_LIVING = (
    "该户成员均已故或迁出，已无在世成员，不能{what}。全户确已故或迁出的，请报乡镇办理农户注销；"
    "成员状态登记有误的，请先在成员处撤销误标的已故或迁出。"
)

Blocker = Callable[[Household], str]
_blockers: list[Blocker] = []
OnClose = Callable[[Any, Household, Any], None]  # (actor, household, the closing day)
OnReopen = Callable[[Any, Household], None]
_followers: list[tuple[OnClose, OnReopen]] = []


def register_close_blocker(blocker: Blocker) -> None:
    """A later app's reason not to close a household now ("" when it has none)."""
    if blocker not in _blockers:
        _blockers.append(blocker)


def register_close_follower(on_close: OnClose, on_reopen: OnReopen) -> None:
    """A later app's records to end when a household is closed (in the closing's transaction, after it is saved and
    its history row written, so that a row the follower adds reads after it) and to bring back when the closing is
    undone."""
    if (on_close, on_reopen) not in _followers:
        _followers.append((on_close, on_reopen))


def close_refusal(household: Household) -> str:
    """Why the household cannot be closed now, in words ("" when it can): members still here, or a later app's
    open work on it."""
    living = list(household.members.filter(living_status=LivingStatus.LIVING).values_list("name", flat=True))
    if living:
        return MSG_HAS_LIVING.format(count=len(living), names="、".join(living[:5]) + ("等" if len(living) > 5 else ""))
    return open_work_refusal(household)


def open_work_refusal(household: Household) -> str:
    """A later app's open work on the household, in words ("" when there is none): an open case, an alert
    待核实 (register_close_blocker). A merge's source is closed too, so it is refused for the same."""
    for blocker in _blockers:
        if message := blocker(household):
            return message
    return ""


def may_close(actor: Any) -> bool:
    return getattr(actor, "role", "") in CLOSE_ROLES


def _ensure_may_close(actor: Any, household: Household) -> None:
    ensure_can_edit(actor, household.region_path)
    if not may_close(actor):
        raise PermissionDenied(MSG_CLOSE_ROLE)


def closed_on(household: Household) -> Any:
    """The day the household was closed (the county's day, Household.closed_on), None while it is active."""
    return None if household.is_active else household.closed_on


def closed_refusal(household: Household) -> str:
    """Why nothing may be written to the household now, in words ("" while it is active). Read from the database,
    so a household closed since the caller loaded it is refused too."""
    row = Household.objects.filter(pk=household.pk).values("is_active", "closed_reason", "closed_on").first()
    if row is None or row["is_active"]:
        return ""
    day = row["closed_on"]
    return MSG_CLOSED.format(reason=row["closed_reason"] or "未注明原因", day=f"，{day:%Y-%m-%d}注销" if day else "")


def ensure_open(household: Household) -> None:
    """Raise the registry's ValidationError (no field: the whole household) when the household is closed."""
    if message := closed_refusal(household):
        raise ValidationError({NON_FIELD_ERRORS: [message]})


def nobody_living() -> Q:
    """A filter of households whose members are all 已故 or 已迁出. A household keeps its head's row from its creation
    (registered with one: members.clean_member_rows; a head never moves to another household: moves.MSG_TRANSFER_HEAD),
    so rows with none living is a household whose people all died or moved out, the one 农户注销 is for."""
    members = Member.objects.filter(household=OuterRef("pk"))
    return Q(Exists(members)) & ~Q(Exists(members.filter(living_status=LivingStatus.LIVING)))


def nobody_living_refusal(household: Household, what: str) -> str:
    """Why `what` (a visit, a screening form) cannot be recorded for the household, "" while somebody lives there."""
    emptied = Household.objects.filter(nobody_living(), pk=household.pk).exists()
    return MSG_NOBODY_LIVING.format(what=what) if emptied else ""


def ensure_somebody_living(household: Household, what: str) -> None:
    """Raise the registry's ValidationError (no field: the whole household) when nobody lives in the household."""
    if message := nobody_living_refusal(household, what):
        raise ValidationError({NON_FIELD_ERRORS: [message]})


def reason_from_members(household: Household) -> str:
    """The closing reason the members' statuses name: 全户死亡 when every member is 已故, 全户迁出 when every one moved
    out, 其他 for a mix; "" while somebody is still living there (or there is no member)."""
    statuses = set(household.members.values_list("living_status", flat=True))
    if not statuses or LivingStatus.LIVING in statuses:
        return ""
    for reason, status in _REASON_STATUS.items():
        if statuses == {status}:
            return reason.value
    return ClosedReason.OTHER.value


def reason_contradiction(household: Household, reason: str) -> str:
    """Why the members' statuses contradict `reason`, in words naming those who do ("" when none does)."""
    status = _REASON_STATUS.get(reason)
    if status is None:
        return ""
    others = list(household.members.exclude(living_status=status).order_by("pk").values_list("name", "living_status"))
    if not others:
        return ""
    names = "、".join(f"{name}（{LivingStatus(state).label}）" for name, state in others[:5])
    names += "等" if len(others) > 5 else ""
    suggested = reason_from_members(household)
    if suggested in _REASON_STATUS:
        advice = MSG_REASON_ADVICE_ONE.format(
            status=LivingStatus(_REASON_STATUS[suggested]).label, reason=ClosedReason(suggested).label
        )
    else:
        advice = MSG_REASON_ADVICE_OTHER
    return MSG_REASON_CONTRADICTS.format(
        reason=ClosedReason(reason).label, names=names, status=LivingStatus(status).label, advice=advice
    )


def reason_text(reason: str, note: str) -> str:
    label = str(ClosedReason(reason).label)
    return (f"{label}：{note}" if note else label)[:200]


@transaction.atomic
def household_close(*, actor: Any, household: Household, reason: str, note: str = "") -> HouseholdEvent:
    """Close the household (农户注销) with its reason; refused while any member is alive and still here or a later
    app holds open work on it, and with a reason the members' statuses contradict (全户死亡 needs every member 已故,
    全户迁出 every one 迁出; a mix is 其他 with a note)."""
    _ensure_may_close(actor, household)
    household = Household.objects.select_for_update().get(pk=household.pk)
    note = (note or "").strip()
    if reason not in dict(MANUAL_CLOSED_REASONS):
        raise ValidationError({"reason": "请选择注销原因。"})
    if reason == ClosedReason.OTHER and not note:
        raise ValidationError({"note": MSG_NOTE_REQUIRED})
    if not household.is_active:
        raise ApplicationError(MSG_ALREADY_CLOSED.format(day=closed_on(household) or ""))
    if refusal := close_refusal(household):
        raise ApplicationError(refusal)
    if contradiction := reason_contradiction(household, reason):
        raise ValidationError({"reason": contradiction})
    monitored = household.get_monitoring_category_display() if household.monitoring_category else ""
    household.is_active, household.closed_on = False, timezone.localdate()  # the county's day
    household.closed_reason = reason_text(reason, note)
    household.save(update_fields=["is_active", "closed_reason", "closed_on", "updated_at"])
    ended = f"；原为监测对象（{monitored}），注销后不再监测" if monitored else ""
    event = record_event(
        actor=actor,
        household=household,
        action="household.close",
        summary=f"{CLOSE_SUMMARY}（{household.closed_reason}）{ended}"[:200],
        changes=[
            {"field": "is_active", "label": "有效", "old": "是", "new": "否（已注销）"},
            {"field": "closed_reason", "label": "注销原因", "old": "", "new": household.closed_reason},
        ],
    )
    # After the closing's own row, so that the history reads what the closing ended as following it.
    close_followers_run(actor, household)
    return event


def close_followers_run(actor: Any, household: Household) -> None:
    """The later apps' records that a closing ends, ended (a merge closes its source too)."""
    for on_close, _ in _followers:
        on_close(actor, household, timezone.localdate())  # the county's day, closed_on's


def restorable_members(household: Household) -> QuerySet[Member] | None:
    """The members a reopening may restore with it (household_reopen's `restore_member`): those marked 已故 or 迁出,
    when nobody is left in the household; None when someone is (the reopening needs none)."""
    if household.members.filter(living_status=LivingStatus.LIVING).exists():
        return None
    return household.members.exclude(living_status=LivingStatus.LIVING).order_by("pk")


@transaction.atomic
def household_reopen(
    *,
    actor: Any,
    household: Household,
    note: str,
    restore_member: Member | None = None,
    confirm_unusual: bool = False,
) -> HouseholdEvent:
    """Undo a closing made by mistake: the household is back in the lists as it was (its category included). One
    nobody is left in (all died or moved out: a closed household is not written, so no mark was undone since) is
    reopened only with `restore_member`, the member marked by mistake, whose mark is undone in the same act
    (households.services.member_restore, as 户主; `confirm_unusual` as there)."""
    _ensure_may_close(actor, household)
    household = Household.objects.select_for_update().get(pk=household.pk)
    note = (note or "").strip()
    if household.is_active:
        raise ApplicationError(MSG_NOT_CLOSED)
    if refusal := _retired_place_refusal(household):
        raise ApplicationError(refusal)
    if not note:
        raise ValidationError({"note": MSG_REOPEN_NOTE_REQUIRED})
    anyone_here = restorable_members(household) is None
    if restore_member is not None:
        if restore_member.household_id != household.pk or restore_member.living_status == LivingStatus.LIVING:
            raise ValidationError({RESTORE_FIELD: MSG_RESTORE_NOT_HERE})
        if anyone_here:
            raise ValidationError({RESTORE_FIELD: MSG_RESTORE_HAS_LIVING})
    elif not anyone_here:
        raise ApplicationError(MSG_REOPEN_EMPTY)
    old_reason = household.closed_reason
    # The merge's link goes with the closing it made: a household reopened and closed again is no merged one.
    household.is_active, household.closed_on, household.merged_into = True, None, None
    household.closed_reason = ""
    household.save(update_fields=["is_active", "closed_reason", "closed_on", "merged_into", "updated_at"])
    event = record_event(
        actor=actor,
        household=household,
        action="household.reopen",
        summary=f"{REOPEN_SUMMARY}：{note}"[:200],
        changes=[
            {"field": "is_active", "label": "有效", "old": "否（已注销）", "new": "是"},
            {"field": "closed_reason", "label": "注销原因", "old": old_reason, "new": ""},
        ],
    )
    if restore_member is not None:
        _restore(actor, restore_member, note, confirm_unusual)
    for _, on_reopen in _followers:
        on_reopen(actor, household)
    return event


def _retired_place_refusal(household: Household) -> str:
    """Why the household cannot be reopened where it stands: its village or group retired since ("" when neither)."""
    for place in (household.village, household.group):
        if place is not None and not place.is_active:
            when = f"已于{place.retired_on:%Y-%m-%d}" if place.retired_on else "已"
            return MSG_REOPEN_RETIRED.format(name=place.name, when=when)
    return ""


def _restore(actor: Any, member: Member, note: str, confirm_unusual: bool) -> None:
    """The member's wrong mark undone, as 户主 of the household reopened; what the undo refuses is said at the
    member chosen (the reason and the relation are the reopening's own)."""
    # Imported here: member_restore reads ensure_open from this module.
    from households.services.member_restore import member_restore

    try:
        member_restore(actor=actor, member=member, reason=note, relation=Relation.HEAD, confirm_unusual=confirm_unusual)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        moved = {"reason", "relation", "as_head"}
        raise ValidationError(
            {(RESTORE_FIELD if key in moved else key): value for key, value in error.error_dict.items()}
        ) from None
