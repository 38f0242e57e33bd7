"""Why a member joined or left the household (变动原因), as the national system records a member change: 新增 (a
newborn, marriage, a move) and 减少 (marriage, work, study, the army, death). A member added carries its 新增原因, one
marked 迁出 its 减少原因 (households.services.member_reasons); one marked 已故 has 死亡. 其他 carries the words typed.
A member who enters or leaves through a registry act is given its reason by that act, never chosen: 新登记 (with
the household, 首次登记), 户间迁移 (迁入他户), 分户 and 合户, on both sides of the move (households.services.
member_changes). Members registered before the reasons were recorded (or at the go-live import) read 未记录."""

from django.db import models


class JoinReason(models.TextChoices):
    NEWBORN = "newborn", "新生儿"
    MARRIAGE = "marriage", "婚入"
    MOVED_IN = "moved_in", "迁入"
    ADOPTION = "adoption", "收养"
    OTHER = "other", "其他"
    # Given by the registry act itself (households.services.member_changes), never chosen.
    REGISTERED = "registered", "新登记"
    TRANSFER = "transfer", "户间迁移"
    SPLIT = "split", "分户"
    MERGE = "merge", "合户"
    UNRECORDED = "unrecorded", "未记录"


class LeaveReason(models.TextChoices):
    MARRIAGE = "marriage", "婚出"
    WORK = "work", "外出务工迁出"
    STUDY = "study", "升学迁出"
    ARMY = "army", "参军"
    OTHER = "other", "其他"
    DEATH = "death", "死亡"
    TRANSFER = "transfer", "户间迁移"
    SPLIT = "split", "分户"
    MERGE = "merge", "合户"
    UNRECORDED = "unrecorded", "未记录"


# The reasons a registry act gives by itself (the same codes on both sides of a move).
MOVE_REASONS = frozenset({"transfer", "split", "merge"})
GIVEN_JOIN = frozenset({JoinReason.REGISTERED, *MOVE_REASONS, JoinReason.UNRECORDED})
# What a cadre chooses from: 新生儿 is also set by itself for a baby registered without an ID number; 死亡 is the
# 已故 mark's; 新登记, 户间迁移, 分户 and 合户 the registry acts'; 未记录 only the records from before.
JOIN_CHOICES = [(value, label) for value, label in JoinReason.choices if value not in GIVEN_JOIN]
LEAVE_CHOICES = [
    (value, label)
    for value, label in LeaveReason.choices
    if value not in (LeaveReason.DEATH, LeaveReason.UNRECORDED, *MOVE_REASONS)
]
NOTE_MAX = 50


def reason_text(label: str, note: str) -> str:
    """A reason as the history and the pages say it: 婚入, or 其他（typed words）."""
    return f"{label}（{note}）" if note else label
