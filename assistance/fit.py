"""缺什么补什么 for a measure added by hand (000 §四; 003 §二3(1)): does it fit the member it goes to, and the
household's risks and labour? Pure rules over the catalogue row (its category, risk types and for_member), the
member and the household, by the same reading as assistance.suggestions; nothing is written. measure_add acts on
the answers.

- A development measure (industry, employment) goes to a member of working age who can work. A child, a person
  past working age, or one whose skill is 丧失劳动力/无劳动力 is refused: no labour capacity calls for the safety
  net (低保、特困), not a job or a loan. The same measure for the whole household is refused when the household
  has no labour capacity (households.labour): a household measure must not be the way round the member's check.
- A schooling measure (a person's measure for the 辍学 risk: 控辍保学, 教育资助, 雨露计划) goes to a pupil or a
  student, or to a child of compulsory-school age who is out of school (the one 控辍保学 brings back). Anyone
  else is refused.
- A person's medical measure goes to a member who is ill: 残疾人两项补贴 to a disabled member, 大病专项救助 (and any
  county measure like it) to one seriously or chronically ill or disabled, as the suggestions choose them.
  家庭医生签约服务 is asked, not refused, for a member not recorded ill: the screening counts "符合家庭签约医生服务
  但未签约" as a problem for lifted-out households generally (003 (二)2⑥), so the officer may sign a healthy member
  up with a reason.
  医保参保资助 is for everyone monitored (001 §四: 全部纳入医保参保资助范围; 004 (二十): 全额代缴).
- The safety net answers a lack of labour and of stable income rather than a risk type (000 §四: 对无劳动能力
  或部分丧失劳动能力且无法通过产业就业获得稳定收入的，纳入低保或特困): 低保 for a household with labour
  capacity or a stable wage, or 特困 where someone could support the person, is questioned whatever the risk, as
  the suggestions would not offer it (防止陷入福利陷阱).
- Any other measure whose catalogue risk types meet none of the household's is questioned. So is a further
  measure for a household of a single risk that already has one answering it (单一风险，实施单项措施: the plan's
  measures are read for this one question). A question is not a refusal: the measure is added when the officer
  confirms it with a reason.
- Labour capacity is read for age (households.labour.working_capacity), by the working-age rule that refuses a
  development measure to a member.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from assistance.choices import DEVELOPMENT_CATEGORIES, SAFETY_NET_CODES, MeasureStatus
from assistance.models import MeasureType, PlanMeasure
from assistance.suggestions import has_stable_income
from households.choices import Health, LabourCapacity, LabourSkill, RiskType, StudentStage
from households.labour import age_adjusted, labour_capacity, working_capacity
from households.models import Household, Member
from households.risk_evidence import (
    COMPULSORY_SCHOOL_AGE,
    ILL_OR_DISABLED,
    NO_LABOUR_SKILLS,
    WORKING_AGE,
    risk_gaps,
)
from households.risk_evidence import can_work as _can_work
from households.risk_evidence import living as _living
from households.services.members import age_on

# The catalogue rows some rules name (as assistance.suggestions does).
DISABILITY_SUBSIDY = "disability_subsidy"
TEKUN = "tekun"
MEDICAL_FOR_EVERYONE = ("medical_insurance_subsidy",)
FAMILY_DOCTOR = "family_doctor"
ILL = ILL_OR_DISABLED

MSG_DEVELOPMENT_AGE = "{member}现年{age}周岁，不在劳动年龄（{low}—{high}周岁）内，不能安排{category}措施“{measure}”。"
MSG_DEVELOPMENT_NO_LABOUR = (
    "{member}的劳动技能为“{skill}”，不能安排{category}措施“{measure}”；无劳动能力的，请考虑低保、特困等兜底保障。"
)
MSG_HOUSEHOLD_NO_LABOUR = (
    "该户无劳动能力（{people}），不能为全户安排{category}措施“{measure}”；"
    "无劳动能力的，请考虑低保、特困等兜底保障。如成员的劳动技能有变化，请先更新成员信息。"
)
MSG_DEVELOPMENT_NO_WORKING_AGE = (
    "该户只有弱劳动力或半劳动力，且无劳动年龄内能劳动的成员（{people}），“{measure}”是否确能带来收入？"
    "确需安排的请勾选“仍要添加”并说明理由（如发展庭院经济的具体条件）。"
)
MSG_NOT_A_STUDENT = (
    "{member}（{age}周岁）不是在校生，也不是义务教育适龄的失学辍学子女，不能安排教育帮扶措施“{measure}”。"
)
MSG_NOT_DISABLED = "{member}的健康状况为“{health}”，未登记为残疾，不能安排“{measure}”。"
MSG_NOT_ILL = (
    "{member}的健康状况为“{health}”，未登记患有大病、长期慢性病或残疾，不能安排医疗保障措施“{measure}”。"
    "如健康状况有变化，请先更新成员信息。"
)
MSG_HEALTHY_FAMILY_DOCTOR = (
    "{member}的健康状况为“{health}”，未登记患有大病、长期慢性病或残疾。家庭医生签约服务优先为患病、残疾成员签约；"
    "确需为其签约的（如脱贫户成员符合签约条件但未签约），请确认“仍要添加”并填写理由。"
)
MSG_RISK_MISMATCH = (
    "“{measure}”针对的风险（{measure_risks}）与该户的风险（{household_risks}）不符（缺什么补什么）。"
    "如确需添加，请确认“仍要添加”并填写理由。"
)
MSG_SINGLE_RISK = (
    "该户为单一风险（{risk}），已安排针对该风险的“{existing}”。风险单一的，实施单项措施，防止陷入福利陷阱；"
    "确需再安排“{measure}”的，请确认“仍要添加”并填写理由。"
)
MSG_CONFIRM = "如确需添加，请确认“仍要添加”并填写理由。"
MSG_LABOUR_DISAGREES = (
    "户档案登记的劳动能力为“{recorded}”，按在世成员的劳动技能应为“{rule}”。帮扶措施的建议和低保、特困的判断"
    "按成员的劳动技能；请核实后更正户的劳动能力或成员的劳动技能。"
)
MSG_LABOUR_BY_AGE = (
    "{people}不在劳动年龄（{low}—{high}周岁）内，不作为劳动力安排产业、就业帮扶措施；"
    "帮扶措施的建议和低保、特困的判断按“{rule}”。"
)
MSG_LABOUR_FROM_MEMBERS = "户档案未登记劳动能力，此为按在世成员的劳动技能判断。"
MSG_SAFETY_NET_LABOUR = (
    "该户{capacity}。对有劳动能力的，应坚持开发式帮扶，防止陷入福利陷阱；“{measure}”用于无劳动能力或部分丧失"
    "劳动能力且无法通过产业就业获得稳定收入的家庭（缺什么补什么）。" + MSG_CONFIRM
)
MSG_SAFETY_NET_INCOME = (
    "该户有成员稳定务工（{people}），“{measure}”用于无法通过产业就业获得稳定收入的家庭（缺什么补什么）。" + MSG_CONFIRM
)
MSG_TEKUN_SUPPORTED = (
    "“{measure}”用于无劳动能力、无生活来源且家中无人能赡养扶养的人员；该户{why}，一般应纳入低保。" + MSG_CONFIRM
)
MSG_MISMATCH_REASON_REQUIRED = "请填写仍要添加该措施的理由。"
# What a confirmed question was about, for the history of the measure added (measures.measure_add's audit event).
ASKED_RISK_MISMATCH = "与该户风险不符"
ASKED_SINGLE_RISK = "单一风险已有措施"
ASKED_SAFETY_NET = "与低保、特困的兜底条件不符"
ASKED_WORKING_AGE = "无劳动年龄内能劳动的成员"
ASKED_HEALTHY_MEMBER = "成员未登记患病或残疾"
MSG_CONFLICT_MEDICAL = (
    "该户风险为“{risk}”，但没有成员登记为患有大病、长期慢性病或残疾，医疗保障措施无法落实到人。"
    "请核实成员的健康状况并更新成员信息。"
)
# {missing}: households.risk_evidence's words (MISSING_PUPIL), the rule the plan page shares with the reviewing steps.
MSG_CONFLICT_SCHOOL = "该户风险为“{risk}”，但{missing}，教育帮扶措施无法落实到人。请核实成员信息。"


def is_development(measure_type: MeasureType) -> bool:
    return measure_type.category.code in DEVELOPMENT_CATEGORIES


def is_schooling(measure_type: MeasureType) -> bool:
    """A person's measure for the schooling risk; 防贫保 answers that risk too, but for the household."""
    return measure_type.for_member and RiskType.SCHOOL_DROPOUT in measure_type.risk_types


