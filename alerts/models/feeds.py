"""Feed types (数据类型): what a department sends, how often, in which columns, and which rows raise an alert.
Configured by the county in the admin; seeded from seed 001 §二(四) by migration 0002."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accounts.choices import Department
from alerts.choices import Cadence, ColumnKind, RuleKind
from households.choices import RiskType
from screening.choices import ExclusionKind

MSG_WITHIN_DAYS = "事件发生后限期推送：请填写周期天数（发生后几日内推送），如 7。"
MSG_EVENT_COLUMN = "事件发生后限期推送：请填写发生日期列的列代码，如 occurred_on。"
MSG_NOT_ABOVE = "不得大于“{header}”（两列都填写时检查，大于的行为错误行）"


class FeedType(models.Model):
    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=80)
    department = models.CharField("报送部门", max_length=32, choices=Department.choices)
    seed_item = models.CharField(
        "依据",
        max_length=80,
        blank=True,
        help_text="本县筛查预警文件及条款，如：县防返贫监测帮扶领导小组办公室〔2026〕3号 二(四)⑥",
    )
    population = models.CharField("覆盖人群", max_length=200)
    cadence = models.CharField("报送频次", max_length=20, choices=Cadence.choices)
    cadence_days = models.PositiveSmallIntegerField(
        "周期天数",
        default=0,
        help_text="按固定天数报送、每年固定月份内按固定天数报送时填写几天报送一次；事件发生后限期推送时填写发生后几日内推送",
    )
    event_column = models.SlugField(
        "发生日期列",
        max_length=40,
        blank=True,
        help_text="事件发生后限期推送时填写：据以判断是否超过推送期限的日期列的列代码，如 occurred_on（发生日期）。"
        "其他逐件报送事件的数据（如交通事故）也可填写：同一人核实后再次报送、发生日期更晚的，不受“核实后不重复预警”的限制。",
    )
    due_day = models.PositiveSmallIntegerField(
        "每月截止日", default=0, help_text="每月按截止日报送上月数据时填写，如 5（每月5日前报送上月数据）"
    )
    window_start_month = models.PositiveSmallIntegerField("报送起始月", null=True, blank=True)
    window_end_month = models.PositiveSmallIntegerField("报送结束月", null=True, blank=True)
    grace_days = models.PositiveSmallIntegerField("截止宽限天数", default=0)
    verify_days = models.PositiveSmallIntegerField("核实时限（天）", default=7)
    repeat_quiet_days = models.PositiveSmallIntegerField(
        "核实后不重复预警（天）",
        default=90,
        help_text="同一人同一规则核实为“纳入监测”“无返贫致贫风险”或“已是监测对象”后，这些天内再次报送不再生成预警"
        "（所跟进的识别案件未通过或撤回的，不受此限）；待核实期间也不重复生成。填0则核实后下一期即可再次预警。",
    )
    active_since = models.DateField(
        "开始报送日期",
        null=True,
        blank=True,
        help_text="自此日起计算应报期数（不得迟报、漏报）。不填则自本数据类型在系统中创建之日起计算"
        "（系统上线时预置的，即上线之日），上线前的报送期不计；需要统计上线前的报送情况时再填写更早的日期。",
    )
    is_active = models.BooleanField("启用", default=True)
    # The day a feed type entered this system: with no 开始报送日期 its periods are expected from then (go-live for
    # the seeded ones, migration 0017), never from 1 January, or go-live would find months already 漏报.
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "部门数据类型"
        verbose_name_plural = "部门数据类型"
        ordering = ["department", "code"]

    def __str__(self) -> str:
        return f"{self.get_department_display()}：{self.name}"

    @property
    def reporting_since(self) -> dt.date:
        """The first day whose periods are expected: the 开始报送日期 set, else the local day the feed type was
        created here. The one rule the punctuality page, the county's tile, the clerk's upload page and the late
        notices all read (alerts.periods.expected_periods, upload_periods)."""
        if self.active_since is not None:
            return self.active_since
        return timezone.localtime(self.created_at).date() if self.created_at else timezone.localdate()

    def cadence_text(self, today: dt.date | None = None) -> str:
        """The cadence in force `today` (default: the county's today), in words. A change on the configuration
        site applies from the next period on (alerts.feed_config.feed_cadence_change), so until then the cadence
        it replaces is the one reported under, and the one to come is said with the day it applies from:
        每月5日前报送上月数据（自2027年1月1日起：每半月报送一次）."""
        from alerts.periods import cadence_on

        in_force = cadence_on(self, today or timezone.localdate())
        text = cadence_words(in_force)
        if isinstance(in_force, FeedCadence):
            following = cadence_on(self, in_force.until)
            text += MSG_CADENCE_SCHEDULED.format(day=in_force.until, cadence=cadence_words(following))
        return text

    def checked_columns(self) -> list[tuple["FeedColumn", str]]:
        """Each column with its cross-column check in words, for the feed type's page: "不得大于“累计医疗总费用”"."""
        columns = list(self.columns.all())
        headers = {c.key: c.header for c in columns}
        return [(c, MSG_NOT_ABOVE.format(header=headers.get(c.not_above, c.not_above)) if c.not_above else "")
                for c in columns]  # fmt: skip

    def clean(self) -> None:
        """Each cadence needs the numbers its periods are built from, and the 核实时限 is days a village can use
        (alerts.feed_config); a feed pushed within N days of each event, its N and the date column the N days count
        from (the column itself is checked against the feed's columns by the admin's column inline: alerts.admin)."""
        from alerts.feed_config import cadence_errors, verify_days_errors

        errors = cadence_errors(self) | verify_days_errors(self)
        if self.cadence == Cadence.WITHIN_DAYS:
            if not self.cadence_days:
                errors["cadence_days"] = MSG_WITHIN_DAYS
            if not self.event_column:
                errors["event_column"] = MSG_EVENT_COLUMN
        if errors:
            raise ValidationError(errors)


class FeedColumn(models.Model):
    feed_type = models.ForeignKey(FeedType, verbose_name="数据类型", on_delete=models.CASCADE, related_name="columns")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    key = models.SlugField("列代码", max_length=40)
    header = models.CharField("表头", max_length=40)
    aliases = models.CharField("可接受的其他表头", max_length=300, blank=True, help_text="多个用顿号或逗号分隔")
    kind = models.CharField("类型", max_length=16, choices=ColumnKind.choices)
    required = models.BooleanField("必填", default=True)
    choices = models.CharField("可填的值", max_length=300, blank=True, help_text="选项列：多个用顿号分隔")
    note = models.CharField("填写说明", max_length=200, blank=True)
    example = models.CharField("示例", max_length=80, blank=True)
    # A cross-column check (alerts.ingest.cleaning): 累计个人自付费用 not above 累计医疗总费用. A row breaking it is an
    # error row (not ingested, no alert); the triage keeps such rows for the cleaning (alerts.ingest.triage).
    not_above = models.SlugField(
        "不得大于的列",
        max_length=40,
        blank=True,
        help_text="金额列：填写另一金额列的列代码，如 total（累计医疗总费用）。两列都填写时本列金额不得大于该列，"
        "大于的行作为错误行，不导入、不预警。",
    )

    class Meta:
        verbose_name = "数据列"
        verbose_name_plural = "数据列"
        ordering = ["feed_type", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["feed_type", "key"], name="feedcolumn_unique_key")]

    def __str__(self) -> str:
        return self.header

    def alias_list(self) -> list[str]:
        return [a for a in _split(self.aliases) if a]

    def choice_list(self) -> list[str]:
        return _split(self.choices)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", "、").replace(",", "、").split("、") if part.strip()]


