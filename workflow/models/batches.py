"""County batch approval (issue 6 item 7): one document number (批复文号) and date for many cases, with a snapshot
of each household as it was approved, so that what was approved stays visible after the registry changes."""

from django.conf import settings
from django.db import models

from accounts.scoping import ScopedQuerySet, region_path_index
from workflow.models.cases import Case


class BatchDecision(models.TextChoices):
    APPROVE = "approve", "批准"
    REJECT = "reject", "不予批准"


class Batch(models.Model):
    decision = models.CharField("审批结论", max_length=16, choices=BatchDecision.choices)
    document_number = models.CharField("批复文号", max_length=100)
    decided_on = models.DateField("批复日期")
    note = models.TextField("意见", blank=True)
    # The actor's scope (the county): who may see the batch as a whole.
    region_path = models.CharField("区划路径", max_length=15)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审批人", on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField("户数")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    grid_scope = None
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "批量审批"
        verbose_name_plural = "批量审批"
        ordering = ["-created_at", "-pk"]
        indexes = [region_path_index("batch")]

    def __str__(self) -> str:
        return f"{self.document_number}（{self.count}户）"


class BatchItem(models.Model):
    batch = models.ForeignKey(Batch, verbose_name="批次", on_delete=models.PROTECT, related_name="items")
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="batch_items")
    region_path = models.CharField("区划路径", max_length=15)
    # The household as approved: head, members, category, risk types, income, village (services.batches).
    snapshot = models.JSONField("审批时农户信息")

    grid_scope = "case__household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "批量审批明细"
        verbose_name_plural = "批量审批明细"
        ordering = ["batch", "region_path", "pk"]
        indexes = [region_path_index("batchitem")]
        constraints = [models.UniqueConstraint(fields=["batch", "case"], name="batchitem_batch_case")]

    def __str__(self) -> str:
        return f"{self.batch_id} {self.snapshot.get('head_name', '')}"