def is_medical(measure_type: MeasureType) -> bool:
    """A person's measure for the medical-cost risk that only an ill or disabled member needs."""
    return (
        measure_type.for_member
        and RiskType.MEDICAL_COST in measure_type.risk_types
        and measure_type.code not in MEDICAL_FOR_EVERYONE
    )


def member_misfit(*, measure_type: MeasureType, member: Member, today: dt.date) -> str:
    """Why this measure cannot go to this member, or "" when it can."""
    age = age_on(member.birth_date, today)
    names = {"member": member.name, "measure": measure_type.name, "category": measure_type.category.name}
    if is_development(measure_type):
        low, high = WORKING_AGE
        if not low <= age <= high:
            return MSG_DEVELOPMENT_AGE.format(age=age, low=low, high=high, **names)
        if member.labour_skill in NO_LABOUR_SKILLS:
            return MSG_DEVELOPMENT_NO_LABOUR.format(skill=LabourSkill(member.labour_skill).label, **names)
    if is_schooling(measure_type) and member.student_stage == StudentStage.NONE:
        low, high = COMPULSORY_SCHOOL_AGE
        if not low <= age <= high:
            return MSG_NOT_A_STUDENT.format(age=age, **names)
    health = member.get_health_display() or "未填写"
    if measure_type.code == DISABILITY_SUBSIDY and member.health != Health.DISABLED:
        return MSG_NOT_DISABLED.format(health=health, **names)
    if is_medical(measure_type) and measure_type.code != FAMILY_DOCTOR and member.health not in ILL:
        return MSG_NOT_ILL.format(health=health, **names)
    return ""


