"""A household's own rules at entry, beside its members' (households.services.members): asked by household_create
and household_update (households.services.registry), and by the edit page's form in one round with its fields' own
errors. Refused: a 户编号 not of the village's shape, a 户类型 its monitoring category does not allow, a village
setting or changing 脱贫户 (the 建档立卡 roll's), a monitored household's risk types changed outside the procedures.
Asked ("仍要保存", households.services.confirm): a 劳动能力 its living members' labour skills contradict, a housing or
water risk with its guarantee recorded secured."""

from collections.abc import Iterable, Mapping
from typing import Any

from accounts.choices import VILLAGE_ROLES
from households.choices import (
    CATEGORY_HOUSEHOLD_TYPES,
    HouseholdType,
    LabourCapacity,
    LabourSkill,
    LivingStatus,
    MonitoringCategory,
)
from households.labour import FULL, capacity_from_skills
from households.models import Household, Region
from households.risk_evidence import RISK_GUARANTEES, guarantee_gaps

# 户编号: the village's 12-digit division code and a 4-digit sequence (registry.next_number, seed_demo, the
# national export), 0001 to 9999. The go-live import checks the same shape in SQL (registry_import.numbers).
NUMBER_SEQUENCE_DIGITS = 4

MSG_NUMBER_FORMAT = (
    "户编号应为{length}位数字：本村区划代码 {village} 加{digits}位序号（如 {village}0001），“{number}”不符合。"
)
MSG_TYPE_CATEGORY = (
    "该户是{category}，户类型只能是{allowed}，不能改为“{household_type}”"
    "（脱贫不稳定户是脱贫户，边缘易致贫户是一般农户）。"
)
# 脱贫户 is the 建档立卡 roll (001 §一: 全部建档立卡脱贫人口; 004 §(二) 脱贫人口), which decides the monthly visit, the
# warning lines, 防贫保 and the help card. It comes with the county's go-live import (households.registry_import) and is
# corrected by the township or the county bureau against the roll, as closing and relocation are (services.closing):
# a village registers and keeps 一般农户 only, and may not put a household on the roll or take it off.
MSG_TYPE_ROLL = "户类型（脱贫户）以建档立卡名单为准，村级不能登记或修改，请报乡镇或县乡村振兴局核实调整。"
# Shown under the read-only 户类型 of the village's edit page, and of its new-household page (一般农户 there).
HELP_TYPE_ROLL = "户类型（脱贫户）以建档立卡名单为准，村级不能修改，请报乡镇或县乡村振兴局核实调整。"
HELP_TYPE_ROLL_NEW = "村里新建的农户为一般农户；脱贫户以建档立卡名单为准，请报乡镇或县乡村振兴局核实调整。"
MSG_RISK_TYPES_PROCEDURE = (
    "风险类型：该户是监测对象，风险类型是识别纳入（或风险再标注）批准的，不能在此修改；"
    "风险变化请发起风险再标注，风险已消除的请发起风险消除。"
)
# Shown on the edit page under a monitored household's risk types, which it does not let change.
HELP_RISK_TYPES_PROCEDURE = "监测对象的风险类型按识别纳入、风险再标注或风险消除程序批准后改变，此处不能修改。"
MSG_NUMBER_TAKEN = "户编号 {number} 已被使用。"
# A 户编号 changed on 修改农户 is asked about: the number given up is retired (never given to another household, kept
# as the household's 原户编号), and what was printed or reported with it stays under the old one.
MSG_NUMBER_CHANGE = (
    "户编号将由 {old} 改为 {new}：原户编号 {old} 将停用，不再分配给其他农户；已打印、报送的材料中仍为原户编号。"
    "请核实是否确需更改。"
)
MSG_LABOUR = "劳动能力填为“{typed}”，但按在世成员的劳动技能应为“{settled}”（{who}）。请核实"
MSG_LABOUR_NO_EXIT = "：户的劳动能力或成员的劳动技能任一为无劳动能力的，不能标注风险消除"
MSG_GUARANTEE = "风险类型有“{label}”，但{field}填为“是”。请核实"
MSG_GUARANTEE_MONITORED = "：已解决的，保存后请按程序提出风险消除"
WHO_LIMIT = 3  # members named in the labour question


