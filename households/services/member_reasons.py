"""The 变动原因 a member change carries (households.member_reasons): a member added is given its 新增原因, one marked
迁出 its 减少原因, 其他 with the words typed; a baby registered without an ID number (暂无身份证号, households.services.
newborn) is a 新生儿 whatever was chosen, and a member marked 已故 left by 死亡. Asked by member_add and
member_set_status (pages and API alike), whose history rows and audit events say the reason."""

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from households import idnumber
from households.choices import LivingStatus
from households.member_reasons import JOIN_CHOICES, LEAVE_CHOICES, NOTE_MAX, JoinReason, LeaveReason, reason_text
from households.models import Member
from households.services.newborn import NO_ID_FIELD, under_one

MSG_JOIN_REQUIRED = "请选择新增原因（新生儿、婚入、迁入、收养或其他）。"
MSG_LEAVE_REQUIRED = "请选择迁出原因（婚出、外出务工迁出、升学迁出、参军或其他）。"
MSG_JOIN_CHOICE = "新增原因“{value}”不在可选之列，请选择新生儿、婚入、迁入、收养或其他。"
MSG_LEAVE_CHOICE = "迁出原因“{value}”不在可选之列，请选择婚出、外出务工迁出、升学迁出、参军或其他。"
MSG_NOTE_REQUIRED = "变动原因选“其他”时，请填写具体原因。"
MSG_NOTE_LONG = "具体原因不超过{max}个字。"
MSG_NEWBORN_AGE = (
    "新增原因“新生儿”仅限一周岁以下的婴儿，该成员出生于 {birth:%Y-%m-%d}，"
    "请选择其他新增原因（如迁入、婚入、收养或其他）。"
)
JOIN_FIELD, JOIN_NOTE_FIELD = "joined_reason", "joined_note"
LEAVE_FIELD, LEAVE_NOTE_FIELD = "left_reason", "left_note"
JOIN_FIELDS = [JOIN_FIELD, JOIN_NOTE_FIELD]
LEAVE_FIELDS = [LEAVE_FIELD, LEAVE_NOTE_FIELD]


def reason_or_errors(clean: Callable[[], tuple[str, str]]) -> tuple[tuple[str, str], dict[str, list[str]]]:
    """The reason `clean` returns, or its errors by field: said together with the member's other errors."""
    try:
        return clean(), {}
    except ValidationError as error:
        return ("", ""), error.message_dict


def _note(reason: str, note: str, field: str) -> str:
    """The words typed for 其他 (required then), nothing for another reason."""
    note = " ".join(str(note or "").split())
    if reason != JoinReason.OTHER:  # LeaveReason.OTHER is the same code
        return ""
    if not note:
        raise ValidationError({field: MSG_NOTE_REQUIRED})
    if len(note) > NOTE_MAX:
        raise ValidationError({field: MSG_NOTE_LONG.format(max=NOTE_MAX)})
    return note


def birth_of(data: Mapping[str, Any]) -> dt.date | None:
    """The birth date of a member being added: typed for a baby without an ID number, else read from the number
    (None while the number is wrong: its own error is said then)."""
    if data.get(NO_ID_FIELD):
        birth = data.get("birth_date")
        return birth if isinstance(birth, dt.date) else None
    try:
        return idnumber.parse(str(data.get("id_number") or ""), known_region=False).birth_date
    except ValidationError:
        return None


def join_reason_clean(
    reason: str, note: str, *, newborn: bool, birth: dt.date | None = None, today: dt.date | None = None
) -> tuple[str, str]:
    """(新增原因, 说明) of a member being added; a baby without an ID number is a 新生儿, whatever was chosen.
    新生儿 is chosen only for one under a year old on `today` (`birth`), the age the 暂无身份证号 rule allows
    (households.services.newborn): an 11-year-old joins by 迁入, 收养 or another reason."""
    if newborn:
        return JoinReason.NEWBORN.value, ""
    reason = str(reason or "")
    if not reason:
        raise ValidationError({JOIN_FIELD: MSG_JOIN_REQUIRED})
    if reason not in dict(JOIN_CHOICES):
        raise ValidationError({JOIN_FIELD: MSG_JOIN_CHOICE.format(value=reason[:20])})
    if reason == JoinReason.NEWBORN and birth and not under_one(birth, today or timezone.localdate()):
        raise ValidationError({JOIN_FIELD: MSG_NEWBORN_AGE.format(birth=birth)})
    return reason, _note(reason, note, JOIN_NOTE_FIELD)


def leave_reason_clean(status: str, reason: str, note: str) -> tuple[str, str]:
    """(减少原因, 说明) of a member marked 已故 (死亡) or 迁出 (the reason chosen)."""
    if status == LivingStatus.DECEASED:
        return LeaveReason.DEATH.value, ""
    reason = str(reason or "")
    if not reason:
        raise ValidationError({LEAVE_FIELD: MSG_LEAVE_REQUIRED})
    if reason not in dict(LEAVE_CHOICES):
        raise ValidationError({LEAVE_FIELD: MSG_LEAVE_CHOICE.format(value=reason[:20])})
    return reason, _note(reason, note, LEAVE_NOTE_FIELD)


def leave_reason_prechecks() -> list[dict[str, Any]]:
    """What leave_reason_clean refuses, as the 标记已故/迁出 page's data-prechecks (static/js/step_precheck.js): said
    at the field before the "cannot be undone" question, not by the server after it."""
    moved_out = {"status": LivingStatus.MOVED_OUT.value}
    return [
        {"field": LEAVE_FIELD, "when": moved_out, "message": MSG_LEAVE_REQUIRED},
        {
            "field": LEAVE_NOTE_FIELD,
            "when": moved_out | {LEAVE_FIELD: LeaveReason.OTHER.value},
            "message": MSG_NOTE_REQUIRED,
        },
    ]


def joined_text(member: Member) -> str:
    """A member's 新增原因 as the pages say it: 婚入, 其他（…）, 未记录."""
    return reason_text(JoinReason(member.joined_reason).label, member.joined_note)


def left_text(member: Member) -> str:
    """A member's 减少原因 as the pages say it ("" for a living member; 未记录 for one marked before the reasons)."""
    if member.living_status == LivingStatus.LIVING:
        return ""
    reason = member.left_reason or LeaveReason.UNRECORDED
    return reason_text(LeaveReason(reason).label, member.left_note)
