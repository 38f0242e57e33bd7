"""Screening campaigns (集中排查, seed 003): the campaign with its phases and villages, who screens where,
the household screening forms (附件2) and the two problem ledgers (附件3 户内问题, 附件3-1 面上问题)."""

import datetime as dt
from typing import Any, Self

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.choices import Role
from accounts.scoping import ScopedQuerySet, region_path_index, user_scope_prefix
from households.choices import RiskType
from households.models import Household, Region
from screening.choices_campaigns import AreaLevel, CampaignStatus, PhaseKind, PhaseState, ProblemStatus, ProblemType


class CampaignQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """A campaign belongs to the county, but its villages' cadres and townships must see it too: it is
        visible when its own region is in the user's scope or one of its villages is."""
        prefix = user_scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        in_villages = self.model.villages.through.objects.filter(region__path__startswith=prefix)
        return self.filter(Q(region_path__startswith=prefix) | Q(pk__in=in_villages.values("campaign_id")))


class Campaign(models.Model):
    name = models.CharField("排查名称", max_length=100)
    region = models.ForeignKey(Region, verbose_name="组织单位", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("区划路径", max_length=15)
    villages = models.ManyToManyField(Region, verbose_name="排查范围（村）", related_name="campaigns")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    # 结束排查 (county bureau, screening.services.campaign_close): no new forms or problems afterwards, so that the
    # summary (附件4) reported at the end (003 §三(四)) stays what was reported; rectification goes on.
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="结束人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    grid_scope = None
    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "集中排查"
        verbose_name_plural = "集中排查"
        ordering = ["-created_at", "-id"]
        indexes = [region_path_index("campaign")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def status(self) -> str:
        return CampaignStatus.CLOSED if self.is_closed else CampaignStatus.OPEN

    def get_status_display(self) -> str:
        return str(CampaignStatus(self.status).label)


class CampaignPhase(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name="集中排查", on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField("阶段", max_length=20, choices=PhaseKind.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    class Meta:
        verbose_name = "排查阶段"
        verbose_name_plural = "排查阶段"
        ordering = ["starts_on", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="campaign_phase_once")]

    def __str__(self) -> str:
        return self.get_kind_display()

    def state(self, today: dt.date | None = None) -> str:
        """PhaseState on `today`: an ended campaign's phases have all ended (its dates may say one still runs), save
        those due to begin after the day it ended, which were never held."""
        today = today or timezone.localdate()
        if self.campaign.is_closed and self.starts_on > timezone.localdate(self.campaign.closed_at):
            return PhaseState.NOT_HELD
        if self.campaign.is_closed or self.ends_on < today:
            return PhaseState.DONE
        return PhaseState.CURRENT if self.starts_on <= today else PhaseState.UPCOMING

    def get_state_display(self, today: dt.date | None = None) -> str:
        return str(PhaseState(self.state(today)).label)


class CampaignAssignment(models.Model):
    """Who screens which village in a campaign (排查人)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="集中排查", on_delete=models.CASCADE, related_name="assignments"
    )
    village = models.ForeignKey(Region, verbose_name="村", on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="排查人", on_delete=models.PROTECT, related_name="campaign_assignments"
    )
    region_path = models.CharField("区划路径", max_length=15)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="安排人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("安排时间", default=timezone.now)

    grid_scope = None
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "排查任务"
        verbose_name_plural = "排查任务"
        ordering = ["region_path", "id"]
        indexes = [region_path_index("cassign")]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "village", "cadre"], name="campaign_assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.cadre}"


class ScreeningForm(models.Model):
    """One household's 入户排查表 in one campaign. `answers` is keyed by item number ("1".."13"):
    {"3": {"checked": ["housing_2"], "problem": "…"}}; codes are screening.campaign_form's."""

    campaign = models.ForeignKey(Campaign, verbose_name="集中排查", on_delete=models.PROTECT, related_name="forms")
    household = models.ForeignKey(
        Household, verbose_name="农户", on_delete=models.PROTECT, related_name="screening_forms"
    )
    region_path = models.CharField("区划路径", max_length=15)
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="排查人", on_delete=models.PROTECT, related_name="+"
    )
    filled_on = models.DateField("排查日期")
    answers = models.JSONField("排查内容", default=dict, blank=True)
    at_risk = models.BooleanField("疑似存在返贫致贫风险", default=False)
    propose_monitoring = models.BooleanField("拟纳入监测对象评议", default=False)
    # Set when ② is ticked (screening.services.campaign_forms): the household was then already monitored or in an
    # inclusion procedure, so it is not one "to be identified" (附件4 拟识别监测对象) and the summary leaves it out.
    # Kept as it was at the proposal: the case the proposal itself opens must not take it out of the count later.
    known_when_proposed = models.BooleanField("勾选时已是监测对象或已在纳入程序中", default=False)
    # 填表说明 3 (一般农户重点排查“两不愁、三保障”及安全饮水情况、收入情况) asks for what 附件2's 13 rows do not
    # hold: the income, compared with the monitoring line (003 §二2(2)), and 两不愁 (吃穿); 三保障 and water are
    # items 1–4. Empty income: not asked (forms before 0010, or not known at the door).
    per_capita_income = models.DecimalField(
        "家庭年人均纯收入（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    food_clothing_problem = models.BooleanField("存在吃穿困难（两不愁）", default=False, db_default=False)
    food_clothing_note = models.TextField("吃穿方面的问题", blank=True, default="", db_default="")
    # 存在的突出风险, in the ten monitoring types of seed 000 §三(一) that visits and screening use.
    risk_types = ArrayField(
        models.CharField(max_length=32, choices=RiskType.choices),
        verbose_name="存在的返贫致贫风险",
        blank=True,
        default=list,
        db_default=[],
    )
    # The identification case opened from this form (发起识别纳入 on the campaign's household list: the case form
    # prefilled from it, workflow.campaign_openings), shown on the form and the list instead of the button.
    case = models.ForeignKey(
        "workflow.Case",
        verbose_name="据此发起的识别案件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The visit (走访, kind 集中排查) the form's filling recorded (screening.services.campaign_form_effects): the
    # screening at the door is the month's visit (003 §二(一) 入户排查; 001 §一 monthly visit), recorded once.
    visit = models.OneToOneField(
        "households.Visit",
        verbose_name="走访记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "入户排查表"
        verbose_name_plural = "入户排查表"
        ordering = ["region_path", "id"]
        indexes = [region_path_index("sform")]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "household"], name="screening_form_once"),
            # The service's bounds (screening.services.form_findings), also for rows written around it.
            models.CheckConstraint(
                condition=Q(per_capita_income__isnull=True)
                | Q(per_capita_income__gte=0, per_capita_income__lte=1_000_000),
                name="sform_income_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.household_id}"


class Problem(models.Model):
    """What both ledgers record (附件3, 3-1): the problem, the "four lists" (问题、措施、责任、时限), status and
    the closing (对账销号) with its evidence."""

    campaign = models.ForeignKey(Campaign, verbose_name="集中排查", on_delete=models.PROTECT, related_name="%(class)ss")
    region_path = models.CharField("区划路径", max_length=15)
    problem_type = models.CharField("问题类型", max_length=16, choices=ProblemType.choices)
    content = models.TextField("具体内容")
    measure = models.TextField("整改措施", blank=True)
    responsible_person = models.CharField("责任人", max_length=50, blank=True)
    responsible_unit = models.CharField("责任单位", max_length=100, blank=True)
    deadline = models.DateField("整改时限", null=True, blank=True)
    status = models.CharField("整改状态", max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.PENDING)
    effect = models.TextField("整改成效", blank=True)
    evidence_text = models.TextField("整改佐证说明", blank=True)
    evidence_file = models.FileField("整改佐证材料", upload_to="campaigns/evidence/%Y/%m/", blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="销号人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 整改未到位 (campaign_problems.problem_reopen): who sent it back, when and why; the closing it undid is kept
    # apart as 上次销号, so that a problem 整改中 shows no 整改成效 (page, API, 附件3) until it is closed again.
    reopen_reason = models.TextField("重新打开原因", blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="重新打开人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reopened_at = models.DateTimeField("重新打开时间", null=True, blank=True)
    previous_closed_on = models.DateField("上次销号日期", null=True, blank=True)
    previous_effect = models.TextField("上次销号整改成效", blank=True)
    previous_evidence_text = models.TextField("上次销号佐证说明", blank=True)
    previous_evidence_file = models.FileField("上次销号佐证材料", upload_to="campaigns/evidence/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def reopen_note(self) -> str:
        """「乡镇于2026-12-01重新打开：佐证照片不是本户」, for the page; empty if never reopened."""
        if not self.reopened_at:
            return ""
        by = self.reopened_by
        who = {Role.TOWNSHIP_OFFICER: "乡镇", Role.COUNTY_OFFICER: "县乡村振兴局"}.get(getattr(by, "role", ""), "")
        who = who or (by.get_full_name() or by.username if by is not None else "")
        return f"{who}于{timezone.localdate(self.reopened_at):%Y-%m-%d}重新打开：{self.reopen_reason}"


class HouseholdProblem(Problem):
    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="+")
    form = models.ForeignKey(
        ScreeningForm,
        verbose_name="入户排查表",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    # The form item the problem came from (1–12); empty for a problem entered directly in the ledger.
    item = models.PositiveSmallIntegerField("排查项目", null=True, blank=True)

    grid_scope = "household__grid"

    class Meta:
        verbose_name = "户内问题"
        verbose_name_plural = "户内问题"
        ordering = ["region_path", "id"]
        indexes = [
            region_path_index("hproblem"),
            models.Index(fields=["campaign", "status"], name="hproblem_campaign_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "item"], condition=Q(form__isnull=False), name="hproblem_one_per_form_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_problem_type_display()}：{self.content[:30]}"


class AreaProblem(Problem):
    """面上问题: a problem of a unit (county, township or village), not of one household. `region` is the unit."""

    level = models.CharField("面上问题层级", max_length=16, choices=AreaLevel.choices)
    region = models.ForeignKey(Region, verbose_name="所在单位", on_delete=models.PROTECT, related_name="+")

    grid_scope = None

    class Meta:
        verbose_name = "面上问题"
        verbose_name_plural = "面上问题"
        ordering = ["region_path", "id"]
        indexes = [
            region_path_index("aproblem"),
            models.Index(fields=["campaign", "status"], name="aproblem_campaign_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.get_problem_type_display()}：{self.content[:30]}"