def member_question(*, measure_type: MeasureType, member: Member | None) -> str:
    """The question to ask before giving this member the measure, or "": 家庭医生签约服务 for a member not recorded
    ill or disabled (module docstring)."""
    if member is None or measure_type.code != FAMILY_DOCTOR or member.health in ILL:
        return ""
    health = member.get_health_display() or "未填写"
    return MSG_HEALTHY_FAMILY_DOCTOR.format(member=member.name, health=health)


def household_misfit(
    *, measure_type: MeasureType, household: Household, members: Iterable[Member], today: dt.date
) -> str:
    """Why a development measure cannot go to the whole household (no member chosen), or "" when it can: the
    household has no labour capacity as its members' skills decide it (households.labour.labour_capacity, the
    reading the suggestions use, so a suggestion is never refused). 000 §四 and 003 §二3(1) give such a household
    the safety net; 000 §四(一)(二) give industry help and 小额信贷 to those 具备发展产业条件, employment help to
    those 具备劳动能力. Partial capacity is not refused: the same rule leaves it development help where it can
    earn from industry or work."""
    if not is_development(measure_type):
        return ""
    living = _living(members)
    if working_capacity(household, living, today) != LabourCapacity.NONE:
        return ""
    people = "、".join(
        f"{m.name}{age_on(m.birth_date, today)}周岁，{m.get_labour_skill_display() or '劳动技能未填写'}" for m in living
    )
    return MSG_HOUSEHOLD_NO_LABOUR.format(
        people=people or "无在世成员", measure=measure_type.name, category=measure_type.category.name
    )


