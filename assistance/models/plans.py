"""一户一方案、一人一措施: a household's plan, its measures, and who helps the household (帮扶联系人)."""

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.choices import Department, Role
from accounts.scoping import ScopedQuerySet, region_path_index
from assistance.choices import MeasureStatus, ReturnCadence
from assistance.models.catalogue import MeasureType
from households.models import Household, Member


class Plan(models.Model):
    household = models.OneToOneField(
        Household, verbose_name="农户", on_delete=models.PROTECT, related_name="assistance_plan"
    )
    region_path = models.CharField("区划路径", max_length=15)
    # A plan for a household not (yet) monitored: help first in the green channel (001 §四).
    pre_monitoring = models.BooleanField("纳入前先行帮扶", default=False)
    return_cadence = models.PositiveSmallIntegerField(
        "回访周期", choices=ReturnCadence.choices, default=ReturnCadence.MONTHLY
    )
    next_return_due = models.DateField("下次回访日期", db_index=True)
    note = models.TextField("方案说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="制定人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("制定时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "帮扶方案"
        verbose_name_plural = "帮扶方案"
        ordering = ["region_path", "household_id"]
        indexes = [region_path_index("plan")]

    def __str__(self) -> str:
        return f"{self.household}的帮扶方案"


class PlanMeasureQuerySet(ScopedQuerySet):
    def for_department(self, user: Any) -> Self:
        """A department clerk's measures: those their department is responsible for, in the clerk's region.
        Clerks see no registry (accounts.roles.sees_registry), so this is their only way in."""
        if not (
            getattr(user, "is_authenticated", False)
            and user.is_active
            and user.role == Role.DEPARTMENT_CLERK
            and user.department
        ):
            return self.none()
        return self.filter(responsible_department=user.department, region_path__startswith=user.region_path or "")


class PlanMeasure(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="帮扶方案", on_delete=models.PROTECT, related_name="measures")
    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        Member, verbose_name="落实到成员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region_path = models.CharField("区划路径", max_length=15)
    measure_type = models.ForeignKey(MeasureType, verbose_name="帮扶措施", on_delete=models.PROTECT, related_name="+")
    responsible_department = models.CharField(
        "责任部门", max_length=32, choices=Department.choices, blank=True, help_text="留空表示由乡镇、村落实"
    )
    responsible_unit = models.CharField("责任单位", max_length=100)
    responsible_person = models.CharField("责任人", max_length=50)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    content = models.CharField("具体内容", max_length=300, blank=True)
    # Why a measure that answers none of the household's risks was added all the same (缺什么补什么,
    # 003 §二3(1)): asked by assistance.services.measures.measure_add, empty when the measure fits.
    mismatch_reason = models.CharField("与风险不符仍添加的理由", max_length=200, blank=True, default="", db_default="")
    # 实施情况: what was done while the measure is under way (the department's 登记实施情况, a note on starting it);
    # 帮扶成效: the result said when it is closed (已完成, 已终止). Kept apart so progress never reads as the effect.
    progress_note = models.TextField("实施情况", blank=True, default="", db_default="")
    effect_note = models.TextField("帮扶成效", blank=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    grid_scope = "household__grid"
    objects = PlanMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = "帮扶措施"
        verbose_name_plural = "帮扶措施"
        ordering = ["plan_id", "starts_on", "pk"]
        indexes = [
            region_path_index("planmeasure"),
            # The department clerk's list (PlanMeasureQuerySet.for_department).
            models.Index(fields=["responsible_department", "status"], name="planmeasure_department"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="planmeasure_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="planmeasure_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_type.name}（{self.get_status_display()}）"


class HelpContactAssignment(models.Model):
    """Who was the household's help contact, from when to when (003 §二 3(2): 帮扶责任人原则上保持不变; a change
    is recorded, never overwritten). The current one has no end date and is mirrored on Household.help_contact."""

    household = models.ForeignKey(
        Household, verbose_name="农户", on_delete=models.PROTECT, related_name="help_contact_assignments"
    )
    region_path = models.CharField("区划路径", max_length=15)
    # An account (who signs in to visit), or a person without one: most 帮扶责任人 are staff of the 包保单位, the
    # county departments and units paired with the village (003 §二3(2): 包保关系保持不变 … 由包保单位与乡镇协调),
    # who never sign in. Exactly one of the two (helpcontact_account_or_person).
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="帮扶联系人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_name = models.CharField("姓名", max_length=50, blank=True, default="", db_default="")
    person_unit = models.CharField("包保单位/工作单位", max_length=100, blank=True, default="", db_default="")
    person_title = models.CharField("职务", max_length=50, blank=True, default="", db_default="")
    person_phone = models.CharField("联系电话", max_length=20, blank=True, default="", db_default="")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    reason = models.CharField("调整原因", max_length=200, blank=True)
    # Ended by the household's 农户注销 (assistance.closing), not by a change of contact: brought back if it is undone.
    ended_by_closing = models.BooleanField("因农户注销结束", default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="安排人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "帮扶联系人安排"
        verbose_name_plural = "帮扶联系人安排"
        ordering = ["household_id", "-starts_on", "-pk"]
        indexes = [region_path_index("helpcontact")]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(ends_on__isnull=True), name="helpcontact_one_current"
            ),
            models.CheckConstraint(
                condition=(Q(contact__isnull=False) & Q(person_name=""))
                | (Q(contact__isnull=True) & ~Q(person_name="")),
                name="helpcontact_account_or_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.contact_id or self.person_name}"

    @property
    def is_person(self) -> bool:
        """A person without an account (包保单位人员)."""
        return self.contact_id is None

    @property
    def contact_name(self) -> str:
        if self.contact is None:
            return self.person_name
        return self.contact.get_full_name() or self.contact.get_username()
