"""A data check's finding marked 已核实 (checked, nothing to do) by the cadre or officer who checked it: the one answer
a comparison list (households.data_checks COMPARE) needs besides acting on it. Rows are kept (history, audit); a
review hides its finding only while it holds (households.data_check_reviews: the facts it was made on unchanged,
and not too old)."""

from django.conf import settings
from django.db import models

from accounts.scoping import ScopedQuerySet, region_path_index
from households.models.registry import Household


class CheckOutcome(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", "已比对，不符合低保/特困条件"
    APPLIED = "applied", "已申请低保/特困，待民政审批"
    OTHER_HELP = "other_help", "已落实产业、就业等其他帮扶，无需兜底"
    OTHER = "other", "其他"


class DataCheckReview(models.Model):
    check_code = models.CharField("校验项", max_length=40)
    household = models.ForeignKey(
        Household, verbose_name="农户", on_delete=models.PROTECT, related_name="check_reviews"
    )
    region_path = models.CharField("区划路径", max_length=15)
    outcome = models.CharField("核实结果", max_length=16, choices=CheckOutcome.choices)
    note = models.CharField("说明", max_length=200, blank=True, default="")
    # What the finding was checked on (households.data_check_reviews.basis): a change of it brings the finding back.
    basis = models.CharField("核实依据", max_length=32)
    reviewed_on = models.DateField("核实日期")
    reviewed_at = models.DateTimeField("核实时间", auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核实人", on_delete=models.PROTECT, related_name="+"
    )

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "校验核实"
        verbose_name_plural = "校验核实"
        indexes = [
            region_path_index("checkreview"),
            # The checks ask, per household of a finding, for its reviews of one check (data_check_reviews.reviewed).
            models.Index(fields=["household", "check_code"], name="checkreview_household"),
        ]

    def __str__(self) -> str:
        return f"{self.check_code} {self.household_id} {self.get_outcome_display()}"
