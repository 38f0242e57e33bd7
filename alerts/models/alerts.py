"""Alerts raised from feed rows, the persons a feed names who are not in the registry, and late feeds."""

import re
from typing import Any, Self

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from accounts.choices import Department
from accounts.scoping import ScopedQuerySet, region_path_index, user_scope_prefix
from alerts.choices import AlertLevel, AlertOutcome, AlertStatus, UnregisteredOutcome
from alerts.models.feeds import AlertRule, FeedType
from alerts.models.uploads import FeedUpload, clerk_department
from households.models import Household, Member, Region, Visit

REPORTED_NAME = re.compile(r"第(\d+)行（报送姓名：([^）]*)）")  # alerts.ingest.staging._rows_detail


class AlertQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Registry staff: the alerts of households in their region. Clerks: the alerts their department raised
        (their pages show only the person as the file named them and the outcome, alerts.selectors)."""
        department = clerk_department(user)
        if department is not None:
            return self.filter(department=department, region_path__startswith=user.region_path or "-")
        return super().visible_to(user)


class Alert(models.Model):
    feed_type = models.ForeignKey(FeedType, verbose_name="数据类型", on_delete=models.PROTECT, related_name="alerts")
    rule = models.ForeignKey(AlertRule, verbose_name="预警规则", on_delete=models.PROTECT, related_name="alerts")
    # The rule's name when the alert was raised, as its detail ("累计支出超过20000元：…（阈值 20,000.00 元）") was:
    # a rule renamed later (a new threshold) must not retitle the alerts raised under the old one. Pages, the API,
    # the ledger and the notes read this, never rule.name (alerts.privacy.shown_alert_rule_name).
    rule_name = models.CharField("预警规则名称", max_length=100)
    upload = models.ForeignKey(FeedUpload, verbose_name="来源上传", on_delete=models.PROTECT, related_name="alerts")
    department = models.CharField("报送部门", max_length=32, choices=Department.choices)
    member = models.ForeignKey(Member, verbose_name="家庭成员", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="alerts")
    region_path = models.CharField("区划路径", max_length=15)
    id_number = models.CharField("身份证号", max_length=18)
    person_name = models.CharField("姓名（部门数据）", max_length=50)
    detail = models.CharField("预警内容", max_length=300)
    line = models.PositiveIntegerField("文件行号")
    # What a later report is compared with once the alert is verified (alerts.ingest.raising: a report worse than
    # these raises a new alert within the quiet days): the amount an 金额超过阈值 rule read (the largest of the
    # person's rows), and the event date of the other rules (the feed's 发生日期列 or first date column).
    amount = models.DecimalField("预警金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    event_on = models.DateField("发生日期", null=True, blank=True)
    # The latest report of the person for the rule that this alert held back (pending, or verified within the
    # quiet days, and not worse): 已预警过 on the alert's page, with its day and amount.
    later_reported_on = models.DateField("此后再次报送日期", null=True, blank=True)
    later_amount = models.DecimalField("此后再次报送金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    period_key = models.CharField("报送期", max_length=16)
    raised_on = models.DateField("预警日期")
    # The deadline of the current level: escalation (alerts.services.due) gives each level a few more days.
    due_on = models.DateField("核实期限")
    # The first deadline (raise date + the feed type's verify_days), set at raise and never moved: overdue, the
    # on-time counts and the ledger read it, so that an escalated alert verified late still counts as late.
    verify_by = models.DateField("原核实期限")
    level = models.CharField("核实层级", max_length=16, choices=AlertLevel.choices, default=AlertLevel.VILLAGE)
    escalated_on = models.DateField("上报日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=AlertStatus.choices, default=AlertStatus.PENDING)
    outcome = models.CharField("核实结果", max_length=16, choices=AlertOutcome.choices, blank=True)
    # What the visit found, for the registry's staff only: it may name the household's income, benefits or
    # illness. The department sees the outcome and department_note, a note written for it (DOMAIN.md: a clerk
    # "sees no household registry beyond that"; review rev-clerk 4). Notes written before the two were apart
    # stay internal.
    outcome_note = models.CharField("核实说明", max_length=300, blank=True)
    department_note = models.CharField("反馈部门的说明", max_length=300, blank=True, default="", db_default="")
    # Set only once the alert is verified: indexed where set (Meta), so that the tens of thousands of alerts a
    # feed raises at once do not each add an empty entry to three indexes.
    case = models.ForeignKey(
        "workflow.Case",
        verbose_name="识别案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name="核实走访",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    verified_on = models.DateField("核实日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    grid_scope = "household__grid"
    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = "部门预警"
        verbose_name_plural = "部门预警"
        ordering = ["-raised_on", "-id"]
        indexes = [
            region_path_index("alert"),
            # The "what is due" task reads pending alerts by deadline.
            models.Index(fields=["status", "due_on"], name="alert_status_due"),
            models.Index(fields=["case"], name="alert_case", condition=models.Q(case__isnull=False)),
            models.Index(fields=["visit"], name="alert_visit", condition=models.Q(visit__isnull=False)),
            models.Index(
                fields=["verified_by"], name="alert_verified_by", condition=models.Q(verified_by__isnull=False)
            ),
            # The ingestion's probe for a row re-sent unchanged after its alert was verified 部门数据有误
            # (alerts.ingest.raising); only verified alerts enter it, so raising a million alerts writes nothing here.
            models.Index(
                fields=["id_number", "rule"],
                name="alert_wrong_data_person_rule",
                condition=models.Q(outcome=AlertOutcome.WRONG_DATA),
            ),
        ]
        constraints = [
            # 去重: one live alert per person, rule and period, however many files or rows name them. An alert
            # verified 部门数据有误 is out of it: the department's corrected row for the same period raises a new
            # alert (alerts.ingest.raising, whose ON CONFLICT and holder probe name this predicate to use the index).
            models.UniqueConstraint(
                fields=["id_number", "rule", "period_key"],
                condition=~models.Q(outcome=AlertOutcome.WRONG_DATA),
                name="alert_unique_live_person_rule_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name}：{self.detail}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Alerts are raised in SQL (alerts.ingest.staging), which sets both deadlines and the rule's name; one made
        # here (the admin, a fixture) starts with its first deadline as the current one and its rule's name now.
        if self.verify_by is None:
            self.verify_by = self.due_on
        if not self.rule_name and self.rule_id is not None:
            self.rule_name = self.rule.name
        super().save(*args, **kwargs)

    def is_overdue(self, today: Any = None) -> bool:
        """Pending past the first deadline, whatever later deadline an escalation gave its current level."""
        return self.status == AlertStatus.PENDING and self.verify_by < (today or timezone.localdate())

    @property
    def days_overdue(self) -> int:
        """Days a pending alert is past its first deadline (0 when it is not)."""
        if self.status != AlertStatus.PENDING:
            return 0
        return max((timezone.localdate() - self.verify_by).days, 0)

    @property
    def name_differs(self) -> bool:
        """A row of the department's names someone else than the member its ID number matched: a mistyped ID number
        (the alert is then about the wrong person) or a changed name; the verifying visit must find out which."""
        return bool(self.names_differing)

    @property
    def reported_names(self) -> list[tuple[int, str]]:
        """(line, name) of each row the alert stands for: its own, then those the detail names when the file's
        rows of the person gave different names (alerts.ingest.staging._rows_detail: 第5行（报送姓名：李四）)."""
        names = [(self.line, self.person_name or "")]
        names += [(int(line), name) for line, name in REPORTED_NAME.findall(self.detail or "")]
        return [(line, name) for line, name in dict(names).items()]

    @property
    def names_differing(self) -> list[tuple[int, str]]:
        """The reported names (spaces aside) that are not the registry member's."""
        member = "".join(self.member.name.split())
        return [(line, name) for line, name in self.reported_names if "".join(name.split()) not in ("", member)]


class CountyQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """County-level lists: the county's staff only (a township or village path sees none of them)."""
        qs = super().visible_to(user)
        if user.is_authenticated and not user.is_superuser and len(user.region_path or "") != 6:
            return qs.none()
        return qs


class UnregisteredPerson(models.Model):
    """A person a feed names whose row meets an alert rule, but who is not a living member in the county's
    registry: the county checks whether they are a rural resident who should be registered."""

    upload = models.ForeignKey(FeedUpload, verbose_name="来源上传", on_delete=models.CASCADE, related_name="+")
    feed_type = models.ForeignKey(FeedType, verbose_name="数据类型", on_delete=models.PROTECT, related_name="+")
    line = models.PositiveIntegerField("文件行号")
    id_number = models.CharField("身份证号", max_length=18)
    person_name = models.CharField("姓名", max_length=50)
    detail = models.CharField("预警内容", max_length=300)
    region_path = models.CharField("区划路径（县）", max_length=15)
    # The county's member with this ID number who is no longer living (已故 or 迁出) when the row came in: the
    # person is not one the registry never held (alerts.ingest.staging; review rev-clerk 2).
    registry_member = models.ForeignKey(
        Member,
        verbose_name="档案中已故或迁出的成员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    grid_scope = None
    # Filed under the county, whatever became of its former member's household (households.services.place).
    follows_household = False
    objects = CountyQuerySet.as_manager()

    class Meta:
        verbose_name = "未在档人员"
        verbose_name_plural = "未在档人员"
        ordering = ["-created_at", "line"]
        indexes = [
            region_path_index("unregistered"),  # an upload's persons: the foreign key's own index
            models.Index(fields=["id_number"], name="unregistered_id_number"),  # a person's appearances
        ]

    def __str__(self) -> str:
        return self.person_name


class UnregisteredRule(models.Model):
    """A rule an unregistered person's row met, with that rule's detail. A row may meet several (卫健's feed:
    uninsured and over 20,000 元): once a village registers the person, the alert each of them would have raised is
    raised then (alerts.services.unregistered_alerts); the person's own detail joins them all."""

    person = models.ForeignKey(  # indexed by the unique constraint, whose first column it is
        UnregisteredPerson,
        verbose_name="未在档人员",
        on_delete=models.CASCADE,
        related_name="rules_met",
        db_index=False,
    )
    rule = models.ForeignKey(AlertRule, verbose_name="预警规则", on_delete=models.CASCADE, related_name="+")
    detail = models.CharField("预警内容", max_length=300)

    class Meta:
        verbose_name = "未在档人员命中的预警规则"
        verbose_name_plural = "未在档人员命中的预警规则"
        constraints = [models.UniqueConstraint(fields=["person", "rule"], name="unregisteredrule_unique")]

    def __str__(self) -> str:
        return f"{self.person}：{self.rule}"


class UnregisteredEntryQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        """The county's staff: every person of the county. Township and village staff: the persons handed to one of
        their villages to be registered (应纳入档案), and nothing else."""
        prefix = user_scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        if len(prefix) <= 6:
            return self.filter(region_path__startswith=prefix)
        return self.filter(outcome=UnregisteredOutcome.REGISTER, village__path__startswith=prefix)


class UnregisteredEntry(models.Model):
    """未在档人员 by person: one per county and ID number, however many feed rows (UnregisteredPerson) named them,
    kept by the ingestion in the same transaction as the rows (alerts.ingest.staging), so that the county's list
    reads one row per person rather than grouping every row ever sent. It holds the latest row's name and detail,
    how often and when feeds named the person, and the county's finding (alerts.services.unregistered): empty
    while not checked; a later finding replaces it (audited with before and after). A person handed to a village
    to be registered counts as done once a living member with that ID number is in the county's registry."""

    region_path = models.CharField("区划路径（县）", max_length=15)
    id_number = models.CharField("身份证号", max_length=18)
    person_name = models.CharField("姓名", max_length=50)
    detail = models.CharField("最近一次预警内容", max_length=300)
    latest = models.ForeignKey(
        UnregisteredPerson, verbose_name="最近一次报送", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    feed_types = ArrayField(models.BigIntegerField(), verbose_name="报送的数据类型", default=list)
    appearances = models.PositiveIntegerField("报送次数", default=0)
    first_seen = models.DateTimeField("首次报送时间")
    last_seen = models.DateTimeField("最近报送时间")
    outcome = models.CharField("核查结果", max_length=16, choices=UnregisteredOutcome.choices, blank=True)
    note = models.CharField("核查情况", max_length=300, blank=True)
    village = models.ForeignKey(
        Region, verbose_name="建档村", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_on = models.DateField("核查日期", null=True, blank=True)
    checked_at = models.DateTimeField("核查结果登记时间", null=True, blank=True)
    # As of the latest row that named the person: the registry holds them as deceased or moved away (their
    # registry_member), so they are not to be registered again (alerts.services.unregistered).
    registry_member = models.ForeignKey(
        Member,
        verbose_name="档案中已故或迁出的成员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    # One per county and ID number (the constraint below), whatever became of its former member's household; its
    # village is the one the county handed the person to, not the household's (households.services.place).
    follows_household = False
    objects = UnregisteredEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "未在档人员（按人）"
        verbose_name_plural = "未在档人员（按人）"
        ordering = ["-last_seen", "-id"]
        indexes = [
            region_path_index("unreg_entry"),
            models.Index(fields=["-last_seen", "-id"], name="unreg_entry_recent"),  # the list, newest first
        ]
        constraints = [
            models.UniqueConstraint(fields=["region_path", "id_number"], name="unreg_entry_unique_person"),
        ]

    def __str__(self) -> str:
        return self.person_name

    @property
    def checked(self) -> bool:
        return bool(self.outcome)

    @property
    def named_again(self) -> bool:
        """A feed named them again after the finding (worth a second look when they were found not to belong)."""
        return self.checked_at is not None and self.last_seen > self.checked_at


class FeedLateNotice(models.Model):
    """不得迟报、漏报: a period whose upload had not arrived by its deadline, raised to the county bureau."""

    feed_type = models.ForeignKey(FeedType, verbose_name="数据类型", on_delete=models.PROTECT, related_name="+")
    department = models.CharField("报送部门", max_length=32, choices=Department.choices)
    period_key = models.CharField("报送期", max_length=16)
    period_label = models.CharField("报送期名称", max_length=60)
    deadline = models.DateField("报送截止日期")
    region_path = models.CharField("区划路径（县）", max_length=15)
    raised_on = models.DateField("发现日期")
    resolved_by = models.ForeignKey(
        FeedUpload, verbose_name="补报上传", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_on = models.DateField("补报日期", null=True, blank=True)

    grid_scope = None
    objects = CountyQuerySet.as_manager()

    class Meta:
        verbose_name = "迟报漏报提醒"
        verbose_name_plural = "迟报漏报提醒"
        ordering = ["-deadline", "department"]
        constraints = [
            models.UniqueConstraint(fields=["feed_type", "region_path", "period_key"], name="latenotice_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.feed_type.name} {self.period_label}"
