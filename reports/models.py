"""Generated ledger files (with their expiry), the national-system marking of approved cases, and the county's
deadlines for the duties the reports check."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.scoping import ScopedQuerySet, region_path_index
from config.once import once_field


class ExportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "生成失败"
    EXPIRED = "expired", "已过期"


class LedgerExport(models.Model):
    """One ledger file generated for one user. Served only to that user, only until `expires_at`; the
    periodic cleanup deletes the file afterwards (the file holds personal data: keep it no longer than needed)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, related_name="ledger_exports"
    )
    ledger = models.CharField("台账", max_length=40)
    ledger_name = models.CharField("台账名称", max_length=100)
    filters = models.JSONField("筛选条件", default=dict)
    filters_label = models.CharField("筛选说明", max_length=300, blank=True)
    status = models.CharField("状态", max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_written = models.PositiveIntegerField("已写行数", default=0)
    file = models.FileField("文件", upload_to="reports/exports/%Y/%m/", blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    # When the job was last handed to the queue, and how many times the sweep handed it again after its message was
    # lost or its run died (reports.services.export_sweep): after a few, it is marked failed instead.
    queued_at = models.DateTimeField("排队时间", default=timezone.now)
    requeues = models.PositiveSmallIntegerField("自动重新排队次数", default=0)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("下载截止时间")
    # The API client's Idempotency-Key (or body `once`) that queued it: the same request sent again is answered with
    # this job instead of queuing another (reports.services.exports.ledger_export_queue, config.api_once).
    once = once_field()

    class Meta:
        verbose_name = "台账导出"
        verbose_name_plural = "台账导出"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="ledgerexport_status_expiry")]

    def __str__(self) -> str:
        return f"{self.ledger_name} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def progress(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_written * 100 // self.rows_total)

    @property
    def downloadable(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.file) and self.expires_at > timezone.now()

    @property
    def queued_note(self) -> str:
        """What its row says once it has waited a while in the queue (reports.services.export_sweep), else ""."""
        from reports.services.export_sweep import queued_note

        return queued_note(self)


class ExportMark(models.Model):
    """标注: the county recorded this approved case (inclusion, exit, re-mark) in the national monitoring system.
    Lives here, not on the case, so reports never writes another app's tables."""

    case = models.OneToOneField(
        "workflow.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="national_mark"
    )
    region_path = models.CharField("区划路径", max_length=15)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="标注人", on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField("标注时间", default=timezone.now)

    grid_scope = "case__household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "国家系统标注"
        verbose_name_plural = "国家系统标注"
        ordering = ["-marked_at", "-id"]
        indexes = [region_path_index("exportmark")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.marked_at:%Y-%m-%d}"


class ReportSettings(models.Model):
    """The county's own deadlines for the duties the reports check (a single row, pk=1, edited on the configuration
    site): the day of the month by which townships and villages enter the month's information (seed 004 §三(五):
    每月20日前), how often every village must have had a 集中排查 (seed 003 §二2(3): 每半年至少开展一次), and how
    many of a village's households a campaign must have screened there to count (003 §五(二) 逐村逐户排查: all by
    default)."""

    entry_day = models.PositiveSmallIntegerField(
        "每月信息录入截止日",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text="每月该日（含当日）前镇村完成脱贫户和监测对象的信息录入；当月没有该日时以月末为截止日。",
    )
    campaign_months = models.PositiveSmallIntegerField(
        "集中排查最长间隔（月）",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="每个村在这么多个月内至少开展一次集中排查（入户排查阶段），否则列入未开展名单。",
    )
    # 003 §二(一) 对所有农村人口全面开展排查, §五(二) 逐村逐户排查: a campaign counts in a village once this share of
    # its households (those on file now) has a 入户排查表 of that campaign (reports.selectors.campaign_gaps).
    campaign_coverage = models.PositiveSmallIntegerField(
        "集中排查覆盖率（%）",
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="一次集中排查在某村填写入户排查表的户数达到该村农户数的这一比例，才算该村已开展集中排查；默认100%，即逐户排查。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "录入与排查时限"
        verbose_name_plural = "录入与排查时限"

    def __str__(self) -> str:
        return "录入与排查时限"