def development_age_question(
    *, measure_type: MeasureType, household: Household, members: Iterable[Member], today: dt.date
) -> str:
    """The question to ask when a development measure goes to a whole household of partial labour capacity in which
    nobody of working age can work (an elderly couple of weak labourers), or "": 000 §四 leaves such a household
    development help only where it can still earn from industry or work, which the officer is asked to say."""
    if not is_development(measure_type):
        return ""
    living = _living(members)
    if working_capacity(household, living, today) != LabourCapacity.PARTIAL or any(_can_work(m, today) for m in living):
        return ""
    people = "、".join(
        f"{m.name}{age_on(m.birth_date, today)}周岁，{m.get_labour_skill_display() or '劳动技能未填写'}" for m in living
    )
    return MSG_DEVELOPMENT_NO_WORKING_AGE.format(people=people, measure=measure_type.name)


def safety_net_question(
    *, measure_type: MeasureType, household: Household, members: Iterable[Member], today: dt.date
) -> str:
    """The question to ask when 低保 or 特困 goes to a household the suggestions would not offer it to, or "".
    Mirrors assistance.suggestions.suggest: the safety net for no or partial labour capacity without a stable
    wage; 特困 only where nobody can work and nobody else lives in the household to support the person."""
    if measure_type.code not in SAFETY_NET_CODES:
        return ""
    living = _living(members)
    capacity = working_capacity(household, living, today)
    if capacity not in (LabourCapacity.NONE, LabourCapacity.PARTIAL):
        said = f"劳动能力为“{LabourCapacity(capacity).label}”" if capacity else "未登记劳动能力"
        if capacity and household.labour_capacity and household.labour_capacity != capacity:
            recorded = household.get_labour_capacity_display()
            said += f"（按成员的劳动技能；户档案登记为“{recorded}”，请核实）"
        return MSG_SAFETY_NET_LABOUR.format(capacity=said, measure=measure_type.name)
    if has_stable_income(living):
        workers = [m for m in living if has_stable_income([m])]
        people = "、".join(f"{m.name}务工{m.employment_months}个月" for m in workers)
        return MSG_SAFETY_NET_INCOME.format(people=people, measure=measure_type.name)
    if measure_type.code == TEKUN:
        if capacity != LabourCapacity.NONE:
            why = f"劳动能力为“{LabourCapacity(capacity).label}”"
        elif any(_can_work(m, today) for m in living):
            why = "有成员能劳动"
        elif len(living) > 1:
            why = f"有{len(living)}名在世成员"
        else:
            return ""
        return MSG_TEKUN_SUPPORTED.format(why=why, measure=measure_type.name)
    return ""


@dataclass(frozen=True)
class LabourReading:
    label: str  # the capacity the rules use, "" when unknown
    note: str  # what to say of it, "" for nothing
    disagrees: bool  # the household's own field says otherwise


def labour_reading(*, household: Household, members: Iterable[Member], today: dt.date | None = None) -> LabourReading:
    """What the plan page says of the household's labour capacity: the capacity the rules use (households.labour
    working_capacity: the members' skills winning, read for their age) and a note when the household's own field
    says otherwise than the skills, or is blank (the data check 户劳动能力与成员劳动技能不符 asks for the two to
    agree), or when age reads the skills down (an elderly ordinary labourer is counted as a weak one)."""
    today = today or timezone.localdate()
    living = _living(members)
    by_skills = labour_capacity(household, living)
    rule = working_capacity(household, living, today)
    recorded = household.labour_capacity
    label = str(LabourCapacity(rule).label) if rule else ""
    aged = age_adjusted(living, today)
    age_note = ""
    if aged and rule != by_skills:
        people = "、".join(f"{m.name}{age_on(m.birth_date, today)}周岁" for m in aged)
        age_note = MSG_LABOUR_BY_AGE.format(people=people, low=WORKING_AGE[0], high=WORKING_AGE[1], rule=label)
    if by_skills and recorded and by_skills != recorded:
        recorded_label = household.get_labour_capacity_display()
        skills_label = LabourCapacity(by_skills).label
        note = MSG_LABOUR_DISAGREES.format(recorded=recorded_label, rule=skills_label)
        return LabourReading(label, note + age_note, True)
    if age_note:
        return LabourReading(label, age_note, False)
    return LabourReading(label, MSG_LABOUR_FROM_MEMBERS if rule and not recorded else "", False)


