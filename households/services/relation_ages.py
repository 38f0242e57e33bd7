"""Ages that do not fit the relations to the head: an 11-year-old head with a spouse of 46, a 之子 older than the
head, a 6-year-old split off as a household of their own (review rev-cadre finding 8).

Each can be true (an orphan heads a household, a step-family, a typing slip in a birth year is the likelier cause),
so none is refused: the household and member forms and the split ask first, and the cadre confirms with "仍要保存"
(households.services.confirm)."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from households import idnumber
from households.choices import Relation, Sex
from households.models import Member

ADULT_AGE = 18
SPOUSE_REFUSED_BELOW = 16
# 民法典第一千零四十七条: 结婚年龄，男不得早于二十二周岁，女不得早于二十周岁.
MARRIAGE_AGE = {Sex.MALE.value: 22, Sex.FEMALE.value: 20}
R = Relation
# Born after the head, as the relation says (a child, a child's spouse, a grandchild) or before (a parent, a
# parent-in-law, a grandparent).
YOUNGER_GENERATIONS = {
    R.SON,
    R.DAUGHTER,
    R.SON_IN_LAW,
    R.DAUGHTER_IN_LAW,
    R.GRANDSON,
    R.GRANDDAUGHTER,
    R.DAUGHTERS_SON,
    R.DAUGHTERS_DAUGHTER,
}
OLDER_GENERATIONS = {
    R.FATHER,
    R.MOTHER,
    R.WIFES_FATHER,
    R.WIFES_MOTHER,
    R.HUSBANDS_FATHER,
    R.HUSBANDS_MOTHER,
    R.GRANDFATHER,
    R.GRANDMOTHER,
    R.MATERNAL_GRANDFATHER,
    R.MATERNAL_GRANDMOTHER,
}

MSG_MINOR_HEAD_SPOUSE = "户主{head}未满18周岁（{age}岁），却登记有配偶{name}，请核对两人的身份证号和与户主关系。"
MSG_UNDER_MARRIAGE_AGE = "{role}{name}{age}岁，未到法定婚龄（{sex}{minimum}周岁），请核对身份证号和与户主关系。"
MSG_OLDER_THAN_HEAD = "{name}（{year}年生）与户主关系为“{relation}”，却比户主{head}（{head_year}年生）年长，请核对。"
MSG_YOUNGER_THAN_HEAD = "{name}（{year}年生）与户主关系为“{relation}”，却比户主{head}（{head_year}年生）年幼，请核对。"
MSG_MINOR_NEW_HEAD = "新户主{name}未满18周岁（{age}岁）。未成年人单独立户（如孤儿）须核实，请核对后再分户。"
MSG_MINOR_HEAD_CHANGE = (
    "新户主{name}未满18周岁（{age}岁）。由未成年人担任户主（如父母均已去世）须核实，请核对后再保存。"
)


@dataclass(frozen=True)
class Unusual:
    """One thing to ask about: the row (index in the rows given) and the field it is said at."""

    index: int
    field: str
    message: str


def _age(row: Mapping[str, Any], today: dt.date) -> int:
    birth: dt.date = row["birth_date"]
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _named(row: Mapping[str, Any]) -> str:
    return str(row.get("name") or "")


def relation_age_warnings(
    rows: Sequence[Mapping[str, Any]], *, today: dt.date | None = None, split: bool = False, head_change: bool = False
) -> list[Unusual]:
    """What to ask about the rows of one household (each: name, relation, sex, birth_date; rows whose ID number did
    not parse have no birth_date and are skipped). A pair of a head and a member both already registered (both rows
    carry "pk") is not asked about again: a record from before this rule must not be asked about at every edit.
    `split`: the rows are a household split off (分户), whose new head under 18 is asked about too; `head_change`:
    the rows are a household after its head changed (更换户主, a head's death or move), the same."""
    today = today or timezone.localdate()
    dated = [(i, row) for i, row in enumerate(rows) if row.get("birth_date")]
    heads = [(i, row) for i, row in dated if row.get("relation") == Relation.HEAD]
    if len(heads) != 1:
        return []  # no head, or two: the member rules refuse that already
    head_index, head = heads[0]
    found: list[Unusual] = []
    if (split or head_change) and _age(head, today) < ADULT_AGE:
        template = MSG_MINOR_NEW_HEAD if split else MSG_MINOR_HEAD_CHANGE
        found.append(Unusual(head_index, "relation", template.format(name=_named(head), age=_age(head, today))))
    for index, row in dated:
        if index == head_index or (row.get("pk") and head.get("pk")):
            continue
        message = _pair_message(head, row, today)
        if message:
            found.append(Unusual(index, "relation", message))
    return found


def _pair_message(head: Mapping[str, Any], row: Mapping[str, Any], today: dt.date) -> str:
    relation = row.get("relation")
    head_born, born = head["birth_date"], row["birth_date"]
    if relation == Relation.SPOUSE:
        if _age(head, today) < ADULT_AGE:
            return MSG_MINOR_HEAD_SPOUSE.format(head=_named(head), age=_age(head, today), name=_named(row))
        for role, person in (("配偶", row), ("户主", head)):
            minimum = MARRIAGE_AGE.get(str(person.get("sex") or ""))
            # A spouse under 16 is refused outright (households.services.members MSG_SPOUSE_UNDER_16).
            if minimum is not None and SPOUSE_REFUSED_BELOW <= _age(person, today) < minimum:
                sex = Sex(person["sex"]).label
                return MSG_UNDER_MARRIAGE_AGE.format(
                    role=role, name=_named(person), age=_age(person, today), sex=sex, minimum=minimum
                )
        return ""
    template = ""
    if relation in YOUNGER_GENERATIONS and born < head_born:
        template = MSG_OLDER_THAN_HEAD
    elif relation in OLDER_GENERATIONS and born > head_born:
        template = MSG_YOUNGER_THAN_HEAD
    if not template:
        return ""
    return template.format(
        name=_named(row),
        year=born.year,
        relation=Relation(relation).label,
        head=_named(head),
        head_year=head_born.year,
    )


def split_warnings(members: Sequence[Member], relations: Mapping[int, str]) -> list[Unusual]:
    """What to ask about a household split off: `members` with their `relations` to the new head, by pk."""
    rows = [{"name": m.name, "relation": relations[m.pk], "sex": m.sex, "birth_date": m.birth_date} for m in members]
    return relation_age_warnings(rows, split=True)


def head_change_warnings(new_head: Member, remaining: Sequence[Member], relations: Mapping[int, str]) -> list[Unusual]:
    """What to ask about a household whose head changes: `new_head` (row 0) and the `remaining` living members
    (rows 1…) with their `relations` to the new head, by pk. Every relation is given anew, so every pair is asked
    about, as a split's (households.services.head_change, member_status)."""
    people = [(new_head, Relation.HEAD.value), *[(m, relations.get(m.pk, "")) for m in remaining]]
    rows = [{"name": m.name, "relation": relation, "sex": m.sex, "birth_date": m.birth_date} for m, relation in people]
    return relation_age_warnings(rows, head_change=True)


def ages_may_change(member: Member, data: Mapping[str, Any]) -> bool:
    """Whether an edit of `member` may make the ages unfit the relations: a new relation or ID number (the birth
    date). Another edit (a health update from an alert's verification) is not stopped by a question about an old
    record."""
    new_id = idnumber.normalize(str(data.get("id_number", member.id_number)))
    # A baby without a number (households.services.newborn) has its birth date typed: a correction of it too.
    new_birth = data.get("birth_date", member.birth_date)
    return (
        data.get("relation", member.relation) != member.relation
        or new_id != member.id_number
        or new_birth != member.birth_date
    )
