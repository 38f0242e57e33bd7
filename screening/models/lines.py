from django.db import models


class MonitoringLine(models.Model):
    """监测范围: the per-capita net income line for a year, set per province (or county) — never nationally.
    `region_prefix` is a region path prefix: "36" Jiangxi, "44" Guangdong, "360425" one county."""

    year = models.PositiveSmallIntegerField("年度")
    region_prefix = models.CharField("适用区划代码前缀", max_length=12, help_text="省2位，如 36；或县6位，如 360425")
    region_label = models.CharField("适用地区", max_length=50)
    amount = models.DecimalField("监测标准（元/人·年）", max_digits=10, decimal_places=2)
    # Whether an income equal to the line is inside the monitoring range: counties word it differently (seed 004
    # "10420元以下", where 以下 includes the figure in official usage; seed 003 "收入低于监测范围", strictly below).
    inclusive = models.BooleanField(
        "含标准本数（“以下”）",
        default=False,
        help_text="勾选：人均纯收入等于标准也在监测范围内（如“家庭年人均可支配收入在10420元以下”）；"
        "不勾选：须低于标准（如“收入低于监测范围”）。预警线始终按“低于”判断。",
    )
    basis = models.CharField("依据", max_length=200, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "监测标准"
        verbose_name_plural = "监测标准"
        ordering = ["-year", "region_prefix"]
        constraints = [
            models.UniqueConstraint(fields=["year", "region_prefix"], name="line_one_per_year_and_region"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.region_label} {self.amount}元"


class WarningLine(models.Model):
    """预警线 for part of a year (seed 004: below 10,600 in Jul–Oct and 10,800 in Nov–Dec 2023 → warning)."""

    line = models.ForeignKey(MonitoringLine, verbose_name="监测标准", on_delete=models.CASCADE, related_name="warnings")
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("截止日期")
    amount = models.DecimalField("预警线（元/人·年）", max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = "预警线"
        verbose_name_plural = "预警线"
        ordering = ["line", "starts_on"]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d} {self.amount}元"
