"""The member an alert names, marked 已故 or 迁出 in the registry when the alert is verified so (review alertout,
finding 1). A person the visit found dead or gone who stays a living member keeps counting in the household's size
and 人均纯收入, keeps being screened and alerted, and the national system is then out of line.

The mark is the registry's own (households.services.member_status.member_set_status): audited, in the household's
history, 人均纯收入 recomputed over the living, 低保/特困 left for 民政 to stop, with the date the cadre gives
(去世日期 / 迁出日期: required, not in the future, not after the visit, not before the person's birth), and for 迁出
its 迁出原因 (households.services.member_reasons: 婚出, 外出务工迁出…, 其他 with words; 已故 is 死亡). It is made
in the verification's transaction, and everything it would refuse is refused with the verification's other errors
before anything is written:

- a 户主 who leaves other living members needs a new head, chosen with each member's relation to them: the
  verification has no such step, so the cadre marks the head on the member's own form first (标记已故/迁出, which
  does the hand-over) and then verifies;
- a member already marked (by that form, or by another alert's verification), or who has since moved into another
  household, is not marked again: the verification goes through and says what the registry holds."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts.choices import AlertOutcome, MemberMark
from alerts.models import Alert
from households.choices import LivingStatus, Relation
from households.models import Member
from households.services.member_reasons import LEAVE_FIELDS, leave_reason_clean
from households.services.member_status import MSG_SAFETY_NET_STOP, StatusSet, member_set_status

# The outcomes that take the person out of the household, and the registry's mark each stands for.
GONE_STATUS = {AlertOutcome.DECEASED: LivingStatus.DECEASED, AlertOutcome.MOVED: LivingStatus.MOVED_OUT}
GONE_WORDS = {AlertOutcome.DECEASED: "去世", AlertOutcome.MOVED: "迁出"}
FIELD = "left_on"

MSG_LEFT_ON_REQUIRED = "请填写{what}日期。"
MSG_LEFT_ON_FUTURE = "{what}日期不能晚于今天。"
MSG_LEFT_ON_AFTER_VISIT = "{what}日期不能晚于入户核实日期。"
MSG_LEFT_ON_BEFORE_BIRTH = "{what}日期不能早于{name}的出生日期（{birth:%Y-%m-%d}）。"
MSG_HEAD_FIRST = (
    "{name}是户主，户主{what}须同时指定新户主并核对各成员与新户主的关系：请先在农户档案中对{name}"
    "“标记已故/迁出”，再回到本页提交核实结果。"
)
MSG_MARKED = "已在农户档案中将{name}标记为{status}（{on:%Y-%m-%d}），不再计入家庭人口。"
MSG_INCOME_RECOMPUTED = "本年度人均纯收入已按在册人口重算，请核对家庭收支。"
MSG_NOBODY_LEFT = "该户已无在世、在户的成员，请报乡镇办理农户注销。"
MSG_ALREADY_MARKED = "档案中{name}已登记为“{status}”{day}，未再标记。"
MSG_ELSEWHERE = "{name}已转入其他农户，本户档案未更改；确已{what}的，请在其现所在农户的档案中登记。"


def gone_words(outcome: str) -> str:
    """去世 or 迁出: what the date is of, in the messages."""
    return GONE_WORDS.get(outcome, "去世或迁出")


def member_to_mark(alert: Alert) -> Member | None:
    """The alert's member while a living member of the alert's household: the one the verification marks."""
    member = alert.member
    if member.living_status != LivingStatus.LIVING or member.household_id != alert.household_id:
        return None
    return member


def head_needs_successor(member: Member) -> bool:
    """A 户主 who leaves other living members behind: the mark needs a new head (member_set_status)."""
    if member.relation != Relation.HEAD:
        return False
    others = member.household.members.filter(living_status=LivingStatus.LIVING).exclude(pk=member.pk)
    return others.exists()


def head_to_mark_first(alert: Alert) -> Member | None:
    """The alert's member when verifying 已故 or 已迁出 would be refused until the member's own form marks them (a
    户主 leaving others behind: MSG_HEAD_FIRST), for the page to say so beforehand."""
    member = member_to_mark(alert)
    return member if member is not None and head_needs_successor(member) else None


def member_gone_problems(
    alert: Alert,
    outcome: str,
    left_on: dt.date | None,
    visited_on: dt.date | None,
    left_reason: str = "",
    left_note: str = "",
) -> dict[str, str]:
    """What verifying `alert` as `outcome` would refuse about the member's mark, by field ({} when nothing, or for
    the outcomes that keep the person). Asked by the form and by the service before anything is written. The
    迁出原因 is asked only of a member to be marked (member_to_mark): nobody is marked otherwise."""
    if outcome not in GONE_STATUS:
        return {}
    what = gone_words(outcome)
    errors: dict[str, str] = {}
    member = member_to_mark(alert)
    if left_on is None:
        errors[FIELD] = MSG_LEFT_ON_REQUIRED.format(what=what)
    elif left_on > timezone.localdate():
        errors[FIELD] = MSG_LEFT_ON_FUTURE.format(what=what)
    elif visited_on is not None and left_on > visited_on:
        errors[FIELD] = MSG_LEFT_ON_AFTER_VISIT.format(what=what)
    elif member is not None and member.birth_date and left_on < member.birth_date:
        errors[FIELD] = MSG_LEFT_ON_BEFORE_BIRTH.format(what=what, name=member.name, birth=member.birth_date)
    if member is not None and head_needs_successor(member):
        errors["outcome"] = MSG_HEAD_FIRST.format(name=member.name, what=what)
    if member is not None:
        try:
            leave_reason_clean(GONE_STATUS[outcome], left_reason, left_note)
        except ValidationError as error:
            errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    return errors


def member_gone_mark(
    *, actor: Any, alert: Alert, outcome: str, left_on: dt.date, left_reason: str = "", left_note: str = ""
) -> StatusSet | None:
    """Mark the alert's member as the outcome says, inside the verification's transaction (checked first by
    member_gone_problems); None when there is no one to mark (already marked, or in another household). What the
    member service still refuses (a rule it gained since) is said at the verification's date or above the form."""
    member = member_to_mark(alert)
    if outcome not in GONE_STATUS or member is None:
        return None
    reason = f"入户核实部门预警（{alert.get_department_display()}）"
    try:
        return member_set_status(
            actor=actor,
            member=member,
            status=GONE_STATUS[outcome],
            on=left_on,
            reason=reason,
            left_reason=left_reason,
            left_note=left_note,
        )
    except ValidationError as error:
        moved: dict[str, list[str]] = {}
        for field, messages in error.message_dict.items():
            key = FIELD if field == "on" else field if field in LEAVE_FIELDS else "__all__"
            moved.setdefault(key, []).extend(messages)
        raise ValidationError(moved) from error


