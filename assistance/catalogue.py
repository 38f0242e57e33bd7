"""The measure catalogue the county starts with (000 §四, 003 §二 3, 004 §四), installed by a data migration and
then edited on the configuration site. `install` only adds what is missing: a county's edits are never undone."""

from typing import Any

from accounts.choices import Department as D

CATEGORIES = [
    ("industry", "产业帮扶", 10),
    ("employment", "就业帮扶", 20),
    ("security", "综合保障", 30),
    ("social", "社会帮扶", 40),
    ("motivation", "志智双扶", 50),
]

# Risk types (households.choices.RiskType values), short so that one measure fits on one line.
FAIL, INCOME, JOBLESS, DEATH = "business_failure", "low_income", "unemployment", "labourer_death"
DISASTER, MEDICAL, SCHOOL = "disaster_loss", "medical_cost", "school_dropout"
HOUSING, WATER, OTHER = "unsafe_housing", "unsafe_water", "other"
DEVELOPMENT = D.DEVELOPMENT_REFORM

# (category, code, name, default department, default unit name, risk types, for a member)
MEASURES: list[tuple[str, str, str, str, str, list[str], bool]] = [
    ("industry", "tech_training", "农业生产技术培训", D.AGRICULTURE, "", [FAIL, INCOME], True),
    ("industry", "micro_credit", "脱贫人口小额信贷", D.RURAL_REVITALIZATION, "", [FAIL, INCOME], False),
    ("industry", "enterprise_linkage", "经营主体带动（利益联结）", D.AGRICULTURE, "", [INCOME, FAIL], False),
    ("industry", "industry_award", "产业发展奖补", D.AGRICULTURE, "", [FAIL, INCOME], False),
    ("industry", "courtyard", "庭院经济（四小园）", D.AGRICULTURE, "", [INCOME], False),
    ("industry", "agri_insurance", "农业保险", D.AGRICULTURE, "", [DISASTER, FAIL], False),
    ("employment", "skills_training", "职业技能培训", D.HUMAN_RESOURCES, "", [JOBLESS, INCOME, DEATH], True),
    ("employment", "job_referral", "就业推荐（岗位信息推送）", D.HUMAN_RESOURCES, "", [JOBLESS, DEATH, INCOME], True),
    ("employment", "workshop", "就业帮扶车间就近就业", D.HUMAN_RESOURCES, "", [JOBLESS, INCOME], True),
    ("employment", "public_post", "乡村公益性岗位", D.HUMAN_RESOURCES, "", [JOBLESS, INCOME, DEATH], True),
    ("employment", "work_relief", "以工代赈", DEVELOPMENT, "县发展和改革局", [JOBLESS, DISASTER, INCOME], True),
    ("employment", "transport_subsidy", "外出务工交通补贴", D.HUMAN_RESOURCES, "", [JOBLESS], True),
    ("security", "dibao", "农村最低生活保障（低保）", D.CIVIL_AFFAIRS, "", [INCOME, DEATH], False),
    ("security", "tekun", "特困人员救助供养", D.CIVIL_AFFAIRS, "", [DEATH, INCOME], False),
    ("security", "medical_insurance_subsidy", "城乡居民医保参保资助", D.MEDICAL_INSURANCE, "", [MEDICAL], True),
    ("security", "serious_illness_relief", "大病专项救助（医疗救助）", D.MEDICAL_INSURANCE, "", [MEDICAL], True),
    ("security", "family_doctor", "家庭医生签约服务", D.HEALTH, "", [MEDICAL], True),
    ("security", "disability_subsidy", "残疾人两项补贴", D.DISABLED_FEDERATION, "", [MEDICAL], True),
    ("security", "education_aid", "教育资助", D.EDUCATION, "", [SCHOOL], True),
    ("security", "dropout_return", "控辍保学劝返复学", D.EDUCATION, "", [SCHOOL], True),
    ("security", "housing_renovation", "农村危房改造", D.HOUSING, "", [HOUSING], False),
    ("security", "water_works", "农村饮水安全工程", D.WATER, "", [WATER], False),
    ("security", "temporary_relief", "临时救助", D.CIVIL_AFFAIRS, "", [DISASTER, MEDICAL, DEATH, OTHER], False),
    ("security", "pension_subsidy", "城乡居民养老保险代缴", D.HUMAN_RESOURCES, "", [], True),
    ("security", "fangpinbao", "防贫保", D.RURAL_REVITALIZATION, "", [MEDICAL, DISASTER, SCHOOL, DEATH], False),
    ("social", "charity", "慈善救助", "", "县慈善会", [DISASTER, MEDICAL, OTHER], False),
    ("social", "pairing", "一对一结对帮扶", "", "", [OTHER, INCOME], False),
    ("social", "consumption_help", "消费帮扶", D.INDUSTRY_IT, "县工业和信息化局", [FAIL], False),
    ("motivation", "yulu", "雨露计划职业教育资助", D.RURAL_REVITALIZATION, "", [SCHOOL, INCOME], True),
    ("motivation", "self_reliance", "感恩自立教育（扶志）", "", "", [OTHER], False),
    ("motivation", "love_supermarket", "爱心兑换超市（增收激励）", "", "", [OTHER], False),
]  # fmt: skip


