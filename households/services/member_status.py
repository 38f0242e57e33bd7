"""A member marked deceased or moved out (the head handing over to another living member first), and the end of a
no-longer-living member's 低保/特困 registration. Never delete.

The mark leaves a 低保/特困 registration as it is: 民政 pays it until told, so the cadre is told to ask 民政 to stop it
(MSG_SAFETY_NET_STOP) and the 数据逻辑校验 lists the member (gone_on_safety_net) until its 停止登记
(member_safety_net_end). Every count of 低保/特困 reads living members only."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from households.choices import AssistanceStatus, LivingStatus, Relation, Sex
from households.models import Household, Member
from households.services.closing import ensure_open
from households.services.common import diff, ensure_can_edit, record_event
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM, with_confirmed_note
from households.services.income import income_recompute_current
from households.services.member_changes import Kind, member_change_record
from households.services.member_left import ensure_living
from households.services.member_reasons import LEAVE_FIELDS, leave_reason_clean, left_text, reason_or_errors
from households.services.members import MSG_SPOUSE_UNDER_16, age_on
from households.services.registry import head_name_change, refresh_head_name
from households.services.relation_ages import head_change_warnings
from households.services.relations import Kin, relation_sex_message, relations_after_head_change, spouse_sex_message

MSG_ALREADY_STATUS = "该成员当前状态已是“{status}”。"
MSG_HEAD_NEEDS_SUCCESSOR = "户主已故或迁出时，须从其他在世成员中指定新户主。"
MSG_SUCCESSOR_INVALID = "新户主必须是本户其他在世成员。"
MSG_STATUS_DATE_FUTURE = "变更日期不能晚于今天。"
MSG_STATUS_DATE_BEFORE_BIRTH = "变更日期不能早于该成员的出生日期（{birth:%Y-%m-%d}）。"
MSG_SAFETY_NET_LIVING = "在世成员的低保/特困情况请在“修改成员”中更正。"
MSG_NO_SAFETY_NET = "该成员没有登记享受低保/特困。"
MSG_SAFETY_NET_STOP = "该成员登记享受低保/特困，请告知民政部门停发"
SAFETY_NET = (AssistanceStatus.DIBAO, AssistanceStatus.TEKUN)
MSG_RELATION_REQUIRED = "请选择{name}与新户主的关系。"
MSG_RELATION_NOT_HEAD = "{name}与新户主的关系无效，请重新选择（每户只能有一名户主）。"
MSG_TWO_SPOUSES = "{name}与新户主的关系不能也是“配偶”：{others}也选为配偶，只能有一名成员是新户主的配偶。"
# The member-entry messages (the relation against the sex, a 配偶 under 16) saying whom they are about: the API says
# them at relation_{id}, not under the member's name as the page does.
MSG_NAMED = "{name}：{message}"
# The new head's 配偶 is of the other sex (households.services.relations MSG_SPOUSE_SEX), the member named.
MSG_NEW_HEAD_SPOUSE_SEX = "{name}与新户主{head}同为{sex}性，不能是新户主的“配偶”，请核对身份证号或与新户主的关系。"
SPOUSE_MIN_AGE = 16


@dataclass(frozen=True)
class StatusSet:
    """A member marked, and whether this year's 人均纯收入 was recomputed over the living (only when the year's
    income is on file), and whether the member is still registered for 低保/特困 (民政 to be told to stop it): what
    the cadre is told depends on them."""

    member: Member
    income_recomputed: bool

    @property
    def on_safety_net(self) -> bool:
        return on_safety_net(self.member)


def on_safety_net(member: Member) -> bool:
    """Registered for 低保/特困: a member marked so is one 民政 is to be told to stop paying."""
    return member.assistance_status in SAFETY_NET


def still_paid(member: Member) -> str:
    """What the mark's history row adds for a member still registered for 低保/特困."""
    return f"（仍登记享受{member.get_assistance_status_display()}，待民政部门停发）" if on_safety_net(member) else ""


