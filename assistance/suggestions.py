"""缺什么补什么: which measures of the catalogue a plan page suggests for a household (000 §四, 003 §二 3(1)).

Pure rules over the household, its members and the catalogue; nothing is written. A suggestion is shown with its
reason and a button to adopt it; it is never applied by itself.
- Single risk → one measure; compound risk → one measure per risk, combined (因户施策). A risk the plan already
  answers (a measure, not stopped, whose catalogue risk types name it) gets no further suggestion.
- Labour capacity → development first (industry, employment), and no safety-net measure (防止陷入福利陷阱).
- No or partial labour capacity and no stable income → 低保, or 特困供养 when no one in the household can work
  or support the others. It answers the risks that only 产业就业 measures would (失岗 for an elderly couple).
- Labour capacity is read for age (households.labour.working_capacity): past working age, a labourer is weak.
- A risk nothing answers is said (Advice.unanswered), never covered by 风险对应的措施均已安排.
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
from households.labour import working_capacity
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


@dataclass(frozen=True)
class Advice:
    suggestions: list[Suggestion]
    # The household's risk types that neither a measure in the plan nor a suggestion answers: the page must not
    # say 风险对应的措施均已安排 over them.
    unanswered: list[str]

    @property
    def unanswered_labels(self) -> list[str]:
        return [str(RiskType(risk).label) for risk in self.unanswered]


def _answered(
    risk: str, member: Member | None, taken: set[tuple[int, int | None]], types: dict[int, MeasureType]
) -> bool:
    """Whether the plan already answers this risk for this target: a person by a measure of their own that names
    the risk (一人一措施), the household by any (单一风险，实施单项措施)."""
    return any(
        (member is None or member_id == member.pk) and type_id in types and risk in types[type_id].risk_types
        for type_id, member_id in taken
    )


def advise(
    *,
    household: Household,
    members: list[Member],
    catalogue: list[MeasureType],
    taken: set[tuple[int, int | None]] | None = None,
    today: dt.date | None = None,
) -> Advice:
    """The suggestions, and the risks left unanswered. `taken`: the plan's measures not stopped, as
    (measure type id, member id); a risk they already answer gets no further suggestion."""
    today = today or timezone.localdate()
    taken = taken or set()
    types = {t.pk: t for t in catalogue}
    living = [m for m in members if m.living_status == "living"]
    capacity = working_capacity(household, members, today)
    development = capacity == LabourCapacity.HAS_LABOUR
    # Partial capacity with nobody of working age who can work (an elderly couple of weak labourers): no development
    # measure is suggested, and one added by hand is asked about (assistance.fit.development_age_question).
    elderly_partial = capacity == LabourCapacity.PARTIAL and not any(can_work(m, today) for m in living)
    no_development = capacity == LabourCapacity.NONE or elderly_partial
    catalogue = [t for t in catalogue if t.is_active]
    suggestions: list[Suggestion] = []
    unanswered: list[str] = []
    # Risks only 产业就业 would answer, for a household that cannot take them: the safety net's (000 §四).
    for_safety_net: list[str] = []

    for risk in dict.fromkeys(household.risk_types):
        candidates = [t for t in catalogue if risk in t.risk_types and t.code not in SAFETY_NET_CODES]
        closed = no_development and any(t.category.code in DEVELOPMENT_CATEGORIES for t in candidates)
        if no_development:
            candidates = [t for t in candidates if t.category.code not in DEVELOPMENT_CATEGORIES]
        if development:
            # Stable sort: development measures first, the catalogue's order otherwise.
            candidates.sort(key=lambda t: t.category.code not in DEVELOPMENT_CATEGORIES)
        answered = False
        for measure_type in candidates:
            targets: list[Member | None] = (
                list(_members_for(measure_type, risk, living, today)) if measure_type.for_member else [None]
            )
            if not targets:
                continue
            reason = REASON_RISK.format(risk=RiskType(risk).label)
            if development and measure_type.category.code in DEVELOPMENT_CATEGORIES:
                reason += "；" + REASON_DEVELOPMENT
            targets = [t for t in targets if not _answered(risk, t, taken, types)]
            suggestions.extend(Suggestion(measure_type, member, reason, risk) for member in targets)
            answered = True
            break  # single risk → single measure: the first that fits
        if not (answered or _answered(risk, None, taken, types)):
            (for_safety_net if closed else unanswered).append(risk)

    if capacity in (LabourCapacity.NONE, LabourCapacity.PARTIAL) and not has_stable_income(living):
        by_code = {t.code: t for t in catalogue}
        nobody_works = not any(can_work(m, today) for m in living)
        code = "tekun" if capacity == LabourCapacity.NONE and nobody_works and len(living) <= 1 else "dibao"
        covered = any(m.assistance_status in (AssistanceStatus.DIBAO, AssistanceStatus.TEKUN) for m in living)
        if code in by_code and not covered:
            label = LabourCapacity(capacity).label
            reason = REASON_TEKUN if code == "tekun" else REASON_DIBAO.format(capacity=label)
            if for_safety_net:
                risks = "、".join(RiskType(r).label for r in for_safety_net)
                reason = REASON_RISK.format(risk=risks) + "（无法通过产业就业帮扶）；" + reason
            suggestions.append(Suggestion(by_code[code], None, reason))
        elif not covered:
            unanswered.extend(for_safety_net)  # the county's catalogue has no safety-net measure
    else:
        unanswered.extend(for_safety_net)

    seen: set[tuple[int, int | None]] = set(taken)
    unique = []
    for suggestion in suggestions:
        if suggestion.key not in seen:
            seen.add(suggestion.key)
            unique.append(suggestion)
    order = list(dict.fromkeys(household.risk_types))
    return Advice(unique, sorted(unanswered, key=order.index))


def suggest(
    *,
    household: Household,
    members: list[Member],
    catalogue: list[MeasureType],
    taken: set[tuple[int, int | None]] | None = None,
    today: dt.date | None = None,
) -> list[Suggestion]:
    return advise(household=household, members=members, catalogue=catalogue, taken=taken, today=today).suggestions
