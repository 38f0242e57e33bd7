"""Whether a household's own record bears out the risk types it is declared for (DOMAIN.md: the risk follows what
the visit and the registry say). Only what the registry can tell is read: the living members' health, schooling,
age and labour skill, whether a member is recorded deceased, and the household's 住房安全/饮水安全有保障 (a housing
or water risk, seed 000 §三(一)8–9, is that guarantee not secured: a record saying it is contradicts it). A risk the
registry cannot speak to (a disaster, a business failure, income below the line — the last is
workflow.selectors_batches' income check) is never said to be unsupported.

One definition for the two readers: the assistance plan (assistance.fit.risk_conflicts: a person's measure for the
risk fits nobody) and the reviewing steps (workflow.selectors_risks: the township's audit, the county's comparison
and approval, and the case page, as an advisory; seed 000 §三(三) lets the visit tell a household's situation, so
the reviewer decides). Pure rules over members already loaded; nothing is queried or written here.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from households.choices import Health, LabourSkill, LivingStatus, NationalRiskType, RiskType, StudentStage
from households.models import Member
from households.national import ILL
from households.services.members import age_on

WORKING_AGE = (16, 64)
# Compulsory schooling (义务教育), by age: who a 辍学 risk's measure goes to when no member is registered a pupil.
COMPULSORY_SCHOOL_AGE = (6, 16)
COMPULSORY_STAGES = (StudentStage.PRIMARY, StudentStage.JUNIOR)
NO_LABOUR_SKILLS = (LabourSkill.LOST, LabourSkill.NONE)
# Whom a medical cost (seed type 5: 大病、重病、重残) can be about.
ILL_OR_DISABLED = (*ILL, Health.DISABLED)

MISSING_ILL_OR_DISABLED = "没有成员登记为患有大病、长期慢性病或残疾"
MISSING_ILL = "没有成员登记为患有大病或长期慢性病"
MISSING_DISABLED = "没有成员登记为残疾"
MISSING_COMPULSORY = "没有义务教育阶段的在校生或义务教育适龄（{low}—{high}周岁）子女"
MISSING_STUDENT = "没有在校生或义务教育适龄（{low}—{high}周岁）子女"
MISSING_WORKER = "没有劳动年龄（{low}—{high}周岁）内有劳动能力的成员"
MISSING_DECEASED = "没有成员登记为已故"
MISSING_UNSECURED = "档案记载{label}"


@dataclass(frozen=True)
class RiskGuarantee:
    """A guarantee a declared risk says is not secured: the household's field, the seed type and national code
    that name the risk (seed 000 §三(一)8–9, §三(二)4–5; DOMAIN.md "Code lists": 8 → 因安全住房, 9 → 因安全饮水)."""

    field: str
    label: str  # the field's name, as the record shows it
    seed: str
    national: str


# The one list the advisory (risk_gaps), the data check (households.data_checks, risk_guarantee), the case opening
# (workflow.services.case_opening.unsecure_declared) and the demo seed read.
RISK_GUARANTEES = (
    RiskGuarantee("housing_ok", "住房安全有保障", RiskType.UNSAFE_HOUSING, NationalRiskType.HOUSING),
    RiskGuarantee("water_ok", "饮水安全有保障", RiskType.UNSAFE_WATER, NationalRiskType.DRINKING_WATER),
)


def secured_of(household: Any) -> dict[str, bool]:
    """A household's guarantee fields as guarantee_gaps reads them (housing_ok, water_ok → the record's value)."""
    return {g.field: getattr(household, g.field) for g in RISK_GUARANTEES}


def declared_guarantees(risk_types: Iterable[str], national_risk_types: Iterable[str] = ()) -> list[RiskGuarantee]:
    """The guarantees the declared risks (a seed type or its national code) say are not secured."""
    declared = {*risk_types, *national_risk_types}
    return [g for g in RISK_GUARANTEES if g.seed in declared or g.national in declared]


@dataclass(frozen=True)
class RiskGap:
    code: str  # the seed type (RiskType) or national code (NationalRiskType) declared
    label: str  # its Chinese label
    missing: str  # what the registry lacks for it, in words


def living(members: Iterable[Member]) -> list[Member]:
    return [m for m in members if m.living_status == LivingStatus.LIVING]


def can_work(member: Member, today: dt.date) -> bool:
    """Someone who could earn for the household: of working age, with labour (a blank skill is not held against
    them), not at school."""
    low, high = WORKING_AGE
    return (
        low <= age_on(member.birth_date, today) <= high
        and member.labour_skill not in NO_LABOUR_SKILLS
        and member.student_stage == StudentStage.NONE
    )


def _school_age(member: Member, today: dt.date) -> bool:
    low, high = COMPULSORY_SCHOOL_AGE
    return low <= age_on(member.birth_date, today) <= high


def _ill(alive: list[Member], today: dt.date) -> bool:
    return any(m.health in ILL for m in alive)


def _ill_or_disabled(alive: list[Member], today: dt.date) -> bool:
    return any(m.health in ILL_OR_DISABLED for m in alive)


def _disabled(alive: list[Member], today: dt.date) -> bool:
    return any(m.health == Health.DISABLED for m in alive)


def _compulsory_pupil_or_age(alive: list[Member], today: dt.date) -> bool:
    return any(m.student_stage in COMPULSORY_STAGES or _school_age(m, today) for m in alive)


def _student_or_school_age(alive: list[Member], today: dt.date) -> bool:
    return any(m.student_stage != StudentStage.NONE or _school_age(m, today) for m in alive)


def _worker(alive: list[Member], today: dt.date) -> bool:
    return any(can_work(m, today) for m in alive)


_AGES = {"low": COMPULSORY_SCHOOL_AGE[0], "high": COMPULSORY_SCHOOL_AGE[1]}
_WORK_AGES = {"low": WORKING_AGE[0], "high": WORKING_AGE[1]}
# Declared risk → (what the living members must show, what is said when they do not). Seed types first.
SEED_EVIDENCE: dict[str, tuple[Callable[[list[Member], dt.date], bool], str]] = {
    RiskType.MEDICAL_COST: (_ill_or_disabled, MISSING_ILL_OR_DISABLED),
    RiskType.SCHOOL_DROPOUT: (_compulsory_pupil_or_age, MISSING_COMPULSORY.format(**_AGES)),
    RiskType.UNEMPLOYMENT: (_worker, MISSING_WORKER.format(**_WORK_AGES)),
}
# A national code, with the seed type that says the same more broadly: looked at only when that one did not fire.
NATIONAL_EVIDENCE: dict[str, tuple[str, Callable[[list[Member], dt.date], bool], str]] = {
    NationalRiskType.ILLNESS: (RiskType.MEDICAL_COST, _ill, MISSING_ILL),
    NationalRiskType.DISABILITY: (RiskType.MEDICAL_COST, _disabled, MISSING_DISABLED),
    NationalRiskType.EDUCATION: (RiskType.SCHOOL_DROPOUT, _student_or_school_age, MISSING_STUDENT.format(**_AGES)),
    NationalRiskType.UNSTABLE_EMPLOYMENT: (RiskType.UNEMPLOYMENT, _worker, MISSING_WORKER.format(**_WORK_AGES)),
}


def risk_gaps(
    *,
    risk_types: Iterable[str],
    national_risk_types: Iterable[str],
    members: Iterable[Member],
    today: dt.date,
    secured: Mapping[str, bool] | None = None,
) -> list[RiskGap]:
    """The declared risks (seed types, then national codes) that the household's members contradict, in the order
    declared. A national code is only looked at where its seed type did not already say the same (a medical cost
    with nobody ill is not said again as 因病): it then tells the finer mismatch, 因病 with only a disabled member.
    A labourer's death (seed type 4) wants a member recorded deceased. `secured`: the household's guarantee fields
    (housing_ok, water_ok → whether the record says secured), when read: a housing or water risk (its seed type,
    else its national code) on a record that says the guarantee is secured is contradicted."""
    risk_types, national_risk_types = list(risk_types), list(national_risk_types)
    members = list(members)
    alive = living(members)
    gaps: list[RiskGap] = []
    for code in dict.fromkeys(risk_types):
        if code in SEED_EVIDENCE:
            shows, missing = SEED_EVIDENCE[code]
            if not shows(alive, today):
                gaps.append(RiskGap(code, str(RiskType(code).label), missing))
        elif code == RiskType.LABOURER_DEATH and not any(m.living_status == LivingStatus.DECEASED for m in members):
            gaps.append(RiskGap(code, str(RiskType(code).label), MISSING_DECEASED))
    said = {g.code for g in gaps}
    for code in dict.fromkeys(national_risk_types):
        if code in NATIONAL_EVIDENCE:
            broader, shows, missing = NATIONAL_EVIDENCE[code]
            if broader not in said and not shows(alive, today):
                gaps.append(RiskGap(code, str(NationalRiskType(code).label), missing))
    return gaps + guarantee_gaps(risk_types, national_risk_types, secured or {})


def guarantee_gaps(
    risk_types: Iterable[str], national_risk_types: Iterable[str], secured: Mapping[str, bool]
) -> list[RiskGap]:
    """The declared housing and water risks (the seed type, else its national code) whose guarantee the record
    says is secured (`secured`: housing_ok, water_ok → the record's value): risk_gaps' last, and the data check's
    words (households.data_checks, 监测对象因住房/饮水风险纳入但档案记载有保障)."""
    risk_types = list(risk_types)
    gaps: list[RiskGap] = []
    for guarantee in declared_guarantees(risk_types, national_risk_types):
        if secured.get(guarantee.field):
            code = guarantee.seed if guarantee.seed in risk_types else guarantee.national
            label = RiskType(code).label if code == guarantee.seed else NationalRiskType(code).label
            gaps.append(RiskGap(code, str(label), MISSING_UNSECURED.format(label=guarantee.label)))
    return gaps