@transaction.atomic
def member_set_status(
    *,
    actor: Any,
    member: Member,
    status: str,
    on: dt.date,
    reason: str = "",
    new_head: Member | None = None,
    relations: dict[int, str] | None = None,
    confirm_unusual: bool = False,
    left_reason: str = "",
    left_note: str = "",
) -> StatusSet:
    """Mark a member deceased or moved out. A head must hand over to another living member first, and then every
    other living member's relation is given anew, to the new head (`relations`, by pk: the cadre confirms what
    head_change_suggestions works out): 与户主关系 is always relative to the current head (DOMAIN.md "Code lists").
    A new head under 18, or ages that do not fit the new relations, are asked about unless `confirm_unusual`
    (ask_hand_over). A member moving out is given the 减少原因 (`left_reason`, 其他 with `left_note`); one deceased
    left by 死亡 (households.services.member_reasons)."""
    member = Member.objects.select_for_update().select_related("household").get(pk=member.pk)
    household = member.household
    ensure_can_edit(actor, household.region_path)
    ensure_open(household)
    ensure_living(member)  # already 已故 or 迁出: the mark is undone first (撤销标记)
    if member.living_status == status:
        raise ApplicationError(MSG_ALREADY_STATUS.format(status=LivingStatus(status).label))
    # Everything wrong is said at once (the 迁出原因, the new head, a new head under 18), not one round each.
    left, errors = reason_or_errors(lambda: leave_reason_clean(status, left_reason, left_note))
    if on > timezone.localdate():
        errors["on"] = [MSG_STATUS_DATE_FUTURE]
    # A mark is undone only as a correction (households.services.member_restore): its date must make sense, not
    # before birth. Not bounded by the day the member was registered: a household imported at go-live may have
    # lost a member years before.
    elif member.birth_date and on < member.birth_date:
        errors["on"] = [MSG_STATUS_DATE_BEFORE_BIRTH.format(birth=member.birth_date)]
    others = household.members.filter(living_status=LivingStatus.LIVING).exclude(pk=member.pk)
    head_changes = member.relation == Relation.HEAD and others.exists()
    if head_changes and new_head is None:
        errors["new_head"] = [MSG_HEAD_NEEDS_SUCCESSOR]
    elif head_changes and new_head is not None:
        errors |= hand_over_errors(
            member=member, new_head=new_head, relations=relations or {}, confirm_unusual=confirm_unusual
        )
    if errors:
        raise ValidationError(errors)
    if head_changes and new_head is not None:
        new_head = others.select_for_update().get(pk=new_head.pk)
        remaining = list(others.exclude(pk=new_head.pk).select_for_update().order_by("pk"))
    confirmed = (
        ask_hand_over(new_head, remaining, relations or {}, confirm_unusual) if head_changes and new_head else []
    )
    before = {name: getattr(member, name) for name in ["living_status", *LEAVE_FIELDS]}
    old_head_name = household.head_name
    member.living_status = status
    member.status_changed_on = on
    member.left_reason, member.left_note = left
    # 低保/特困 stays registered until 民政 stops it (停止登记, member_safety_net_end): the module docstring.
    member.save(update_fields=["living_status", "status_changed_on", *LEAVE_FIELDS])
    kind = Kind.DECEASED if status == LivingStatus.DECEASED else Kind.MOVED_OUT
    member_change_record(actor=actor, member=member, kind=kind, reason=left[0], note=left[1], on=on)
    changes = diff(member, before, list(before))
    if head_changes and new_head is not None:
        hand_over(
            actor=actor,
            household=household,
            new_head=new_head,
            remaining=remaining,
            relations=relations or {},
            old_head_sex=member.sex,
        )
    refresh_head_name(household)
    income_recomputed = income_recompute_current(household, actor=actor)
    record_event(
        actor=actor,
        household=household,
        member=member,
        action="member.status",
        summary=with_confirmed_note(
            # The 低保/特困 note before the reason, which may be cut to fit.
            f"{member.name} 标记为{LivingStatus(status).label}（{on:%Y-%m-%d}{moved_out_reason(member)}）"
            f"{still_paid(member)}"
            f"{('：' + reason) if reason else ''}",
            confirmed,
        ),
        changes=changes + head_name_change(household, old_head_name),
    )
    return StatusSet(member=member, income_recomputed=income_recomputed)


def moved_out_reason(member: Member) -> str:
    """What the mark's history row says of why a member moved out (已故 says it already)."""
    return f"，迁出原因：{left_text(member)}" if member.living_status == LivingStatus.MOVED_OUT else ""