def number_error(village: Region, number: str) -> str:
    """What is wrong with a typed 户编号 for a household of `village` ("" when it fits the village's shape)."""
    length = len(village.path) + NUMBER_SEQUENCE_DIGITS
    sequence = number[len(village.path) :]
    if (
        len(number) == length
        and number.isascii()
        and number.isdigit()
        and number.startswith(village.path)
        and int(sequence) > 0
    ):
        return ""
    return MSG_NUMBER_FORMAT.format(
        length=length, village=village.path, digits=NUMBER_SEQUENCE_DIGITS, number=number[:40]
    )


def type_error(household_type: str, category: str) -> str:
    """A 户类型 the household's monitoring category does not allow (CATEGORY_HOUSEHOLD_TYPES, the rule of the import
    and the case opening), or ""."""
    if not category or not household_type or household_type in CATEGORY_HOUSEHOLD_TYPES[MonitoringCategory(category)]:
        return ""
    allowed = [HouseholdType(t).label for t in HouseholdType.values if t in CATEGORY_HOUSEHOLD_TYPES[category]]
    return MSG_TYPE_CATEGORY.format(
        category=MonitoringCategory(category).label,
        allowed="、".join(f"“{label}”" for label in allowed),
        household_type=HouseholdType(household_type).label,
    )


def type_roll_locked(actor: Any) -> bool:
    """Whether the actor's 户类型 entry leaves 脱贫户 alone (a village's: type_roll_error)."""
    return getattr(actor, "role", "") in VILLAGE_ROLES


def type_roll_error(*, actor: Any, before: str, after: str) -> str:
    """A 户类型 put on or taken off the 建档立卡 roll (脱贫户) by a village (MSG_TYPE_ROLL), or "". `before`: the
    household's type on record ("" for a new household)."""
    if before == after or not type_roll_locked(actor):
        return ""
    return MSG_TYPE_ROLL if HouseholdType.LIFTED_OUT in (before, after) else ""


def labour_question(typed: str, members: Iterable[tuple[str, str]]) -> str:
    """A 劳动能力 its living members' skills settle otherwise (households.labour.capacity_from_skills, the data check
    户劳动能力与成员劳动技能不符's rule), or "". `members`: the living members' (name, labour skill)."""
    members = list(members)
    settled = capacity_from_skills([skill for _, skill in members])
    if not typed or not settled or typed == settled:
        return ""
    if settled == LabourCapacity.HAS_LABOUR:
        deciding = [(name, skill) for name, skill in members if skill in FULL]
    elif settled == LabourCapacity.PARTIAL:
        deciding = [(name, skill) for name, skill in members if skill == LabourSkill.WEAK]
    else:
        deciding = members
    who = "、".join(f"{name}为{LabourSkill(skill).label}" for name, skill in deciding[:WHO_LIMIT])
    if len(deciding) > WHO_LIMIT:
        who += f"等{len(deciding)}人"
    message = MSG_LABOUR.format(typed=LabourCapacity(typed).label, settled=LabourCapacity(settled).label, who=who)
    return message + (MSG_LABOUR_NO_EXIT if LabourCapacity.NONE in (typed, settled) else "") + "。"


