"""Undo a wrong 已故 or 迁出 mark: the member counts as living again, with a reason, in the household's history.

A cadre who marked the wrong person (a father for his son of the same name) must be able to put it right without
a new registration, which would give the person a second record. The member is never deleted either way: the mark
and its undoing both stay in the history and the audit log. The undo puts back what the mark changed: a mark leaves
低保/特困 as it is (households.services.member_status), but one made before it did so ended it, and that
registration comes back (safety_net_before_mark), unless it was changed since (停止登记 once 民政 stopped it).
A member restored as head is asked about the ages as 更换户主 and 分户 are (a head under 18, a 之子 older than the
head), one restored under the current head as a member added with that relation is (a 之母 younger than the head):
"仍要保存" (households.services.confirm), the confirmation noted in the history. A relation the member's sex
contradicts, or a spouse under 16, is refused outright, as on the member form.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from households.choices import AssistanceStatus, LivingStatus, Relation
from households.models import HouseholdEvent, Member
from households.services.closing import ensure_open
from households.services.common import diff, ensure_can_edit, record_event
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM, with_confirmed_note
from households.services.head_change import head_change
from households.services.income import income_recompute_current
from households.services.member_changes import Kind, member_change_record
from households.services.member_reasons import LEAVE_FIELDS
from households.services.member_status import SPOUSE_MIN_AGE, ask_hand_over
from households.services.members import (
    MSG_SPOUSE_UNDER_16,
    age_on,
    head_spouse_sex_message,
    id_holder_message,
    second_spouse_message,
)
from households.services.registry import head_name_change, refresh_head_name
from households.services.relation_ages import relation_age_warnings
from households.services.relations import Kin, former_head_relation, relation_sex_message
from households.signals import members_registered

MSG_ALREADY_LIVING = "该成员当前是在世状态，无需撤销。"
MSG_REASON_REQUIRED = "请说明撤销的原因（例如：误标了同名成员）。"
MSG_ID_TAKEN = "不能恢复为在世：{where}如该人确属本户，请先在该户将其标记迁出。"
MSG_RELATION_REQUIRED = "请选择该成员与现户主 {head} 的关系。"
MSG_RELATION_NOT_HEAD = "本户已有户主 {head}，请选择该成员与户主的关系（每户只能有一名户主）。"
MSG_MUST_BE_HEAD = "本户目前没有在世成员，恢复的成员即为户主。"


def current_head(member: Member) -> Member | None:
    """The household's living head other than the member, if any: the one a restored member's relation is to."""
    return (
        member.household.members.filter(relation=Relation.HEAD, living_status=LivingStatus.LIVING)
        .exclude(pk=member.pk)
        .first()
    )


def restore_relation_initial(member: Member) -> str:
    """The relation a restored member is offered: the one on record, unless it is 户主 and another head now leads
    the household (the hand-over when the mark was made), or the household has no living member left (户主)."""
    head = current_head(member)
    if head is None and not _others_living(member):
        return Relation.HEAD.value
    if member.relation == Relation.HEAD and head is not None:
        return _to_successor(member, head)
    return member.relation


def _to_successor(member: Member, head: Member) -> str:
    """A former head's relation to the head who took over, worked out from what that head was to them before the
    hand-over (its history row: relation old → 户主): the converse, as a 之父 for the 之子 who took over."""
    took_over = [{"field": "relation", "new": str(Relation.HEAD.label)}]
    row = HouseholdEvent.objects.filter(member=head, changes__contains=took_over).order_by("-created_at", "-id").first()
    was = next((c.get("old", "") for c in row.changes if c.get("field") == "relation"), "") if row else ""
    value = {str(label): code for code, label in Relation.choices}.get(was, "")
    if not value or value == Relation.HEAD:
        return ""
    return former_head_relation(head=Kin(head.pk, value, head.sex), former_head_sex=member.sex)


def _others_living(member: Member) -> bool:
    return member.household.members.filter(living_status=LivingStatus.LIVING).exclude(pk=member.pk).exists()


@transaction.atomic
def member_restore(
    *,
    actor: Any,
    member: Member,
    reason: str,
    relation: str,
    as_head: bool = False,
    relations: dict[int, str] | None = None,
    confirm_unusual: bool = False,
) -> Member:
    """The member marked 已故 or 迁出 by mistake counts as living again, with `relation` to the current head.
    `as_head`: the undo puts the household back as it was before a head's wrong mark: the member is restored under
    the current head, then takes over as head (head_change), every other living member given `relations` to them
    (by pk, the current head included). Restored as head either way (`as_head`, or 户主 of a household without
    one), a head under 18 or ages that do not fit the relations are asked about unless `confirm_unusual`: said at
    as_head (or relation) and at each member's relation, as head_change says them at new_head."""
    member = Member.objects.select_for_update().select_related("household").get(pk=member.pk)
    household = member.household
    ensure_can_edit(actor, household.region_path)
    ensure_open(household)
    if member.living_status == LivingStatus.LIVING:
        raise ApplicationError(MSG_ALREADY_LIVING)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": MSG_REASON_REQUIRED})
    # One who moved out may have been registered, living, in the household they moved to (members.py,
    # ID_HOLDING_STATUSES): the same person cannot live in two households.
    # A baby without a number yet (households.services.newborn) holds none: other babies do not stand in its way.
    holder = (
        Member.objects.filter(id_number=member.id_number, living_status=LivingStatus.LIVING)
        .select_related("household")
        .first()
        if member.id_number
        else None
    )
    if holder is not None:
        raise ValidationError({"reason": MSG_ID_TAKEN.format(where=id_holder_message(actor=actor, holder=holder))})
    _check_relation(member, relation)
    if relation == Relation.HEAD:
        confirmed = _ask_ages(member, relation, confirm_unusual)
    else:
        confirmed = _ask_relation_ages(member, relation, confirm_unusual)
    # The 减少原因 goes with the mark (households.services.member_reasons): the history row keeps it.
    fields = ["living_status", "relation", "status_changed_on", "assistance_status", *LEAVE_FIELDS]
    before = {name: getattr(member, name) for name in fields}
    old_status, old_head_name = member.get_living_status_display(), household.head_name
    member.living_status = LivingStatus.LIVING
    member.status_changed_on = None
    member.left_reason = member.left_note = ""
    member.relation = relation
    if member.assistance_status in ("", AssistanceStatus.NONE):
        member.assistance_status = safety_net_before_mark(member) or member.assistance_status
    member.save(update_fields=fields)
    # The mark's own 成员变动 row stays; this one says it was undone, and why (households.services.member_changes).
    member_change_record(actor=actor, member=member, kind=Kind.RESTORED, note=f"撤销“{old_status}”：{reason}")
    refresh_head_name(household)
    income_recompute_current(household, actor=actor)
    record_event(
        actor=actor,
        household=household,
        member=member,
        action="member.restore",
        summary=with_confirmed_note(f"撤销 {member.name} 的“{old_status}”标记，恢复为在世：{reason}", confirmed),
        changes=diff(member, before, fields) + head_name_change(household, old_head_name),
    )
    if as_head and current_head(member) is not None:
        try:
            head_change(
                actor=actor,
                household=household,
                new_head=member,
                relations=relations or {},
                confirm_unusual=confirm_unusual,
            )
        except ValidationError as error:
            raise _new_head_at(error, "as_head") from None
        member.refresh_from_db()
    members_registered.send(sender=Member, actor=actor, members=[member])
    return member