def head_change_suggestions(*, member: Member, new_head: Member) -> dict[int, str]:
    """What each living member other than the leaving head and the new head is to the new head, as far as it can be
    worked out from their relations to the old head ("" where it cannot: the cadre chooses), by pk."""
    others = (
        member.household.members.filter(living_status=LivingStatus.LIVING)
        .exclude(pk__in=[member.pk, new_head.pk])
        .order_by("pk")
    )
    return relations_after_head_change(
        old_head_sex=member.sex,
        new_head=Kin(new_head.pk, new_head.relation, new_head.sex),
        others=[Kin(m.pk, m.relation, m.sex) for m in others],
    )


def relation_field(pk: int) -> str:
    """The form field (and error key) of one member's relation to the new head."""
    return f"relation_{pk}"


def relations_check(new_head: Member, remaining: list[Member], relations: dict[int, str]) -> None:
    """Each remaining member's relation to `new_head` (更换户主, a head's hand-over, 分户), refused at
    relation_{pk} naming the member: missing, 户主 or unknown, against the member's sex, a 配偶 of the new head's
    own sex, a second 配偶, a 配偶 under 16. Nothing is written before: the callers check first."""
    errors: dict[str, str] = {}
    # A second 配偶 counted among those who may be one: a 配偶 of the new head's own sex is refused for that alone.
    spouses = [m for m in remaining if relations.get(m.pk) == Relation.SPOUSE and not _same_sex(m, new_head)]
    for m in remaining:
        relation = relations.get(m.pk, "")
        if not relation:
            errors[relation_field(m.pk)] = MSG_RELATION_REQUIRED.format(name=m.name)
        elif relation not in Relation.values or relation == Relation.HEAD:
            errors[relation_field(m.pk)] = MSG_RELATION_NOT_HEAD.format(name=m.name)
        elif message := relation_sex_message(relation, m.sex, typed=not m.id_number):
            errors[relation_field(m.pk)] = MSG_NAMED.format(name=m.name, message=message)
        elif relation == Relation.SPOUSE and _same_sex(m, new_head):
            sex = Sex(m.sex).label
            errors[relation_field(m.pk)] = MSG_NEW_HEAD_SPOUSE_SEX.format(name=m.name, head=new_head.name, sex=sex)
        elif relation == Relation.SPOUSE and len(spouses) > 1:
            others = "、".join(s.name for s in spouses if s.pk != m.pk)
            errors[relation_field(m.pk)] = MSG_TWO_SPOUSES.format(name=m.name, others=others)
        elif relation == Relation.SPOUSE and age_on(m.birth_date, timezone.localdate()) < SPOUSE_MIN_AGE:
            errors[relation_field(m.pk)] = MSG_NAMED.format(name=m.name, message=MSG_SPOUSE_UNDER_16)
    if errors:
        raise ValidationError(errors)


def hand_over_errors(
    *, member: Member, new_head: Member, relations: dict[int, str] | None, confirm_unusual: bool
) -> dict[str, list[str]]:
    """What member_set_status refuses or asks of a head's hand-over to `new_head`, by field, asked without saving
    so a page says it with the form's other errors (a missing 迁出原因) in one round. `relations` None: before the
    cadre has seen them, the suggested ones (head_change_suggestions) are asked about, the questions only."""
    others = member.household.members.filter(living_status=LivingStatus.LIVING).exclude(pk=member.pk)
    if not others.filter(pk=new_head.pk).exists():
        return {"new_head": [MSG_SUCCESSOR_INVALID]}
    remaining = list(others.exclude(pk=new_head.pk).order_by("pk"))
    errors: dict[str, list[str]] = {}
    if relations is None:
        relations = head_change_suggestions(member=member, new_head=new_head)
    else:
        try:
            relations_check(new_head, remaining, relations)
        except ValidationError as error:
            errors = error.message_dict
    try:
        ask_hand_over(new_head, remaining, relations, confirm_unusual)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(m for m in messages if m not in errors.get(name, []))
    return errors


def _same_sex(member: Member, new_head: Member) -> bool:
    """Whether `member` made 配偶 would be of the new head's own sex (either sex unknown: not compared)."""
    return bool(spouse_sex_message(Relation.SPOUSE, member.sex, head_name=new_head.name, head_sex=new_head.sex))