def guarantee_questions(
    *,
    risk_types: Iterable[str],
    national_risk_types: Iterable[str],
    secured: Mapping[str, bool],
    before: Mapping[str, bool] | None = None,
    before_risk_types: Iterable[str] = (),
    monitored: bool = False,
) -> dict[str, str]:
    """A housing or water risk (seed type or national code) on a record that says its guarantee is secured
    (households.risk_evidence.guarantee_gaps, the data check's words), asked where this entry made it so: field
    (the guarantee's) → question. `before`, `before_risk_types`: the record as it was (None for a new household),
    whose contradictions are the data check's, not this entry's."""
    national_risk_types = list(national_risk_types)
    now = guarantee_gaps(risk_types, national_risk_types, secured)
    old = {g.code for g in guarantee_gaps(before_risk_types, national_risk_types, before)} if before else set()
    fields = {g.seed: g for g in RISK_GUARANTEES} | {g.national: g for g in RISK_GUARANTEES}
    questions = {}
    for gap in now:
        if gap.code in old:
            continue
        guarantee = fields[gap.code]
        tail = MSG_GUARANTEE_MONITORED if monitored else ""
        questions[guarantee.field] = MSG_GUARANTEE.format(label=gap.label, field=guarantee.label) + tail + "。"
    return questions


def living_skills(household: Household) -> list[tuple[str, str]]:
    """The living members' (name, labour skill), as labour_question reads them."""
    return list(
        household.members.filter(living_status=LivingStatus.LIVING).order_by("pk").values_list("name", "labour_skill")
    )


def number_taken(number: str, household: Household) -> str:
    """Why a new 户编号 cannot be the household's ("" when it can): another household's, one an import holds for the
    national system's household, or one another household gave up (services.numbering)."""
    # Imported here: numbering reads this module's NUMBER_SEQUENCE_DIGITS.
    from households.services.numbering import number_refusal

    if Household.objects.filter(number=number).exclude(pk=household.pk).exists():
        return MSG_NUMBER_TAKEN.format(number=number)
    return number_refusal(number, household=household)


def update_rules(
    *, actor: Any, household: Household, changes: Mapping[str, Any]
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """household_update's rules for `household` (as it is) changed by `changes` for `actor`: the refusals (field →
    messages) and the questions (field → question; the field's, for the page to show it there)."""
    errors: dict[str, list[str]] = {}
    monitored = bool(household.monitoring_category)
    number = changes.get("number", household.number)
    if number != household.number and (
        problem := number_error(household.village, number) or number_taken(number, household)
    ):
        errors["number"] = [problem]
    household_type = changes.get("household_type", household.household_type)
    if "household_type" in changes and (
        problem := type_roll_error(actor=actor, before=household.household_type, after=household_type)
        or type_error(household_type, household.monitoring_category)
    ):
        errors["household_type"] = [problem]
    risk_types = list(changes.get("risk_types", household.risk_types))
    if monitored and set(risk_types) != set(household.risk_types):
        errors["risk_types"] = [MSG_RISK_TYPES_PROCEDURE]
    questions: dict[str, str] = {}
    if number != household.number and "number" not in errors:
        questions["number"] = MSG_NUMBER_CHANGE.format(old=household.number, new=number)
    typed = changes.get("labour_capacity", household.labour_capacity)
    if typed != household.labour_capacity and (asked := labour_question(typed, living_skills(household))):
        questions["labour_capacity"] = asked
    guarded = ("risk_types", *(g.field for g in RISK_GUARANTEES))
    if any(name in changes for name in guarded) and "risk_types" not in errors:
        before = {g.field: getattr(household, g.field) for g in RISK_GUARANTEES}
        questions |= guarantee_questions(
            risk_types=risk_types,
            national_risk_types=household.national_risk_types,
            secured={name: changes.get(name, value) for name, value in before.items()},
            before=before,
            before_risk_types=household.risk_types,
            monitored=monitored,
        )
    return errors, questions


def create_questions(*, fields: Mapping[str, Any], members: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """household_create's questions of the household's own fields (field → question): its 劳动能力 against the
    members' labour skills, a housing or water risk recorded secured."""
    questions: dict[str, str] = {}
    skills = [(str(m.get("name") or ""), m.get("labour_skill") or "") for m in members]
    if asked := labour_question(fields.get("labour_capacity") or "", skills):
        questions["labour_capacity"] = asked
    secured = {g.field: fields.get(g.field, True) for g in RISK_GUARANTEES}
    return questions | guarantee_questions(
        risk_types=fields.get("risk_types") or [], national_risk_types=[], secured=secured
    )
