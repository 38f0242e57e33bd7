from django.contrib.postgres.fields import ArrayField
from django.db import models

from accounts.choices import Department
from households.choices import RiskType


class MeasureCategory(models.Model):
    """产业、就业、综合保障、社会帮扶、志智双扶 (000 §四). Data, edited on the configuration site."""

    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=50)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "帮扶类别"
        verbose_name_plural = "帮扶类别"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class MeasureType(models.Model):
    """One measure of the county's catalogue, with its default responsible unit and the risks it answers."""

    category = models.ForeignKey(
        MeasureCategory, verbose_name="帮扶类别", on_delete=models.PROTECT, related_name="measure_types"
    )
    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("措施名称", max_length=100)
    # Blank: the township and village carry it out (各乡镇党委和政府).
    default_department = models.CharField(
        "默认责任部门", max_length=32, choices=Department.choices, blank=True, help_text="留空表示由乡镇、村落实"
    )
    # Besides the default (lead) department, the departments a measure of this type may be given to: those that
    # work with the lead on it (assistance.catalogue.allowed_departments). Any other is refused, so a county whose
    # arrangement differs edits this list on the configuration site. Seeded from catalogue.CO_DEPARTMENTS.
    co_departments = ArrayField(
        models.CharField(max_length=32, choices=Department.choices),
        verbose_name="协同部门",
        blank=True,
        default=list,
        help_text="添加该措施时，责任部门只能选默认责任部门或这里勾选的部门（也可由乡镇、村落实），不能交由其他部门。",
    )
    default_unit_name = models.CharField("默认责任单位名称", max_length=100, blank=True)
    risk_types = ArrayField(
        models.CharField(max_length=32, choices=RiskType.choices),
        verbose_name="对应风险类型",
        blank=True,
        default=list,
    )
    for_member = models.BooleanField("落实到个人", default=False, help_text="如大病救助、技能培训：一人一措施")
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    description = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "帮扶措施目录"
        verbose_name_plural = "帮扶措施目录"
        ordering = ["category__order", "order", "code"]

    def __str__(self) -> str:
        return self.name

    def risk_type_labels(self) -> list[str]:
        return [str(RiskType(code).label) for code in self.risk_types if code in RiskType.values]

    @property
    def default_unit_display(self) -> str:
        if self.default_unit_name:
            return self.default_unit_name
        return self.get_default_department_display() if self.default_department else "乡镇、村"
