"""Reminders (催办) of overdue cases, written by the periodic task (services.reminders), at most one per case
and day, and shown in 我的任务 to the roles that must act."""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from accounts.choices import Role
from accounts.scoping import ScopedQuerySet, region_path_index
from workflow.models.cases import Case


class OverdueReason(models.TextChoices):
    PAST_LIMIT = "past_limit", "超过办结时限"
    PUBLICITY_ENDED = "publicity_ended", "公示期满未办结"
    GREEN_CHANNEL_OWED = "green_channel_owed", "绿色通道欠办环节"


class CaseReminder(models.Model):
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="reminders")
    region_path = models.CharField("区划路径", max_length=15)
    on_date = models.DateField("催办日期")
    reasons = ArrayField(models.CharField(max_length=24, choices=OverdueReason.choices), verbose_name="原因")
    roles = ArrayField(models.CharField(max_length=32, choices=Role.choices), verbose_name="催办角色")
    summary = models.CharField("催办内容", max_length=500)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    grid_scope = "case__household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"
        ordering = ["-on_date", "pk"]
        indexes = [region_path_index("casereminder")]
        # The second guard after the claim on Case.reminded_on: never two reminders for one case on one day.
        constraints = [models.UniqueConstraint(fields=["case", "on_date"], name="casereminder_one_per_day")]

    def __str__(self) -> str:
        return self.summary

    def reason_labels(self) -> list[str]:
        return [str(OverdueReason(code).label) for code in self.reasons if code in OverdueReason.values]
