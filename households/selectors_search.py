"""Finding a household by what a cadre has at hand: a name, a household number (its own, or one it gave up), or an
ID number, whole or in part (a farmer on the phone, or a department's list, often gives only the last digits; a phone
keyboard drops one).
The household list (households.selectors.household_list), its API and the 迁入他户 pick list all search here."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Reverse
from django.db.models.lookups import StartsWith

from households import idnumber
from households.choices import RegionLevel
from households.models import Member, Region, RetiredNumber
from households.privacy import shown_id_number
from households.services.household_rules import NUMBER_SEQUENCE_DIGITS
from households.services.id_search import id_search_begin, id_search_refusal

MSG_ID_HINT = "请输入完整的18位身份证号或后4位以上"
# A search by a number that found no one: said alike whether the person is registered in another village or nowhere
# (the actor learns nothing of the registry outside their scope); the number as the actor sees numbers (masked for
# a read-only role). The templates end these sentences with "。".
MSG_ID_NOT_FOUND = "档案中没有身份证号为 {number} 的人员，或不在您的管辖范围内"
MSG_ID_END_NOT_FOUND = "档案中没有身份证号后{count}位为 {part} 的人员，或不在您的管辖范围内"
MSG_ID_PART_NOT_FOUND = "档案中没有身份证号开头或末尾为 {part} 的人员，或不在您的管辖范围内"
# A whole 户编号 (number_shaped) that found nothing: a household's number, current or given up, never an ID fragment.
MSG_NUMBER_NOT_FOUND = "没有户编号或原户编号为 {number} 的农户符合条件，或不在您的管辖范围内"
# What the search boxes that take people's numbers can be given: the household list (under its box), 我的任务 and
# 全部案件 (under an empty result); each finds a 户编号 by its last 4+ digits too, and a number a household gave up
# (原户编号, RetiredNumber) alike, since both search through household_match.
SEARCH_HELP = (
    "可按户主或家庭成员姓名、身份证号（完整18位或后4位以上）、户编号（完整或后4位以上）查找，"
    "整户迁移或修改过户编号的农户也可按原户编号查找"
)
ID_LENGTH = 18
SUFFIX_MIN = 4  # the last 4 digits: a few dozen people in a county of 500,000
PREFIX_MIN = 6  # from the county's division code on
# Digits, the check character X possibly last: a query that is an ID number or a part of one.
_ID_PART = re.compile(r"^\d*[\dX]$")
# The end of a 户编号 (village code + 4-digit sequence): what a cadre reads off a farmer's card, as with an ID number.
_NUMBER_END = re.compile(rf"^[0-9]{{{SUFFIX_MIN},}}$")
VILLAGE_CODE_LENGTH = 12
NUMBER_LENGTH = VILLAGE_CODE_LENGTH + NUMBER_SEQUENCE_DIGITS


def id_part(q: str) -> str:
    """The query as a part of an ID number (full-width digits and a lower-case x accepted), or "" if it is not one."""
    part = idnumber.normalize(q)
    return part if _ID_PART.match(part) and "X" not in part[:-1] else ""


def number_shaped(q: str) -> bool:
    """Whether the query is a whole 户编号 as the county's are made: a village's 12-digit code in the region tree and a
    4-digit sequence. Read as a household's number, never as 16 digits of somebody's ID number (which, for a role
    that reads ID numbers masked, would be refused as a partial ID search)."""
    digits = idnumber.normalize(q or "")
    if len(digits) != NUMBER_LENGTH or not digits.isdigit():
        return False
    return Region.objects.filter(level=RegionLevel.VILLAGE, code=digits[:VILLAGE_CODE_LENGTH]).exists()


def _own_number(digits: str) -> Q:
    # The reversed number's prefix: the index on it (migration 0025) answers a whole number and its last digits.
    return Q(StartsWith(Reverse("number"), digits[::-1]))


def _given_up(digits: str) -> Q:
    """The numbers households gave up (RetiredNumber: 整户迁移, 修改户编号) that are the query or end with it. A whole
    number is read through the unique index; an ending scans the table, a few rows per renumbered household."""
    return Q(number=digits) if len(digits) >= NUMBER_LENGTH else Q(number__endswith=digits)


def household_match(q: str) -> Q:
    """The households whose 户编号 is the query, or, for 4 digits or more, ends with it (read through the index on the
    reversed number, migration 0025), or whose number given up (原户编号, still on the 明白卡, the 基础信息采集表 and
    the ledgers sent) is or ends with it; or whose head's name holds it (not for digits: a name has none).
    The households that gave up a matching number are read here, in one small query, and named by id: a subquery
    under the OR would keep PostgreSQL from reading the reversed number's index (a scan of the county's households
    for the case search, workflow.selectors), where a list of ids joins it in a BitmapOr."""
    digits = idnumber.normalize(q)
    if _NUMBER_END.match(digits):
        former = list(RetiredNumber.objects.filter(_given_up(digits)).values_list("household_id", flat=True))
        return _own_number(digits) | Q(pk__in=former) if former else _own_number(digits)
    return Q(number=q) | Q(head_name__contains=q)


def former_number(q: str) -> Case | Value:
    """For an annotation of the households a search lists: the number given up that the query found the household
    by (原户编号), NULL when its own number matches too or the query is no number. Computed for the rows shown
    only (a correlated subquery on the retired numbers' household index), never for the whole scope."""
    digits = idnumber.normalize(q or "")
    if not _NUMBER_END.match(digits):
        return Value(None, output_field=CharField())
    given_up = RetiredNumber.objects.filter(_given_up(digits), household=OuterRef("pk")).order_by("-retired_at")
    return Case(
        When(_own_number(digits), then=Value(None)),
        default=Subquery(given_up.values("number")[:1]),
        output_field=CharField(),
    )


def member_match(actor: Any, q: str) -> QuerySet[Member]:
    """The members in the actor's scope whom the query names: the whole ID number; its last 4–17 characters or its
    first 6–17 digits; otherwise (not digits) the name. Suffixes read the index on the reversed number (migration
    0011), prefixes the number's own pattern index, so neither scans a county's members."""
    members = Member.objects.visible_to(actor)
    part = id_part(q)
    if part and not id_search_begin(actor, part):
        return members.none()  # a masked role's partial or over-limit search (households.services.id_search)
    if len(part) == ID_LENGTH:
        return members.filter(id_number=part)
    if len(part) >= SUFFIX_MIN:
        found = Q(id_reversed__startswith=part[::-1])
        if len(part) >= PREFIX_MIN:
            found |= Q(id_number__startswith=part)
        return members.alias(id_reversed=Reverse("id_number")).filter(found)
    if part:
        return members.none()  # 1–3 digits name too many people to list
    return members.filter(name__contains=q)


def id_query_problem(actor: Any, q: str) -> str:
    """Why a query that looks like (part of) an ID number cannot find anyone, whatever the registry holds: more than
    a masked role may search by, too short, or a whole number that is not valid (its check character, say); ""
    when it may find someone, or is no number."""
    part = id_part(q or "")
    if not part:
        return ""
    if refusal := id_search_refusal(actor, part):
        return refusal
    if len(part) < SUFFIX_MIN:
        return MSG_ID_HINT
    if len(part) == ID_LENGTH:
        try:
            idnumber.parse(part)
        except ValidationError as error:
            return error.messages[0].rstrip("。")
    return ""


def id_hint(actor: Any, q: str) -> str:
    """What an empty household result says when the query looked like an ID number: id_query_problem, else that no
    one in the actor's scope has the number or part."""
    part = id_part(q or "")
    if not part:
        return ""
    if number_shaped(part):
        return MSG_NUMBER_NOT_FOUND.format(number=part)
    if problem := id_query_problem(actor, part):
        return problem
    if len(part) == ID_LENGTH:
        return MSG_ID_NOT_FOUND.format(number=shown_id_number(actor, part))
    if len(part) >= PREFIX_MIN:
        return MSG_ID_PART_NOT_FOUND.format(part=part)
    return MSG_ID_END_NOT_FOUND.format(count=len(part), part=part)


class IdSearchGuard:
    """For an API filter set: a query parameter that is (part of) an ID number, more than a masked role may search
    by (households.services.id_search), is a 400 naming the parameter, as the list page says it under the search."""

    id_search_parameters: tuple[str, ...] = ("q",)

    def is_valid(self) -> bool:
        valid = super().is_valid()  # type: ignore[misc]
        if not valid:
            return False
        for name in self.id_search_parameters:
            value = str(self.form.cleaned_data.get(name) or "")
            if number_shaped(value):
                continue  # a 户编号: the search reads no ID number for a role that may not search by this part
            refusal = id_search_refusal(self.request.user, id_part(value))
            if refusal:
                self.form.add_error(name, refusal)
        return not self.form.errors
