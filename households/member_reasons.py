"""Why a member joined or left the household (变动原因), as the national system records a member change: 新增 (a
newborn, marriage, a move) and 减少 (marriage, work, study, the army, death). A member added carries its 新增原因, one
marked 迁出 its 减少原因 (households.services.member_reasons); one marked 已故 has 死亡. 其他 carries the words typed.
Members registered before the reasons were recorded (or with a household, at its registration or go-live import)
read 未记录."""

from django.db import models


class JoinReason(models.TextChoices):
    NEWBORN = "newborn", "新生儿"
    MARRIAGE = "marriage", "婚入"
    MOVED_IN = "moved_in", "迁入"
    ADOPTION = "adoption", "收养"
    OTHER = "other", "其他"
    UNRECORDED = "unrecorded", "未记录"


class LeaveReason(models.TextChoices):
    MARRIAGE = "marriage", "婚出"
    WORK = "work", "外出务工迁出"
    STUDY = "study", "升学迁出"
    ARMY = "army", "参军"
    OTHER = "other", "其他"
    DEATH = "death", "死亡"
    UNRECORDED = "unrecorded", "未记录"


# What a cadre chooses from: 新生儿 is also set by itself for a baby registered without an ID number; 死亡 is the
# 已故 mark's; 未记录 only the records from before.
JOIN_CHOICES = [(value, label) for value, label in JoinReason.choices if value != JoinReason.UNRECORDED]
LEAVE_CHOICES = [
    (value, label) for value, label in LeaveReason.choices if value not in (LeaveReason.DEATH, LeaveReason.UNRECORDED)
]
NOTE_MAX = 50


def reason_text(label: str, note: str) -> str:
    """A reason as the history and the pages say it: 婚入, or 其他（typed words）."""
    return f"{label}（{note}）" if note else label
