from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.scoping import ScopedQuerySet, region_path_index
from config.once import once_field
from households.choices import RiskType
from households.models import Household, Member
from screening.choices import (
    BARRING_EXCLUSIONS,
    ChangeKind,
    ExclusionKind,
    ExclusionSource,
    ResultStatus,
    RiskSource,
    RunKind,
    RunStatus,
)


class ScreeningRun(models.Model):
    kind = models.CharField("类型", max_length=16, choices=RunKind.choices)
    status = models.CharField("状态", max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    household = models.ForeignKey(
        Household, verbose_name="农户", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_date = models.DateField("筛查基准日")
    started_at = models.DateTimeField("开始时间", default=timezone.now)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    households_evaluated = models.PositiveIntegerField("参与筛查户数", default=0)
    hits = models.PositiveIntegerField("命中户数", default=0)
    results_new = models.PositiveIntegerField("新命中户数", default=0)
    results_changed = models.PositiveIntegerField("变化户数", default=0)
    results_dropped = models.PositiveIntegerField("不再命中户数", default=0)
    # Hits handed to the household's open inclusion case (ChangeKind.TAKEN_UP), counted there and not as new or
    # changed.
    results_taken_up = models.PositiveIntegerField("交由在办案件办理户数", default=0)
    failures = models.JSONField("失败情况", default=list, blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "筛查批次"
        verbose_name_plural = "筛查批次"
        ordering = ["-started_at", "-id"]
        # The latest county run: when a household was last screened (screening.selectors.household_screened_at).
        indexes = [
            models.Index(fields=["-started_at"], name="srun_county_latest", condition=models.Q(household__isnull=True))
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration_label(self) -> str:
        """How long the run took, to the second ("—" while it runs)."""
        if self.finished_at is None:
            return "—"
        seconds = (self.finished_at - self.started_at).total_seconds()
        if seconds < 1:
            return "不到 1 秒"
        minutes, rest = divmod(round(seconds), 60)
        return f"{minutes} 分 {rest} 秒" if minutes else f"{rest} 秒"


class ScreeningChange(models.Model):
    """What one run changed in one household's result: a new hit, new reasons, rules, risks, exclusions or status,
    no longer hit, or a hit handed to the household's open inclusion case; with the rules that fired and their
    reasons in Chinese, as they stood after the change.

    Together with the results (each keeps the run that last changed it) this says which rules fired for a household
    in any run: those of its latest change at or before that run. A run over an unchanged county adds nothing.
    It is a log written in one statement per run: its keys are not checked by database constraints (a first run
    over a county writes tens of thousands of rows, and checking each key at commit cost more than computing
    them); Django still cascades when a run or household is deleted."""

    run = models.ForeignKey(
        ScreeningRun,
        verbose_name="筛查批次",
        on_delete=models.CASCADE,
        related_name="changes",
        db_constraint=False,
        db_index=False,
    )
    household = models.ForeignKey(
        Household,
        verbose_name="农户",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    region_path = models.CharField("区划路径", max_length=15)
    change = models.CharField("变化", max_length=16, choices=ChangeKind.choices)
    status = models.CharField("变化后状态", max_length=20, choices=ResultStatus.choices)
    rule_codes = ArrayField(models.TextField(), verbose_name="命中规则", default=list, blank=True)
    reasons = ArrayField(models.TextField(), verbose_name="命中原因", default=list, blank=True)
    # The inclusion case a hit was handed to (ChangeKind.TAKEN_UP); none for other changes. Cases are never
    # deleted (a household's are protected).
    case = models.ForeignKey(
        "workflow.Case",
        verbose_name="交由办理的案件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "筛查结果变化"
        verbose_name_plural = "筛查结果变化"
        ordering = ["-run_id", "household_id"]
        indexes = [
            # A run's changes (the run page), and a household's history (its screening panel).
            models.Index(fields=["run", "household"], name="schange_run_household"),
            models.Index(fields=["household", "-run"], name="schange_household_run"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.get_change_display()}"


class ScreeningResult(models.Model):
    """The current screening outcome of a household: what people act on (the worklist)."""

    household = models.OneToOneField(
        Household, verbose_name="农户", on_delete=models.CASCADE, related_name="screening_result"
    )
    region_path = models.CharField("区划路径", max_length=15)
    run = models.ForeignKey(  # the run that last changed this result
        ScreeningRun, verbose_name="最近筛查批次", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField("状态", max_length=20, choices=ResultStatus.choices)
    # Lists of text, compared with what a run computes as they are stored (no conversion per row).
    reasons = ArrayField(models.TextField(), verbose_name="筛查原因", default=list, blank=True)
    rule_codes = ArrayField(models.TextField(), verbose_name="命中规则", default=list, blank=True)  # as reasons
    risk_types = ArrayField(models.TextField(), verbose_name="风险类型", default=list, blank=True)
    # A hash of what the rule codes, reasons and risk types were made of (screening.engine.Evaluation): a run
    # compares it, and builds the reasons only where it differs. Empty for a result no run has written since.
    outcome_digest = models.BigIntegerField("结果摘要", null=True, blank=True, editable=False)
    exclusion_reasons = ArrayField(models.TextField(), verbose_name="排除情形", default=list, blank=True)
    # False once no rule fires any more for a household whose result is a person's decision (proposed, dismissed):
    # the decision and its reasons stay; other results no longer hit are dropped.
    is_current = models.BooleanField("当前仍命中", default=True)
    first_hit_on = models.DateField("首次命中日期")
    # When the outcome last changed (a run rewrites a result only when something in it changed).
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    handle_note = models.CharField("处理说明", max_length=500, blank=True)
    # The day of the household visit a 核实不纳入 rests on (services.dismissal); empty otherwise.
    visited_on = models.DateField("入户核实日期", null=True, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="排除情形复核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    override_reason = models.CharField("不予排除的理由", max_length=500, blank=True)

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "筛查结果"
        verbose_name_plural = "筛查结果"
        indexes = [
            region_path_index("sresult"),
            models.Index(fields=["status"], name="sresult_status"),
            # A run's count of the households hit after it (screening.services.runs): an index-only count.
            models.Index(fields=["household"], name="sresult_current", condition=Q(is_current=True)),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.get_status_display()}"


class RiskFlag(models.Model):
    """A household's current risk of one of the ten types, with where it came from and when."""

    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.CASCADE, related_name="risk_flags")
    region_path = models.CharField("区划路径", max_length=15)
    risk_type = models.CharField("风险类型", max_length=32, choices=RiskType.choices)
    source = models.CharField("来源", max_length=16, choices=RiskSource.choices)
    detected_on = models.DateField("发现日期")
    note = models.CharField("说明", max_length=300, blank=True)
    is_active = models.BooleanField("有效", default=True)

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "风险标记"
        verbose_name_plural = "风险标记"
        ordering = ["-detected_on", "-id"]
        indexes = [region_path_index("riskflag")]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "risk_type", "source"],
                condition=models.Q(is_active=True),
                name="riskflag_one_active_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_risk_type_display()}（{self.get_source_display()}）"


class ExclusionOverride(models.Model):
    """The county's 不予排除: its written decision that the household's barring exclusion facts active then (each
    marked with ExclusionFact.overruled_by) do not keep it from monitoring. Its own record, so a screening run that
    drops or rewrites the household's result loses nothing, and a barring fact recorded afterwards, which the county
    has not weighed, bars again (screening.services.results.result_override_exclusion)."""

    household = models.ForeignKey(
        Household, verbose_name="农户", on_delete=models.CASCADE, related_name="exclusion_overrides"
    )
    region_path = models.CharField("区划路径", max_length=15)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="决定人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", default=timezone.now)
    reason = models.CharField("不予排除的理由", max_length=500)

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "不予排除决定"
        verbose_name_plural = "不予排除决定"
        ordering = ["-decided_at", "-id"]
        indexes = [region_path_index("exoverride")]

    def __str__(self) -> str:
        return f"{self.household_id} {self.reason}"


class ExclusionFact(models.Model):
    """A fact that excludes a household from monitoring (003 §二 2(2)): per member, per separately-registered
    child (分户子女, who is in another household or none), or for the household as a whole."""

    household = models.ForeignKey(
        Household, verbose_name="农户", on_delete=models.CASCADE, related_name="exclusion_facts"
    )
    member = models.ForeignKey(
        Member, verbose_name="家庭成员", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    child_name = models.CharField("分户子女姓名", max_length=50, blank=True)
    child_id_number = models.CharField("分户子女身份证号", max_length=18, blank=True)
    region_path = models.CharField("区划路径", max_length=15)
    kind = models.CharField("排除情形", max_length=24, choices=ExclusionKind.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    source = models.CharField("来源", max_length=16, choices=ExclusionSource.choices, default=ExclusionSource.CADRE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_on = models.DateField("录入日期", default=timezone.localdate)
    is_active = models.BooleanField("有效", default=True)
    # Who withdrew it, when and why (screening.services.results.exclusion_withdraw): a person correcting a mistake,
    # or a county comparison that kept the household. Empty while it is active.
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdraw_reason = models.CharField("撤销理由", max_length=200, blank=True)
    # The county's 不予排除 that covers this fact: set on the household's barring facts active when it decided.
    # A barring fact bars while it is active and not overruled (barring_facts; the run's SQL: run_apply).
    overruled_by = models.ForeignKey(
        ExclusionOverride,
        verbose_name="不予排除决定",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="facts",
    )
    # The token of the page or API request that recorded it (config.once): a retried post records it once.
    once = once_field()

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "排除情形"
        verbose_name_plural = "排除情形"
        ordering = ["-recorded_on", "-id"]
        indexes = [region_path_index("exclusion")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def bars(self) -> bool:
        """Whether it keeps the household from monitoring now (as barring_facts)."""
        return self.is_active and self.kind in BARRING_EXCLUSIONS and self.overruled_by_id is None


def barring_facts() -> models.QuerySet[ExclusionFact]:
    """The facts that keep a household from monitoring (003 §二2(2)): active, of a barring kind, and not overruled
    by the county. The one definition; the screening run's SQL says the same (run_apply.BARRED)."""
    return ExclusionFact.objects.filter(is_active=True, kind__in=BARRING_EXCLUSIONS, overruled_by__isnull=True)
