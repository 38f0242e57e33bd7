"""The national risk codes a case gets when nobody chose them (DOMAIN.md "Code lists"): one rule for every caller
that opens a case without asking (a screening hit, an alert, a self-application, the green channel, seed commands)
and for the case form and API when the user leaves the choice empty. The ledgers use it, without the members, for
households recorded before the national codes were kept."""

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


def default_national_risk_types(risk_types: list[str], *, disabled: bool = False, accident: bool = False) -> list[str]:
    """The national codes of these seed types with the usual choice for the ambiguous ones: medical cost 因病
    (因残 when the household's only health reason is a disability, `disabled`), disaster loss 因自然灾害 (因意外事故
    for an accident), a labourer's death 缺劳动力, and income below the line 其他 unless another seed type already
    gives the cause."""
    present = set(risk_types)
    chosen = []
    if RiskType.MEDICAL_COST in present:
        chosen.append(NationalRiskType.DISABILITY if disabled else NationalRiskType.ILLNESS)
    if RiskType.DISASTER_LOSS in present:
        chosen.append(NationalRiskType.ACCIDENT if accident else NationalRiskType.NATURAL_DISASTER)
    if RiskType.LABOURER_DEATH in present:
        chosen.append(NationalRiskType.LACK_OF_LABOUR)
    if RiskType.LOW_INCOME in present and present.isdisjoint(set(NATIONAL_RISK_TYPES) - {RiskType.LOW_INCOME}):
        chosen.append(NationalRiskType.OTHER)
    return national_risk_types(risk_types, chosen)


def household_national_risk_types(household: Household, risk_types: list[str], *, accident: bool = False) -> list[str]:
    """The default codes for a case of this household: reads its members only when a medical cost needs them."""
    disabled = RiskType.MEDICAL_COST in risk_types and disability_only(household)
    return default_national_risk_types(risk_types, disabled=disabled, accident=accident)


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
    shown 因残. A value that is both a seed type and a national code (business_failure, other) means the same in
    either list, so a list of national codes only is taken as stored."""
    if not codes or set(codes) <= set(NationalRiskType.values):
        return list(codes or [])
    return default_national_risk_types(codes, disabled=NationalRiskType.DISABILITY in codes)
