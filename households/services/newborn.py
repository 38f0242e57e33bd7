"""暂无身份证号: a baby born weeks ago has no 身份证号 until its 户口 is registered, yet belongs in the household's
member list (its size divides the income per head, and the screening reads it). Such a member is registered with
id_number "" and the sex and birth date typed (for everyone else they are read from the number); only a baby under
one year old at entry. When the number comes, it is checked as any number is, and must agree with the sex and birth
date typed. The data check 暂无身份证号的成员 (households.data_checks) lists who still has none.

A blank number names no one: it never matches in a search, a feed's rows (alerts.ingest) or the one-living-holder
rule (households.models.Member's constraint)."""

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from households.choices import Sex
from households.idnumber import IdInfo

NO_ID_FIELD = "no_id_number"
# Said wherever a member's number is shown (pages, prints, ledgers) when there is none.
NO_ID_SHOWN = "暂无"
NO_ID_LABEL = "暂无身份证号（一周岁以下未落户的婴儿）"
# What a row without a number carries besides the flag: typed, not read from a number.
TYPED_FIELDS = ("sex", "birth_date")
# The fields whose change asks the age rule again: a baby's record is edited later (its health, say) without being
# refused for having grown past one year; the data check chases those.
AGE_RULE_FIELDS = ("birth_date", "id_number", NO_ID_FIELD)

MSG_NO_ID_AGE = "暂无身份证号仅限一周岁以下未落户的婴儿，请填写身份证号。"
MSG_ID_REQUIRED = "请填写身份证号；一周岁以下未落户的婴儿可勾选“暂无身份证号”，并填写性别和出生日期。"
MSG_ID_AND_NO_ID = "已勾选“暂无身份证号”，请清空身份证号，或取消勾选后填写身份证号。"
MSG_SEX_REQUIRED = "暂无身份证号时请选择性别。"
MSG_BIRTH_REQUIRED = "暂无身份证号时请填写出生日期。"
MSG_BIRTH_FUTURE = "出生日期晚于今天，请核对。"
MSG_ID_BIRTH_MISMATCH = (
    "身份证号中的出生日期为 {id:%Y-%m-%d}，与登记的出生日期 {typed:%Y-%m-%d} 不符，请核对身份证号；"
    "如登记的出生日期有误，请先勾选“暂无身份证号”更正出生日期后再填写身份证号。"
)
MSG_ID_SEX_MISMATCH = (
    "身份证号显示为{id}性（第17位单数为男、双数为女），与登记的性别“{typed}”不符，请核对身份证号；"
    "如登记的性别有误，请先勾选“暂无身份证号”更正性别后再填写身份证号。"
)


def member_input(data: Mapping[str, Any], fields: Collection[str]) -> dict[str, Any]:
    """What a form or the API passes to the member services: the input `fields`, and the 暂无身份证号 flag when given,
    with the sex and birth date typed only when it is set (otherwise they are the number's)."""
    values = {name: value for name, value in data.items() if name in fields}
    if NO_ID_FIELD in data:
        values[NO_ID_FIELD] = bool(data[NO_ID_FIELD])
        if values[NO_ID_FIELD]:
            values.update({name: data[name] for name in TYPED_FIELDS if name in data})
    return values


def on_file(member: Any) -> dict[str, Any]:
    """A member without a number as an edit starts from: the flag set, the sex and birth date typed at entry (the
    number given later must agree with them). {} for a member with a number."""
    if member.id_number:
        return {}
    return {NO_ID_FIELD: True, "sex": member.sex, "birth_date": member.birth_date}


def under_one(birth: dt.date, today: dt.date) -> bool:
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return birth > year_ago


def without_number_errors(
    row: Mapping[str, Any], *, number: str, today: dt.date, changed: Collection[str] | None
) -> list[tuple[str, str]]:
    """(field, message) of a row being written with 暂无身份证号 set: no number typed beside it, a sex and a birth date
    given, a baby under one year (asked when the birth date or the flag is typed now, not on another edit)."""
    if number:
        return [("id_number", MSG_ID_AND_NO_ID)]
    errors = []
    if row.get("sex") not in Sex.values:
        errors.append(("sex", MSG_SEX_REQUIRED))
    birth = row.get("birth_date")
    if not isinstance(birth, dt.date):
        return [*errors, ("birth_date", MSG_BIRTH_REQUIRED)]
    if birth > today:
        errors.append(("birth_date", MSG_BIRTH_FUTURE))
    elif (changed is None or set(changed) & set(AGE_RULE_FIELDS)) and not under_one(birth, today):
        errors.append(("id_number", MSG_NO_ID_AGE))
    return errors


def typed_mismatch(row: Mapping[str, Any], info: IdInfo) -> list[tuple[str, str]]:
    """A number given for a member registered without one: it must agree with the sex and birth date typed then."""
    errors = []
    typed_birth, typed_sex = row.get("birth_date"), row.get("sex")
    if isinstance(typed_birth, dt.date) and typed_birth != info.birth_date:
        errors.append(("id_number", MSG_ID_BIRTH_MISMATCH.format(id=info.birth_date, typed=typed_birth)))
    if typed_sex in Sex.values and typed_sex != info.sex:
        errors.append(("id_number", MSG_ID_SEX_MISMATCH.format(id=Sex(info.sex).label, typed=Sex(typed_sex).label)))
    return errors


NO_ID_NOTE = "暂无身份证号"


def id_number_note(before: str | None, member: Any) -> str:
    """What a member's history row adds about the number: registered without one (its sex and birth date typed),
    given one later, or made without one. `before`: the number before an edit, None for a new member."""
    if before is None:
        return "，暂无身份证号（性别、出生日期为手工填写）" if not member.id_number else ""
    if not before and member.id_number:
        return "，补录身份证号"
    if before and not member.id_number:
        return "，改为暂无身份证号（性别、出生日期为手工填写）"
    return ""
