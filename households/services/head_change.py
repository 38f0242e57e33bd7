"""更换户主: another living member becomes the head, every other living member's 与户主关系 given anew, to the new
head (DOMAIN.md "Code lists": always relative to the current head), the old head included. The same hand-over as a
head's death mark (households.services.member_status), without anyone leaving: a head recorded wrongly (a wrong
death mark undone, households.services.member_restore) must be put right without two heads on the way."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from households.choices import LivingStatus, Relation
from households.models import Household, Member
from households.services.closing import ensure_open
from households.services.common import ensure_can_edit, record_event
from households.services.confirm import with_confirmed_note
from households.services.member_status import ask_hand_over, hand_over, relations_check
from households.services.registry import head_name_change, refresh_head_name
from households.services.relations import Kin, relations_after_head_change

MSG_NEW_HEAD_REQUIRED = "请选择新户主。"
MSG_NEW_HEAD_INVALID = "新户主必须是本户在世成员。"
MSG_ALREADY_HEAD = "{name}已是本户户主。"


def head_change_suggestions_for(*, household: Household, new_head: Member, as_relation: str = "") -> dict[int, str]:
    """Each other living member's relation to `new_head` as far as it can be worked out from their relations to
    the current head ("" where it cannot), by pk. `as_relation`: the new head's relation to the current head when
    not yet saved (a former head being restored)."""
    living = household.members.filter(living_status=LivingStatus.LIVING).exclude(pk=new_head.pk).order_by("pk")
    others = [Kin(m.pk, m.relation, m.sex) for m in living]
    old_head_sex = next((m.sex for m in living if m.relation == Relation.HEAD), "")
    return relations_after_head_change(
        old_head_sex=old_head_sex,
        new_head=Kin(new_head.pk, as_relation or new_head.relation, new_head.sex),
        others=others,
    )


def head_change_members(household: Household, new_head: Member | None) -> list[Member]:
    """The living members who need a relation to `new_head` (all living ones but the new head), in pk order."""
    living = household.members.filter(living_status=LivingStatus.LIVING).order_by("pk")
    return list(living.exclude(pk=new_head.pk) if new_head is not None else living)


@transaction.atomic
def head_change(
    *,
    actor: Any,
    household: Household,
    new_head: Member | None,
    relations: dict[int, str],
    confirm_unusual: bool = False,
) -> Household:
    """`new_head` becomes 户主; each other living member takes the relation to them given in `relations` (by pk),
    each change in the history and the audit log, and the household's name (its head's) follows. A new head under
    18, or ages that do not fit the new relations, are asked about unless `confirm_unusual` (ask_hand_over)."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    ensure_can_edit(actor, household.region_path)
    ensure_open(household)
    if new_head is None:
        raise ValidationError({"new_head": MSG_NEW_HEAD_REQUIRED})
    # Members locked in primary-key order, as member_set_status does, so that two hand-overs cannot deadlock.
    living = list(household.members.filter(living_status=LivingStatus.LIVING).select_for_update().order_by("pk"))
    chosen = next((m for m in living if m.pk == new_head.pk), None)
    if chosen is None:
        raise ValidationError({"new_head": MSG_NEW_HEAD_INVALID})
    if chosen.relation == Relation.HEAD:
        raise ValidationError({"new_head": MSG_ALREADY_HEAD.format(name=chosen.name)})
    remaining = [m for m in living if m.pk != chosen.pk]
    old_head = next((m for m in remaining if m.relation == Relation.HEAD), None)
    relations_check(chosen, remaining, relations)
    confirmed = ask_hand_over(chosen, remaining, relations, confirm_unusual)
    old_head_name = household.head_name
    hand_over(
        actor=actor,
        household=household,
        new_head=chosen,
        remaining=remaining,
        relations=relations,
        old_head_sex=old_head.sex if old_head else "",
    )
    refresh_head_name(household)
    record_event(
        actor=actor,
        household=household,
        member=chosen,
        action="household.head_change",
        summary=with_confirmed_note(f"更换户主：{old_head.name if old_head else '（无）'} → {chosen.name}", confirmed),
        changes=head_name_change(household, old_head_name),
    )
    return household