def _ask_ages(member: Member, relation: str, confirm_unusual: bool) -> list[str]:
    """A member restored as 户主 of a household without a head: asked about as a new head is (ask_hand_over), the
    other living members keeping their relations to them."""
    others = list(member.household.members.filter(living_status=LivingStatus.LIVING).exclude(pk=member.pk))
    try:
        return ask_hand_over(member, others, {m.pk: m.relation for m in others}, confirm_unusual)
    except ValidationError as error:
        raise _new_head_at(error, "relation") from None


def _ask_relation_ages(member: Member, relation: str, confirm_unusual: bool) -> list[str]:
    """A member restored under the current head is asked about as a member added with that relation is
    (households.services.members): a 之母 younger than the head, a 之子 older, a spouse under the marriage age.
    The relation is given anew, so the pair is asked about even when both were registered before."""
    head = current_head(member)
    if head is None:
        return []
    rows = [
        {"name": person.name, "relation": rel, "sex": person.sex, "birth_date": person.birth_date}
        for person, rel in ((head, Relation.HEAD.value), (member, relation))
    ]
    found = [u.message for u in relation_age_warnings(rows) if u.index == 1]
    if confirm_unusual or not found:
        return found
    raise ValidationError({"relation": found, CONFIRM_FIELD: [MSG_CONFIRM]})


def _new_head_at(error: ValidationError, field: str) -> ValidationError:
    """The hand-over's refusal with what it says at new_head moved to `field`: the restore has no new head to choose,
    the member restored is the one."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({(field if key == "new_head" else key): value for key, value in error.error_dict.items()})


def safety_net_before_mark(member: Member) -> str:
    """The 低保/特困 registration (its code) the member's last 已故/迁出 mark ended, as its history row recorded it
    (a mark made before marks left it as it is); "" when the mark ended none, or when it was changed after the mark
    (停止登记, or an edit): that later change stands."""
    labels = {str(label): value for value, label in AssistanceStatus.choices}
    for event in HouseholdEvent.objects.filter(member=member).exclude(changes=[]).order_by("-pk"):
        fields = {change["field"]: change for change in event.changes}
        if "living_status" in fields:  # the mark itself
            ended = fields.get("assistance_status")
            return labels.get(ended["old"], "") if ended else ""
        if "assistance_status" in fields:
            return ""
    return ""


def _check_relation(member: Member, relation: str) -> None:
    head = current_head(member)
    if not relation:
        if head is None:
            raise ValidationError({"relation": MSG_MUST_BE_HEAD})
        raise ValidationError({"relation": MSG_RELATION_REQUIRED.format(head=head.name)})
    if relation not in Relation.values:
        raise ValidationError({"relation": MSG_RELATION_REQUIRED.format(head=head.name if head else "—")})
    if relation == Relation.HEAD and head is not None:
        raise ValidationError({"relation": MSG_RELATION_NOT_HEAD.format(head=head.name)})
    if relation != Relation.HEAD and head is None and not _others_living(member):
        raise ValidationError({"relation": MSG_MUST_BE_HEAD})
    if (
        message := relation_sex_message(relation, member.sex, typed=not member.id_number)
        or second_spouse_message(household=member.household, relation=relation, member=member)
        or head_spouse_sex_message(household=member.household, relation=relation, sex=member.sex)
    ):
        raise ValidationError({"relation": message})
    if relation == Relation.SPOUSE and age_on(member.birth_date, timezone.localdate()) < SPOUSE_MIN_AGE:
        raise ValidationError({"relation": MSG_SPOUSE_UNDER_16})
