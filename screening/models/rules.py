from django.db import models

from households.choices import RiskType
from screening.choices import RuleKind


class ScreeningRule(models.Model):
    """A screening rule as data: its kind picks the SQL evaluator, its parameters tune it (screening/engine.py)."""

    code = models.CharField("规则代码", max_length=40, unique=True)
    name = models.CharField("规则说明", max_length=200)
    kind = models.CharField("规则类型", max_length=40, choices=RuleKind.choices)
    risk_type = models.CharField("对应风险类型", max_length=32, choices=RiskType.choices)
    params = models.JSONField("参数", default=dict, blank=True)
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "筛查规则"
        verbose_name_plural = "筛查规则"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def params_described(self) -> list[str]:
        from screening.rule_params import describe_params

        return describe_params(self.kind, self.params or {})

    def kind_note(self) -> str:
        from screening.rule_params import KIND_NOTES

        return KIND_NOTES.get(self.kind, "")
