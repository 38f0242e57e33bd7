"""Files chosen on a form that came back with an error, kept for the one user who chose them so that they need not
be picked again (households.services.pending_uploads). A browser never refills a file input. Any app's form may
keep its files here (the visit photo, workflow's meeting minutes): the registry is the app every other one uses."""

from django.conf import settings
from django.db import models


class PendingUpload(models.Model):
    """A file not yet part of any record: used by its form's next valid submission, or deleted once a day old."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE, related_name="+"
    )
    purpose = models.CharField("用途", max_length=60)
    token = models.CharField("令牌", max_length=64, unique=True)
    file = models.FileField("文件", upload_to="pending/%Y/%m/")
    name = models.CharField("原文件名", max_length=255)
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)

    class Meta:
        # Created by workflow's migration 0013 when only the meeting form kept files; moved here (state only,
        # households 0014 / workflow 0016) so that the registry's forms may keep theirs: the table and rows stay.
        db_table = "workflow_pendingupload"
        verbose_name = "待提交的上传文件"
        verbose_name_plural = "待提交的上传文件"

    def __str__(self) -> str:
        return self.name
