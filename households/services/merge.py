"""合户 of whole households: every living member of one household moves into another, and the first is closed
with the reason 合户. A member moved alone (moves.member_transfer) may not be the head; here the head goes too,
with the rest, so the source's history is kept (its 变更记录 names the household its people went to) instead of
being lost to 全户迁出 by hand.

The members' relations are to the target's head, each given and checked as a head change's are
(member_status.relations_check) plus the target's own 配偶. Their open measures follow them as a transfer's do
(moves.register_move_follower). A monitored household is refused a target that is not monitored (seed 000
§三(三)8: its people would leave monitoring with no 风险消除). The source is refused while a later app holds open
work on it (an open case, an alert 待核实: closing.open_work_refusal), as its closing would be. A village cadre
merges within the village only: across villages the township does it (报乡镇办理)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from config.errors import ApplicationError
from households.choices import ClosedReason, LivingStatus, Relation
from households.member_reasons import JoinReason, LeaveReason
from households.models import Household, Member
from households.services.closing import CLOSE_SUMMARY, close_followers_run, ensure_open, open_work_refusal, reason_text
from households.services.common import ensure_can_edit, record_event
from households.services.income import income_recompute_current
from households.services.member_changes import members_moved_record, moved_in_set, reason_change
from households.services.member_reasons import JOIN_FIELDS
from households.services.member_status import relation_field, relations_check
from households.services.members import MSG_NO_HEAD, second_spouse_message
from households.services.moves import MSG_TRANSFER_SAME, move_followers_run, move_preview

MSG_MERGE_OTHER_VILLAGE = "目标农户 {number} 不在本村：跨村合户请报乡镇办理。"
MSG_MERGE_TARGET_CLOSED = "目标农户 {number} 已注销，不能并入。"
MSG_MERGE_EMPTY = "该户没有在册成员，无需合户；全户已故或迁出的，请报乡镇注销。"
MSG_MERGE_OPEN_WORK = "合户时本户随即注销，须先办结本户的事项：{reason}"
MSG_MERGE_IRREVERSIBLE = (
    "合户后，本户全部在册成员迁入目标农户，本户以“合户”注销，不能直接撤销；两户本年度家庭收支须随后核对。"
)
# Seed 000 §三(三)8: a 监测对象 leaves monitoring only through 风险消除 (民主评议, 公示, 审核, 审批). Merged into a
# household that is not monitored, its people would leave it with no exit on record: refused, with the ways that are.
MSG_MERGE_UNMONITORED = (
    "本户是监测对象（{category}），农户 {number} 不是：并入后本户成员将不经风险消除程序退出监测，不能合户。"
    "风险已稳定消除的，请先按程序办理风险消除；农户 {number} 也有返贫致贫风险的，请先对其识别纳入后再合户；"
    "也可改为将农户 {number} 并入本户。"
)
MERGE_OUT_SUMMARY = "合户：{names} 全部迁入农户 {number}，本户注销"
MERGE_IN_SUMMARY = "合户：农户 {number} 并入，迁入成员：{names}"


def merge_preview(*, source: Household, target: Household) -> list[str]:
    """What the page says before the merge is confirmed: it cannot be undone, and what the later apps will do with
    the members' records."""
    living = list(source.members.filter(living_status=LivingStatus.LIVING).order_by("pk"))
    return [MSG_MERGE_IRREVERSIBLE, *move_preview(source=source, members=living, split=False)]


def _ensure_same_village(actor: Any, source: Household, target: Household) -> None:
    if getattr(actor, "role", "") == Role.VILLAGE_CADRE and source.village_id != target.village_id:
        raise ValidationError({"target": MSG_MERGE_OTHER_VILLAGE.format(number=target.number)})


def _check_relations(target: Household, moving: list[Member], relations: dict[int, str]) -> Member:
    """The target's living head, after each moving member's relation to them is checked (relation_{pk})."""
    head = target.members.filter(living_status=LivingStatus.LIVING, relation=Relation.HEAD).first()
    if head is None:
        raise ApplicationError(MSG_NO_HEAD)
    relations_check(head, moving, relations)
    errors = {
        relation_field(m.pk): message
        for m in moving
        if (message := second_spouse_message(household=target, relation=relations[m.pk]))
    }
    if errors:
        raise ValidationError(errors)
    return head


