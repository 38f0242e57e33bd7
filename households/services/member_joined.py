"""变动日期 of a member added (新生儿, 婚入, 迁入, 收养, 其他): the day they joined the household, which the national
system records as the change's date, not the day a cadre registered it here. A baby born in September and registered
in November is in the household from September: its 新增 成员变动 row (households.models.MemberChange.changed_on)
carries that day, the 家庭成员变动台账 lists it so, and 监测对象变动 (reports.selectors.monitoring) counts the baby from
it. Asked by member_add (pages and API alike), as member_set_status asks the day of a death or a move out.

The day is never after today, never before the member's birth, and never before the household was registered here
(its creation in the registry: the household's members registered with it count from that day, so nobody joins a
household before it was on file). The app closes no period of its records, so no other bound applies."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from households.member_reasons import JoinReason
from households.models import Household

JOINED_ON_FIELD = "joined_on"
JOINED_ON_LABEL = "变动日期"
MSG_JOINED_ON_REQUIRED = "请填写变动日期（成员加入本户的日期）。"
MSG_JOINED_ON_INVALID = "变动日期格式应为 YYYY-MM-DD（如 2026-03-01）。"
MSG_JOINED_ON_FUTURE = "变动日期不能晚于今天。"
MSG_JOINED_ON_BEFORE_BIRTH = "变动日期不能早于该成员的出生日期（{birth:%Y-%m-%d}）。"
MSG_JOINED_ON_BEFORE_HOUSEHOLD = (
    "变动日期不能早于本户在系统中建档的日期（{day:%Y-%m-%d}）：建档前加入的成员随本户建档计入，请填写 {day:%Y-%m-%d}。"
)


def household_registered_on(household: Household) -> dt.date:
    """The day the household was registered here (created in the registry by a cadre, a split or the go-live
    import)."""
    return timezone.localdate(household.created_at)


def joined_on_default(
    *, household: Household, reason: str, birth: dt.date | None, today: dt.date | None = None
) -> dt.date:
    """The day a member joined when none is given: a 新生儿 its birth date (the household's registration day for a
    baby born before it), anyone else today."""
    today = today or timezone.localdate()
    if reason != JoinReason.NEWBORN or birth is None:
        return today
    return min(max(birth, household_registered_on(household)), today)


def joined_on_clean(
    on: dt.date | None,
    *,
    household: Household,
    reason: str,
    birth: dt.date | None,
    today: dt.date | None = None,
) -> dt.date:
    """The 变动日期 of a member being added (`birth`: None while the ID number is wrong, its own error said then),
    or its default (joined_on_default) when none is given; refused at joined_on."""
    today = today or timezone.localdate()
    if on is None:
        return joined_on_default(household=household, reason=reason, birth=birth, today=today)
    registered = household_registered_on(household)
    if on > today:
        raise ValidationError({JOINED_ON_FIELD: MSG_JOINED_ON_FUTURE})
    if birth is not None and on < birth:
        raise ValidationError({JOINED_ON_FIELD: MSG_JOINED_ON_BEFORE_BIRTH.format(birth=birth)})
    if on < registered:
        raise ValidationError({JOINED_ON_FIELD: MSG_JOINED_ON_BEFORE_HOUSEHOLD.format(day=registered)})
    return on


def joined_on_or_errors(
    on: dt.date | None, *, household: Household, reason: str, birth: dt.date | None
) -> tuple[dt.date | None, dict[str, list[str]]]:
    """joined_on_clean's day, or its errors by field: said together with the member's other errors."""
    try:
        return joined_on_clean(on, household=household, reason=reason, birth=birth), {}
    except ValidationError as error:
        return None, error.message_dict