def ask_hand_over(
    new_head: Member, remaining: list[Member], relations: dict[int, str], confirm_unusual: bool
) -> list[str]:
    """The head's hand-over asked about as a split is (households.services.relation_ages): a new head under 18, a
    之子 older than the new head, a 父亲 younger. Refused with the reasons at the new head and at each relation, and
    at CONFIRM_FIELD, unless `confirm_unusual`; then the reasons, for the history row's note."""
    found = head_change_warnings(new_head, remaining, relations)
    if confirm_unusual or not found:
        return [u.message for u in found]
    errors: dict[str, list[str]] = {}
    for unusual in found:
        key = "new_head" if unusual.index == 0 else relation_field(remaining[unusual.index - 1].pk)
        errors.setdefault(key, []).append(unusual.message)
    errors[CONFIRM_FIELD] = [MSG_CONFIRM]
    raise ValidationError(errors)


def hand_over(
    *,
    actor: Any,
    household: Household,
    new_head: Member,
    remaining: list[Member],
    relations: dict[int, str],
    old_head_sex: str,
) -> None:
    """The new head becomes 户主 and every other remaining member takes the relation given, each change in the
    household's history (and the audit log) with the old and the new relation. The others first: a living old head
    (更换户主) must stop being 户主 before the new one starts (member_one_living_head). The members who died or
    moved out are named from the new head too (gone_relations): the old head's late 配偶 is not the new head's."""
    gone = gone_relations(household=household, new_head=new_head, remaining=remaining, old_head_sex=old_head_sex)
    changed = [*[(m, relations[m.pk]) for m in remaining], *gone, (new_head, Relation.HEAD.value)]
    for person, relation in changed:
        if person.relation == relation:
            continue
        before = {"relation": person.relation}
        person.relation = relation
        person.save(update_fields=["relation"])
        record_event(
            actor=actor,
            household=household,
            member=person,
            action="member.update",
            summary=(
                f"{person.name} 成为新户主"
                if relation == Relation.HEAD
                else f"户主变更，{person.name} 与新户主 {new_head.name} 的关系改为“{person.get_relation_display()}”"
            ),
            changes=diff(person, before, ["relation"]),
        )


def gone_relations(
    *, household: Household, new_head: Member, remaining: list[Member], old_head_sex: str
) -> list[tuple[Member, str]]:
    """Each member who died or moved out (a former head aside: shown 原户主) with their relation to the new head, as
    far as it can be worked out from their relation to the old head (a deceased 配偶 of the old head is the new
    head's 之母 when a son takes over), else 其他: 与户主关系 is always to the current head, and a relation to the
    old one left in place would read as one to the new head (a second 配偶 after a son took over). Worked out with
    the remaining members (relations still to the old head) in view: a deceased 之儿媳 is the new head's 配偶 only if
    she was the only one."""
    gone = list(
        household.members.exclude(living_status=LivingStatus.LIVING)
        .exclude(relation=Relation.HEAD)
        .select_for_update()
        .order_by("pk")
    )
    worked_out = relations_after_head_change(
        old_head_sex=old_head_sex,
        new_head=Kin(new_head.pk, new_head.relation, new_head.sex),
        others=[Kin(m.pk, m.relation, m.sex) for m in [*remaining, *gone]],
    )
    return [(m, worked_out.get(m.pk) or Relation.OTHER.value) for m in gone]


@transaction.atomic
def member_safety_net_end(*, actor: Any, member: Member) -> Member:
    """End the 低保/特困 registration of a member who died or moved out while still registered on it, once 民政 has
    stopped or transferred it: the 数据逻辑校验 finding 已故或迁出成员仍登记享受低保/特困."""
    member = Member.objects.select_for_update().select_related("household").get(pk=member.pk)
    ensure_can_edit(actor, member.household.region_path)
    if member.living_status == LivingStatus.LIVING:
        raise ApplicationError(MSG_SAFETY_NET_LIVING)
    if member.assistance_status in ("", AssistanceStatus.NONE):
        raise ApplicationError(MSG_NO_SAFETY_NET)
    before = {"assistance_status": member.assistance_status}
    label = member.get_assistance_status_display()
    member.assistance_status = AssistanceStatus.NONE
    member.save(update_fields=["assistance_status"])
    record_event(
        actor=actor,
        household=member.household,
        member=member,
        action="member.update",
        summary=f"{member.name}（{member.get_living_status_display()}）的{label}登记已停止",
        changes=diff(member, before, ["assistance_status"]),
    )
    return member
