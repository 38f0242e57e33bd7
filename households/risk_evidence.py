"""Whether a household's own record bears out the risk types it is declared for (DOMAIN.md: the risk follows what
the visit and the registry say). Only what the registry can tell is read: the living members' health, schooling,
age and labour skill, whether a member is recorded deceased (and when), and the household's 住房安全/饮水安全有保障
(a housing or water risk, seed 000 §三(一)8–9, is that guarantee not secured: a record saying it is contradicts it).
A risk the registry cannot speak to (a disaster, a business failure, income below the line — the last is
workflow.selectors_batches' income check) is never said to be unsupported, and where the registry cannot tell
two situations apart the one that bears the risk out is assumed:

- A medical cost (seed type 5, 因病, 因残) is borne out by an ill or disabled member who is living or died within
  RECENT_DEATH_YEARS before today (人员状态变更日期; a death with no date counts, nothing says it was long ago):
  the family left in debt by a death from illness is the common case, not a contradiction.
- Health is one choice and a member both disabled and ill is recorded 残疾: a disabled member bears 因病 out.
- A job loss (seed type 3, 因务工就业不稳) wants a living member of 16 or over, with a labour skill that can work
  (技能/普通/弱劳动力或半劳动力, or none recorded), not in school: rural labourers work past 64, so age does not end it.
- A schooling risk (seed type 7 — the catalogue's schooling measures, 教育资助 and 雨露计划 too, hang on it — and 因学)
  is borne out by a pupil below higher education (中小学、中职), or a child of 6 to 17: a junior-middle pupil who
  started late or repeated a year leaves compulsory schooling at 16 or 17, and the record says 非在校生 once they do.

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
# A job-loss risk's worker: from this age on, with no upper limit (the labour skill says when work stops).
LABOUR_FROM_AGE = WORKING_AGE[0]
# How long after a member's death a medical cost of theirs still bears the household's risk out.
RECENT_DEATH_YEARS = 2
# Compulsory schooling (义务教育), by age: who a 辍学 risk's measure goes to when no member is registered a pupil.
COMPULSORY_SCHOOL_AGE = (6, 16)
COMPULSORY_STAGES = (StudentStage.PRIMARY, StudentStage.JUNIOR)
NO_LABOUR_SKILLS = (LabourSkill.LOST, LabourSkill.NONE)
# Whom a medical cost (seed type 5: 大病、重病、重残) can be about.
ILL_OR_DISABLED = (*ILL, Health.DISABLED)
# Whom a schooling risk can be about (risk_gaps): a pupil below higher education, or a child of these ages.
SCHOOLING_STAGES = (*COMPULSORY_STAGES, StudentStage.SENIOR, StudentStage.VOCATIONAL)
SCHOOLING_CHILD_AGE = (6, 17)

MISSING_ILL_OR_DISABLED = "没有在世或近{years}年内去世的成员登记为患有大病、长期慢性病或残疾"
MISSING_DISABLED = "没有在世或近{years}年内去世的成员登记为残疾"
MISSING_PUPIL = "没有中小学（含中职）在校生或{low}—{high}周岁的子女"
MISSING_STUDENT = "没有在校生或{low}—{high}周岁的子女"
MISSING_WORKER = "没有{low}周岁以上、不在校且劳动技能不是丧失劳动力或无劳动力的成员"
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


def died_recently(member: Member, today: dt.date) -> bool:
    """Recorded deceased within RECENT_DEATH_YEARS before today, or with no date of death recorded."""
    if member.living_status != LivingStatus.DECEASED:
        return False
    on = member.status_changed_on
    return on is None or on >= _years_before(today, RECENT_DEATH_YEARS)


def _years_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def of_working_age(member: Member, today: dt.date) -> bool:
    """Within WORKING_AGE on `today`: the one age rule of the employment measures (assistance.fit.member_misfit),
    of who can work (can_work) and of the household's labour capacity for assistance (households.labour)."""
    low, high = WORKING_AGE
    return low <= age_on(member.birth_date, today) <= high


def can_work(member: Member, today: dt.date) -> bool:
    """Someone who could earn for the household: of working age, with labour (a blank skill is not held against
    them), not at school."""
    return (
        of_working_age(member, today)
        and member.labour_skill not in NO_LABOUR_SKILLS
        and member.student_stage == StudentStage.NONE
    )


def _child(member: Member, today: dt.date) -> bool:
    low, high = SCHOOLING_CHILD_AGE
    return low <= age_on(member.birth_date, today) <= high


