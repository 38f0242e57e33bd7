"""Cases that run through a procedure: their steps, the append-only event log and publicity objections."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.scoping import ScopedQuerySet
from config.once import once_field
from households.choices import MonitoringCategory, NationalRiskType, RiskType
from households.models import Household
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Channel, GreenChannelCause, Outcome, outcome_label
from workflow.models.procedures import Procedure, Step
from workflow.roles import acts_step

OBJECTOR_CONFIDENTIAL = "（反映人信息保密）"
ANONYMOUS = "匿名"
# A public notice names no illness or disability of a named family.
NOTICE_REASON_LABELS = {RiskType.MEDICAL_COST: "刚性支出较大"}


def notice_reasons(codes: list[str]) -> list[str]:
    """Risk types as a public notice prints them: no health detail (DOMAIN.md "Code lists"), so the medical risk
    reads as the spending it causes."""
    labels = [NOTICE_REASON_LABELS.get(code, str(RiskType(code).label)) for code in codes if code in RiskType.values]
    return list(dict.fromkeys(labels))


class Case(models.Model):
    kind = models.CharField("类别", max_length=16, choices=CaseKind.choices)
    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="cases")
    procedure = models.ForeignKey(Procedure, verbose_name="程序", on_delete=models.PROTECT, related_name="cases")
    channel = models.CharField("发现渠道", max_length=20, choices=Channel.choices, blank=True)  # none for an exit
    risk_types = ArrayField(
        models.CharField(max_length=32, choices=RiskType.choices), verbose_name="风险类型", blank=True, default=list
    )
    # The national system's codes (households.choices.national_risk_types), copied to the household on approval.
    national_risk_types = ArrayField(
        models.CharField(max_length=32, choices=NationalRiskType.choices),
        verbose_name="国家系统风险类型",
        blank=True,
        default=list,
        db_default=[],
    )
    # An inclusion's proposed category; an exit's, the one the household was monitored under (services.cases).
    category = models.CharField("拟定监测类别", max_length=16, choices=MonitoringCategory.choices, blank=True)
    discovered_on = models.DateField("发现日期")
    # An exit proposed with no measure under way or done (services.exit_rules refuses it otherwise): why, e.g. the
    # risk went away of itself (风险自然消除). DOMAIN.md "Exit": at least one measure in place, unless this says why.
    no_measure_reason = models.CharField("未落实帮扶措施的原因", max_length=200, blank=True, default="", db_default="")
    status = models.CharField("状态", max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    region_path = models.CharField("区划路径", max_length=15)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    # 001 §四 green channel: township and county approve first; review and publicity are owed (services.green_channel).
    green_channel = models.BooleanField("绿色通道", default=False)
    green_channel_cause = models.CharField("绿色通道事由", max_length=16, choices=GreenChannelCause.choices, blank=True)
    green_channel_reason = models.CharField("绿色通道说明", max_length=500, blank=True)
    # 001 §四: 经入户核查、村"两委"研究、县乡审核通过后 — the village committee's study comes before the township's.
    green_channel_village_study = models.CharField("村两委研究意见", max_length=500, blank=True)
    # Claimed by the reminder task with a conditional UPDATE (services.reminders): one reminder per case and day.
    reminded_on = models.DateField("最近催办日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "识别退出案件"
        verbose_name_plural = "识别退出案件"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["region_path"], name="case_region_path_like", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "kind"],
                condition=models.Q(status="open"),
                name="case_one_open_per_household_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.household}"

    def risk_type_labels(self) -> list[str]:
        return [str(RiskType(code).label) for code in self.risk_types if code in RiskType.values]

    def notice_reason_labels(self) -> list[str]:
        """The reasons as a public notice prints them (notice_reasons)."""
        return notice_reasons(self.risk_types)


class CaseStep(models.Model):
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="case_steps")
    step = models.ForeignKey(Step, verbose_name="环节", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=16, choices=CaseStepStatus.choices, default=CaseStepStatus.PENDING)
    opened_at = models.DateTimeField("开始时间", null=True, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acted_at = models.DateTimeField("办理时间", null=True, blank=True)
    ends_on = models.DateField("公示截止日期", null=True, blank=True)
    # The day the notice was actually posted (张贴日期), recorded by the step's role (services.publicity); until then
    # the period runs from the day the step opened. 000 §三(三)2/4: 公示不少于5天 counts from the posting.
    posted_on = models.DateField("张贴日期", null=True, blank=True)
    # Set on the village step a township audit sent back (退回村级补正, services.case_return): what to correct.
    return_note = models.TextField("退回补正意见", blank=True)
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices, blank=True)
    note = models.TextField("意见", blank=True)
    attachment = models.FileField("附件", upload_to="workflow/%Y/%m/", blank=True)

    class Meta:
        verbose_name = "案件环节"
        verbose_name_plural = "案件环节"
        ordering = ["case", "step__order"]
        constraints = [models.UniqueConstraint(fields=["case", "step"], name="casestep_case_step")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.step.name} {self.get_status_display()}"

    def get_outcome_display(self) -> str:
        """The outcome as the step's level says it (Django keeps this over the one it would make from the choices):
        a county approval's return is 退回乡镇补正, not Outcome.RETURN's 退回村级补正. Read by the API's step list, the
        admin and any page that prints the outcome; the step is only loaded for a return."""
        return outcome_label(self.step.kind if self.outcome == Outcome.RETURN else "", self.outcome)

    @property
    def period_starts_on(self) -> dt.date | None:
        """The first day of the publicity as printed and counted: the posting day, or the day the step opened."""
        if self.posted_on is not None:
            return self.posted_on
        return timezone.localdate(self.opened_at) if self.opened_at else None

    def publicity_running(self, today: dt.date) -> bool:
        """Still within its publicity period: it may not pass before the day after ends_on (a refusal may)."""
        return self.ends_on is not None and today <= self.ends_on


class CaseEvent(models.Model):
    """Append-only: services only ever create rows."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="events")
    region_path = models.CharField("区划路径", max_length=15)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField("操作", max_length=40)
    summary = models.CharField("摘要", max_length=500)
    # The facts the summary tells, for code to read (the summary's wording is for people and may change). Written by
    # services.case_records.event_detail: "case_step" and "step" (the ids of the step acted on), and per action:
    # publicity_posted "posted_on", "ends_on" (ISO dates, ends_on null without a period); case_act "outcome", and at
    # an exit's township audit or county approval "advisories" (the texts shown: workflow.advisories);
    # case_correct "rerun" (the case steps' ids of the publicities it ran again); case_open and case_correct
    # "household_event" (the id of the household's history row of the act, which holds what it set to 否 or gave
    # back, services.guarantee_restore). {} for the other actions.
    detail = models.JSONField("详情", default=dict, blank=True, db_default={})
    created_at = models.DateTimeField("时间", auto_now_add=True)

    grid_scope = "case__household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "案件记录"
        verbose_name_plural = "案件记录"
        ordering = ["case", "created_at", "pk"]
        indexes = [
            models.Index(fields=["region_path"], name="caseevent_region_path_like", opclasses=["varchar_pattern_ops"])
        ]

    def __str__(self) -> str:
        return self.summary


