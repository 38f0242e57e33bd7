"""Code lists of the registry (DOMAIN.md "Code lists"): stable English values, Chinese labels."""

from django.core.exceptions import ValidationError
from django.db import models


class RegionLevel(models.TextChoices):
    COUNTY = "county", "县"
    TOWNSHIP = "township", "乡镇"
    VILLAGE = "village", "村"
    GROUP = "group", "村民小组"


# Length of the significant prefix of the 12-digit division code at each level; groups add 3 digits.
PATH_LENGTH = {
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.VILLAGE: 12,
    RegionLevel.GROUP: 15,
}
PARENT_LEVEL = {
    RegionLevel.TOWNSHIP: RegionLevel.COUNTY,
    RegionLevel.VILLAGE: RegionLevel.TOWNSHIP,
    RegionLevel.GROUP: RegionLevel.VILLAGE,
}


class HouseholdType(models.TextChoices):
    LIFTED_OUT = "lifted_out", "脱贫户"
    ORDINARY = "ordinary", "一般农户"


class MonitoringCategory(models.TextChoices):
    UNSTABLE_LIFTED_OUT = "unstable", "脱贫不稳定户"
    MARGINAL = "marginal", "边缘易致贫户"
    SUDDEN_HARDSHIP = "sudden_hardship", "突发严重困难户"


class MonitoringState(models.TextChoices):
    """Where a household stands in monitoring, as the household list filters it (003 §二2: 全面核查…风险消除的稳定性):
    monitored (a category set), marked 风险消除 (Household.risk_eliminated_on set and no category: an approved exit,
    not since re-marked), or never (neither)."""

    MONITORED = "monitored", "监测中"
    ELIMINATED = "eliminated", "已风险消除"
    NEVER = "never", "未纳入监测"


class RegistryState(models.TextChoices):
    """Whether a household is on the rolls, as the household list and its API filter them: 在册 (the default, and
    what every count and ledger reads), 已注销 (农户注销 or 合户: households.services.closing, merge), or both."""

    ACTIVE = "active", "在册"
    CLOSED = "closed", "已注销"
    ALL = "all", "全部"


# Which households each category is for (seed 000 §三(二), 003 §二2(1)): 脱贫不稳定户 are lifted-out households,
# 边缘易致贫户 households never registered poor; a sudden severe hardship may strike either.
CATEGORY_HOUSEHOLD_TYPES = {
    MonitoringCategory.UNSTABLE_LIFTED_OUT: {HouseholdType.LIFTED_OUT},
    MonitoringCategory.MARGINAL: {HouseholdType.ORDINARY},
    MonitoringCategory.SUDDEN_HARDSHIP: {HouseholdType.LIFTED_OUT, HouseholdType.ORDINARY},
}


def categories_for(household_type: str) -> list[tuple[str, str]]:
    """The categories a household of this type may be monitored under (all of them for an unknown type)."""
    return [
        (value, label)
        for value, label in MonitoringCategory.choices
        if not household_type or household_type in CATEGORY_HOUSEHOLD_TYPES[value]
    ]


