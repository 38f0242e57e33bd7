from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.scoping import ScopedQuerySet
from households.choices import (
    DisabilityGrade,
    Education,
    Health,
    HouseholdType,
    LabourSkill,
    LivingStatus,
    MonitoringCategory,
    RegionLevel,
    Relation,
    Sex,
)


def _path_index(model: str) -> models.Index:
    # LIKE 'prefix%' needs varchar_pattern_ops to use the index under a non-C collation.
    return models.Index(fields=["region_path"], name=f"{model}_region_path_like", opclasses=["varchar_pattern_ops"])


class RegionQuerySet(ScopedQuerySet):
    scope_field = "path"


class Region(models.Model):
    """County → township → village → villager group. `code` is the 12-digit statistical division code
    (groups: village code + 3-digit group number); `path` is its significant prefix, the materialised path."""

    code = models.CharField("区划代码", max_length=15, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级区划", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField("区划路径", max_length=15, unique=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["path"]
        indexes = [models.Index(fields=["path"], name="region_path_like", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return self.name

    @property
    def region_path(self) -> str:
        return self.path


class Grid(models.Model):
    """网格: a part of a village with a responsible grid worker."""

    village = models.ForeignKey(Region, verbose_name="所属村", on_delete=models.PROTECT, related_name="grids")
    name = models.CharField("网格名称", max_length=100)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="网格员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grids",
    )
    region_path = models.CharField("区划路径", max_length=15)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "网格"
        verbose_name_plural = "网格"
        ordering = ["region_path", "name"]
        indexes = [_path_index("grid")]
        constraints = [models.UniqueConstraint(fields=["village", "name"], name="grid_unique_name_per_village")]

    def __str__(self) -> str:
        return f"{self.village.name} {self.name}"


class Household(models.Model):
    number = models.CharField("户编号", max_length=32, unique=True)
    village = models.ForeignKey(Region, verbose_name="村", on_delete=models.PROTECT, related_name="households")
    group = models.ForeignKey(
        Region, verbose_name="村民小组", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grid = models.ForeignKey(Grid, verbose_name="网格", null=True, blank=True, on_delete=models.SET_NULL)
    # Denormalised from village/group so that scope is one indexed LIKE on this table.
    region_path = models.CharField("区划路径", max_length=15)
    address = models.CharField("住址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    household_type = models.CharField("户类型", max_length=16, choices=HouseholdType.choices)
    monitoring_category = models.CharField(
        "监测对象类别", max_length=16, choices=MonitoringCategory.choices, blank=True
    )
    monitoring_start = models.DateField("纳入监测日期", null=True, blank=True)
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "农户"
        verbose_name_plural = "农户"
        ordering = ["region_path", "number"]
        indexes = [_path_index("household")]

    def __str__(self) -> str:
        return self.number


class Member(models.Model):
    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="members")
    region_path = models.CharField("区划路径", max_length=15)
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18, db_index=True)
    relation = models.CharField("与户主关系", max_length=24, choices=Relation.choices)
    sex = models.CharField("性别", max_length=8, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    education = models.CharField("文化程度", max_length=16, choices=Education.choices, blank=True)
    health = models.CharField("健康状况", max_length=16, choices=Health.choices, default=Health.HEALTHY)
    disability_grade = models.CharField("残疾等级", max_length=2, choices=DisabilityGrade.choices, blank=True)
    labour_skill = models.CharField("劳动技能", max_length=16, choices=LabourSkill.choices, blank=True)
    living_status = models.CharField(
        "人员状态", max_length=16, choices=LivingStatus.choices, default=LivingStatus.LIVING
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "家庭成员"
        verbose_name_plural = "家庭成员"
        ordering = ["household_id", "id"]
        indexes = [_path_index("member")]
        constraints = [
            # An ID number belongs to at most one living member in the county (issue: duplicates).
            models.UniqueConstraint(
                fields=["id_number"], condition=Q(living_status="living"), name="member_unique_living_id_number"
            ),
            # Exactly one living head per household: "at most one" is enforced here, "at least one" by the service.
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relation="head", living_status="living"),
                name="member_one_living_head",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HouseholdIncome(models.Model):
    """A household's income and expenses for one year, in yuan. Per-capita net income is computed in one
    place (households.services.income) and stored with the row."""

    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="incomes")
    region_path = models.CharField("区划路径", max_length=15)
    year = models.PositiveSmallIntegerField("年度")
    wage_income = models.DecimalField("工资性收入", max_digits=12, decimal_places=2, default=Decimal("0"))
    business_income = models.DecimalField("生产经营性收入", max_digits=12, decimal_places=2, default=Decimal("0"))
    property_income = models.DecimalField("财产性收入", max_digits=12, decimal_places=2, default=Decimal("0"))
    transfer_income = models.DecimalField("转移性收入", max_digits=12, decimal_places=2, default=Decimal("0"))
    business_expenses = models.DecimalField("生产经营性支出", max_digits=12, decimal_places=2, default=Decimal("0"))
    medical_expenses = models.DecimalField("医疗支出", max_digits=12, decimal_places=2, default=Decimal("0"))
    education_expenses = models.DecimalField("教育支出", max_digits=12, decimal_places=2, default=Decimal("0"))
    disaster_expenses = models.DecimalField("灾害支出", max_digits=12, decimal_places=2, default=Decimal("0"))
    other_rigid_expenses = models.DecimalField("其他刚性支出", max_digits=12, decimal_places=2, default=Decimal("0"))
    members_count = models.PositiveSmallIntegerField("家庭人口数", default=1)
    per_capita_net_income = models.DecimalField("人均纯收入", max_digits=12, decimal_places=2, default=Decimal("0"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "年度收支"
        verbose_name_plural = "年度收支"
        ordering = ["household_id", "-year"]
        indexes = [_path_index("income")]
        constraints = [models.UniqueConstraint(fields=["household", "year"], name="income_one_row_per_year")]

    def __str__(self) -> str:
        return f"{self.household_id} {self.year}"
