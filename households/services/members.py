"""Member rules: ID numbers, derived sex and birth date, one living head, duplicates across the county."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from households import idnumber
from households.choices import Health, LivingStatus, Relation
from households.ethnicity import ETHNICITY_CHOICES, normalize_ethnicity
from households.member_rules import member_rule_errors
from households.models import Member
from households.names import name_error, normalize_name
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM
from households.services.newborn import MSG_ID_REQUIRED, NO_ID_FIELD, typed_mismatch, without_number_errors
from households.services.relation_ages import relation_age_warnings
from households.services.relations import relation_sex_message, spouse_sex_message
from households.services.school_age import not_enrolled_message

MSG_NO_HEAD = "每户必须有且只有一名户主：请指定户主。"
MSG_TWO_HEADS = "每户只能有一名户主：第{rows}位成员都被标为户主。"
MSG_SPOUSE_UNDER_16 = "与户主关系为“配偶”的成员不满16周岁，请核对身份证号或与户主关系。"
# One living 配偶 per household, as the head's hand-over holds (households.services.member_status MSG_TWO_SPOUSES):
# refused, not asked about, since a head has one spouse in law (民法典 第1042条 禁止重婚). A divorced spouse still
# in the household is 其他; a deceased or moved-out 配偶 is not counted.
MSG_SECOND_SPOUSE = (
    "本户已有在世成员 {name} 登记为户主的配偶，每户只能有一名配偶。请核对与户主关系（离婚后仍在本户的请选“其他”）。"
)
MSG_DUPLICATE_IN_FORM = "该身份证号在本次填写中重复出现。"
MSG_ID_OF_MEMBER = "该身份证号已是本户成员 {name} 的身份证号，请核对。"
MSG_ID_IN_HOUSEHOLD = "该身份证号已登记在农户 {number}（户主 {head}）中。"
MSG_ID_ELSEWHERE = "该身份证号已登记在其他村的农户中（不在您的管辖范围内），请联系乡镇核实。"
# A deceased person's number is not registered again as a living one (review rev-cadre finding 2: a "revived"
# person could be monitored or assisted under it). The mark itself cannot be undone in the registry
# (member_set_status), so the message says whom to ask.
MSG_ID_DECEASED = (
    "该身份证号属于农户 {number}（户主 {head}）的成员 {name}，已登记为已故（{on}），不能再作为在世人员登记。"
    "如系误标已故，请联系县乡村振兴局核实更正。"
)
MSG_ID_DECEASED_ELSEWHERE = (
    "该身份证号属于其他村农户中已登记为已故的人员（{on}），不能再作为在世人员登记。"
    "如系误标已故，请联系乡镇或县乡村振兴局核实更正。"
)
DATE_NOT_GIVEN = "日期未填"
MSG_DISABILITY_GRADE = "健康状况为“残疾”时须填写残疾等级。"
MSG_GRADE_NOT_DISABLED = "只有健康状况为“残疾”的成员才填写残疾等级。"
MSG_NAME_REQUIRED = "请填写姓名。"
MSG_MONTHS_RANGE = "务工时间应在0到12个月之间。"
# One basic medical insurance per person (重复参保 is refused by the 医保 system): a member in 职工医保 is not also in
# 城乡居民医保. Said at the employees' box, the one typed last in the form.
MSG_TWO_SCHEMES = (
    "城乡居民医保和职工医保只能参加其一（不能重复参保）：参加职工医保的，请取消勾选“参加城乡居民基本医疗保险”。"
)
INSURANCE_FIELDS = {"medical_insurance", "employee_medical_insurance"}
# The pages offer the 56 groups and 其他 (households.forms.MemberForm); the API is held to the same list.
MSG_ETHNICITY = "民族“{value}”不在56个民族和“其他”之列，请从中选择（如 汉族、苗族；简称“汉”“苗”也可）。"
ETHNICITIES = frozenset(value for value, _ in ETHNICITY_CHOICES)

MEMBER_FIELDS = [
    "name",
    "id_number",
    "relation",
    "sex",
    "birth_date",
    "ethnicity",
    "education",
    "student_stage",
    "health",
    "disability_grade",
    "disability_type",
    "labour_skill",
    "employment_place",
    "employment_months",
    "medical_insurance",
    "employee_medical_insurance",
    "pension_insurance",
    "assistance_status",
]
# What a person may type; sex and birth date are derived from the ID number.
MEMBER_INPUT_FIELDS = [f for f in MEMBER_FIELDS if f not in {"sex", "birth_date"}]
# Whose ID number cannot be registered again: the living and the deceased. One who moved out may be registered in
# the household they moved to. The go-live import holds the same rule (households.registry_import.staging).
ID_HOLDING_STATUSES = (LivingStatus.LIVING, LivingStatus.DECEASED)


@dataclass
class MemberErrors:
    """Errors per member row (index in the submitted list) and field, to show at the field. `asked`: the unusual
    ages asked about (households.services.relation_ages), also among the rows' messages; `confirmed`: those the
    cadre confirmed, for the history row."""

    rows: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)

    def add(self, index: int, name: str, message: str) -> None:
        self.rows.setdefault(index, {}).setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.rows or self.general)

    def as_validation_error(self) -> ValidationError:
        flat: dict[str, list[str]] = {}
        for index, fields in self.rows.items():
            for name, messages in fields.items():
                flat[f"members-{index}-{name}"] = messages
        if self.general:
            flat["__all__"] = self.general
        if self.asked:
            flat[CONFIRM_FIELD] = [MSG_CONFIRM]
        return ValidationError(flat)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def id_holder_message(*, actor: Any, holder: Member) -> str:
    """Say which household holds an ID number, but only if the actor may see that household."""
    # The scope itself (a grid-limited cadre is not told of a household in another grid of the village).
    if Member.objects.visible_to(actor).filter(pk=holder.pk).exists():
        return MSG_ID_IN_HOUSEHOLD.format(number=holder.household.number, head=holder.household.head_name or "—")
    return MSG_ID_ELSEWHERE


def deceased_holder_message(*, actor: Any, holder: Member) -> str:
    """The ID number of a deceased member, typed for a living one: which household, when (within the actor's scope)."""
    on = f"{holder.status_changed_on:%Y-%m-%d}" if holder.status_changed_on else DATE_NOT_GIVEN
    if Member.objects.visible_to(actor).filter(pk=holder.pk).exists():
        head = holder.household.head_name or "—"
        return MSG_ID_DECEASED.format(number=holder.household.number, head=head, name=holder.name, on=on)
    return MSG_ID_DECEASED_ELSEWHERE.format(on=on)


def clean_member_rows(
    *,
    actor: Any,
    rows: list[dict[str, Any]],
    today: dt.date | None = None,
    exclude_member_ids: set[int] | None = None,
    confirm_unusual: bool = False,
    check_ages: bool = True,
    check_enrolment: bool = True,
    changed: Collection[str] | None = None,
) -> tuple[list[dict[str, Any]], MemberErrors]:
    """Validate member rows of one household; return them with id_number normalised and sex/birth_date derived.

    Checks each row (ID number, disability grade, spouse age) and the set (one head, no duplicate IDs, no ID
    already held by a living or deceased member elsewhere). A row with a "pk" is a member already registered in the
    household (adding or editing one member checks it against the others). Ages that do not fit the relations are
    asked about unless `confirm_unusual`; not looked at without `check_ages` (households.services.relation_ages). So
    is a school-age child of a row being written registered as 非在校生, unless not `check_enrolment`
    (households.services.school_age). A row being written keeps the data logic of households.member_rules (the
    rules of 数据逻辑校验) unless `changed`, the fields an edit changes, include none that a rule reads."""
    today = today or timezone.localdate()
    errors = MemberErrors()
    cleaned: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(rows):
        row = dict(raw)
        row["name"] = normalize_name(str(row.get("name", "")))
        if not row["name"]:
            errors.add(index, "name", MSG_NAME_REQUIRED)
        # A name typed now (households.names), not a member's on file: an old record stays editable.
        elif not row.get("pk") and (changed is None or "name" in changed) and (message := name_error(row["name"])):
            errors.add(index, "name", message)
        if row.get("ethnicity"):
            row["ethnicity"] = normalize_ethnicity(str(row["ethnicity"]))  # "汉" is stored as "汉族"
        # A value typed now, not a member's on file: an old record naming no group stays valid while it is kept.
        ethnicity_typed = not row.get("pk") and (changed is None or "ethnicity" in changed)
        if ethnicity_typed and "ethnicity" in row and row["ethnicity"] not in ETHNICITIES:
            errors.add(index, "ethnicity", MSG_ETHNICITY.format(value=str(row["ethnicity"])[:20]))
        # Checks that do not read the ID number: said with a mistyped one, not after it is corrected.
        if row.get("health") == Health.DISABLED and not row.get("disability_grade"):
            errors.add(index, "disability_grade", MSG_DISABILITY_GRADE)
        if row.get("health") != Health.DISABLED and row.get("disability_grade"):
            errors.add(index, "disability_grade", MSG_GRADE_NOT_DISABLED)
        months = row.get("employment_months") or 0
        if not 0 <= int(months) <= 12:
            errors.add(index, "employment_months", MSG_MONTHS_RANGE)
        insurance_typed = not row.get("pk") and (changed is None or bool(INSURANCE_FIELDS & set(changed)))
        if insurance_typed and row.get("medical_insurance") and row.get("employee_medical_insurance"):
            errors.add(index, "employee_medical_insurance", MSG_TWO_SCHEMES)
        number = idnumber.normalize(str(row.get("id_number") or ""))
        if (row.get("pk") and not number) or (not row.get("pk") and row.get(NO_ID_FIELD)):
            # 暂无身份证号 (households.services.newborn): a baby on file, or one typed now, with a typed sex and birth
            # date; it holds no number, so meets no other row's.
            problems = [] if row.get("pk") else without_number_errors(row, number=number, today=today, changed=changed)
            for name, message in problems:
                errors.add(index, name, message)
            row["id_number"] = ""
            if problems:
                cleaned.append(row)
                continue
            sex, birth = str(row["sex"]), row["birth_date"]
        else:
            try:
                if not number:
                    raise ValidationError(MSG_ID_REQUIRED)
                # A number on file (a member's not being changed) is not refused for its province code: an imported
                # one is listed by the data check instead, and must not block editing the household.
                typed = not row.get("pk") and (changed is None or "id_number" in changed)
                info = idnumber.parse(number, today=today, known_region=typed)
                # A number given for a member registered without one agrees with the sex and birth date typed then.
                problems = [] if row.get("pk") else typed_mismatch(row, info)
            except ValidationError as error:
                problems = [("id_number", error.messages[0])]
            if problems:
                for name, message in problems:
                    errors.add(index, name, message)
                cleaned.append(row)
                continue
            row["id_number"], row["sex"], row["birth_date"] = info.number, info.sex, info.birth_date
            sex, birth = info.sex, info.birth_date
            if info.number in seen:
                # A row read from the household (it has its pk) is a member already registered, not a typed row.
                earlier = rows[seen[info.number]]
                message = MSG_ID_OF_MEMBER.format(name=earlier["name"]) if earlier.get("pk") else MSG_DUPLICATE_IN_FORM
                errors.add(index, "id_number", message)
            seen[info.number] = index
        if row.get("relation") == Relation.SPOUSE and age_on(birth, today) < 16:
            errors.add(index, "relation", MSG_SPOUSE_UNDER_16)
        # The row being written, not the household's members already on file (a record from before this rule is
        # found by the data check 与户主关系与性别不符, and must not block adding someone else).
        relation = str(row.get("relation") or "")
        if not row.get("pk") and (message := relation_sex_message(relation, sex, typed=not row["id_number"])):
            errors.add(index, "relation", message)
        for _, name, message in [] if row.get("pk") else member_rule_errors(row, today=today, changed=changed):
            errors.add(index, name, message)
        cleaned.append(row)

    heads = [i for i, row in enumerate(cleaned) if row.get("relation") == Relation.HEAD]
    if not heads:
        errors.general.append(MSG_NO_HEAD)
    elif len(heads) > 1:
        errors.general.append(MSG_TWO_HEADS.format(rows="、".join(str(i + 1) for i in heads)))

    _check_spouses(cleaned, changed, errors)
    _check_spouse_sex(cleaned, changed, errors)
    if seen:
        _check_holders(actor, seen, exclude_member_ids or set(), errors)
    for unusual in relation_age_warnings(cleaned, today=today) if check_ages else []:
        if confirm_unusual:
            errors.confirmed.append(unusual.message)
        else:
            errors.add(unusual.index, unusual.field, unusual.message)
            errors.asked.append(unusual.message)
    for index, row in enumerate(cleaned if check_enrolment else []):
        # A row with its pk is a member on file, not being written: an old record does not stop adding another.
        if not row.get("pk") and (message := not_enrolled_message(row, today=today)):
            if confirm_unusual:
                errors.confirmed.append(message)
            else:
                errors.add(index, "student_stage", message)
                errors.asked.append(message)
    return cleaned, errors


def _check_spouses(rows: list[dict[str, Any]], changed: Collection[str] | None, errors: MemberErrors) -> None:
    """A 配偶 being written (no pk, its relation typed now) after another row that is 配偶: refused at its relation.
    The rows are the household's living members, then the one being written (or a new household's rows, all typed).
    Members on file are not held against each other: an imported household with two stays editable, and the data
    check 一户登记有两名及以上配偶 lists it."""
    if changed is not None and "relation" not in changed:
        return
    first: dict[str, Any] | None = None
    for index, row in enumerate(rows):
        if row.get("relation") != Relation.SPOUSE:
            continue
        if first is not None and not row.get("pk"):
            errors.add(index, "relation", MSG_SECOND_SPOUSE.format(name=first["name"]))
        first = first if first is not None else row


def _check_spouse_sex(rows: list[dict[str, Any]], changed: Collection[str] | None, errors: MemberErrors) -> None:
    """A 配偶 being written of the head's own sex: refused at its relation. A row whose ID number was refused has no
    sex from it and is not compared; records on file are listed by the data check 配偶与户主性别相同."""
    if changed is not None and not {"relation", "id_number", "sex"} & set(changed):
        return
    heads = [i for i, row in enumerate(rows) if row.get("relation") == Relation.HEAD]
    if len(heads) != 1 or "id_number" in errors.rows.get(heads[0], {}):
        return
    head = rows[heads[0]]
    for index, row in enumerate(rows):
        if row.get("pk") or "id_number" in errors.rows.get(index, {}):
            continue
        relation, sex = str(row.get("relation") or ""), str(row.get("sex") or "")
        if message := spouse_sex_message(relation, sex, head_name=head["name"], head_sex=str(head.get("sex") or "")):
            errors.add(index, "relation", message)


def head_spouse_sex_message(*, household: Any, relation: str, sex: str) -> str:
    """The refusal of a member of the living head's own sex made 配偶 of `household` (moved in, restored), or ""."""
    if relation != Relation.SPOUSE:
        return ""
    head = household.members.filter(living_status=LivingStatus.LIVING, relation=Relation.HEAD).first()
    return spouse_sex_message(relation, sex, head_name=head.name, head_sex=head.sex) if head is not None else ""


def second_spouse_message(*, household: Any, relation: str, member: Member | None = None) -> str:
    """The refusal of a member (other than `member`) made 配偶 of a household that has a living 配偶 already, or "":
    a member restored to the living or moved in from another household, as clean_member_rows holds for one typed."""
    if relation != Relation.SPOUSE:
        return ""
    spouse = household.members.filter(living_status=LivingStatus.LIVING, relation=Relation.SPOUSE)
    spouse = spouse.exclude(pk=member.pk).first() if member is not None else spouse.first()
    return MSG_SECOND_SPOUSE.format(name=spouse.name) if spouse is not None else ""


def _check_holders(actor: Any, seen: dict[str, int], excluded: set[int], errors: MemberErrors) -> None:
    """An ID number held by a living member, or a deceased one, outside the rows: one message per number. A number
    the excluded members (those being edited) hold already is not held against them: a living member registered
    with a deceased one's number before this rule can still be edited."""
    kept = set(Member.objects.filter(pk__in=excluded).values_list("id_number", flat=True)) if excluded else set()
    holders = (
        Member.objects.filter(id_number__in=seen, living_status__in=ID_HOLDING_STATUSES)
        .exclude(pk__in=excluded)
        .select_related("household")
        .order_by("id_number", "pk")
    )
    said: set[str] = set()
    # The living holder first: the number is then simply taken; a deceased one is said only when none lives.
    for holder in sorted(holders, key=lambda m: m.living_status != LivingStatus.LIVING):
        if holder.id_number in said:
            continue
        if holder.living_status == LivingStatus.LIVING:
            message = id_holder_message(actor=actor, holder=holder)
        elif holder.id_number in kept:
            continue
        else:
            message = deceased_holder_message(actor=actor, holder=holder)
        said.add(holder.id_number)
        errors.add(seen[holder.id_number], "id_number", message)
