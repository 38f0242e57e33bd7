"""The county's department comparison (部门比对) of a case: one row per comparison step, one finding per family
member and item. Positive findings that are exclusion facts are written to screening through its service."""

from django.conf import settings
from django.db import models

from accounts.scoping import ScopedQuerySet, region_path_index
from households.models import Member
from screening.models import ExclusionFact
from workflow.choices_comparisons import ComparisonDecision, ComparisonItem, FindingResult
from workflow.models.cases import Case, CaseStep


class DepartmentComparison(models.Model):
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="comparisons")
    case_step = models.OneToOneField(
        CaseStep, verbose_name="比对环节", on_delete=models.PROTECT, related_name="comparison"
    )
    region_path = models.CharField("区划路径", max_length=15)
    compared_on = models.DateField("比对日期")
    decision = models.CharField("研判结论", max_length=16, choices=ComparisonDecision.choices)
    reason = models.TextField("研判理由", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    grid_scope = "case__household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "部门比对"
        verbose_name_plural = "部门比对"
        ordering = ["-compared_on", "-id"]
        indexes = [region_path_index("dcompare")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.compared_on:%Y-%m-%d} {self.get_decision_display()}"


class ComparisonFinding(models.Model):
    comparison = models.ForeignKey(
        DepartmentComparison, verbose_name="部门比对", on_delete=models.CASCADE, related_name="findings"
    )
    member = models.ForeignKey(Member, verbose_name="家庭成员", on_delete=models.PROTECT, related_name="+")
    item = models.CharField("比对项目", max_length=16, choices=ComparisonItem.choices)
    result = models.CharField("比对结果", max_length=16, choices=FindingResult.choices)
    detail = models.CharField("具体情况", max_length=300, blank=True)
    exclusion_fact = models.ForeignKey(
        ExclusionFact, verbose_name="排除情形", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "比对结果"
        verbose_name_plural = "比对结果"
        ordering = ["comparison", "member_id", "item"]
        constraints = [
            models.UniqueConstraint(fields=["comparison", "member", "item"], name="cfinding_one_per_member_item")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.get_item_display()} {self.get_result_display()}"

    @property
    def checked(self) -> bool:
        return self.result != FindingResult.NOT_CHECKED

    @property
    def found(self) -> bool:
        return self.result == FindingResult.FOUND
