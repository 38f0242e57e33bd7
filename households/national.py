"""The national risk codes a case gets when nobody chose them (DOMAIN.md "Code lists"): one rule for every caller
that opens a case without asking (a screening hit, an alert, a self-application, the green channel, seed commands)
and for the case form and API when the user leaves the choice empty (but for income below the line alone, whose
cause the user must choose: workflow.services.case_opening). The ledgers use it, without the members, for
households recorded before the national codes were kept."""

from django.utils import timezone

from households.choices import (
    NATIONAL_RISK_TYPES,
    Health,
    LivingStatus,
    NationalRiskType,
    RiskType,
    national_risk_types,
)
from households.models import Household

# The health states that make a medical cost 因病 (seed 000 "因大病，重病，重残…医疗费用支出较大"): a disability alone,
# whatever its grade, makes it 因残.
ILL = (Health.SERIOUS, Health.CHRONIC)


def disability_only(household: Household) -> bool:
    """A living member is disabled (any grade) and none is ill (患有大病 or 长期慢性病): the household's medical
    cost is the disability's. The SQL twin for the ledgers is reports.ledgers.national.national_codes."""
    living = household.members.filter(living_status=LivingStatus.LIVING)
    if living.filter(health__in=ILL).exists():
        return False
    return living.filter(health=Health.DISABLED).exists()


def nobody_can_work(household: Household) -> bool:
    """No living member could earn for the household (households.risk_evidence.can_work, the one "who can work"):
    the household lacks labour. The SQL twin for the ledgers is reports.ledgers.national.national_codes."""
    # Imported here: households.risk_evidence reads ILL from this module.
    from households.risk_evidence import can_work, living

    today = timezone.localdate()
    return not any(can_work(member, today) for member in living(household.members.all()))


def income_without_cause(risk_types: list[str]) -> bool:
    """Income below the line with no other seed type to give its cause: DOMAIN.md "Code lists" records it with the
    cause found at the visit, which a user opening the case chooses (workflow.services.case_opening)."""
    present = set(risk_types)
    return RiskType.LOW_INCOME in present and present.isdisjoint(set(NATIONAL_RISK_TYPES) - {RiskType.LOW_INCOME})


def default_national_risk_types(
    risk_types: list[str], *, disabled: bool = False, accident: bool = False, no_labour: bool = False
) -> list[str]:
    """The national codes of these seed types with the usual choice for the ambiguous ones: medical cost 因病
    (因残 when the household's only health reason is a disability, `disabled`), disaster loss 因自然灾害 (因意外事故
    for an accident), a labourer's death 缺劳动力, and income below the line, when no other seed type gives the
    cause, 缺劳动力 for a household where nobody can work (`no_labour`, nobody_can_work), else 其他."""
    present = set(risk_types)
    chosen = []
    if RiskType.MEDICAL_COST in present:
        chosen.append(NationalRiskType.DISABILITY if disabled else NationalRiskType.ILLNESS)
    if RiskType.DISASTER_LOSS in present:
        chosen.append(NationalRiskType.ACCIDENT if accident else NationalRiskType.NATURAL_DISASTER)
    if RiskType.LABOURER_DEATH in present:
        chosen.append(NationalRiskType.LACK_OF_LABOUR)
    if income_without_cause(risk_types):
        chosen.append(NationalRiskType.LACK_OF_LABOUR if no_labour else NationalRiskType.OTHER)
    return national_risk_types(risk_types, chosen)


def household_national_risk_types(household: Household, risk_types: list[str], *, accident: bool = False) -> list[str]:
    """The default codes for a case of this household: reads its members only when a medical cost, or income below
    the line without another cause, needs them."""
    disabled = RiskType.MEDICAL_COST in risk_types and disability_only(household)
    no_labour = income_without_cause(risk_types) and nobody_can_work(household)
    return default_national_risk_types(risk_types, disabled=disabled, accident=accident, no_labour=no_labour)


def household_codes(household: Household) -> list[str]:
    """The household's stored national codes, or, for one recorded before they were kept, its seed types' usual
    codes read with its members (the 基础信息采集表; the ledgers do the same in SQL)."""
    return list(household.national_risk_types) or household_national_risk_types(household, household.risk_types)


def national_risk_labels(codes: list[str]) -> list[str]:
    return [str(NationalRiskType(code).label) for code in codes if code in NationalRiskType.values]


def stored_or_default(codes: list[str]) -> list[str]:
    """A ledger's cell of national codes: a record kept before the codes were (none stored) gives its seed types
    instead (reports.ledgers.national.national_codes), shown as their usual codes; that SQL adds 因残 (`disability`,
    no seed type) to the seed types of a household whose only health reason is a disability, so its medical cost is
    shown 因残, and 缺劳动力 (`lack_of_labour`) to income below the line without another cause in a household where
    nobody can work, so it is shown 缺劳动力. A value that is both a seed type and a national code (business_failure,
    other) means the same in either list, so a list of national codes only is taken as stored."""
    if not codes or set(codes) <= set(NationalRiskType.values):
        return list(codes or [])
    return default_national_risk_types(
        codes,
        disabled=NationalRiskType.DISABILITY in codes,
        no_labour=NationalRiskType.LACK_OF_LABOUR in codes,
    )
