from django.db import models
from django.utils import timezone

from households.models.registry import Household


class RetiredNumber(models.Model):
    """A 户编号 a household held and gave up (整户迁移 gives it the next number of its new village; 修改农户 a number
    typed in its place): it stays in the
    household's 变更记录, the audit log and the exports already sent, so it is never given to another household of
    the village (households.services.numbering), whose history would then point at two families."""

    class Reason(models.TextChoices):
        RELOCATED = "relocated", "整户迁移"
        RENUMBERED = "renumbered", "修改户编号"

    # Unique: a number is retired once; indexed for households.services.numbering's prefix read.
    number = models.CharField("户编号", max_length=32, unique=True)
    household = models.ForeignKey(
        Household, verbose_name="原使用该编号的农户", on_delete=models.PROTECT, related_name="retired_numbers"
    )
    reason = models.CharField("停用原因", max_length=16, choices=Reason.choices)
    retired_at = models.DateTimeField("停用时间", default=timezone.now)

    class Meta:
        verbose_name = "停用的户编号"
        verbose_name_plural = "停用的户编号"

    def __str__(self) -> str:
        return self.number