@dataclass(frozen=True)
class MemberGone:
    """What the verification did of the member (the page's message and the API's member_gone, alike): `mark` a
    MemberMark; `member` the alert's member as the registry now holds them; `message` what the page says."""

    mark: str
    member: Member
    message: str

    @property
    def marked(self) -> bool:
        return self.mark == MemberMark.MARKED

    def get_mark_display(self) -> str:
        return str(MemberMark(self.mark).label)


def member_gone_result(alert: Alert, outcome: str, done: StatusSet | None) -> MemberGone | None:
    """What the page (and the visit's record, and the API) says of the member after the verification (None for the
    outcomes that keep the person): marked, with what follows from it, or what the registry already holds."""
    if outcome not in GONE_STATUS:
        return None
    member = alert.member
    if done is not None:
        member = done.member
        said = MSG_MARKED.format(name=member.name, status=member.get_living_status_display(), on=left_day(member))
        if done.income_recomputed:
            said += MSG_INCOME_RECOMPUTED
        if done.on_safety_net:
            said += f"{MSG_SAFETY_NET_STOP}。"
        if not member.household.members.filter(living_status=LivingStatus.LIVING).exists():
            said += MSG_NOBODY_LEFT
        return MemberGone(MemberMark.MARKED, member, said)
    if member.household_id != alert.household_id:
        return MemberGone(
            MemberMark.ELSEWHERE, member, MSG_ELSEWHERE.format(name=member.name, what=gone_words(outcome))
        )
    day = f"（{member.status_changed_on:%Y-%m-%d}）" if member.status_changed_on else ""
    said = MSG_ALREADY_MARKED.format(name=member.name, status=member.get_living_status_display(), day=day)
    return MemberGone(MemberMark.ALREADY_MARKED, member, said)


def left_day(member: Member) -> dt.date:
    return member.status_changed_on or timezone.localdate()
