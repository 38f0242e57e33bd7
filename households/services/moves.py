"""合户 and 分户: a member moved into another household, members split off into a new one."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from config.errors import ApplicationError
from households.choices import LivingStatus, Relation
from households.models import Household, Member
from households.services.closing import ensure_open
from households.services.common import ensure_can_edit, record_event
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM, confirmed_note
from households.services.income import income_recompute_current
from households.services.member_status import relations_check
from households.services.members import MSG_NO_HEAD, head_spouse_sex_message, second_spouse_message
from households.services.registry import HOUSEHOLD_FIELDS, created_values, next_number, refresh_head_name
from households.services.relation_ages import split_warnings
from households.services.relations import Kin, relation_sex_message, relations_after_head_change

MSG_TRANSFER_SAME = "目标农户与原农户相同。"
MSG_TRANSFER_HEAD = "户主不能直接迁入其他户：请先为原户指定新户主，或使用“分户”。"
MSG_TRANSFER_TARGET_HEAD = "目标农户已有户主，迁入成员的与户主关系不能为“户主”。"
MSG_NOT_LIVING = "只有在世成员可以迁移。"
MSG_SPLIT_NEEDS_HEAD = "分户须从所选成员中指定一名新户主。"
MSG_SPLIT_ALL = "不能把全部在世成员分出：原户至少要保留一名成员。"


@transaction.atomic
def member_transfer(*, actor: Any, member: Member, target: Household, relation: str) -> Member:
    """合户: move a living, non-head member into another household (both must be in the actor's scope)."""
    member = Member.objects.select_for_update().select_related("household").get(pk=member.pk)
    source = member.household
    # Lock both households in primary-key order so two opposite transfers cannot deadlock.
    locked = {
        h.pk: h for h in Household.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")
    }
    target = locked[target.pk]
    ensure_can_edit(actor, source.region_path)
    ensure_open(source)
    ensure_can_edit(actor, target.region_path)
    ensure_open(target)
    if source.pk == target.pk:
        raise ValidationError({"target": MSG_TRANSFER_SAME})
    if member.living_status != LivingStatus.LIVING:
        raise ApplicationError(MSG_NOT_LIVING)
    if member.relation == Relation.HEAD:
        raise ApplicationError(MSG_TRANSFER_HEAD)
    if relation == Relation.HEAD:
        raise ValidationError({"relation": MSG_TRANSFER_TARGET_HEAD})
    if (
        message := relation_sex_message(relation, member.sex, typed=not member.id_number)
        or second_spouse_message(household=target, relation=relation)
        or head_spouse_sex_message(household=target, relation=relation, sex=member.sex)
    ):
        raise ValidationError({"relation": message})
    old_relation = member.get_relation_display()
    member.household, member.region_path, member.relation = target, target.region_path, relation
    member.save(update_fields=["household", "region_path", "relation"])
    income_recompute_current(source, actor=actor)
    income_recompute_current(target, actor=actor)
    # Both rows carry the move, by number as read and by id (a number can be edited later): the history tab and
    # the audit event show 农户 old → new, and a case's household news (alerts.advisories) finds from them who came
    # or went since the case opened.
    moved = [
        {
            "field": "household",
            "label": "农户",
            "old": source.number,
            "new": target.number,
            "old_id": source.pk,
            "new_id": target.pk,
        }
    ]
    record_event(
        actor=actor,
        household=source,
        member=member,
        action="member.transfer_out",
        summary=f"{member.name} 迁出至农户 {target.number}",
        changes=moved,
    )
    record_event(
        actor=actor,
        household=target,
        member=member,
        action="member.transfer_in",
        summary=f"{member.name} 由农户 {source.number} 迁入（原关系：{old_relation}）",
        changes=moved,
    )
    return member


def split_suggestions(*, household: Household, members: list[Member], new_head: Member) -> dict[int, str]:
    """What each member leaving with `new_head` is to them, as far as it can be worked out from their relations to
    the household's head ("" where it cannot: the cadre chooses), by pk: the old head's daughter leaving with his
    son is the son's 之兄弟姐妹, the son's wife his 配偶 (households.services.relations)."""
    head = household.members.filter(living_status=LivingStatus.LIVING, relation=Relation.HEAD).first()
    return relations_after_head_change(
        old_head_sex=head.sex if head is not None else "",
        new_head=Kin(new_head.pk, new_head.relation, new_head.sex),
        others=[Kin(m.pk, m.relation, m.sex) for m in members if m.pk != new_head.pk],
    )


def _split_relations(
    source: Household, chosen: list[Member], new_head: Member, given: dict[int, str]
) -> dict[int, str]:
    """Each leaving member's relation to the new head: as given (the page gives all; the API may give some), else
    as worked out (split_suggestions), else 其他; checked as a head change's are (relations_check: the member's sex,
    a 配偶 of the new head's own sex, a second 配偶), at relation_{pk} naming the member."""
    suggested = split_suggestions(household=source, members=chosen, new_head=new_head)
    others = [m for m in chosen if m.pk != new_head.pk]
    relations = {m.pk: given[m.pk] if m.pk in given else suggested.get(m.pk) or Relation.OTHER for m in others}
    relations_check(new_head, others, relations)
    return {new_head.pk: Relation.HEAD} | relations


def _moved_names(chosen: list[Member], before: dict[int, str]) -> str:
    """张丽（之女→之兄弟姐妹）: who moved, and their relation to the old head and to the new one."""
    return "、".join(f"{m.name}（{Relation(before[m.pk]).label}→{m.get_relation_display()}）" for m in chosen)


@transaction.atomic
def household_split(
    *,
    actor: Any,
    household: Household,
    members: list[Member],
    new_head: Member,
    relations: dict[int, str],
    confirm_unusual: bool = False,
) -> Household:
    """分户: selected living members leave to form a new household in the same village and group. A new head under
    18, or ages that do not fit the new relations, are asked about unless `confirm_unusual` (services.relation_ages)."""
    source = Household.objects.select_for_update().get(pk=household.pk)
    ensure_can_edit(actor, source.region_path)
    ensure_open(source)
    living = {m.pk: m for m in source.members.select_for_update().filter(living_status=LivingStatus.LIVING)}
    chosen = [living[m.pk] for m in members if m.pk in living]
    if new_head.pk not in {m.pk for m in chosen}:
        raise ValidationError({"new_head": MSG_SPLIT_NEEDS_HEAD})
    if len(chosen) >= len(living):
        raise ValidationError({"members": MSG_SPLIT_ALL})
    if any(m.relation == Relation.HEAD for m in chosen):
        raise ApplicationError(MSG_TRANSFER_HEAD)
    new_relations = _split_relations(source, chosen, new_head, relations)
    before = {m.pk: m.relation for m in chosen}
    unusual = [u.message for u in split_warnings(chosen, new_relations)]
    if unusual and not confirm_unusual:
        raise ValidationError({"new_head": unusual, CONFIRM_FIELD: [MSG_CONFIRM]})
    new = Household(
        number=next_number(source.village),
        village=source.village,
        group=source.group,
        grid=source.grid,
        region_path=source.region_path,
        address=source.address,
        household_type=source.household_type,
    )
    new.save()
    for member in chosen:
        member.household = new
        member.relation = new_relations[member.pk]
        member.save(update_fields=["household", "relation"])
    refresh_head_name(new)
    if not new.head_name:
        raise ValidationError({"new_head": MSG_NO_HEAD})
    income_recompute_current(source, actor=actor)
    income_recompute_current(new, actor=actor)
    names = _moved_names(chosen, before)
    # The row carries the move as a transfer's does (农户 old → new), with the members who left: a case opened on
    # the source household before the split says who left it since (alerts.advisories, household news).
    moved = {"field": "household", "label": "农户", "old": source.number, "new": new.number}
    moved |= {"old_id": source.pk, "new_id": new.pk, "via": "split", "member_ids": [m.pk for m in chosen]}
    record_event(
        actor=actor,
        household=source,
        action="household.split",
        summary=f"分户：{names} 分出为农户 {new.number}",
        changes=[moved],
    )
    record_event(
        actor=actor,
        household=new,
        action="household.create",
        summary=f"由农户 {source.number} 分户新建，户主{new.head_name}；分入成员：{names}{confirmed_note(unusual)}",
        after=created_values(new, HOUSEHOLD_FIELDS),  # as a household registered anew records its values
    )
    return new