# The seeded co-departments (MeasureType.co_departments): besides a measure's default (lead) department, the
# departments the seeds name as working with the lead on it (004 〔由…牵头负责，…按职责配合〕; 000 §四 责任单位).
# Only seed data: installed with the catalogue (install, migration 0009), then the county edits each measure's list
# on the configuration site, and allowed_departments reads the row.
CO_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "tech_training": (D.RURAL_REVITALIZATION, D.HUMAN_RESOURCES),  # 004 (十五)
    "micro_credit": (D.AGRICULTURE,),  # 004 (十四)
    "enterprise_linkage": (D.RURAL_REVITALIZATION, D.INDUSTRY_IT),  # 004 (十一)
    "industry_award": (D.RURAL_REVITALIZATION, D.HUMAN_RESOURCES),  # 004 (十四)
    "courtyard": (D.RURAL_REVITALIZATION, D.HUMAN_RESOURCES),  # 004 (十四)
    "skills_training": (D.AGRICULTURE, D.RURAL_REVITALIZATION),  # 004 (九)
    "job_referral": (D.RURAL_REVITALIZATION,),  # 004 (八)
    "workshop": (D.AGRICULTURE, D.RURAL_REVITALIZATION),  # 004 (十)
    "public_post": (D.CIVIL_AFFAIRS, D.AGRICULTURE, D.RURAL_REVITALIZATION),  # 004 (十)
    "work_relief": (D.HUMAN_RESOURCES,),  # 004 (七)(十)
    "transport_subsidy": (D.RURAL_REVITALIZATION,),  # 004 (七)
    "serious_illness_relief": (D.CIVIL_AFFAIRS,),  # 医疗救助: 医保 pays, 民政 names the assisted (004 (十九))
    "disability_subsidy": (D.CIVIL_AFFAIRS,),  # 残疾人两项补贴
    "temporary_relief": (D.EMERGENCY,),  # a disaster's 临时救助
    "pension_subsidy": (D.RURAL_REVITALIZATION,),  # 004 (二十): 代缴 led by 乡村振兴局
    "fangpinbao": (D.CIVIL_AFFAIRS, D.MEDICAL_INSURANCE),  # 004 (二十二)
    "charity": (D.CIVIL_AFFAIRS,),
    "pairing": (D.RURAL_REVITALIZATION,),  # 004 (二十一)
    "consumption_help": (D.AGRICULTURE, D.RURAL_REVITALIZATION),  # 004 (十二)
    "yulu": (D.EDUCATION, D.HUMAN_RESOURCES),
}

