"""Self-application (农户自主申报, seed 000 §三(三)1): a farmer applies on a public page reached by the village's
QR poster; the village verifies by a visit and opens an identification case or declines with a reason."""

from typing import Self

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.scoping import ScopedQuerySet, region_path_index
from households.choices import LivingStatus, RiskType
from households.models import Household, Member, Region, Visit
from workflow.choices_applications import PENDING_STATUSES, PLAIN_DIFFICULTY_LABELS, ApplicationStatus, InvalidReason
from workflow.models.cases import Case


class ApplicationLink(models.Model):
    """The unguessable token in a village's public address (/apply/<token>/), printed as the QR poster. Not the
    division code: codes are public and sequential, and nobody should be able to walk the villages' pages.

    A village has one active link at a time. Regenerating it (a poster being abused) stops the old one: its row is
    kept with revoked_at set, so that its public page can say the code was replaced instead of "broken link"."""

    village = models.ForeignKey(Region, verbose_name="村", on_delete=models.PROTECT, related_name="application_links")
    region_path = models.CharField("区划路径", max_length=15)
    token = models.CharField("链接令牌", max_length=32, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    revoked_at = models.DateTimeField("停用时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="停用人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    grid_scope = None
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "自主申报二维码"
        verbose_name_plural = "自主申报二维码"
        indexes = [region_path_index("applink")]
        constraints = [
            models.UniqueConstraint(
                fields=["village"], condition=Q(revoked_at__isnull=True), name="applink_one_active_per_village"
            )
        ]

    def __str__(self) -> str:
        return f"{self.village.name} 自主申报"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ApplicationQuerySet(ScopedQuerySet):
    def in_grid(self, grid_id: int) -> Self:
        """A grid-limited cadre's applications (accounts.scoping): those handled for a household of the grid, and the
        pending ones whose applicant is a living member of one, found by ID number as the village finds the
        applicant's household (services.applications.applicant_household). An applicant not in the registry is the
        whole village's to register."""
        applicants = Member.objects.filter(
            household__grid_id=grid_id, household__is_active=True, living_status=LivingStatus.LIVING
        ).values("id_number")
        return self.filter(Q(household__grid_id=grid_id) | Q(household__isnull=True, id_number__in=applicants))


class Application(models.Model):
    """One applicant's request, from the first submission. Later submissions with the same ID number and phone in
    the same village while this one is pending are kept as supplements (ApplicationSupplement), not as new rows."""

    receipt_no = models.CharField("回执号", max_length=16, unique=True)
    village = models.ForeignKey(Region, verbose_name="村", on_delete=models.PROTECT, related_name="applications")
    region_path = models.CharField("区划路径", max_length=15)
    name = models.CharField("申报人姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18, db_index=True)
    # A mobile (11 digits); one a cadre filed (代为申报) may hold a landline as households.phone stores it
    # (0792-12345678) or nothing (services.application_public.validate_filed_phone).
    phone = models.CharField("联系电话", max_length=20, blank=True)
    risk_types = ArrayField(
        models.CharField(max_length=32, choices=RiskType.choices), verbose_name="困难类型", default=list
    )
    situation = models.TextField("困难情况")
    consent_given = models.BooleanField("已勾选承诺和授权", default=False)
    consent_at = models.DateTimeField("承诺和授权时间", null=True)
    consent_version = models.CharField("承诺书版本", max_length=32)
    # Kept for abuse review (who floods a village's page); shown to county officers only.
    client_ip = models.GenericIPAddressField("提交地址", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    verification_started_at = models.DateTimeField("开始核实时间", null=True, blank=True)
    verification_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A village cadre who filled in the public form for the farmer (seed 003 §二(4) 委托村干部代为填写).
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="代为申报人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The verification visit a decline rests on (seed 000 §三(三)2 上户核实); a case's visit is `visit`.
    verified_on = models.DateField("入户核实日期", null=True, blank=True)
    verification_notes = models.TextField("入户核实情况", blank=True)
    household = models.ForeignKey(
        Household,
        verbose_name="对应农户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    visit = models.ForeignKey(
        Visit, verbose_name="核实走访", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Several applications may end in one case: the farmer's own, and one the family sent again from another phone
    # or after a cadre had already opened the case (application_join_case).
    case = models.ForeignKey(
        Case, verbose_name="识别案件", null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    decline_reason = models.TextField("不予纳入理由", blank=True)
    # Seed 003 §二(4): 经村民小组评议后，由村两委进行核实和评议. A decline states the 村两委 review it rests on, and
    # the township reads it (已阅, services.application_decline_review): no cadre refuses a farmer alone, unseen.
    review_on = models.DateField("村两委评议日期", null=True, blank=True)
    review_opinion = models.TextField("村两委评议意见", blank=True)
    township_read_at = models.DateTimeField("乡镇已阅时间", null=True, blank=True)
    township_read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="乡镇阅知人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 无效申报 (services.application_invalid): closed with no visit; the reason and note are for staff eyes only.
    invalid_reason = models.CharField("无效原因", max_length=16, choices=InvalidReason.choices, blank=True)
    invalid_note = models.TextField("无效申报说明", blank=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 转交至所在村 (services.application_transfer): the village it reached first, by whom and when, for the 办理情况
    # of the village it was moved to (the latest move, where it was moved twice).
    transferred_from = models.ForeignKey(
        Region, verbose_name="转交前所在村", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transferred_at = models.DateTimeField("转交时间", null=True, blank=True)
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="转交人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    grid_scope = "household__grid"  # ApplicationQuerySet.in_grid
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "自主申报"
        verbose_name_plural = "自主申报"
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            region_path_index("application"),
            models.Index(fields=["status", "submitted_at"], name="application_status_date"),
        ]
        constraints = [
            # At most one pending application per ID number, phone and village: a concurrent second submission
            # fails here and is stored as a supplement instead (services.application_public.application_submit).
            models.UniqueConstraint(
                fields=["village", "id_number", "phone"],
                condition=Q(status__in=[str(status) for status in PENDING_STATUSES]),
                name="application_one_pending_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.receipt_no} {self.name}"

    def difficulty_labels(self) -> list[str]:
        return [PLAIN_DIFFICULTY_LABELS.get(code, code) for code in self.risk_types]

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES


class ApplicationSupplementQuerySet(ScopedQuerySet):
    def in_grid(self, grid_id: int) -> Self:
        """A supplement follows its application (ApplicationQuerySet.in_grid)."""
        return self.filter(application__in=Application.objects.in_grid(grid_id))


class ApplicationSupplement(models.Model):
    """A further submission with the same ID number and phone while the application is pending (补充申报): its own
    receipt, words and consent, so nothing the farmer sent is lost and nothing of the first one is overwritten."""

    application = models.ForeignKey(
        Application, verbose_name="自主申报", on_delete=models.CASCADE, related_name="supplements"
    )
    region_path = models.CharField("区划路径", max_length=15)
    receipt_no = models.CharField("回执号", max_length=16, unique=True)
    name = models.CharField("申报人姓名", max_length=50)
    risk_types = ArrayField(
        models.CharField(max_length=32, choices=RiskType.choices), verbose_name="困难类型", default=list
    )
    situation = models.TextField("困难情况")
    consent_at = models.DateTimeField("承诺和授权时间")
    consent_version = models.CharField("承诺书版本", max_length=32)
    client_ip = models.GenericIPAddressField("提交地址", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)

    grid_scope = "application"  # ApplicationSupplementQuerySet.in_grid
    objects = ApplicationSupplementQuerySet.as_manager()

    class Meta:
        verbose_name = "补充申报"
        verbose_name_plural = "补充申报"
        ordering = ["application", "submitted_at", "pk"]
        indexes = [region_path_index("appsupplement")]

    def __str__(self) -> str:
        return f"{self.receipt_no} {self.name}"

    def difficulty_labels(self) -> list[str]:
        return [PLAIN_DIFFICULTY_LABELS.get(code, code) for code in self.risk_types]
