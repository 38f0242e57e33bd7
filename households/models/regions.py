from django.conf import settings
from django.db import models

from accounts.scoping import ScopedQuerySet, region_path_index
from households.choices import (
    RegionLevel,
)


class RegionQuerySet(ScopedQuerySet):
    scope_field = "path"

    def active(self) -> "RegionQuerySet":
        """The regions not retired (撤销, households.services.regions): what pickers offer and reports count. A
        retired region stays in the tree, since closed households and their history still point at it."""
        return self.filter(is_active=True)


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
    # Printed on the village's and township's 公示 and 公告 and the 明白卡 (households.selectors_phones), each under
    # its own body's name; set by the county bureau (services.region_phones), blank on other levels.
    supervision_phone = models.CharField("监督电话", max_length=20, blank=True, default="")
    # The body whose 批复 the county's approval records, as its printed documents name it (households.county_bodies):
    # seeds name it differently (000 §三(三)5 县委农村工作领导小组; 001 巩固拓展脱贫攻坚成果领导小组), so a county's own
    # setting (services.region_bodies); blank for the default name, and on other levels.
    approving_body = models.CharField("审批机关", max_length=60, blank=True, default="", db_default="")
    # 撤销: a village or group whose statistical code was withdrawn (撤并) leaves pickers and reports but stays in the
    # tree for the closed households and history that name it (households.services.regions.region_retire).
    is_active = models.BooleanField("未撤销", default=True, db_default=True)
    retired_on = models.DateField("撤销日期", null=True, blank=True)

    grid_scope = None
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

    grid_scope = "pk"  # a grid-limited cadre sees their own grid only (accounts.scoping)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "网格"
        verbose_name_plural = "网格"
        ordering = ["region_path", "name"]
        indexes = [region_path_index("grid")]
        constraints = [models.UniqueConstraint(fields=["village", "name"], name="grid_unique_name_per_village")]

    def __str__(self) -> str:
        return f"{self.village.name} {self.name}"
