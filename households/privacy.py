"""Who sees personal numbers in full (DOMAIN.md "Privacy"): those who keep the registry (village cadres, township
and county staff with the registry's edit capability) see ID numbers and phones in full; read-only roles (officials,
the county leading group) see them masked, 3604**********123X and 138****1234. Pages, ledgers and the API all ask
here, so that no way in shows more than another.

A masked ID number hides digits 5–14, and digits 7–14 are the birth date: shown beside the mask, the full birth
date (with the county code and the check digit) gives the whole number back. So wherever the number is masked, the
birth date is shown only as the age or the birth year. The same holds for the household's history and the audit
log, which record old and new values of these fields."""

import datetime as dt
import re
from typing import Any

from django.db.models import Case, CharField, F, Value, When
from django.utils import timezone

from accounts.permissions import user_can
from accounts.roles import Capability
from households.choices import VisitKind
from households.idnumber import check_char, mask
from households.services.members import age_on

# An ID number or a mobile number inside free text (a note, a summary), not part of a longer run of digits.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ISO_YEAR = re.compile(r"^(\d{4})-\d{2}-\d{2}")


def sees_personal_numbers(user: Any) -> bool:
    return user_can(user, Capability.REGISTRY_EDIT)


def mask_phone(number: str) -> str:
    if not number:
        return number
    return number[:3] + "****" + number[-4:] if len(number) >= 7 else "****"


def shown_id_number(user: Any, number: str) -> str:
    return number if not number or sees_personal_numbers(user) else mask(number)


def shown_phone(user: Any, number: str) -> str:
    return number if sees_personal_numbers(user) else mask_phone(number)


def birth_year(value: dt.date | str | None) -> str:
    """1981-02-28 → "1981年": what is shown of a birth date beside a masked ID number."""
    if isinstance(value, dt.date):
        return f"{value.year}年"
    matched = _ISO_YEAR.match(value or "")
    return f"{matched.group(1)}年" if matched else ""


def shown_birth(user: Any, birth: dt.date | None, *, today: dt.date | None = None) -> str:
    """The birth date (1981-02-28) for those who see the ID number in full, else the age (44岁)."""
    if birth is None:
        return ""
    if sees_personal_numbers(user):
        return f"{birth:%Y-%m-%d}"
    return f"{age_on(birth, today or timezone.localdate())}岁"


# A member's health (健康状况, the disability's grade and kind) is sensitive personal information (PIPL art. 28,
# DOMAIN.md "Privacy"): read-only roles read counts on the dashboard, not who is ill or disabled. Pages, the API
# and the member ledger (reports.ledgers.base.Column.health) hide the same three fields.
HEALTH_FIELDS = ("health", "disability_grade", "disability_type")
HEALTH_HIDDEN = "（已隐去）"


def sees_health(user: Any) -> bool:
    return sees_personal_numbers(user)


def shown_health(user: Any, member: Any) -> str:
    """健康状况 with the disability's grade and kind (残疾（一级肢体残疾）), or the hidden mark."""
    if not sees_health(user):
        return f"健康状况{HEALTH_HIDDEN}"
    text = member.get_health_display()
    if member.disability_grade:
        text += f"（{member.get_disability_grade_display()}{member.disability_type}）"
    return text


# The serious-illness screening rule's reason names the members (screening.engine._serious_illness_uninsured:
# "家庭成员 魏志金、钱妹 患有大病且未参加基本医疗保险"); the stored text keeps the names, which the village needs to
# visit. Up to the first "；" (reasons are joined with it in a ledger cell) and the " 患有大病" that ends the list.
_ILL_MEMBERS_IN_TEXT = re.compile(r"家庭成员 ([^；]+?) 患有大病")
MSG_ILL_MEMBERS = "{n} 名家庭成员患有大病"


def hide_health_in_text(text: str) -> str:
    """Free text with the names of members said to be ill replaced by how many they are ("1 名家庭成员患有大病
    且未参加基本医疗保险"): the same rule as the hidden health fields, for text that quotes them."""
    if not text:
        return text
    return _ILL_MEMBERS_IN_TEXT.sub(lambda found: MSG_ILL_MEMBERS.format(n=len(found.group(1).split("、"))), text)


def shown_health_text(user: Any, text: str) -> str:
    """Free text that may name an ill member (a screening reason) as the viewer may read it."""
    return text if sees_health(user) else hide_health_in_text(text)


