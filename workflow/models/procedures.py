"""Procedures as data: a county's identification / exit / re-mark steps, and the working-day calendar overrides."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.choices import Role
from workflow.choices import DayType, ProcedureKind, StepKind

# An exit's two judgement figures, a county's to set on its exit procedure (DOMAIN.md: county differences are
# configuration): how long after inclusion an exit normally comes (DOMAIN.md "Code lists": about 6 months; seed 000
# §四), and how long a refused exit is recalled to whoever proposes the next (workflow.exit_history: a quarter).
EXIT_MIN_MONTHS = 6
EXIT_MIN_MONTHS_RANGE = (1, 24)
REFUSED_EXIT_DAYS = 90
REFUSED_EXIT_DAYS_RANGE = (1, 365)


class Procedure(models.Model):
    code = models.CharField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("程序类别", max_length=16, choices=ProcedureKind.choices)
    region_prefix = models.CharField("适用县区划", max_length=15)
    is_active = models.BooleanField("启用", default=False)
    limit_days = models.PositiveIntegerField("办结时限（天）", null=True, blank=True)
    source = models.CharField("依据", max_length=200, blank=True)
    # 绿色通道 (001 §四): a county's own rule, not every county's (000 and 003 have none). Where set, a township or
    # county user may open a case whose township and county approve first (services.green_channel).
    green_channel = models.BooleanField(
        "可开辟绿色通道",
        default=False,
        db_default=False,
        help_text="因灾因疫等突发风险，经入户核查、村“两委”研究、县乡审核通过后先行帮扶，评议公示等事后补办"
        "（涞巩固拓展〔2022〕3号 §四）。仅识别纳入、风险再标注程序，且须有县级审批环节。",
    )
    # Advisories, not refusals (workflow.advisories): the proposer confirms them. Read from the exit procedure in force
    # for the household (selectors_procedures.exit_procedures_of); the other kinds ignore them.
    exit_min_months = models.PositiveSmallIntegerField(
        "风险消除一般须纳入满（月）",
        default=EXIT_MIN_MONTHS,
        db_default=EXIT_MIN_MONTHS,
        validators=[MinValueValidator(EXIT_MIN_MONTHS_RANGE[0]), MaxValueValidator(EXIT_MIN_MONTHS_RANGE[1])],
        help_text="仅风险消除程序适用：纳入监测不满该月数即提出风险消除的，发起和审核审批时提示核实（提示，不拒绝）。"
        "一般为6个月；可填1–24。",
    )
    refused_exit_days = models.PositiveSmallIntegerField(
        "风险消除未通过后提示天数",
        default=REFUSED_EXIT_DAYS,
        db_default=REFUSED_EXIT_DAYS,
        validators=[MinValueValidator(REFUSED_EXIT_DAYS_RANGE[0]), MaxValueValidator(REFUSED_EXIT_DAYS_RANGE[1])],
        help_text="仅风险消除程序适用：该户的风险消除在此天数内未通过（公示异议成立、乡镇审核或县级审批不通过）的，"
        "再次提出时提示核实当时的问题是否已解决。默认90天；可填1–365。",
    )

    class Meta:
        verbose_name = "程序"
        verbose_name_plural = "程序"
        ordering = ["region_prefix", "kind", "code"]

    def __str__(self) -> str:
        return self.name


class Step(models.Model):
    procedure = models.ForeignKey(Procedure, verbose_name="程序", on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("顺序")
    code = models.CharField("编码", max_length=40)
    name = models.CharField("名称", max_length=100)
    role = models.CharField("办理角色", max_length=32, choices=Role.choices)
    kind = models.CharField("环节类别", max_length=32, choices=StepKind.choices)
    days = models.PositiveSmallIntegerField("公示天数", null=True, blank=True)
    day_type = models.CharField("天数口径", max_length=16, choices=DayType.choices, blank=True)
    parallel_with_next = models.BooleanField("与下一环节并行", default=False)
    skippable_when_clear = models.BooleanField("风险明确且无异议时可免", default=False)
    # A publicity that is also the village's review (001 §三 村级评议公示): it passes, as a village review does, only
    # with the minutes of the review meeting on file (services.review_rules.reviews_in).
    with_review = models.BooleanField("含村级评议（通过须上传评议会议记录）", default=False, db_default=False)
    # 000 §三(三)2: 村委会要对…进行上户核实 before its meeting; 001 §三 入户核查核实. A county's rule (003's village
    # committee 核实 names no visit; the shipped exits' reviews ask it: presets.VISIT_STEPS): the step passes only
    # with a visit to the household recorded since the case was found (services.pass_rules).
    needs_visit = models.BooleanField(
        "通过须有入户核实走访记录",
        default=False,
        db_default=False,
        help_text="勾选后，须在农户档案中记录了立案（发现）以来对该户的走访，本环节才能办理通过。",
    )
    # 000 §三(三)5: the county bureau 报县委农村工作领导小组审批，批复相关乡镇 — a 批复 with its number. 001 §五 has the
    # county bureau decide (认定和风险消除…由县乡村振兴部门组织), with no 批复 to number: there it is unset, and the
    # approval passes, one case at a time on its page, without a 批复文号 or batch (services.cases.case_act).
    needs_approval_number = models.BooleanField(
        "须填写批复文号",
        default=True,
        db_default=True,
        help_text="仅县级审批环节：由领导小组批复的，通过、不通过时均须填写批复文号和批复日期，可批量审批；"
        "由县乡村振兴局直接审定、没有批复文号的，取消勾选，在案件页逐户审定。",
    )

    class Meta:
        verbose_name = "环节"
        verbose_name_plural = "环节"
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "order"], name="step_procedure_order"),
            models.UniqueConstraint(fields=["procedure", "code"], name="step_procedure_code"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    def save(self, *args, **kwargs) -> None:
        # Only a county approval's decision takes a 批复文号: any other step never asks one, whatever its default.
        if self.kind != StepKind.COUNTY_APPROVAL:
            self.needs_approval_number = False
        super().save(*args, **kwargs)

    @property
    def asks_approval_number(self) -> bool:
        """Whether deciding this step (通过 or 不通过: services.approval_records.records_decision) takes a 批复文号: a
        county approval by the leading group's 批复 (000 §三(三)5), not the county bureau's 审定 (001 §五) nor any
        other step."""
        return self.kind == StepKind.COUNTY_APPROVAL and self.needs_approval_number


class CalendarDay(models.Model):
    """Overrides or extends the PRC holiday calendar (chinese_calendar) for days it gets wrong or years it
    does not know yet."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("工作日")
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "工作日调整"
        verbose_name_plural = "工作日调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'工作日' if self.is_workday else '休息日'}"


class HolidayYear(models.Model):
    """The system admin's confirmation that a year's holidays and 调休 working days, as the State Council announced
    them, are all entered as CalendarDay rows (workflow.services.holiday_years). A year chinese_calendar does not know
    counts as entered only from then: one day entered (元旦) is not the year's 春节 and 国庆, and a publicity counted
    in working days (003: 5 working days) over them would end days too early."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", default=timezone.now)

    class Meta:
        verbose_name = "节假日录入确认"
        verbose_name_plural = "节假日录入确认"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日已录入完毕"
