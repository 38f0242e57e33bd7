"""The earlier files of a step (review finding 4): what a village step held when the township returned it for
correction (退回村级补正, services.case_return). The minutes of the village's meeting (000 §三(三)2 "召开村委会或
村民代表大会研究确定"; 003 §二2(4) "村级评议应召开…会议") are the basis of the case, so the correction the village
uploads afterwards is an extra document beside them, never their replacement. Rows are only ever created."""

from django.conf import settings
from django.db import models

from accounts.scoping import ScopedQuerySet, region_path_index
from workflow.models.cases import CaseStep


class StepAttachment(models.Model):
    case_step = models.ForeignKey(
        CaseStep, verbose_name="案件环节", on_delete=models.CASCADE, related_name="earlier_attachments"
    )
    region_path = models.CharField("区划路径", max_length=15)
    file = models.FileField("附件", upload_to="workflow/%Y/%m/")
    # What the file was on the step (services.step_files.attachment_label), e.g. 评议会议记录（原）, 补正材料（第1次）.
    label = models.CharField("材料名称", max_length=50)
    # Who passed the step with it, when, and their note: the step itself is cleared by the return.
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acted_at = models.DateTimeField("办理时间", null=True, blank=True)
    note = models.TextField("办理意见", blank=True)
    superseded_at = models.DateTimeField("退回时间", auto_now_add=True)

    grid_scope = "case_step__case__household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "环节历次附件"
        verbose_name_plural = "环节历次附件"
        ordering = ["case_step", "superseded_at", "pk"]
        indexes = [region_path_index("stepattach")]

    def __str__(self) -> str:
        return f"{self.case_step_id} {self.label}"