class Sex(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Relation(models.TextChoices):
    HEAD = "head", "户主"
    SPOUSE = "spouse", "配偶"
    SON = "son", "之子"
    DAUGHTER = "daughter", "之女"
    DAUGHTER_IN_LAW = "daughter_in_law", "之儿媳"
    SON_IN_LAW = "son_in_law", "之女婿"
    GRANDSON = "grandson", "之孙子"
    GRANDDAUGHTER = "granddaughter", "之孙女"
    DAUGHTERS_SON = "daughters_son", "之外孙子"
    DAUGHTERS_DAUGHTER = "daughters_daughter", "之外孙女"
    FATHER = "father", "之父"
    MOTHER = "mother", "之母"
    WIFES_FATHER = "wifes_father", "之岳父"
    WIFES_MOTHER = "wifes_mother", "之岳母"
    HUSBANDS_FATHER = "husbands_father", "之公公"
    HUSBANDS_MOTHER = "husbands_mother", "之婆婆"
    GRANDFATHER = "grandfather", "之祖父"
    GRANDMOTHER = "grandmother", "之祖母"
    MATERNAL_GRANDFATHER = "maternal_grandfather", "之外祖父"
    MATERNAL_GRANDMOTHER = "maternal_grandmother", "之外祖母"
    SIBLING = "sibling", "之兄弟姐妹"
    OTHER = "other", "其他"


class Health(models.TextChoices):
    HEALTHY = "healthy", "健康"
    CHRONIC = "chronic", "长期慢性病"
    SERIOUS = "serious", "患有大病"
    DISABLED = "disabled", "残疾"


class DisabilityGrade(models.TextChoices):
    GRADE_1 = "1", "一级"
    GRADE_2 = "2", "二级"
    GRADE_3 = "3", "三级"
    GRADE_4 = "4", "四级"


class LabourSkill(models.TextChoices):
    SKILLED = "skilled", "技能劳动力"
    ORDINARY = "ordinary", "普通劳动力"
    WEAK = "weak", "弱劳动力或半劳动力"
    LOST = "lost", "丧失劳动力"
    NONE = "none", "无劳动力"


class Education(models.TextChoices):
    PRESCHOOL = "preschool", "学龄前儿童"
    ILLITERATE = "illiterate", "文盲或半文盲"
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中"
    SECONDARY_VOCATIONAL = "vocational", "中职（中专）"
    COLLEGE = "college", "大专及以上"


class LivingStatus(models.TextChoices):
    LIVING = "living", "在世"
    DECEASED = "deceased", "已故"
    MOVED_OUT = "moved_out", "迁出"


class RiskType(models.TextChoices):
    """The ten monitoring types of seed 000 §三(一), used by the county's screening. The national system's 11 codes
    (NationalRiskType) are recorded beside them for the export: NATIONAL_RISK_TYPES maps one onto the other."""

    LOW_INCOME = "low_income", "人均纯收入低于监测范围"
    BUSINESS_FAILURE = "business_failure", "生产经营失败"
    UNEMPLOYMENT = "unemployment", "主要劳动力失岗6个月以上"
    LABOURER_DEATH = "labourer_death", "主要劳动力意外死亡"
    MEDICAL_COST = "medical_cost", "大病重病重残医疗支出大"
    DISASTER_LOSS = "disaster_loss", "因灾因意外财产损失大"
    SCHOOL_DROPOUT = "school_dropout", "义务教育阶段子女辍学"
    UNSAFE_HOUSING = "unsafe_housing", "唯一住房存在安全问题"
    UNSAFE_WATER = "unsafe_water", "饮水安全问题"
    OTHER = "other", "其他风险"


class NationalRiskType(models.TextChoices):
    """The national monitoring system's 11 risk codes (DOMAIN.md "Code lists"): what the export carries."""

    ILLNESS = "illness", "因病"
    DISABILITY = "disability", "因残"
    EDUCATION = "education", "因学"
    NATURAL_DISASTER = "natural_disaster", "因自然灾害"
    ACCIDENT = "accident", "因意外事故"
    BUSINESS_FAILURE = "business_failure", "因产业项目失败"
    UNSTABLE_EMPLOYMENT = "unstable_employment", "因务工就业不稳"
    LACK_OF_LABOUR = "lack_of_labour", "缺劳动力"
    HOUSING = "housing", "因安全住房"
    DRINKING_WATER = "drinking_water", "因安全饮水"
    OTHER = "other", "其他"


# The national codes each seed type may be recorded as (DOMAIN.md "Code lists"). Income below the line has no code
# of its own: it is recorded with the cause found at the visit, so any of the 11.
NATIONAL_RISK_TYPES: dict[str, tuple[str, ...]] = {
    RiskType.LOW_INCOME: tuple(NationalRiskType.values),
    RiskType.BUSINESS_FAILURE: (NationalRiskType.BUSINESS_FAILURE,),
    RiskType.UNEMPLOYMENT: (NationalRiskType.UNSTABLE_EMPLOYMENT,),
    RiskType.LABOURER_DEATH: (NationalRiskType.LACK_OF_LABOUR, NationalRiskType.ACCIDENT),
    RiskType.MEDICAL_COST: (NationalRiskType.ILLNESS, NationalRiskType.DISABILITY),
    RiskType.DISASTER_LOSS: (NationalRiskType.NATURAL_DISASTER, NationalRiskType.ACCIDENT),
    RiskType.SCHOOL_DROPOUT: (NationalRiskType.EDUCATION,),
    RiskType.UNSAFE_HOUSING: (NationalRiskType.HOUSING,),
    RiskType.UNSAFE_WATER: (NationalRiskType.DRINKING_WATER,),
    RiskType.OTHER: (NationalRiskType.OTHER,),
}

MSG_NATIONAL_RISK_REQUIRED = "“{risk_type}”请选择对应的国家系统风险类型：{allowed}。"


def national_risk_types(risk_types: list[str], chosen: list[str] | None) -> list[str]:
    """The national codes of a case with these seed types. A seed type with one code gives it; an ambiguous one
    takes the chosen codes it allows, or is already answered by a code another seed type gives (income below the
    line beside a school dropout is recorded 因学); otherwise it is an error naming it. Codes in the list's order."""
    chosen_set = set(chosen or [])
    known = [code for code in dict.fromkeys(risk_types) if code in NATIONAL_RISK_TYPES]
    found: set[str] = set()
    # The narrowest first, so that a wide type (income below the line) sees what the others gave.
    for risk_type in sorted(known, key=lambda code: len(NATIONAL_RISK_TYPES[code])):
        allowed = NATIONAL_RISK_TYPES[risk_type]
        if len(allowed) == 1:
            found.update(allowed)
            continue
        picked = chosen_set.intersection(allowed)
        if not picked and not found.intersection(allowed):
            labels = "或".join(str(NationalRiskType(code).label) for code in allowed)
            message = MSG_NATIONAL_RISK_REQUIRED.format(risk_type=RiskType(risk_type).label, allowed=labels)
            raise ValidationError({"national_risk_types": message})
        found.update(picked)
    return [code for code in NationalRiskType.values if code in found]


class LabourCapacity(models.TextChoices):
    """Household-level summary used by assistance rules (DOMAIN.md "Exit", "Assistance")."""

    HAS_LABOUR = "has_labour", "有劳动能力"
    PARTIAL = "partial", "弱劳动能力或半劳动能力"
    NONE = "none", "无劳动能力"


class NationalMarking(models.TextChoices):
    NOT_APPLICABLE = "n_a", "无需标注"
    PENDING = "pending", "待标注"
    MARKED = "marked", "已标注"


class StudentStage(models.TextChoices):
    NONE = "none", "非在校生"
    PRESCHOOL = "preschool", "学前教育"
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "普通高中"
    VOCATIONAL = "vocational", "中职"
    HIGHER_VOCATIONAL = "higher_vocational", "高职（专科）"
    UNDERGRADUATE = "undergraduate", "本科及以上"


class EmploymentPlace(models.TextChoices):
    NONE = "none", "未务工"
    IN_COUNTY = "in_county", "县内"
    IN_PROVINCE = "in_province", "省内县外"
    OUT_OF_PROVINCE = "out_of_province", "省外"


class AssistanceStatus(models.TextChoices):
    NONE = "none", "无"
    DIBAO = "dibao", "低保"
    TEKUN = "tekun", "特困供养"


class VisitKind(models.TextChoices):
    MONTHLY = "monthly", "月度走访"
    CAMPAIGN = "campaign", "集中排查"
    ALERT = "alert", "预警核实"
    RETURN = "return", "帮扶回访"
    APPLICATION = "application", "申报核实"  # the cadre's visit on a farmer's self-application (workflow)


# What a cadre records as a plain visit. An alert's verification, a plan's return visit and a self-application's
# verification are visits too, but each is recorded by its own page, which does what the visit is for.
MANUAL_VISIT_KINDS = [(kind.value, kind.label) for kind in (VisitKind.MONTHLY, VisitKind.CAMPAIGN)]


class ConsentSigner(models.TextChoices):
    SELF = "self", "本人签字"
    PROXY = "proxy", "代签并按手印"


# 农户注销的原因 (households.services.closing).
class ClosedReason(models.TextChoices):
    ALL_DECEASED = "all_deceased", "全户死亡"
    ALL_MOVED_OUT = "all_moved_out", "全户迁出"
    OTHER = "other", "其他"
    MERGED = "merged", "合户"  # only by households.services.merge, which moves the members first


# The reasons a township or the county closes a household for by hand: 合户 is the merge's own closing.
MANUAL_CLOSED_REASONS = [(c.value, c.label) for c in ClosedReason if c != ClosedReason.MERGED]


# 整户迁移的原因 (households.services.relocation).
class RelocateReason(models.TextChoices):
    RELOCATION = "relocation", "易地扶贫搬迁"
    MARRIAGE = "marriage", "婚嫁等家庭原因迁居"
    ADMINISTRATIVE = "administrative", "行政区划调整"
    OTHER = "other", "其他"
