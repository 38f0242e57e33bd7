from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Reverse

from accounts.scoping import region_path_index
from households.choices import (
    AssistanceStatus,
    DisabilityGrade,
    Education,
    EmploymentPlace,
    Health,
    HouseholdType,
    LabourCapacity,
    LabourSkill,
    LivingStatus,
    MonitoringCategory,
    NationalMarking,
    NationalRiskType,
    Relation,
    RiskType,
    Sex,
    StudentStage,
)
from households.member_reasons import NOTE_MAX, JoinReason, LeaveReason
from households.models.changes import RegistryQuerySet, RegistryRow
from households.models.regions import Grid, Region


class Household(RegistryRow):
    number = models.CharField("户编号", max_length=32, unique=True)
    village = models.ForeignKey(Region, verbose_name="村", on_delete=models.PROTECT, related_name="households")
    group = models.ForeignKey(
        Region, verbose_name="村民小组", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grid = models.ForeignKey(Grid, verbose_name="网格", null=True, blank=True, on_delete=models.SET_NULL)
    # Denormalised from village/group so that scope is one indexed LIKE on this table.
    region_path = models.CharField("区划路径", max_length=15)
    address = models.CharField("住址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    household_type = models.CharField("户类型", max_length=16, choices=HouseholdType.choices)
    monitoring_category = models.CharField(
        "监测对象类别", max_length=16, choices=MonitoringCategory.choices, blank=True
    )
    monitoring_start = models.DateField("纳入监测日期", null=True, blank=True)
    # 风险消除 (000 §三(三)8, 003 §二2(5)): set by an approved exit (workflow.services.outcomes) or by the go-live
    # import for a household the national system marked so; cleared by an approved inclusion or re-mark. A new risk
    # of a household with it set is a 风险再标注 (003 §二2(2)), not a new 识别纳入 (workflow.services.case_opening).
    risk_eliminated_on = models.DateField("风险消除时间", null=True, blank=True)
    # Every column added after the first migration carries a database default, so bulk COPY loaders
    # (seed_demo, the go-live import) that name only the columns they fill keep working.
    head_name = models.CharField("户主姓名", max_length=50, blank=True, db_default="", default="")
    risk_types = ArrayField(
        models.CharField(max_length=32, choices=RiskType.choices),
        verbose_name="风险类型",
        blank=True,
        default=list,
        db_default=[],
    )
    # The national system's codes of the risk (DOMAIN.md "Code lists"), beside the seed types: what the export carries.
    national_risk_types = ArrayField(
        models.CharField(max_length=32, choices=NationalRiskType.choices),
        verbose_name="国家系统风险类型",
        blank=True,
        default=list,
        db_default=[],
    )
    labour_capacity = models.CharField(
        "劳动能力", max_length=16, choices=LabourCapacity.choices, blank=True, db_default="", default=""
    )
    help_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="帮扶联系人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="helped_households",
    )
    # 两不愁三保障 + 饮水 (seed 000 §三(二)): True means secured.
    food_clothing_ok = models.BooleanField("不愁吃穿", default=True, db_default=True)
    education_ok = models.BooleanField("义务教育有保障", default=True, db_default=True)
    medical_ok = models.BooleanField("基本医疗有保障", default=True, db_default=True)
    housing_ok = models.BooleanField("住房安全有保障", default=True, db_default=True)
    water_ok = models.BooleanField("饮水安全有保障", default=True, db_default=True)
    national_marking = models.CharField(
        "国家系统标注",
        max_length=8,
        choices=NationalMarking.choices,
        default=NationalMarking.NOT_APPLICABLE,
        db_default=NationalMarking.NOT_APPLICABLE,
    )
    closed_reason = models.CharField("注销原因", max_length=200, blank=True, db_default="", default="")
    # The registry's own record of what 分户, 合户 and 农户注销 did and when (households.services.moves, merge,
    # closing), read by the reports of past months (reports.selectors.monitoring) instead of history wording.
    # 分户: the household this one was split off, and the day. 合户: the household this one went into, while it
    # stays closed by the merge. 注销: the county's day of the closing, while closed.
    split_from = models.ForeignKey(
        "self", verbose_name="分户自", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    split_on = models.DateField("分户日期", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="合户并入", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField("注销日期", null=True, blank=True)
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # The table also has latest_income_* columns that are not fields here: a copy of the household's latest income
    # row for the screening run, written only by a trigger on the income table (migration 0008).

    # accounts.scoping: a grid-limited cadre sees the households of their grid, and the rows about them theirs.
    grid_scope = "grid"
    objects = RegistryQuerySet.as_manager()  # moves the data checks' cache version on a write

    class Meta:
        verbose_name = "农户"
        verbose_name_plural = "农户"
        ordering = ["region_path", "number"]
        indexes = [
            region_path_index("household"),
            models.Index(fields=["head_name"], name="household_head_name"),
            # The registry list's order (households.selectors.household_list): a page of a county's 150,000
            # households reads 20 index entries instead of joining and sorting them all (0.36 s → 0.4 ms). For every
            # tab: 全部 (all) can only be read in order from an index without a condition (PostgreSQL does not merge
            # two partial indexes' scans into one order: 0.58 s when this one was partial on is_active), and 在册
            # skips the few closed entries. It replaced that partial index (migration 0040), so a write still updates
            # one such index per household, as before.
            models.Index(fields=["region_path", "number"], name="household_list_order"),
            # 已注销: the closed households are a few percent, scattered through the index above; these few entries
            # give a page of them in order (26 ms → 0.3 ms with 3,000 closed of 150,000) and cost an active one
            # nothing.
            models.Index(fields=["region_path", "number"], name="household_list_closed", condition=Q(is_active=False)),
            # A search by the last 4+ digits of the 户编号 (households.selectors_search.household_match), as the
            # members' ID number suffix search (member_id_number_reversed).
            models.Index(OpClass(Reverse("number"), name="text_pattern_ops"), name="household_number_reversed"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.head_name}".strip()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("households:detail", kwargs={"pk": self.pk})

    def risk_type_labels(self) -> list[str]:
        return [str(RiskType(code).label) for code in self.risk_types if code in RiskType.values]

    @property
    def full_address(self) -> str:
        """住址 as the printed forms give it, once: the address as recorded when it names the township (涂埠镇新山村
        136号, as the registry import and the demo record it), else with the places it leaves out before it — the
        township for 新山村136号, township and village for 一组3号, township, village and group for 136号 — and the
        places alone when none is recorded."""
        village = self.village
        township = village.parent.name if village.parent_id and village.parent else ""
        group = self.group.name if self.group_id and self.group else ""
        # A group is named with its village (新山村一组, as seed_demo names it): the group's own part.
        group = group.removeprefix(village.name)
        places = [name for name in (township, village.name, group) if name]
        address = self.address.strip()
        for index, name in enumerate(places):
            if address.startswith(name):
                return "".join(places[:index]) + address
        return "".join(places) + address

    @property
    def monthly_visit_due(self) -> bool:
        """Visited every month (seed 001 §一): a monitored or a lifted-out household somebody still lives in. The same
        rule as households.selectors.MONTHLY_VISIT, which filters the list and counts the home tile; the list's rows
        read their annotated living_members instead of a query each."""
        if not (self.monitoring_category or self.household_type == HouseholdType.LIFTED_OUT):
            return False
        living = getattr(self, "living_members", None)
        if living is not None:
            return living > 0
        members = self.members.all()
        return not members.exists() or members.filter(living_status=LivingStatus.LIVING).exists()


class Member(RegistryRow):
    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="members")
    region_path = models.CharField("区划路径", max_length=15)
    name = models.CharField("姓名", max_length=50)
    # "" for a baby not yet registered in the 户口 (暂无身份证号: households.services.newborn), whose sex and birth
    # date are typed instead of read from the number. A blank number names no one: no unique or matching use of the
    # number reads it (the constraint below, the alert feeds' joins, the search).
    id_number = models.CharField("身份证号", max_length=18, blank=True, db_index=True)
    relation = models.CharField("与户主关系", max_length=24, choices=Relation.choices)
    sex = models.CharField("性别", max_length=8, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    education = models.CharField("文化程度", max_length=16, choices=Education.choices, blank=True)
    health = models.CharField("健康状况", max_length=16, choices=Health.choices, default=Health.HEALTHY)
    disability_grade = models.CharField("残疾等级", max_length=2, choices=DisabilityGrade.choices, blank=True)
    labour_skill = models.CharField("劳动技能", max_length=16, choices=LabourSkill.choices, blank=True)
    disability_type = models.CharField("残疾类别", max_length=20, blank=True, db_default="", default="")
    student_stage = models.CharField(
        "在校生状况",
        max_length=20,
        choices=StudentStage.choices,
        default=StudentStage.NONE,
        db_default=StudentStage.NONE,
    )
    employment_place = models.CharField(
        "务工地点",
        max_length=20,
        choices=EmploymentPlace.choices,
        default=EmploymentPlace.NONE,
        db_default=EmploymentPlace.NONE,
    )
    employment_months = models.PositiveSmallIntegerField("务工时间（月）", default=0, db_default=0)
    # Basic medical insurance is one of two schemes: the residents' (城乡居民医保, what the subsidy for lifted-out and
    # monitored people pays) or the employees' (职工医保, through a job). A member in either is insured; "uninsured"
    # (households.data_check_conditions.uninsured, the screening rule SERIOUSLY_ILL_UNINSURED) is in neither. Not
    # both at once (重复参保: households.services.members).
    medical_insurance = models.BooleanField("参加城乡居民基本医疗保险", default=True, db_default=True)
    employee_medical_insurance = models.BooleanField(
        "参加职工基本医疗保险",
        default=False,
        db_default=False,
        help_text="职工医保，如在城镇单位就业参保；与城乡居民医保只能参加其一，两者都未参加即为未参保",
    )
    pension_insurance = models.BooleanField("参加城乡居民基本养老保险", default=False, db_default=False)
    assistance_status = models.CharField(
        "低保/特困",
        max_length=8,
        choices=AssistanceStatus.choices,
        default=AssistanceStatus.NONE,
        db_default=AssistanceStatus.NONE,
    )
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    living_status = models.CharField(
        "人员状态", max_length=16, choices=LivingStatus.choices, default=LivingStatus.LIVING
    )
    # 变动原因 (households.member_reasons): why the member joined, and why they left (迁出; 死亡 for 已故); "" while
    # living. 未记录: a member from before the reasons were recorded (新登记, 户间迁移, 分户, 合户: given by the act).
    joined_reason = models.CharField(
        "新增原因",
        max_length=16,
        choices=JoinReason.choices,
        default=JoinReason.UNRECORDED,
        db_default=JoinReason.UNRECORDED,
    )
    joined_note = models.CharField("新增原因说明", max_length=NOTE_MAX, blank=True, default="", db_default="")
    left_reason = models.CharField(
        "减少原因", max_length=16, choices=LeaveReason.choices, blank=True, default="", db_default=""
    )
    left_note = models.CharField("减少原因说明", max_length=NOTE_MAX, blank=True, default="", db_default="")

    grid_scope = "household__grid"
    objects = RegistryQuerySet.as_manager()  # moves the data checks' cache version on a write

    class Meta:
        verbose_name = "家庭成员"
        verbose_name_plural = "家庭成员"
        ordering = ["household_id", "id"]
        indexes = [
            region_path_index("member"),
            # Search by the last digits of an ID number (households.selectors_search.member_match): a suffix is a
            # prefix of the reversed number, which a pattern index answers without reading a county's members.
            models.Index(OpClass(Reverse("id_number"), name="text_pattern_ops"), name="member_id_number_reversed"),
            # The screening rules about members (screening.engine SERIOUSLY_ILL_UNINSURED, MIGRANT_LABOURER) read
            # only the members these hold, a few thousand of a county's 500,000, without visiting the table.
            models.Index(
                fields=["household", "id"],
                include=["name"],
                condition=Q(
                    living_status="living", health="serious", medical_insurance=False, employee_medical_insurance=False
                ),
                name="member_ill_uninsured",
            ),
            models.Index(
                fields=["employment_months"],
                include=["household", "id", "name"],
                condition=Q(living_status="living", labour_skill__in=["skilled", "ordinary"])
                & ~Q(employment_place="none"),
                name="member_migrant_labourer",
            ),
            # The rule 主要劳动力近期死亡 (screening.engine_kinds DECEASED_LABOURER) reads the members marked deceased
            # within its months before the run date: a county run reads those few (a range of this index) instead of
            # scanning its 500,000 members.
            models.Index(
                fields=["status_changed_on"], condition=Q(living_status="deceased"), name="member_deceased_on"
            ),
        ]
        constraints = [
            # An ID number belongs to at most one living member in the county (issue: duplicates); babies without
            # one (id_number "") do not collide.
            models.UniqueConstraint(
                fields=["id_number"],
                condition=Q(living_status="living") & ~Q(id_number=""),
                name="member_unique_living_id_number",
            ),
            # Exactly one living head per household: "at most one" is enforced here, "at least one" by the service.
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relation="head", living_status="living"),
                name="member_one_living_head",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def no_id_number(self) -> bool:
        """暂无身份证号: a baby registered before its 户口 (households.services.newborn)."""
        return not self.id_number

    @property
    def relation_label(self) -> str:
        """与户主关系 as shown: a head who died or moved out keeps relation=户主 (the hand-over gives the others new
        relations, not them), shown 原户主 so that the list has one 户主."""
        if self.relation == Relation.HEAD and self.living_status != LivingStatus.LIVING:
            return "原户主"
        return self.get_relation_display()


class HouseholdIncome(RegistryRow):
    """A household's income and expenses for one year, in yuan. Per-capita net income is computed in one
    place (households.services.income) and stored with the row."""

    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="incomes")
    region_path = models.CharField("区划路径", max_length=15)
    year = models.PositiveSmallIntegerField("年度")
    wage_income = models.DecimalField("工资性收入", max_digits=12, decimal_places=2, default=Decimal("0"))
    business_income = models.DecimalField("生产经营性收入", max_digits=12, decimal_places=2, default=Decimal("0"))
    property_income = models.DecimalField("财产性收入", max_digits=12, decimal_places=2, default=Decimal("0"))
    transfer_income = models.DecimalField("转移性收入", max_digits=12, decimal_places=2, default=Decimal("0"))
    business_expenses = models.DecimalField("生产经营性支出", max_digits=12, decimal_places=2, default=Decimal("0"))
    medical_expenses = models.DecimalField("医疗支出", max_digits=12, decimal_places=2, default=Decimal("0"))
    education_expenses = models.DecimalField("教育支出", max_digits=12, decimal_places=2, default=Decimal("0"))
    disaster_expenses = models.DecimalField("灾害支出", max_digits=12, decimal_places=2, default=Decimal("0"))
    other_rigid_expenses = models.DecimalField("其他刚性支出", max_digits=12, decimal_places=2, default=Decimal("0"))
    members_count = models.PositiveSmallIntegerField("家庭人口数", default=1)
    # None when the household had no living member (all 已故 or 迁出): no figure, not 0.00 (services.income).
    per_capita_net_income = models.DecimalField(
        "人均纯收入", max_digits=12, decimal_places=2, null=True, blank=True, default=Decimal("0")
    )

    grid_scope = "household__grid"
    objects = RegistryQuerySet.as_manager()  # moves the data checks' cache version on a write

    class Meta:
        verbose_name = "年度收支"
        verbose_name_plural = "年度收支"
        ordering = ["household_id", "-year"]
        indexes = [
            region_path_index("income"),
            # A screening run asks whether any income row is after its year (screening.services.runs._scope).
            models.Index(fields=["year"], name="income_year"),
            # The rows with a business loss (生产经营性支出 over 生产经营性收入), few in a county: the screening rule of
            # monitoring type 2 reads them alone (screening.engine_kinds.BUSINESS_LOSS repeats this condition).
            models.Index(
                fields=["household", "year"],
                include=["business_income", "business_expenses"],
                condition=Q(business_expenses__gt=F("business_income")),
                name="income_business_loss",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["household", "year"], name="income_one_row_per_year")]

    def __str__(self) -> str:
        return f"{self.household_id} {self.year}"