def shown_birth_date(user: Any, birth: dt.date | None) -> dt.date | None:
    """The birth date for those who see the ID number in full; None for the others (they read the birth year)."""
    return birth if sees_personal_numbers(user) else None


def mask_numbers_in_text(text: str) -> str:
    """Free text with any valid ID number and any mobile number in it masked."""
    if not text:
        return text

    def id_number(found: re.Match[str]) -> str:
        number = found.group(0).upper()
        return mask(number) if check_char(number[:17]) == number[17] else found.group(0)

    text = _ID_IN_TEXT.sub(id_number, text)
    return _MOBILE_IN_TEXT.sub(lambda found: mask_phone(found.group(0)), text)


def masked_value(field: str, value: Any) -> Any:
    """A recorded value of `field` (a history row's old or new value, an audit record's entry) as a role that sees
    personal numbers masked reads it: ID numbers and phones masked, a birth date by its year, other text with any
    number in it masked."""
    if value is None or value == "":
        return value
    if isinstance(value, dict):
        return {name: masked_value(name, item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [masked_value(field, item) for item in value]
    if not isinstance(value, str | dt.date):
        return value
    if field == "id_number" or field.endswith("_id_number"):
        return mask(str(value))
    if field == "phone" or field.endswith("_phone"):
        return mask_phone(str(value))
    if field == "birth_date" or field.endswith("_birth_date"):
        return birth_year(value)
    return mask_numbers_in_text(value) if isinstance(value, str) else value


def shown_changes(user: Any, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A history row's changes ({field, label, old, new}) as the viewer may read them."""
    if not changes or sees_personal_numbers(user):
        return changes
    return [
        {
            **change,
            "old": masked_value(change.get("field", ""), change.get("old")),
            "new": masked_value(change.get("field", ""), change.get("new")),
        }
        for change in changes
    ]


def shown_text(user: Any, text: str) -> str:
    """Free text (a history row's summary) as the viewer may read it."""
    return text if sees_personal_numbers(user) else mask_numbers_in_text(text)


# A visit's notes (走访情况) are what the visitor found in the home, often an illness (因病): "妻子乳腺癌化疗中". A
# visit that verified a department alert quotes the department's row (a diagnosis, a medical bill, a disability:
# alerts.services.verification), a self-application's 入户核实 the farmer's 困难情况 (workflow.services.applications),
# and any of them an ID number or a relative's phone. A diagnosis cannot be told from other words
# (workflow.application_privacy), so those who may not read members' health read no visit's notes, of any kind, as
# they read no alert's detail: the kind, the date, the findings and the risk types stay. Those who read health with
# numbers masked read the notes with any ID number and mobile number masked (shown_text). The page, the API and the
# 走访台账 (visit_notes_expression) read the notes through here.
MSG_ALERT_VISIT_NOTES = "（核实部门预警的走访，详情已隐去）"
MSG_VISIT_NOTES_HIDDEN = "（走访情况已隐去：可能涉及健康状况等个人敏感信息，仅办理的工作人员可见）"
# What stands for the hidden notes of a visit of that kind; MSG_VISIT_NOTES_HIDDEN for the others.
HIDDEN_NOTES_BY_KIND = {VisitKind.ALERT: MSG_ALERT_VISIT_NOTES}


def shown_visit_notes(user: Any, kind: str, notes: str) -> str:
    """A visit's notes as the viewer may read them ("" stays "")."""
    if not notes:
        return notes
    if not sees_health(user):
        return HIDDEN_NOTES_BY_KIND.get(kind, MSG_VISIT_NOTES_HIDDEN)
    return shown_text(user, notes)


def visit_notes_expression(user: Any) -> F | Case:
    """shown_visit_notes in SQL, on Visit, for a ledger read through a server-side cursor: the notes hidden from those
    who may not read health. A ledger column of them masks the numbers for those who read them masked
    (reports.ledgers.base.Column.numbers_in_text calls mask_numbers_in_text, on shown_text's rule)."""
    if sees_health(user):
        return F("notes")
    return Case(
        When(notes="", then=Value("")),
        *(When(kind=kind, then=Value(message)) for kind, message in HIDDEN_NOTES_BY_KIND.items()),
        default=Value(MSG_VISIT_NOTES_HIDDEN),
        output_field=CharField(),
    )