class AlertRule(models.Model):
    feed_type = models.ForeignKey(FeedType, verbose_name="数据类型", on_delete=models.CASCADE, related_name="rules")
    code = models.SlugField("代码", max_length=40)
    name = models.CharField("预警规则", max_length=100)
    kind = models.CharField("判断方式", max_length=16, choices=RuleKind.choices)
    column_key = models.SlugField("判断的列", max_length=40, blank=True)
    threshold = models.DecimalField("阈值（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    # A verified alert's amount is outdone by a report this much higher within the quiet days (alerts.ingest.raising
    # .rise): a year-to-date total grows with each routine prescription, which is not a new risk.
    rise_amount = models.DecimalField(
        "重新预警增加额（元）",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="金额超过阈值的规则：核实后不重复预警期间，同一人报送金额比已核实预警的金额高出此数及以上的，"
        "仍重新生成预警。不填则金额有任何增加即重新预警。",
    )
    values = models.CharField("预警取值", max_length=200, blank=True, help_text="多个用顿号分隔")
    risk_type = models.CharField("风险类型", max_length=32, choices=RiskType.choices)
    # 七严四甄别 from a department's own records (vehicles, commercial housing, public-funded staff): a matched row
    # registers this exclusion fact on the member (screening.ExclusionFact, source 部门数据) and raises no alert.
    exclusion_kind = models.CharField(
        "登记为排除情形",
        max_length=24,
        choices=ExclusionKind.choices,
        blank=True,
        help_text="填写后，命中的家庭成员登记为该排除情形（来源：部门数据），不生成预警，也不列入未在档人员。",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "预警规则"
        verbose_name_plural = "预警规则"
        ordering = ["feed_type", "id"]
        constraints = [models.UniqueConstraint(fields=["feed_type", "code"], name="alertrule_unique_code")]

    def __str__(self) -> str:
        return self.name

    def value_list(self) -> list[str]:
        return _split(self.values)

    @property
    def registers_exclusion(self) -> bool:
        return bool(self.exclusion_kind)


# The fields a feed type's periods and deadlines are built from (alerts.periods): a change to any of them applies
# from the next period on, the earlier periods keep the ones they were reported under (FeedCadence).
CADENCE_FIELDS = ("cadence", "cadence_days", "due_day", "window_start_month", "window_end_month", "grace_days")


class FeedCadence(models.Model):
    """A cadence a feed type had before a change on the configuration site (alerts.feed_config.
    feed_cadence_change): it still applies to the periods whose data window began before `until`, so that a period
    reported on time under it is not re-cut into periods of the new cadence, missed ones (seed 001 §二 不得迟报、漏报
    judged by the rule in force). The feed type's own fields apply from the latest `until` on; a feed type never
    changed has no row."""

    feed_type = models.ForeignKey(
        FeedType, verbose_name="数据类型", on_delete=models.CASCADE, related_name="past_cadences"
    )
    cadence = models.CharField("报送频次", max_length=20, choices=Cadence.choices)
    cadence_days = models.PositiveSmallIntegerField("周期天数", default=0)
    due_day = models.PositiveSmallIntegerField("每月截止日", default=0)
    window_start_month = models.PositiveSmallIntegerField("报送起始月", null=True, blank=True)
    window_end_month = models.PositiveSmallIntegerField("报送结束月", null=True, blank=True)
    grace_days = models.PositiveSmallIntegerField("截止宽限天数", default=0)
    until = models.DateField("执行至（不含）")
    changed_at = models.DateTimeField("修改时间", auto_now_add=True)

    class Meta:
        verbose_name = "原报送频次"
        verbose_name_plural = "原报送频次"
        ordering = ["feed_type", "until"]
        constraints = [models.UniqueConstraint(fields=["feed_type", "until"], name="feedcadence_unique_until")]

    def __str__(self) -> str:
        return f"{self.feed_type}：{self.get_cadence_display()}（至 {self.until:%Y-%m-%d} 前）"


MSG_CADENCE_SCHEDULED = "（自{day.year}年{day.month}月{day.day}日起：{cadence}）"


def cadence_words(cadence: FeedType | FeedCadence) -> str:
    """A cadence's fields in words: the feed type's own, or one it had before a change (FeedCadence)."""
    if cadence.cadence == Cadence.EVERY_N_DAYS:
        text = f"每{cadence.cadence_days}天报送一次"
    elif cadence.cadence == Cadence.HALF_MONTHLY:
        text = "每半月报送一次"
    elif cadence.cadence == Cadence.DEKAD:
        text = "每旬报送一次（上旬、中旬、下旬）"
    elif cadence.cadence == Cadence.MONTHLY_BY_DAY:
        text = f"每月{cadence.due_day}日前报送上月数据"
    elif cadence.cadence == Cadence.SEASONAL:
        text = f"每年{cadence.window_start_month}—{cadence.window_end_month}月期间每{cadence.cadence_days}天报送"
    elif cadence.cadence == Cadence.WITHIN_DAYS:
        return f"发生后{cadence.cadence_days}日内推送，不定期"
    else:
        return "发生即报，不定期"
    # The grace is one of the fields a change is scheduled for (CADENCE_FIELDS): a change of it alone would
    # otherwise read as no change at all.
    return f"{text}，截止后宽限{cadence.grace_days}天" if cadence.grace_days else text