def _could_lose_work(member: Member, today: dt.date) -> bool:
    """A member whose job loss the record allows: 16 or over at any age, with a labour skill that can work (a blank
    skill is not held against them), not at school."""
    return (
        age_on(member.birth_date, today) >= LABOUR_FROM_AGE
        and member.labour_skill not in NO_LABOUR_SKILLS
        and member.student_stage == StudentStage.NONE
    )


def _ill_or_disabled(members: list[Member], today: dt.date) -> bool:
    # 因病 too: a member both ill and disabled is recorded 残疾 (one choice), the registry cannot tell.
    return any(m.health in ILL_OR_DISABLED for m in _patients(members, today))


def _disabled(members: list[Member], today: dt.date) -> bool:
    return any(m.health == Health.DISABLED for m in _patients(members, today))


def _patients(members: list[Member], today: dt.date) -> list[Member]:
    """Whom a medical cost can be about: the living, and those who died recently (died_recently)."""
    return [m for m in members if m.living_status == LivingStatus.LIVING or died_recently(m, today)]


def _pupil_or_child(members: list[Member], today: dt.date) -> bool:
    return any(m.student_stage in SCHOOLING_STAGES or _child(m, today) for m in living(members))


def _student_or_child(members: list[Member], today: dt.date) -> bool:
    return any(m.student_stage != StudentStage.NONE or _child(m, today) for m in living(members))


def _worker(members: list[Member], today: dt.date) -> bool:
    return any(_could_lose_work(m, today) for m in living(members))


_YEARS = {"years": RECENT_DEATH_YEARS}
_CHILD_AGES = {"low": SCHOOLING_CHILD_AGE[0], "high": SCHOOLING_CHILD_AGE[1]}
_MEDICAL = MISSING_ILL_OR_DISABLED.format(**_YEARS)
_WORKER = MISSING_WORKER.format(low=LABOUR_FROM_AGE)
# Declared risk → (what the members must show, what is said when they do not). Seed types first.
SEED_EVIDENCE: dict[str, tuple[Callable[[list[Member], dt.date], bool], str]] = {
    RiskType.MEDICAL_COST: (_ill_or_disabled, _MEDICAL),
    RiskType.SCHOOL_DROPOUT: (_pupil_or_child, MISSING_PUPIL.format(**_CHILD_AGES)),
    RiskType.UNEMPLOYMENT: (_worker, _WORKER),
}
# A national code, with the seed type that says the same more broadly: looked at only when that one did not fire.
NATIONAL_EVIDENCE: dict[str, tuple[str, Callable[[list[Member], dt.date], bool], str]] = {
    NationalRiskType.ILLNESS: (RiskType.MEDICAL_COST, _ill_or_disabled, _MEDICAL),
    NationalRiskType.DISABILITY: (RiskType.MEDICAL_COST, _disabled, MISSING_DISABLED.format(**_YEARS)),
    NationalRiskType.EDUCATION: (RiskType.SCHOOL_DROPOUT, _student_or_child, MISSING_STUDENT.format(**_CHILD_AGES)),
    NationalRiskType.UNSTABLE_EMPLOYMENT: (RiskType.UNEMPLOYMENT, _worker, _WORKER),
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
    with nobody ill is not said again as 因病): it then tells the finer mismatch, 因残 with only an ill member.
    `members`: living and deceased (the module's docstring says who counts for which risk). A labourer's death
    (seed type 4) wants a member recorded deceased. `secured`: the household's guarantee fields (housing_ok,
    water_ok → whether the record says secured), when read: a housing or water risk (its seed type, else its
    national code) on a record that says the guarantee is secured is contradicted."""
    risk_types, national_risk_types = list(risk_types), list(national_risk_types)
    members = list(members)
    gaps: list[RiskGap] = []
    for code in dict.fromkeys(risk_types):
        if code in SEED_EVIDENCE:
            shows, missing = SEED_EVIDENCE[code]
            if not shows(members, today):
                gaps.append(RiskGap(code, str(RiskType(code).label), missing))
        elif code == RiskType.LABOURER_DEATH and not any(m.living_status == LivingStatus.DECEASED for m in members):
            gaps.append(RiskGap(code, str(RiskType(code).label), MISSING_DECEASED))
    said = {g.code for g in gaps}
    for code in dict.fromkeys(national_risk_types):
        if code in NATIONAL_EVIDENCE:
            broader, shows, missing = NATIONAL_EVIDENCE[code]
            if broader not in said and not shows(members, today):
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
