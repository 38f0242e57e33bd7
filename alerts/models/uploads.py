"""One upload of a department feed file, processed by alerts.ingest in a Celery task."""

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.choices import Department, Role
from accounts.scoping import user_scope_prefix
from alerts.choices import UploadStatus
from alerts.models.feeds import FeedType

# A period whose deadline fell before the feed type's start (on_time None): the badge, and the reason in full.
NOT_COUNTED_BADGE = "上线前，不计"
MSG_NOT_COUNTED = "上线前，不计：该期截止日期（{deadline}）早于本数据类型开始报送日期，不计按时，也不计迟报。"


def clerk_department(user: Any) -> str | None:
    """A department clerk's department (the scope of what they upload and see), else None."""
    if getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.DEPARTMENT_CLERK:
        return str(user.department or "") or None
    return None


def submitted_q() -> Q:
    """What counts as a department having submitted its period (不得迟报、漏报, seed 001 §二): an upload that did
    not fail and, once done, holds at least one valid row, or is a nil return (零报告: a nil return proper, or a
    header-only file taken as one). A file whose every row was wrong sent the county nothing to check ("及时准确推送"):
    the period stays 未报. An upload still queued or running counts until its run says otherwise. The punctuality
    table and ledger, the late notices, the periods overdue and the nil-return check all read this, and
    FeedUpload.counts_as_submitted says the same of one upload."""
    no_valid_row = Q(status=UploadStatus.DONE, nil_return=False, rows_read__gt=0, rows_valid=0)
    return ~Q(status=UploadStatus.FAILED) & ~no_valid_row


class FeedUploadQuerySet(models.QuerySet):
    def submitted(self) -> Self:
        """The uploads that count as submitting their period (submitted_q)."""
        return self.filter(submitted_q())

    def visible_to(self, user: Any) -> Self:
        """Clerks: their own department's uploads in their county. County staff: every upload of the county.
        Township and village staff work on alerts, not files."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        department = clerk_department(user)
        if department is not None:
            return self.filter(department=department, region_path__startswith=user.region_path or "-")
        prefix = user_scope_prefix(user)
        if prefix is None or len(prefix) != 6:
            return self.none()
        return self.filter(region_path__startswith=prefix)


class FeedUpload(models.Model):
    feed_type = models.ForeignKey(FeedType, verbose_name="数据类型", on_delete=models.PROTECT, related_name="uploads")
    department = models.CharField("报送部门", max_length=32, choices=Department.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("数据文件", upload_to="feeds/%Y/%m/", blank=True)  # empty for a nil return
    original_name = models.CharField("文件名", max_length=255)
    checksum = models.CharField("文件校验值（SHA-256）", max_length=64)
    size = models.BigIntegerField("文件大小（字节）", default=0)
    period_key = models.CharField("报送期", max_length=16)
    period_label = models.CharField("报送期名称", max_length=60)
    period_start = models.DateField("报送期开始")
    period_end = models.DateField("报送期结束")
    deadline = models.DateField("报送截止日期", null=True, blank=True)
    # None: the period's deadline fell before the feed type's start (FeedType.reporting_since), so the period is not
    # counted at all, neither on time nor late (alerts.periods.sent_on_time; on_time_reason says why).
    on_time = models.BooleanField("按时报送", null=True, default=True)
    # 零报告: the department had nothing new in the period and says so, without a file (seed 001 §二(四) wants a
    # push every period); done at once with 0 rows, it counts for punctuality like a file.
    nil_return = models.BooleanField("零报告（本期无新增）", default=False)
    status = models.CharField("状态", max_length=16, choices=UploadStatus.choices, default=UploadStatus.PENDING)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    rows_read = models.PositiveIntegerField("读取行数", default=0)
    rows_valid = models.PositiveIntegerField("有效行数", default=0)
    rows_error = models.PositiveIntegerField("有误行数", default=0)
    rows_matched = models.PositiveIntegerField("匹配到档案的行数", default=0)
    rows_unmatched = models.PositiveIntegerField("未匹配到档案的行数", default=0)
    # A feed pushed within N days of each event (Cadence.WITHIN_DAYS): the valid rows whose event happened more
    # than N days before the upload (迟报 rows; the upload itself has no deadline).
    rows_late = models.PositiveIntegerField("超过推送时限的行数", default=0)
    # Valid rows dated after the period's last day (alerts.ingest.period_dates): the period may be the wrong one.
    rows_after_period = models.PositiveIntegerField("日期晚于报送期的行数", default=0, db_default=0)
    alerts_raised = models.PositiveIntegerField("新生成预警数", default=0)
    alerts_repeated = models.PositiveIntegerField("已预警过（不重复生成）数", default=0)
    # Rows re-sent unchanged after their alert was verified 部门数据有误 (alerts.ingest.raising): no alert raised.
    alerts_wrong_data = models.PositiveIntegerField("已核实为部门数据有误、未改正数", default=0, db_default=0)
    # ID numbers the file names on more than one row (alerts.ingest.file_repeats): a warning, not an error.
    ids_repeated = models.PositiveIntegerField("多行报送的身份证号数", default=0)
    exclusions_added = models.PositiveIntegerField("新登记排除情形数", default=0)
    error_file = models.FileField("错误清单", upload_to="feeds/errors/%Y/%m/", blank=True)
    message = models.TextField("处理结果", blank=True)
    region_path = models.CharField("区划路径（县）", max_length=15)
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = FeedUploadQuerySet.as_manager()

    class Meta:
        verbose_name = "部门数据上传"
        verbose_name_plural = "部门数据上传"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["feed_type", "period_key"], name="feedupload_period")]
        constraints = [
            # The same file is taken once from a county's department; a failed upload took nothing and may come
            # again. Another county or department sending the same file is not refused (nor told of the first).
            models.UniqueConstraint(
                fields=["checksum", "department", "region_path"],
                condition=~Q(status="failed") & Q(nil_return=False),
                name="feedupload_unique_checksum",
            ),
            # One nil return per period and county: a second click, or two at once, is refused.
            models.UniqueConstraint(
                fields=["feed_type", "region_path", "period_key"],
                condition=Q(nil_return=True),
                name="feedupload_one_nil_return",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def finished(self) -> bool:
        return self.status in (UploadStatus.DONE, UploadStatus.FAILED)

    @property
    def no_valid_row(self) -> bool:
        """Done, with rows read and not one of them valid: it does not count as submitting its period."""
        return self.status == UploadStatus.DONE and not self.nil_return and self.rows_read > 0 and not self.rows_valid

    @cached_property
    def live(self) -> dict[str, Any]:
        """Progress now (alerts.ingest.progress): while running, what the run last reported."""
        from alerts.ingest.progress import live

        return live(self)

    @property
    def queued_note(self) -> str:
        """Said on the progress panel of an upload queued for a while (alerts.ingest.progress.queued_note)."""
        from alerts.ingest.progress import queued_note

        return queued_note(self)

    @property
    def progress_now(self) -> int:
        return self.live["progress"]

    @property
    def rows_read_now(self) -> int:
        return self.live["rows_read"]

    @property
    def progress_step(self) -> str:
        return self.live["step"]

    @property
    def on_time_reason(self) -> str:
        """Why the upload is counted neither on time nor late (on_time None), else ""."""
        if self.on_time is not None:
            return ""
        return MSG_NOT_COUNTED.format(deadline=f"{self.deadline:%Y-%m-%d}" if self.deadline else "无")

    @property
    def counts_as_submitted(self) -> bool:
        """submitted_q for this one upload."""
        return self.status != UploadStatus.FAILED and not self.no_valid_row
