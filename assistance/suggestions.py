"""缺什么补什么: which measures of the catalogue a plan page suggests for a household (000 §四, 003 §二 3(1)).

Pure rules over the household, its members and the catalogue; nothing is written. A suggestion is shown with its
reason and a button to adopt it; it is never applied by itself.
- Single risk → one measure; compound risk → one measure per risk, combined (因户施策).
- Labour capacity → development first (industry, employment), and no safety-net measure (防止陷入福利陷阱).
- No or partial labour capacity and no stable income → 低保, or 特困供养 when no one in the household can work
  or support the others.
- 一人一措施: a measure meant for a person goes to the member it fits (the sick, the disabled, the pupil,
  the worker).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from assistance.choices import DEVELOPMENT_CATEGORIES, SAFETY_NET_CODES
from assistance.models import MeasureType
from households.choices import (
    AssistanceStatus,
    EmploymentPlace,
    Health,
    LabourCapacity,
    RiskType,
    StudentStage,
)
from households.labour import labour_capacity
from households.models import Household, Member

# Who is of working or school age, and who can work, as the reviewing steps read a risk against the household
# (households.risk_evidence): one definition.
from households.risk_evidence import COMPULSORY_SCHOOL_AGE, COMPULSORY_STAGES, can_work

STABLE_EMPLOYMENT_MONTHS = 6

REASON_RISK = "针对风险：{risk}"
REASON_DEVELOPMENT = "有劳动能力，坚持开发式帮扶，产业就业优先"
REASON_DIBAO = "{capacity}且无稳定收入：纳入农村低保兜底保障"
REASON_TEKUN = "无劳动能力、无稳定收入，家中无人能赡养扶养：纳入特困人员救助供养"


@dataclass(frozen=True)
class Suggestion:
    measure_type: MeasureType
    member: Member | None
    reason: str
    risk_type: str = ""

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.measure_type.pk, self.member.pk if self.member else None)


def _age(member: Member, today: dt.date) -> int:
    born = member.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def has_stable_income(members: Iterable[Member]) -> bool:
    return any(
        m.employment_place != EmploymentPlace.NONE and m.employment_months >= STABLE_EMPLOYMENT_MONTHS for m in members
    )


def _members_for(measure_type: MeasureType, risk: str, members: list[Member], today: dt.date) -> list[Member]:
    """Who in the household a person-level measure fits."""
    code = measure_type.code
    if code == "disability_subsidy":
        return [m for m in members if m.health == Health.DISABLED]
    if risk == RiskType.MEDICAL_COST:
        return [m for m in members if m.health in (Health.SERIOUS, Health.CHRONIC, Health.DISABLED)]
    if risk == RiskType.SCHOOL_DROPOUT or code == "yulu":
        pupils = [m for m in members if m.student_stage != StudentStage.NONE]
        if code == "yulu":
            return [m for m in pupils if m.student_stage in (StudentStage.VOCATIONAL, StudentStage.HIGHER_VOCATIONAL)]
        low, high = COMPULSORY_SCHOOL_AGE
        compulsory = [m for m in members if low <= _age(m, today) <= high]
        return [m for m in pupils if m.student_stage in COMPULSORY_STAGES] or compulsory
    workers = [m for m in members if can_work(m, today)]
    if measure_type.category.code in DEVELOPMENT_CATEGORIES:
        unemployed = [m for m in workers if m.employment_place == EmploymentPlace.NONE]
        return unemployed or workers
    return workers


def suggest(
    *,
    household: Household,
    members: list[Member],
    catalogue: list[MeasureType],
    taken: set[tuple[int, int | None]] | None = None,
    today: dt.date | None = None,
) -> list[Suggestion]:
    today = today or timezone.localdate()
    taken = taken or set()
    living = [m for m in members if m.living_status == "living"]
    capacity = labour_capacity(household, members)
    development = capacity == LabourCapacity.HAS_LABOUR
    # Partial capacity with nobody of working age who can work (an elderly couple of weak labourers): no development
    # measure is suggested, and one added by hand is asked about (assistance.fit.development_age_question).
    elderly_partial = capacity == LabourCapacity.PARTIAL and not any(can_work(m, today) for m in living)
    catalogue = [t for t in catalogue if t.is_active]
    suggestions: list[Suggestion] = []

    for risk in dict.fromkeys(household.risk_types):
        candidates = [t for t in catalogue if risk in t.risk_types and t.code not in SAFETY_NET_CODES]
        if capacity == LabourCapacity.NONE or elderly_partial:
            candidates = [t for t in candidates if t.category.code not in DEVELOPMENT_CATEGORIES]
        if development:
            # Stable sort: development measures first, the catalogue's order otherwise.
            candidates.sort(key=lambda t: t.category.code not in DEVELOPMENT_CATEGORIES)
        for measure_type in candidates:
            targets: list[Member | None] = (
                list(_members_for(measure_type, risk, living, today)) if measure_type.for_member else [None]
            )
            if not targets:
                continue
            reason = REASON_RISK.format(risk=RiskType(risk).label)
            if development and measure_type.category.code in DEVELOPMENT_CATEGORIES:
                reason += "；" + REASON_DEVELOPMENT
            suggestions.extend(Suggestion(measure_type, member, reason, risk) for member in targets)
            break  # single risk → single measure: the first that fits

    if capacity in (LabourCapacity.NONE, LabourCapacity.PARTIAL) and not has_stable_income(living):
        by_code = {t.code: t for t in catalogue}
        nobody_works = not any(can_work(m, today) for m in living)
        code = "tekun" if capacity == LabourCapacity.NONE and nobody_works and len(living) <= 1 else "dibao"
        covered = any(m.assistance_status in (AssistanceStatus.DIBAO, AssistanceStatus.TEKUN) for m in living)
        if code in by_code and not covered:
            label = LabourCapacity(capacity).label
            reason = REASON_TEKUN if code == "tekun" else REASON_DIBAO.format(capacity=label)
            suggestions.append(Suggestion(by_code[code], None, reason))

    seen: set[tuple[int, int | None]] = set(taken)
    unique = []
    for suggestion in suggestions:
        if suggestion.key not in seen:
            seen.add(suggestion.key)
            unique.append(suggestion)
    return unique
