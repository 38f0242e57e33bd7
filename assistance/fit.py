"""缺什么补什么 for a measure added by hand (000 §四; 003 §二3(1)): does it fit the member it goes to, and the
household's risks? Pure rules over the catalogue row (its category, risk types and for_member), the member and the
household, by the same reading as assistance.suggestions; nothing is written. measure_add acts on the answers.

- A development measure (industry, employment) goes to a member of working age who can work. A child, a person
  past working age, or one whose skill is 丧失劳动力/无劳动力 is refused: no labour capacity calls for the safety
  net (低保、特困), not a job or a loan.
- A schooling measure (a person's measure for the 辍学 risk: 控辍保学, 教育资助, 雨露计划) goes to a pupil or a
  student, or to a child of compulsory-school age who is out of school (the one 控辍保学 brings back). Anyone
  else is refused.
- A measure whose catalogue risk types meet none of the household's is not refused but questioned: it is added
  only when the officer confirms it with a reason (single risk → single measure, 防止陷入福利陷阱). The safety
  net answers a lack of labour capacity rather than a risk type, as in the suggestions, so 低保/特困 for a
  household with no or partial labour capacity is no mismatch.
"""

import datetime as dt

from assistance.choices import DEVELOPMENT_CATEGORIES, SAFETY_NET_CODES
from assistance.models import MeasureType
from assistance.suggestions import COMPULSORY_SCHOOL_AGE, NO_LABOUR_SKILLS, WORKING_AGE
from households.choices import LabourCapacity, LabourSkill, RiskType, StudentStage
from households.labour import labour_capacity
from households.models import Household, Member
from households.services.members import age_on

MSG_DEVELOPMENT_AGE = "{member}现年{age}周岁，不在劳动年龄（{low}—{high}周岁）内，不能安排{category}措施“{measure}”。"
MSG_DEVELOPMENT_NO_LABOUR = (
    "{member}的劳动技能为“{skill}”，不能安排{category}措施“{measure}”；无劳动能力的，请考虑低保、特困等兜底保障。"
)
MSG_NOT_A_STUDENT = (
    "{member}（{age}周岁）不是在校生，也不是义务教育适龄的失学辍学子女，不能安排教育帮扶措施“{measure}”。"
)
MSG_RISK_MISMATCH = (
    "“{measure}”针对的风险（{measure_risks}）与该户的风险（{household_risks}）不符（缺什么补什么）。"
    "如确需添加，请确认“仍要添加”并填写理由。"
)
MSG_MISMATCH_REASON_REQUIRED = "请填写仍要添加该措施的理由。"


def is_development(measure_type: MeasureType) -> bool:
    return measure_type.category.code in DEVELOPMENT_CATEGORIES


def is_schooling(measure_type: MeasureType) -> bool:
    """A person's measure for the schooling risk; 防贫保 answers that risk too, but for the household."""
    return measure_type.for_member and RiskType.SCHOOL_DROPOUT in measure_type.risk_types


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
    return ""


def risk_mismatch(*, measure_type: MeasureType, household: Household) -> str:
    """The question to ask when the measure answers none of the household's risks, or "" when it answers one.
    A household with no recorded risk, or a measure the catalogue ties to no risk, has nothing to compare."""
    if not household.risk_types or not measure_type.risk_types:
        return ""
    if set(measure_type.risk_types) & set(household.risk_types):
        return ""
    if measure_type.code in SAFETY_NET_CODES and labour_capacity(household) in (
        LabourCapacity.NONE,
        LabourCapacity.PARTIAL,
    ):
        return ""
    return MSG_RISK_MISMATCH.format(
        measure=measure_type.name,
        measure_risks="、".join(measure_type.risk_type_labels()),
        household_risks="、".join(household.risk_type_labels()),
    )
