from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from accounts.scoping import ScopedQuerySet, region_path_index
from config.once import once_field
from households.choices import (
    ConsentSigner,
    RiskType,
    VisitKind,
)
from households.models.registry import Household, Member


class VisitQuerySet(ScopedQuerySet):
    def counted(self) -> "VisitQuerySet":
        """The visits that count as visits: every one but a voided one (作废, households.services.visit_fix). Whatever
        counts or reads visits (year changes, last visit, due and overdue visits, ledgers, a step's visit) starts here;
        only the household's 走访 tab and the visit API list the voided ones too, struck through."""
        return self.filter(voided_at__isnull=True)


class Visit(models.Model):
    """走访: a cadre's visit to a household (seed 001: every monitored and lifted-out household monthly)."""

    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="visits")
    region_path = models.CharField("区划路径", max_length=15)
    visited_on = models.DateField("走访日期")
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="走访人", on_delete=models.PROTECT, related_name="visits"
    )
    kind = models.CharField("走访类型", max_length=16, choices=VisitKind.choices, default=VisitKind.MONTHLY)
    income_change = models.DecimalField(
        "收入变化（元，增加为正）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    expense_change = models.DecimalField(
        "刚性支出变化（元，增加为正）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    food_clothing_ok = models.BooleanField("不愁吃穿", default=True)
    education_ok = models.BooleanField("义务教育有保障", default=True)
    medical_ok = models.BooleanField("基本医疗有保障", default=True)
    housing_ok = models.BooleanField("住房安全有保障", default=True)
    water_ok = models.BooleanField("饮水安全有保障", default=True)
    # Which of the five findings above the visitor stated (households.services.visit_stated): every one on a 月度走访
    # or 集中排查, only a box the cadre changed on another kind; the rest is the household's record as it stood.
    stated_findings = ArrayField(
        models.CharField(max_length=24),
        verbose_name="本次核实的两不愁三保障项",
        blank=True,
        default=list,
        db_default=[],
    )
    risk_found = models.BooleanField("发现返贫致贫风险", default=False)
    risk_types = ArrayField(
        models.CharField(max_length=32, choices=RiskType.choices),
        verbose_name="发现的风险类型",
        blank=True,
        default=list,
        db_default=[],
    )
    notes = models.TextField("走访情况", blank=True)
    photo = models.FileField("照片", upload_to="visits/%Y/%m/", blank=True)
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    # The visit page's submission that made it: a double tap or a resent post records the visit once (config.once).
    once = once_field()
    # 作废 (households.services.visit_fix): kept on record with who, when and why, counted nowhere (counted()).
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作废人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    void_reason = models.CharField("作废原因", max_length=200, blank=True, db_default="")
    # The latest 更正 (households.services.visit_fix); every one, with its old and new values, is in the household's
    # 变更记录 and the audit log.
    corrected_at = models.DateTimeField("更正时间", null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更正人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    correction_reason = models.CharField("更正原因", max_length=200, blank=True, db_default="")

    grid_scope = "household__grid"
    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        ordering = ["-visited_on", "-id"]
        indexes = [
            region_path_index("visit"),
            models.Index(fields=["household", "visited_on"], name="visit_household_date"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.visited_on}"

    def risk_type_labels(self) -> list[str]:
        return [str(RiskType(code).label) for code in self.risk_types if code in RiskType.values]

    @property
    def entered_late(self) -> bool:
        """补录: entered after the month of its visit had ended. A month's visits are entered within it (004 (五):
        每月20日前 the month's information is entered; 003 §二1(7) checks the 台账资料), so a visit dated into a past
        month, which fills that month's shortfall, says so wherever it is shown rather than pass as made on time.
        reports.ledgers.visits reads the same in SQL (its 补录 column)."""
        entered = timezone.localtime(self.created_at).date()
        return (entered.year, entered.month) > (self.visited_on.year, self.visited_on.month)


class Consent(models.Model):
    """农户承诺和授权查询书 (seed 003 附件1): allows the county to query the family's assets."""

    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="consents")
    region_path = models.CharField("区划路径", max_length=15)
    signed_on = models.DateField("签署日期")
    signer = models.CharField("签署方式", max_length=8, choices=ConsentSigner.choices)
    proxy_name = models.CharField("代签人姓名", max_length=50, blank=True)
    thumbprint = models.BooleanField("已按手印", default=False)
    scan = models.FileField("签字扫描件", upload_to="consents/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    # The consent page's submission that made it: a double tap or a resent post records it once (config.once).
    once = once_field()

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "承诺授权书"
        verbose_name_plural = "承诺授权书"
        ordering = ["-signed_on", "-id"]
        indexes = [region_path_index("consent")]

    def __str__(self) -> str:
        return f"{self.household_id} {self.signed_on}"


class HouseholdEvent(models.Model):
    """Append-only history of a household and its members (the 变更记录 tab): who, when, old and new
    values with Chinese field labels. Written by households.services in the same transaction."""

    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="events")
    member = models.ForeignKey(
        Member, verbose_name="成员", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    region_path = models.CharField("区划路径", max_length=15)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("时间", default=timezone.now)
    summary = models.CharField("事项", max_length=200)
    # [{"field": "phone", "label": "联系电话", "old": "…", "new": "…"}]
    changes = models.JSONField("变更内容", default=list)

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "农户变更记录"
        verbose_name_plural = "农户变更记录"
        ordering = ["-created_at", "-id"]
        indexes = [region_path_index("hhevent")]

    def __str__(self) -> str:
        return self.summary


class MemberChange(models.Model):
    """成员变动: a member entering or leaving a household, one row per household side, with its 变动原因 (households.
    member_reasons) as it was said then: the 家庭成员变动台账 (reports.ledgers.member_changes) lists them. Append-only,
    written by households.services.member_changes in the act's own transaction, beside its 变更记录 row. A move
    between two registry households (迁入他户, 分户, 合户) is two rows, 户间迁出 on the household left and 户间迁入 on
    the one joined, each naming the other."""

    class Kind(models.TextChoices):
        JOINED = "joined", "新增"
        MOVED_OUT = "moved_out", "迁出"
        DECEASED = "deceased", "已故"
        TRANSFER_OUT = "transfer_out", "户间迁出"
        TRANSFER_IN = "transfer_in", "户间迁入"
        # A 已故 or 迁出 mark undone as a mistake (households.services.member_restore): the mark's row stays.
        RESTORED = "restored", "撤销误标"

    member = models.ForeignKey(Member, verbose_name="成员", on_delete=models.PROTECT, related_name="changes")
    household = models.ForeignKey(
        Household, verbose_name="农户", on_delete=models.PROTECT, related_name="member_changes"
    )
    # The household the member came from or went to (户间迁出, 户间迁入); null for the others.
    other_household = models.ForeignKey(
        Household, verbose_name="对方农户", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region_path = models.CharField("区划路径", max_length=15)
    kind = models.CharField("变动类型", max_length=16, choices=Kind.choices)
    # The code (households.member_reasons: JoinReason for 新增 and 户间迁入, LeaveReason for the others) and the words
    # the pages said (婚入, 其他（户籍恢复）, 户间迁移): a later change of the member's own reason leaves this one.
    reason = models.CharField("变动原因代码", max_length=16, blank=True, default="")
    reason_text = models.CharField("变动原因", max_length=80, blank=True, default="")
    changed_on = models.DateField("变动日期")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    grid_scope = "household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "家庭成员变动"
        verbose_name_plural = "家庭成员变动"
        ordering = ["changed_on", "id"]
        indexes = [
            region_path_index("memberchange"),
            # The ledger's date range (reports.ledgers.member_changes).
            models.Index(fields=["changed_on"], name="memberchange_changed_on"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reason_text}".strip()
