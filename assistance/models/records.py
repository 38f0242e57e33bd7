"""What happens after a plan: return visits (回访), 防贫保 claims, and the quarterly employment snapshot."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from accounts.scoping import ScopedQuerySet, region_path_index
from assistance.choices import ClaimCause, ClaimStatus, Effect
from assistance.models.plans import Plan
from config.once import once_field
from households.choices import EmploymentPlace
from households.models import Household, Member, Visit


class ReturnVisit(models.Model):
    """A return visit is a household visit (households.Visit, kind 帮扶回访) plus the effect assessment."""

    plan = models.ForeignKey(Plan, verbose_name="帮扶方案", on_delete=models.PROTECT, related_name="return_visits")
    visit = models.OneToOneField(Visit, verbose_name="走访记录", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("区划路径", max_length=15)
    visited_on = models.DateField("回访日期")
    effect = models.CharField("帮扶成效", max_length=8, choices=Effect.choices)
    note = models.TextField("回访情况", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="回访人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    # The return-visit page's token (config.once): the same page posted twice records one visit.
    once = once_field()

    grid_scope = "plan__household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "帮扶回访"
        verbose_name_plural = "帮扶回访"
        ordering = ["plan_id", "-visited_on", "-pk"]
        indexes = [region_path_index("returnvisit")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.visited_on}"


class InsuranceClaim(models.Model):
    """防贫保: pays only the three monitored categories (001 §五)."""

    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        Member, verbose_name="出险成员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region_path = models.CharField("区划路径", max_length=15)
    cause = models.CharField("出险原因", max_length=16, choices=ClaimCause.choices)
    amount = models.DecimalField("申请金额（元）", max_digits=12, decimal_places=2)
    occurred_on = models.DateField("出险日期")
    status = models.CharField("状态", max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    description = models.TextField("情况说明", blank=True)
    # Recorded by the county when it approves and when it pays (assistance.services.claims.claim_decide): what is
    # paid may fall short of what was approved, and that of what was claimed. Empty on claims decided before.
    approved_amount = models.DecimalField("核定金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    paid_amount = models.DecimalField("赔付金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    decision_note = models.TextField("核定意见", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("申报时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "防贫保理赔"
        verbose_name_plural = "防贫保理赔"
        ordering = ["-created_at", "-pk"]
        indexes = [region_path_index("claim")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | Q(approved_amount__gt=0, approved_amount__lte=models.F("amount")),
                name="claim_approved_within_claimed",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True)
                | Q(paid_amount__gt=0, paid_amount__lte=Coalesce("approved_amount", "amount")),
                name="claim_paid_within_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.get_cause_display()} {self.amount}"


class EmploymentRecord(models.Model):
    """脱贫劳动力就业台账 (004 (六)): one row per working-age member per quarter."""

    member = models.ForeignKey(Member, verbose_name="成员", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("区划路径", max_length=15)
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField(
        "季度", choices=[(1, "一季度"), (2, "二季度"), (3, "三季度"), (4, "四季度")]
    )
    employed = models.BooleanField("是否务工就业", default=False)
    place = models.CharField("务工地点", max_length=20, choices=EmploymentPlace.choices, default=EmploymentPlace.NONE)
    # None: 待补充, a quarter started from the registry where it does not say how long this year (a place without
    # months, or 未务工 with every month of the year so far): assistance.services.employment.registry_months.
    months = models.PositiveSmallIntegerField("本年务工时间（月）", default=0, null=True, blank=True)
    # None: not reported yet (a quarter started from the registry knows where and how long, not what was earned).
    monthly_income = models.DecimalField("月均务工收入（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    public_welfare_post = models.BooleanField("公益性岗位", default=False)
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "劳动力就业情况"
        verbose_name_plural = "劳动力就业情况"
        ordering = ["region_path", "household_id", "member_id"]
        indexes = [region_path_index("employment"), models.Index(fields=["year", "quarter"], name="employment_quarter")]
        constraints = [
            models.UniqueConstraint(fields=["member", "year", "quarter"], name="employment_one_per_quarter"),
            models.CheckConstraint(condition=Q(months__lte=12), name="employment_months_max_12"),
            models.CheckConstraint(condition=Q(monthly_income__gte=0), name="employment_income_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year}Q{self.quarter}"