class Objection(models.Model):
    """An objection raised during a publicity step. Open or upheld objections block passing the step."""

    case_step = models.ForeignKey(
        CaseStep, verbose_name="公示环节", on_delete=models.CASCADE, related_name="objections"
    )
    region_path = models.CharField("区划路径", max_length=15)
    raised_by_name = models.CharField("异议人", max_length=50, blank=True)
    # An anonymous letter or call (the notice promises confidentiality): recorded without a name.
    anonymous = models.BooleanField("匿名", default=False)
    content = models.TextField("异议内容")
    raised_on = models.DateField("收到日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField("核实时间", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    upheld = models.BooleanField("异议成立", null=True, blank=True)
    resolution = models.TextField("核实情况", blank=True)
    # Received within the period but entered after the step had passed (services.objections): it reopens nothing,
    # but while open or upheld it holds every further pass of the case (services.cases.case_act).
    recorded_late = models.BooleanField("期满后补登", default=False)
    # Raised during a publicity that a village correction then ran again (services.case_correction): a verified one
    # is that first run's history and holds nothing; one still open is carried into the new run (`carried`) and is
    # that run's as any objection is: it holds the pass until verified, and found true it holds it still.
    earlier_run = models.BooleanField("更正前公示期间收到", default=False)
    carried = models.BooleanField("转入重新公示", default=False)
    # The token of the page that recorded it (config.once): a double tap or a phone's resent post records it once.
    once = once_field()

    grid_scope = "case_step__case__household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["case_step", "raised_on", "pk"]
        indexes = [
            models.Index(fields=["region_path"], name="objection_region_path_like", opclasses=["varchar_pattern_ops"])
        ]

    def __str__(self) -> str:
        return f"{self.raised_by_name or ANONYMOUS}：{self.content[:20]}"

    def objector_for(self, user: Any) -> str:
        """The objector's name as this user may read it. The notice promises 对反映人信息予以保密: only the role
        that verifies the objection (the publicity step's) and whoever recorded it read the name."""
        if self.anonymous:
            return ANONYMOUS
        if (
            getattr(user, "is_superuser", False)
            or acts_step(user, self.case_step.step.role)
            or self.recorded_by_id == getattr(user, "pk", None)
        ):
            return self.raised_by_name
        return OBJECTOR_CONFIDENTIAL

    @property
    def blocks(self) -> bool:
        """Stops its publicity's pass (OBJECTION_BLOCKS, the same in SQL): not yet verified, or found true during the
        publicity as it runs now (its own, or one carried into it from before a correction)."""
        return self.resolved_at is None or (bool(self.upheld) and (not self.earlier_run or self.carried))


# Objection.blocks as a filter.
OBJECTION_BLOCKS = Q(resolved_at__isnull=True) | Q(upheld=True, earlier_run=False) | Q(upheld=True, carried=True)
