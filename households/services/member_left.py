"""A member marked 已故 or 迁出 is on record, not edited: their details, another mark (已故 for one who moved out)
and a second mark of the same kind are refused until the mark is undone (撤销标记, households.services.
member_restore), which is itself refused while the household is closed. Asked by the pages before they show a
form (a link or a typed URL) and by the services when it is submitted (page or API), so both say the same."""

from config.errors import ApplicationError
from households.choices import LivingStatus
from households.models import Member
from households.services.closing import closed_refusal

MSG_MEMBER_LEFT = "该成员{status}（{day}），如需更改请先撤销标记。"
MSG_MEMBER_LEFT_UNDATED = "该成员{status}，如需更改请先撤销标记。"
# 该成员已迁出 / 该成员已故: the mark as a sentence says it.
STATUS_WORDS = {LivingStatus.DECEASED: "已故", LivingStatus.MOVED_OUT: "已迁出"}


def member_left_refusal(member: Member) -> str:
    """Why the member cannot be edited or marked again: they died or moved out ("" while living)."""
    if member.living_status == LivingStatus.LIVING:
        return ""
    status = STATUS_WORDS.get(LivingStatus(member.living_status), LivingStatus(member.living_status).label)
    if member.status_changed_on is None:
        return MSG_MEMBER_LEFT_UNDATED.format(status=status)
    return MSG_MEMBER_LEFT.format(status=status, day=f"{member.status_changed_on:%Y-%m-%d}")


def ensure_living(member: Member) -> None:
    if message := member_left_refusal(member):
        raise ApplicationError(message)


def member_change_refusal(member: Member) -> str:
    """What the edit and 标记已故/迁出 pages say instead of their form: the household is closed, or the member left."""
    return closed_refusal(member.household) or member_left_refusal(member)


def member_restore_refusal(member: Member) -> str:
    """What the 撤销标记 page says instead of its form: the household is closed (undo the closing first)."""
    return closed_refusal(member.household)