def risk_mismatch(*, measure_type: MeasureType, household: Household, members: Iterable[Member], today: dt.date) -> str:
    """The question to ask when the measure does not answer the household's needs, or "" when it does. The safety
    net is asked about by labour and income (safety_net_question); any other measure by the risk types, then, for
    a household of a single risk, by the measures it already has (single_risk_question). A household with no
    recorded risk, or a measure the catalogue ties to no risk, has nothing to compare."""
    if measure_type.code in SAFETY_NET_CODES:
        return safety_net_question(measure_type=measure_type, household=household, members=members, today=today)
    if not household.risk_types or not measure_type.risk_types:
        return ""
    if set(measure_type.risk_types) & set(household.risk_types):
        return single_risk_question(measure_type=measure_type, household=household)
    return MSG_RISK_MISMATCH.format(
        measure=measure_type.name,
        measure_risks="、".join(measure_type.risk_type_labels()),
        household_risks="、".join(household.risk_type_labels()),
    )


def risk_question_topic(*, measure_type: MeasureType, household: Household) -> str:
    """What risk_mismatch's question, when it asked one, was about (its branches, in its order): the safety net's
    labour and income, a single risk already answered, or risk types that do not meet."""
    if measure_type.code in SAFETY_NET_CODES:
        return ASKED_SAFETY_NET
    if set(measure_type.risk_types) & set(household.risk_types):
        return ASKED_SINGLE_RISK
    return ASKED_RISK_MISMATCH


def single_risk_question(*, measure_type: MeasureType, household: Household) -> str:
    """The question to ask when a household of a single risk, which already has a measure (not stopped) of another
    type answering that risk, is given a further one, or "": 000 §四 and 003 §二3(1) 对风险单一的，实施单项措施，
    防止陷入福利陷阱. A person's measure is not asked: 一人一措施 gives each member the measure that fits them (a
    disabled member's subsidy, another's illness relief), member_misfit checks the fit, and the same measure for
    the same member is measure_checks.unusual's question. 医保参保资助 goes to everyone monitored: never counted."""
    risks = set(household.risk_types)
    if len(risks) != 1 or measure_type.for_member:
        return ""
    (risk,) = risks
    existing = (
        PlanMeasure.objects.filter(household=household, measure_type__risk_types__contains=[risk])
        .exclude(status=MeasureStatus.STOPPED)
        .exclude(measure_type=measure_type)
        .exclude(measure_type__code__in=MEDICAL_FOR_EVERYONE)
        .order_by("measure_type__order", "pk")
        .values_list("measure_type__name", flat=True)
    )
    names = list(dict.fromkeys(existing))
    if not names:
        return ""
    return MSG_SINGLE_RISK.format(risk=RiskType(risk).label, existing="”“".join(names), measure=measure_type.name)


def risk_conflicts(*, household: Household, members: Iterable[Member], today: dt.date) -> list[str]:
    """What the plan page says when a risk names a person nobody in the household is recorded as: a medical risk
    without an ill or disabled member, a schooling risk without a pupil or a child of school age. Person-level
    measures for it fit nobody (member_misfit), so no suggestion comes; the data conflict is said instead."""
    # The shared reading (households.risk_evidence, as the reviewing steps flag it), said the plan's way.
    gaps = {
        gap.code: gap
        for gap in risk_gaps(risk_types=household.risk_types, national_risk_types=[], members=members, today=today)
    }
    conflicts: list[str] = []
    if RiskType.MEDICAL_COST in gaps:
        conflicts.append(MSG_CONFLICT_MEDICAL.format(risk=RiskType.MEDICAL_COST.label))
    if RiskType.SCHOOL_DROPOUT in gaps:
        missing = gaps[RiskType.SCHOOL_DROPOUT].missing
        conflicts.append(MSG_CONFLICT_SCHOOL.format(risk=RiskType.SCHOOL_DROPOUT.label, missing=missing))
    return conflicts