# The seed units added to the departments in 7f93565 (accounts 0015), beside the measures the seeds name them with;
# installed on rows still as migration 0009 left them by migration 0012. 004's 〔…按职责配合〕 first; 000 §四 责任单位
# where its paragraph names the measure itself and the unit's part in it (the bank and 银保监局 for the loans, 科技局
# and 科协 for the 科技特派员 who train, 妇联 and 团县委 for charity, 文明办 for 感恩自立 and 爱心超市).
SEED_UNIT_CO_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "tech_training": (D.SCIENCE_TECHNOLOGY, D.SCIENCE_ASSOCIATION),  # 000 §四(一) 科技特派员、科技推广员
    "micro_credit": (D.FINANCE, D.PEOPLES_BANK, D.BANKING_INSURANCE),  # 004 (十四); 000 §四(一) 小额信贷
    "enterprise_linkage": (D.SUPPLY_MARKETING,),  # 004 (十一) 县供销社
    "industry_award": (D.FINANCE,),  # 004 (十四) 衔接资金奖励
    "courtyard": (D.FINANCE,),  # 004 (十三)(十四) 四小园、庭院经济
    "agri_insurance": (D.FINANCE, D.BANKING_INSURANCE),  # 000 §四(三) 农业保险
    "workshop": (D.FINANCE,),  # 004 (十三) 乡村振兴车间
    "work_relief": (D.FINANCE, D.TRANSPORT),  # 000 §四(二) 以工代赈
    "public_post": (D.FORESTRY,),  # 004 (八) 护林员; 000 §四(二) 县林业局
    "fangpinbao": (D.FINANCE, D.BANKING_INSURANCE),  # 000 §四(三) 防贫保险
    "charity": (D.WOMEN_FEDERATION, D.YOUTH_LEAGUE),  # 000 §四(四) 防贫慈善项目
    "pairing": (D.COMMERCE_FEDERATION, D.ORGANIZATION, D.ORGANS_WORK_COMMITTEE),  # 004 (二十一); 000 §四(四)
    "consumption_help": (D.TRADE_UNION, D.SUPPLY_MARKETING, D.COMMERCE),  # 004 (十二); 000 §四(四) 县商务局
    "self_reliance": (D.CIVILIZATION_OFFICE, D.WOMEN_FEDERATION),  # 000 §四(五) 感恩自立教育
    "love_supermarket": (D.CIVILIZATION_OFFICE,),  # 000 §四(五) 爱心兑换超市
}


def allowed_departments(measure_type: Any) -> list[str]:
    """The departments a measure of this type may be given to: its default (lead) department and its co-departments
    (MeasureType.co_departments, edited on the configuration site), in order. Any other is refused
    (assistance.services.measure_checks.department_error): a 公安局 clerk would read a child's serious illness, and
    the 医保局 and 民政局 that handle it would never see the measure. Empty: the township and village carry it out."""
    lead = [measure_type.default_department] if measure_type.default_department else []
    co = [str(code) for code in measure_type.co_departments or [] if code in D.values]
    return list(dict.fromkeys([*lead, *co]))


def seeded_co_departments(code: str, default_department: str, *, seed_units: bool = False) -> list[str]:
    """A seeded measure's co-departments (CO_DEPARTMENTS, as migration 0009 seeded them; with `seed_units`, then
    SEED_UNIT_CO_DEPARTMENTS), without its default department."""
    units = SEED_UNIT_CO_DEPARTMENTS.get(code, ()) if seed_units else ()
    return [str(d) for d in dict.fromkeys([*CO_DEPARTMENTS.get(code, ()), *units]) if d != default_department]


def install(category_model: Any, measure_model: Any) -> None:
    """Add the seeded categories and measures that are missing (by code). Used by the data migration and by
    tests whose flush emptied the tables."""
    categories = {}
    for code, name, order in CATEGORIES:
        categories[code], _ = category_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    # The 0002 migration's historical model has no co-departments yet: migration 0009 seeds them there.
    has_co = any(field.name == "co_departments" for field in measure_model._meta.get_fields())
    for order, (category, code, name, department, unit, risks, for_member) in enumerate(MEASURES, start=1):
        defaults = {
            "category": categories[category],
            "name": name,
            "default_department": str(department),
            "default_unit_name": unit,
            "risk_types": risks,
            "for_member": for_member,
            "order": order * 10,
        }
        if has_co:
            defaults["co_departments"] = seeded_co_departments(code, str(department), seed_units=True)
        measure_model.objects.get_or_create(code=code, defaults=defaults)