def household_merge_check(
    *, actor: Any, source: Household, target: Household, relations: dict[int, str], lock: bool = True
) -> list[Member]:
    """What household_merge refuses, raised before anything is written; else the members who will move. The page
    calls it (lock=False) before it asks for confirmation, so that what it confirms is what will be done."""
    if source.pk == target.pk:
        raise ValidationError({"target": MSG_TRANSFER_SAME})
    ensure_can_edit(actor, source.region_path)
    ensure_can_edit(actor, target.region_path)
    ensure_open(source)
    if not target.is_active:
        raise ValidationError({"target": MSG_MERGE_TARGET_CLOSED.format(number=target.number)})
    _ensure_same_village(actor, source, target)
    if source.monitoring_category and not target.monitoring_category:
        category = source.get_monitoring_category_display()
        raise ValidationError({"target": MSG_MERGE_UNMONITORED.format(category=category, number=target.number)})
    if refusal := open_work_refusal(source):
        raise ApplicationError(MSG_MERGE_OPEN_WORK.format(reason=refusal))
    living = source.members.filter(living_status=LivingStatus.LIVING).order_by("pk")
    moving = list(living.select_for_update() if lock else living)
    if not moving:
        raise ApplicationError(MSG_MERGE_EMPTY)
    _check_relations(target, moving, relations)
    return moving


@transaction.atomic
def household_merge(
    *, actor: Any, source: Household, target: Household, relations: dict[int, str], reason_note: str = ""
) -> Household:
    """合户: every living member of `source` moves into `target` with the relation given to its head; `source` is
    closed (合户). Both households' 变更记录 and audit events say so; the target's income per head is recomputed."""
    if source.pk == target.pk:
        raise ValidationError({"target": MSG_TRANSFER_SAME})
    # Both locked in primary-key order so that two opposite merges cannot deadlock.
    locked = {
        h.pk: h for h in Household.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")
    }
    source, target = locked[source.pk], locked[target.pk]
    moving = household_merge_check(actor=actor, source=source, target=target, relations=relations)
    before = {m.pk: m.get_relation_display() for m in moving}
    for member in moving:
        member.household, member.region_path, member.relation = target, target.region_path, relations[member.pk]
        moved_in_set(member, reason=JoinReason.MERGE, source=source)  # 合户（由农户…迁入）
        member.save(update_fields=["household", "region_path", "relation", *JOIN_FIELDS])
    note = (reason_note or "").strip()
    source.is_active, source.merged_into, source.closed_on = False, target, timezone.localdate()  # the county's day
    source.closed_reason = reason_text(ClosedReason.MERGED, f"并入农户 {target.number}" + (f"，{note}" if note else ""))
    source.save(update_fields=["is_active", "closed_reason", "merged_into", "closed_on", "updated_at"])
    income_recompute_current(target, actor=actor)
    names = "、".join(f"{m.name}（{before[m.pk]}→{m.get_relation_display()}）" for m in moving)
    # As a transfer's rows carry it (农户 old → new, by number and id) with the members who went: a case opened on
    # the target reads who came (alerts.advisories, household news).
    moved = {"field": "household", "label": "农户", "old": source.number, "new": target.number}
    moved |= {"old_id": source.pk, "new_id": target.pk, "via": "merge", "member_ids": [m.pk for m in moving]}
    closed = {"field": "closed_reason", "label": "注销原因", "old": "", "new": source.closed_reason}
    record_event(
        actor=actor,
        household=source,
        action="household.merge_out",
        summary=MERGE_OUT_SUMMARY.format(names=names, number=target.number)[:200],
        changes=[
            moved,
            {"field": "is_active", "label": "有效", "old": "是", "new": "否（已注销）"},
            closed,
            reason_change(LeaveReason.MERGE.label),  # the members' 减少原因
        ],
    )
    # The closing's own row, as household_close writes it.
    record_event(
        actor=actor,
        household=source,
        action="household.close",
        summary=f"{CLOSE_SUMMARY}（{source.closed_reason}）"[:200],
        changes=[closed],
        audited=True,
    )
    record_event(
        actor=actor,
        household=target,
        action="household.merge_in",
        summary=MERGE_IN_SUMMARY.format(number=source.number, names=names)[:200],
        changes=[moved, reason_change(JoinReason.MERGE.label)],  # the members' 新增原因
    )
    members_moved_record(actor=actor, source=source, target=target, members=moving, reason=JoinReason.MERGE)
    move_followers_run(actor, source, target, moving, split=False)
    close_followers_run(actor, source)
    return target
