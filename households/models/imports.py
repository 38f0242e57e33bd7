from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.scoping import ScopedQuerySet


class RegistryImport(models.Model):
    """上线导入: one upload of a county's existing registry (one row per member, exported from the national
    system). Processed by households.registry_import in a Celery task; its status moves only through that
    module's services. The stored checksum refuses the same file twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "待处理"
        RUNNING = "running", "处理中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("导入文件", upload_to="imports/%Y/%m/")
    original_name = models.CharField("文件名", max_length=255)
    checksum = models.CharField("文件校验值（SHA-256）", max_length=64)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    rows_total = models.PositiveIntegerField("数据行数", default=0)
    rows_ok = models.PositiveIntegerField("导入行数", default=0)
    rows_bad = models.PositiveIntegerField("有误行数", default=0)
    # Of rows_ok: the members the file's 人员状态 gives as 已故 or 迁出 (households.registry_import.living), imported
    # so and not counted in their household's size.
    members_deceased = models.PositiveIntegerField("按已故导入人数", default=0)
    members_moved_out = models.PositiveIntegerField("按迁出导入人数", default=0)
    households_created = models.PositiveIntegerField("新建农户数", default=0)
    # Households the file repeats (户编号 and head's ID number as a household already in the registry): not touched.
    households_skipped = models.PositiveIntegerField("已导入跳过户数", default=0)
    # Households imported with something to verify (ages unfit for relations, a minor head, two spouses).
    households_warned = models.PositiveIntegerField("已导入待核实户数", default=0)
    warnings = models.JSONField("已导入请核实", default=list, blank=True)  # the first WARNINGS_SHOWN, "第N行 …"
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    # What the running import is doing now (正在建档, 正在生成错误清单…), shown beside its progress.
    phase = models.CharField("当前步骤", max_length=32, blank=True)
    # A check-only run (仅检查，不导入) reads and checks the file and loads nothing; 确认导入 then imports the same
    # stored file (households.registry_import.confirm), turning this off.
    check_only = models.BooleanField("仅检查，不导入", default=False)
    households_ok = models.PositiveIntegerField("可导入户数", default=0)  # of a check-only run
    households_bad = models.PositiveIntegerField("有错误户数", default=0)
    error_file = models.FileField("错误清单", upload_to="imports/errors/%Y/%m/", blank=True)
    message = models.TextField("处理结果", blank=True)
    # The uploader's scope (a county path): which villages the file may name, and who sees the import.
    region_path = models.CharField("区划路径", max_length=15)
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    grid_scope = None
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "农户档案导入"
        verbose_name_plural = "农户档案导入"
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same file is imported once in a county; a failed import imported nothing and may be uploaded
            # again. Another county importing the same file is not refused (nor told of the first import).
            models.UniqueConstraint(
                fields=["checksum", "region_path"],
                condition=~Q(status="failed"),
                name="registry_import_unique_checksum",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class RegistryImportNumber(models.Model):
    """A 户编号 a go-live import named but did not load: its household was rejected (to be corrected and uploaded
    again) or is still to be loaded (a run that stopped midway, to be retried). The number is the national system's
    for that household, so local numbering (households.services.numbering) passes over it: a household registered
    here under it would clash with the national system's export, and the corrected row could never be imported.
    Written by the import's checks (households.registry_import.numbers) and let go once the number is in the
    registry, or when the same file is uploaded again after a failure (the new upload's rows stand)."""

    registry_import = models.ForeignKey(
        RegistryImport, verbose_name="农户档案导入", on_delete=models.CASCADE, related_name="held_numbers"
    )
    # Indexed: households.services.numbering reads the numbers of one village (a prefix) at every registration.
    number = models.CharField("户编号", max_length=32, db_index=True)
    # The file's row that names the household (its head's, else its first): a number typed on a household here is
    # refused naming the import and the row that holds it (households.services.numbering.number_refusal).
    line = models.PositiveIntegerField("行号", null=True, blank=True)

    class Meta:
        verbose_name = "导入未入库的户编号"
        verbose_name_plural = "导入未入库的户编号"
        constraints = [
            models.UniqueConstraint(fields=["registry_import", "number"], name="registry_import_number_unique"),
        ]

    def __str__(self) -> str:
        return self.number
