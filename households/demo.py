"""A synthetic rural population for the demo county and the benchmarks (python manage.py seed_demo).

Pure Python and no database: `DemoPopulation.household()` returns one family with members whose ages,
sexes and relations fit together, valid ID numbers that are unique by construction, and one year's income.
Everything comes from the given `random.Random`, so a seed gives the same county every time.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from itertools import accumulate

from households import idnumber
from households.choices import (
    AssistanceStatus,
    DisabilityGrade,
    Education,
    EmploymentPlace,
    Health,
    HouseholdType,
    LabourCapacity,
    LabourSkill,
    MonitoringCategory,
    Relation,
    RiskType,
    Sex,
    StudentStage,
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤熊涂"
)
MALE_CHARS = "伟强军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳建国志文春生海兵东峰亮永贵福根发金财水"
FEMALE_CHARS = "芳娟敏静丽艳娜秀英华慧巧美霞玲桂兰凤红梅琴云莲珍雪荣爱妹萍燕婷玉琳洁晶倩颖佳欣怡蓉春花香菊"
OTHER_ETHNICITIES = ("畲族", "回族", "苗族", "土家族")
DISABILITY_TYPES = ("肢体残疾", "视力残疾", "听力残疾", "言语残疾", "智力残疾", "精神残疾", "多重残疾")
PHONE_PREFIXES = ("133", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "177", "180",
                  "181", "182", "186", "187", "188", "189", "198", "199")  # fmt: skip

# Household size 1–6; rural Jiangxi families average about 3.4 registered members.
SIZE_CUM = list(accumulate((12, 22, 20, 22, 15, 9)))
YEAR = 365.2425
MAX_DAYS = int(98 * YEAR)
SEQUENCES_PER_DAY = 499  # of one sex: odd 001–997 for men, even 002–998 for women (GB 11643)


@dataclass(slots=True)
class DemoMember:
    name: str
    id_number: str
    relation: str
    sex: str
    birth_date: dt.date
    age: int
    ethnicity: str = "汉族"
    education: str = ""
    student_stage: str = StudentStage.NONE
    health: str = Health.HEALTHY
    disability_grade: str = ""
    disability_type: str = ""
    labour_skill: str = ""
    employment_place: str = EmploymentPlace.NONE
    employment_months: int = 0
    medical_insurance: bool = True
    employee_medical_insurance: bool = False
    pension_insurance: bool = False
    assistance_status: str = AssistanceStatus.NONE


@dataclass(slots=True)
class DemoHousehold:
    members: list[DemoMember]
    household_type: str
    labour_capacity: str
    phone: str
    monitoring_category: str = ""
    monitoring_start: dt.date | None = None
    risk_types: list[str] = field(default_factory=list)
    # Amounts in cents by HouseholdIncome field name.
    income: dict[str, int] = field(default_factory=dict)

    @property
    def head(self) -> DemoMember:
        return self.members[0]


class DemoPopulation:
    def __init__(self, *, rng: random.Random, division: str, reference: dt.date) -> None:
        self.rng = rng
        self.division = division[:6]
        self.reference = reference  # ages are counted to this day; no birth date lies after it
        self._reference_ordinal = reference.toordinal()
        self._used: dict[tuple[int, bool], int] = {}

    # --- people -----------------------------------------------------------------------------------------

    def _given_name(self, male: bool) -> str:
        chars = MALE_CHARS if male else FEMALE_CHARS
        if self.rng.random() < 0.25:
            return self.rng.choice(chars)
        return self.rng.choice(chars) + self.rng.choice(chars)

    def _days(self, years: int) -> int:
        """Days between a birth and the reference date for someone `years` old (any day within that year)."""
        return int(years * YEAR) + self.rng.randrange(365)

    def _id_number(self, days: int, male: bool) -> tuple[str, dt.date]:
        """A valid number for someone born `days` before the reference date, unique among all numbers this
        population issued: each (birth date, sex) hands out its sequence numbers in turn and passes to the
        day before when full."""
        ordinal = self._reference_ordinal - days
        while True:
            used = self._used.get((ordinal, male), 0)
            if used < SEQUENCES_PER_DAY:
                break
            ordinal -= 1
        self._used[(ordinal, male)] = used + 1
        sequence = 2 * used + 1 if male else 2 * used + 2
        birth = dt.date.fromordinal(ordinal)
        return idnumber.make(self.division, birth, sequence), birth

    def _person(self, relation: str, male: bool, days: int, surname: str) -> DemoMember:
        number, birth = self._id_number(max(0, min(days, MAX_DAYS)), male)
        member = DemoMember(
            name=surname + self._given_name(male),
            id_number=number,
            relation=relation,
            sex=Sex.MALE if male else Sex.FEMALE,
            birth_date=birth,
            age=int((self._reference_ordinal - birth.toordinal()) / YEAR),
        )
        self._describe(member)
        return member

    def _describe(self, m: DemoMember) -> None:
        rng, age = self.rng, m.age
        if rng.random() < 0.01:
            m.ethnicity = rng.choice(OTHER_ETHNICITIES)
        m.education, m.student_stage = self._education(age)
        roll = rng.random()
        old = age >= 60
        if roll < (0.05 if old else 0.025):
            m.health = Health.DISABLED
            m.disability_grade = rng.choices(DisabilityGrade.values, cum_weights=(15, 40, 70, 100))[0]
            m.disability_type = rng.choice(DISABILITY_TYPES)
        elif roll < (0.10 if old else 0.04):
            m.health = Health.SERIOUS
        elif roll < (0.38 if old else 0.09):
            m.health = Health.CHRONIC
        m.labour_skill = self._labour(m)
        if m.labour_skill in (LabourSkill.SKILLED, LabourSkill.ORDINARY) and 18 <= age < 60:
            m.employment_place = rng.choices(EmploymentPlace.values, cum_weights=(18, 45, 65, 100))[0]
        elif m.labour_skill == LabourSkill.WEAK and 18 <= age < 65 and rng.random() < 0.3:
            m.employment_place = EmploymentPlace.IN_COUNTY
        if m.employment_place != EmploymentPlace.NONE:
            m.employment_months = rng.randint(3, 12) if m.labour_skill == LabourSkill.WEAK else rng.randint(6, 12)
        m.medical_insurance = rng.random() < 0.985
        m.employee_medical_insurance = not m.medical_insurance and m.employment_months == 12  # a year's job: 职工医保
        m.pension_insurance = age >= 16 and m.student_stage == StudentStage.NONE and rng.random() < 0.85

    def _education(self, age: int) -> tuple[str, str]:
        rng = self.rng
        if age < 6:
            return (
                Education.PRESCHOOL,
                StudentStage.PRESCHOOL if age >= 3 and rng.random() < 0.85 else StudentStage.NONE,
            )
        if age < 12:
            return Education.PRIMARY, StudentStage.PRIMARY
        if age < 15:
            return Education.JUNIOR, StudentStage.JUNIOR
        if age < 18:
            roll = rng.random()
            if roll < 0.55:
                return Education.SENIOR, StudentStage.SENIOR
            if roll < 0.88:
                return Education.SECONDARY_VOCATIONAL, StudentStage.VOCATIONAL
            return Education.JUNIOR, StudentStage.NONE
        if age < 23:
            roll = rng.random()
            if roll < 0.22:
                return Education.COLLEGE, StudentStage.UNDERGRADUATE
            if roll < 0.38:
                return Education.COLLEGE, StudentStage.HIGHER_VOCATIONAL
            return (Education.SENIOR if roll < 0.65 else Education.JUNIOR), StudentStage.NONE
        if age < 46:
            options, weights = (
                (Education.PRIMARY, Education.JUNIOR, Education.SENIOR, Education.COLLEGE),
                (12, 62, 87, 100),
            )
        elif age < 66:
            options, weights = (
                (Education.ILLITERATE, Education.PRIMARY, Education.JUNIOR, Education.SENIOR),
                (10, 50, 90, 100),
            )
        else:
            options, weights = (Education.ILLITERATE, Education.PRIMARY, Education.JUNIOR), (40, 90, 100)
        return rng.choices(options, cum_weights=weights)[0], StudentStage.NONE

    def _labour(self, m: DemoMember) -> str:
        rng, age = self.rng, m.age
        if age < 16 or m.student_stage != StudentStage.NONE:
            return LabourSkill.NONE
        if m.health == Health.SERIOUS or (m.health == Health.DISABLED and m.disability_grade in ("1", "2")):
            return LabourSkill.LOST
        if age >= 70:
            return rng.choices((LabourSkill.WEAK, LabourSkill.LOST, LabourSkill.NONE), cum_weights=(30, 50, 100))[0]
        if age >= 60 or m.health != Health.HEALTHY:
            return rng.choices((LabourSkill.ORDINARY, LabourSkill.WEAK, LabourSkill.LOST), cum_weights=(25, 85, 100))[0]
        return rng.choices((LabourSkill.SKILLED, LabourSkill.ORDINARY, LabourSkill.WEAK), cum_weights=(20, 88, 100))[0]

    # --- families ---------------------------------------------------------------------------------------

    def _family(self) -> list[DemoMember]:
        """Head first, then spouse, the head's parents, children, and for older heads a son's family.
        Ages are kept in days before the reference date: parents are 20+ years older than their children,
        siblings are 15 months to 5 years apart (or twins)."""
        rng = self.rng
        size = rng.choices(range(1, 7), cum_weights=SIZE_CUM)[0]
        head_male = rng.random() < 0.86
        head_age = rng.randint(40, 88) if size == 1 else rng.randint(26, 80)
        head_days = self._days(head_age)
        head_surname = rng.choice(SURNAMES)
        members = [self._person(Relation.HEAD, head_male, head_days, head_surname)]
        family_surname = head_surname
        youngest_parent = head_days
        if size >= 2 and rng.random() < (0.9 if size >= 3 else 0.7):
            # Husbands are on average a couple of years older than their wives.
            gap = rng.randint(-1, 5)
            spouse_days = self._days(max(20, head_age - gap if head_male else head_age + gap))
            spouse_surname = rng.choice(SURNAMES)
            members.append(self._person(Relation.SPOUSE, not head_male, spouse_days, spouse_surname))
            if not head_male:
                family_surname = spouse_surname
            youngest_parent = min(head_days, spouse_days)

        if head_age <= 52 and len(members) < size and rng.random() < 0.4:
            father_days = self._days(head_age + rng.randint(24, 32))
            if father_days <= MAX_DAYS:
                members.append(self._person(Relation.FATHER, True, father_days, head_surname))
            if len(members) < size and rng.random() < 0.7:
                mother_days = self._days(head_age + rng.randint(22, 30))
                members.append(self._person(Relation.MOTHER, False, mother_days, rng.choice(SURNAMES)))

        last_child: int | None = None
        if youngest_parent >= 56 * YEAR and size - len(members) >= 2 and rng.random() < 0.6:
            last_child = self._first_child(youngest_parent)
            members.append(self._person(Relation.SON, True, last_child, family_surname))
            wife_days = max(self._days(20), last_child + rng.randint(-4 * 365, 365))
            members.append(self._person(Relation.DAUGHTER_IN_LAW, False, wife_days, rng.choice(SURNAMES)))
            young = min(last_child, wife_days)
            grandchild: int | None = None
            while len(members) < size and young >= 20 * YEAR:
                grandchild = self._next_child(young, grandchild)
                male = rng.random() < 0.52
                relation = Relation.GRANDSON if male else Relation.GRANDDAUGHTER
                members.append(self._person(relation, male, grandchild, family_surname))

        while len(members) < size:
            last_child = self._next_child(youngest_parent, last_child)
            male = rng.random() < 0.52
            members.append(self._person(Relation.SON if male else Relation.DAUGHTER, male, last_child, family_surname))
        return members

    def _first_child(self, parent_days: int) -> int:
        """The eldest child: born when the younger parent was 20 to 34 (parents here are always 20+)."""
        days = parent_days - int(self.rng.randint(20, 34) * YEAR)
        if days < 0:
            days = self.rng.randrange(max(1, parent_days - int(20 * YEAR)))
        return days

    def _next_child(self, parent_days: int, previous: int | None) -> int:
        if previous is None:
            return self._first_child(parent_days)
        days = previous - self.rng.randint(450, 1800)
        return days if days >= 0 else previous  # no room for another year: twins

    def household(self) -> DemoHousehold:
        rng = self.rng
        members = self._family()
        lifted_out = rng.random() < 0.15
        labourers = [m for m in members if m.labour_skill in (LabourSkill.SKILLED, LabourSkill.ORDINARY)]
        weak = [m for m in members if m.labour_skill == LabourSkill.WEAK]
        if labourers:
            capacity = LabourCapacity.HAS_LABOUR
        elif weak:
            capacity = LabourCapacity.PARTIAL
        else:
            capacity = LabourCapacity.NONE
        phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}" if rng.random() < 0.9 else ""
        household = DemoHousehold(
            members=members,
            household_type=HouseholdType.LIFTED_OUT if lifted_out else HouseholdType.ORDINARY,
            labour_capacity=capacity,
            phone=phone,
        )
        sick = any(m.health in (Health.SERIOUS, Health.DISABLED) for m in members)
        self._assistance(household, sick=sick)
        household.income = self._income(household, lifted_out=lifted_out)
        self._monitoring(household, sick=sick, lifted_out=lifted_out)
        return household

    def _assistance(self, household: DemoHousehold, *, sick: bool) -> None:
        rng = self.rng
        members = household.members
        if len(members) == 1 and members[0].age >= 60 and household.labour_capacity == LabourCapacity.NONE:
            if rng.random() < 0.35:
                members[0].assistance_status = AssistanceStatus.TEKUN
            return
        chance = 0.02 + (0.12 if household.labour_capacity == LabourCapacity.NONE else 0) + (0.08 if sick else 0)
        if rng.random() < chance:
            for member in members:
                member.assistance_status = AssistanceStatus.DIBAO

    def _income(self, household: DemoHousehold, *, lifted_out: bool) -> dict[str, int]:
        """One year's figures in cents, from who works where, who is old, sick or studying."""
        rng = self.rng
        monthly_wage = {
            EmploymentPlace.OUT_OF_PROVINCE: (3800, 6200),
            EmploymentPlace.IN_PROVINCE: (3200, 5000),
            EmploymentPlace.IN_COUNTY: (2200, 3600),
        }
        wage = business = property_ = transfer = expenses = medical = education = disaster = 0
        for m in household.members:
            if m.employment_place != EmploymentPlace.NONE:
                low, high = monthly_wage[EmploymentPlace(m.employment_place)]
                if m.labour_skill == LabourSkill.WEAK:
                    low, high = low * 6 // 10, high * 6 // 10
                wage += m.employment_months * rng.randint(low, high) * 100
            if m.age >= 60:
                transfer += rng.randint(1560, 2400) * 100  # basic pension (城乡居民基础养老金)
            if m.assistance_status == AssistanceStatus.DIBAO:
                transfer += 12 * rng.randint(450, 620) * 100
            elif m.assistance_status == AssistanceStatus.TEKUN:
                transfer += 12 * rng.randint(700, 900) * 100
            if m.health == Health.DISABLED:
                transfer += rng.choice((840, 1200, 1800)) * 100  # 残疾人两项补贴
                medical += rng.randint(300, 6000) * 100
            elif m.health == Health.SERIOUS:
                medical += rng.randint(3000, 40000) * 100 + rng.randrange(100)
            elif m.health == Health.CHRONIC:
                medical += rng.randint(400, 3000) * 100 + rng.randrange(100)
            if m.student_stage in (StudentStage.UNDERGRADUATE, StudentStage.HIGHER_VOCATIONAL):
                education += rng.randint(5000, 12000) * 100
            elif m.student_stage in (StudentStage.SENIOR, StudentStage.VOCATIONAL):
                education += rng.randint(1500, 4000) * 100
        if household.labour_capacity != LabourCapacity.NONE and rng.random() < 0.55:
            # Rice, rapeseed, pigs, fish ponds: sold at market prices, so the amounts have cents.
            business = rng.randint(2000, 30000) * 100 + rng.randrange(100)
            expenses = business * rng.randint(30, 60) // 100
        if rng.random() < 0.25:
            property_ = rng.randint(200, 3000) * 100  # land transfer rent (土地流转)
        transfer += rng.randint(100, 600) * 100  # cultivated-land subsidy (耕地地力保护补贴)
        if lifted_out:
            transfer += rng.randint(500, 3000) * 100  # industry and employment awards for lifted-out households
        if rng.random() < 0.01:
            disaster = rng.randint(2000, 30000) * 100
        return {
            "wage_income": wage,
            "business_income": business,
            "property_income": property_,
            "transfer_income": transfer,
            "business_expenses": expenses,
            "medical_expenses": medical,
            "education_expenses": education,
            "disaster_expenses": disaster,
            "other_rigid_expenses": 0,
        }

    def _monitoring(self, household: DemoHousehold, *, sick: bool, lifted_out: bool) -> None:
        """About 4% of households are monitored; the sick, those without labour and lifted-out ones more often."""
        rng = self.rng
        income = household.income
        net = sum(income[k] for k in ("wage_income", "business_income", "property_income", "transfer_income"))
        per_capita = (net - income["business_expenses"]) / 100 / len(household.members)
        no_labour = household.labour_capacity == LabourCapacity.NONE
        chance = 0.012 + 0.06 * sick + 0.04 * no_labour + 0.03 * lifted_out + 0.05 * (per_capita < 8000)
        if rng.random() >= chance:
            return
        if lifted_out:
            household.monitoring_category = MonitoringCategory.UNSTABLE_LIFTED_OUT
        elif income["medical_expenses"] > 2_000_000 or income["disaster_expenses"]:
            household.monitoring_category = MonitoringCategory.SUDDEN_HARDSHIP
        else:
            household.monitoring_category = MonitoringCategory.MARGINAL
        household.monitoring_start = self.reference - dt.timedelta(days=rng.randint(20, 1100))
        risks = []
        if per_capita < 8000:
            risks.append(RiskType.LOW_INCOME)
        if sick:
            risks.append(RiskType.MEDICAL_COST)
        if income["disaster_expenses"]:
            risks.append(RiskType.DISASTER_LOSS)
        if household.labour_capacity == LabourCapacity.HAS_LABOUR and not income["wage_income"]:
            risks.append(RiskType.UNEMPLOYMENT)
        if not risks:
            risks.append(rng.choice((RiskType.UNSAFE_HOUSING, RiskType.BUSINESS_FAILURE, RiskType.OTHER)))
        household.risk_types = risks
