"""A household's labour capacity (DOMAIN.md "Exit": a household without labour capacity is not marked 风险消除;
"Assistance": no labour capacity → safety net, not development measures).

The household's own field is what a cadre typed; its living members' labour skills say more. Where the members'
skills settle it, they win for suggestions, by the rule the registry import derives the field with
(registry_import.staging.LABOUR_CAPACITY): a skilled or ordinary labourer makes 有劳动能力, else a weak one
弱劳动能力, and 无劳动能力 only when every living member's skill is given. Where some skills are blank and none is
a labourer's, the household's field stands. Whether a household may be marked 风险消除 is decided the careful way:
it has no labour capacity when either its field or its members say so (the data check 户劳动能力与成员劳动技能不符
asks for the two to be made to agree).

The rules of assistance read one thing more, age (working_capacity): a member counts as a labourer only of working
age (households.risk_evidence.of_working_age, the age rule that refuses an employment measure to a member): past it,
a skilled or ordinary labourer is read as 弱劳动力或半劳动力 (an elderly farmer still works the fields, but the
employment measures are closed to them); below it, a child is no labour. So an elderly couple recorded as ordinary
labourers is partial capacity for the suggestions and the 低保 question, as it is for the employment measures
(000 §四: 无劳动能力或部分丧失劳动能力且无法通过产业就业获得稳定收入的，纳入农村低保). The field and the data check
stay on the skills: age is not a data error."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from households.choices import LabourCapacity, LabourSkill, LivingStatus
from households.models import Household, Member
from households.risk_evidence import WORKING_AGE, of_working_age
from households.services.members import age_on

FULL = {LabourSkill.SKILLED, LabourSkill.ORDINARY}


def capacity_from_skills(skills: list[str]) -> str:
    """The capacity the living members' skills settle, or "" when they do not (no member, or blanks)."""
    if any(skill in FULL for skill in skills):
        return LabourCapacity.HAS_LABOUR
    if LabourSkill.WEAK in skills:
        return LabourCapacity.PARTIAL
    if skills and all(skills):
        return LabourCapacity.NONE
    return ""


def labour_capacity(household: Household, members: Iterable[Member] | None = None) -> str:
    """The household's labour capacity as the rules read it. `members` (any, living or not) saves a query."""
    if members is None:
        skills = _living_skills(household)
    else:
        skills = [m.labour_skill for m in members if m.living_status == LivingStatus.LIVING]
    return capacity_from_skills(skills) or household.labour_capacity


def working_skill(member: Member, today: dt.date) -> str:
    """The member's labour skill as the assistance rules count it: as recorded of working age; past working age a
    full labourer is a weak one; below it, no labour."""
    if of_working_age(member, today):
        return member.labour_skill
    if age_on(member.birth_date, today) < WORKING_AGE[0]:
        return LabourSkill.NONE
    return LabourSkill.WEAK if member.labour_skill in FULL else member.labour_skill


def working_capacity(household: Household, members: Iterable[Member], today: dt.date) -> str:
    """The household's labour capacity for the assistance rules (suggestions, fit): capacity_from_skills over the
    living members' working_skill, the household's field where that settles nothing."""
    skills = [working_skill(m, today) for m in members if m.living_status == LivingStatus.LIVING]
    return capacity_from_skills(skills) or household.labour_capacity


def age_adjusted(members: Iterable[Member], today: dt.date) -> list[Member]:
    """The living members whose skill working_skill reads otherwise for their age: whom the plan page names when
    age, not the record, sets the capacity."""
    return [m for m in members if m.living_status == LivingStatus.LIVING and working_skill(m, today) != m.labour_skill]


def _living_skills(household: Household) -> list[str]:
    return list(household.members.filter(living_status=LivingStatus.LIVING).values_list("labour_skill", flat=True))


def has_no_labour(household: Household) -> bool:
    """No labour capacity by the household's field or by its living members' skills (the exit rule)."""
    return LabourCapacity.NONE in (household.labour_capacity, capacity_from_skills(_living_skills(household)))


def without_labour(household_ids: Iterable[int]) -> set[int]:
    """Which of these households have no labour capacity (has_no_labour), in two queries for all of them."""
    ids = list(household_ids)
    skills: dict[int, list[str]] = {pk: [] for pk in ids}
    rows = Member.objects.filter(household_id__in=ids, living_status=LivingStatus.LIVING)
    for household_id, skill in rows.values_list("household_id", "labour_skill"):
        skills[household_id].append(skill)
    fields: dict[int, Any] = dict(Household.objects.filter(pk__in=ids).values_list("pk", "labour_capacity"))
    return {pk for pk in ids if LabourCapacity.NONE in (fields.get(pk), capacity_from_skills(skills[pk]))}
