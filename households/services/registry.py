"""Households and their members: create, edit, transfer (分户/合户). Never delete. A member marked deceased or moved
out: households.services.member_status."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from config.errors import ApplicationError
from config.stale import stale_check
from households.choices import LivingStatus, RegionLevel, Relation
from households.ethnicity import normalize_ethnicity
from households.member_reasons import JoinReason
from households.models import Grid, Household, Member, Region, RetiredNumber
from households.phone import household_phone
from households.services.closing import ensure_open
from households.services.common import diff, display, ensure_can_edit, ensure_own_grid, record_event
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM, confirmed_note
from households.services.household_rules import (
    MSG_NUMBER_TAKEN,
    create_questions,
    number_error,
    number_taken,
    type_roll_error,
    update_rules,
)
from households.services.income import income_recompute_current
from households.services.member_changes import CHANGE_REASON, Kind, member_change_record, members_registered_record
from households.services.member_checks import member_add_check, member_update_check, row_errors
from households.services.member_joined import joined_on_or_errors
from households.services.member_left import member_left_refusal
from households.services.member_reasons import (
    JOIN_FIELDS,
    birth_of,
    join_reason_clean,
    joined_text,
    reason_or_errors,
)
from households.services.members import (
    MEMBER_FIELDS,
    MEMBER_INPUT_FIELDS,
    clean_member_rows,
)
from households.services.newborn import NO_ID_FIELD, NO_ID_NOTE, id_number_note
from households.services.numbering import next_number, number_refusal, number_retire
from households.services.place import region_path_follow
from households.signals import members_registered

MSG_GROUP_NOT_IN_VILLAGE = "所选村民小组不属于该村。"
MSG_GRID_NOT_IN_VILLAGE = "所选网格不属于该村。"
MSG_NOT_A_VILLAGE = "请选择一个村。"
MSG_PLACE_RETIRED = "{name}已撤销，不能再将农户安排到该处。"

HOUSEHOLD_FIELDS = [
    "number",
    "group",
    "grid",
    "address",
    "phone",
    "household_type",
    "labour_capacity",
    "help_contact",
    "food_clothing_ok",
    "education_ok",
    "medical_ok",
    "housing_ok",
    "water_ok",
    "risk_types",
]


def place_path(*, village: Region, group: Region | None, grid: Grid | None) -> str:
    """A household's region path, its group's or its village's; a group or grid of another village is refused."""
    if village.level != RegionLevel.VILLAGE:
        raise ValidationError({"village": MSG_NOT_A_VILLAGE})
    if group is not None and group.parent_id != village.pk:
        raise ValidationError({"group": MSG_GROUP_NOT_IN_VILLAGE})
    # 撤销 (households.services.regions): a retired village or group takes no household.
    for field, place in (("village", village), ("group", group)):
        if place is not None and not place.is_active:
            raise ValidationError({field: MSG_PLACE_RETIRED.format(name=place.name)})
    if grid is not None and grid.village_id != village.pk:
        raise ValidationError({"grid": MSG_GRID_NOT_IN_VILLAGE})
    return group.path if group is not None else village.path


def refresh_head_name(household: Household) -> None:
    """The household is named after its living head, or, once none is left (the head died or moved out last, as
    when the household is closed), after its last recorded head: 张三户, never （无户主） for a household that had
    one. Blank only for a household that never had a head."""
    heads = household.members.filter(relation=Relation.HEAD)
    head = heads.filter(living_status=LivingStatus.LIVING).first() or (
        heads.order_by(F("status_changed_on").desc(nulls_last=True), "-pk").first()
    )
    household.head_name = head.name if head else ""
    household.save(update_fields=["head_name", "updated_at"])


# The change row of the household's name (its head's). workflow.selectors_posted_names reads it: a publicity posted
# under the old name has to be printed and posted again.
HEAD_NAME_FIELD = "head_name"


def head_name_change(household: Household, old_name: str) -> list[dict[str, str]]:
    """The household's name as a change row, if refresh_head_name changed it."""
    if household.head_name == old_name:
        return []
    return [{"field": HEAD_NAME_FIELD, "label": "户主", "old": old_name, "new": household.head_name}]


@transaction.atomic
def household_create(
    *,
    actor: Any,
    village: Region,
    members: list[dict[str, Any]],
    number: str = "",
    group: Region | None = None,
    grid: Grid | None = None,
    confirm_unusual: bool = False,
    **fields: Any,
) -> Household:
    """Create a household with its members in one go; every error is reported at its field, nothing is saved.
    Ages that do not fit the relations are asked about unless `confirm_unusual` (services.relation_ages)."""
    region_path = place_path(village=village, group=group, grid=grid)
    ensure_can_edit(actor, region_path)
    ensure_own_grid(actor, grid)
    if "phone" in fields:
        fields["phone"] = _phone(fields["phone"])
    cleaned, errors = clean_member_rows(actor=actor, rows=members, confirm_unusual=confirm_unusual)
    typed, number = number.strip(), number.strip() or next_number(village)
    own: dict[str, list[str]] = {}
    if Household.objects.filter(number=number).exists():
        errors.general.append(MSG_NUMBER_TAKEN.format(number=number))
    elif typed and (problem := number_error(village, typed) or number_refusal(typed)):
        own["number"] = [problem]
    if problem := type_roll_error(actor=actor, before="", after=fields.get("household_type") or ""):
        own["household_type"] = [problem]
    questions = create_questions(fields=fields, members=members)
    asked = _ask(own, questions, confirm_unusual)
    if errors or own:
        flat = errors.as_validation_error().message_dict if errors else {}
        for name, messages in own.items():
            flat.setdefault(name, []).extend(messages)
        if asked:
            flat[CONFIRM_FIELD] = [MSG_CONFIRM]
        raise ValidationError(flat)
    errors.confirmed.extend(questions.values() if confirm_unusual else [])
    household = Household(number=number, village=village, group=group, grid=grid, region_path=region_path, **fields)
    household.full_clean(exclude=["head_name"])
    try:
        with transaction.atomic():
            household.save()
    except IntegrityError:
        # A number typed here that another registration saved since the check above: the unique index decides.
        raise ValidationError({"__all__": [MSG_NUMBER_TAKEN.format(number=number)]}) from None
    # 首次登记: the members join by 新登记 (households.services.member_changes).
    joined = {"joined_reason": JoinReason.REGISTERED}
    created = [Member(household=household, region_path=region_path, **_member_values(row) | joined) for row in cleaned]
    try:
        with transaction.atomic():
            Member.objects.bulk_create(created)
    except IntegrityError:
        # Two cadres registering the same person at the same moment: the unique index decides.
        raise ValidationError({"__all__": ["该身份证号刚刚被其他用户登记，请刷新后核对。"]}) from None
    refresh_head_name(household)
    income_recompute_current(household, actor=actor)
    record_event(
        actor=actor,
        household=household,
        action="household.create",
        summary=f"新建农户档案，户主{household.head_name}，家庭成员{len(created)}人，新增原因：新登记"
        f"{confirmed_note(errors.confirmed)}",
        # What was registered, for the audit log (masked there as the update events are).
        after=created_values(household, HOUSEHOLD_FIELDS)
        | {"members": [f"{m.name}（{m.get_relation_display()}）{m.id_number or NO_ID_NOTE}" for m in created]}
        | {CHANGE_REASON: JoinReason.REGISTERED.label},
    )
    members_registered_record(actor=actor, household=household, members=created)
    members_registered.send(sender=Member, actor=actor, members=created)
    return household


def created_values(instance: Any, fields: list[str]) -> dict[str, str]:
    """A new record's values as the update events record theirs (display), the empty ones left out."""
    values = {name: display(instance, name, getattr(instance, name)) for name in fields}
    return {name: value for name, value in values.items() if value}


def _ask(errors: dict[str, list[str]], questions: Mapping[str, str], confirm_unusual: bool) -> bool:
    """The questions of an unusual entry (households.services.confirm) at their fields, unless confirmed; whether
    any was asked."""
    if confirm_unusual:
        return False
    for name, question in questions.items():
        errors.setdefault(name, []).append(question)
    return bool(questions)


def _phone(raw: str) -> str:
    try:
        return household_phone(raw)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from None


def _member_values(row: dict[str, Any]) -> dict[str, Any]:
    values = {name: row[name] for name in MEMBER_INPUT_FIELDS if name in row and row[name] is not None}
    values["sex"], values["birth_date"] = row["sex"], row["birth_date"]
    return values


@transaction.atomic
def household_update(
    *,
    actor: Any,
    household: Household,
    expected: Mapping[str, Any] | None = None,
    confirm_unusual: bool = False,
    **changes: Any,
) -> Household:
    """Write the fields given, and only those. ``expected``: what the edit page showed of them (config.stale); one
    that someone else changed since is refused (StaleEdit) rather than overwritten. The household's own rules
    (services.household_rules) refuse a number, type or monitored household's risk types, and ask about a labour
    capacity or a secured guarantee that contradicts the record unless ``confirm_unusual``."""
    unknown = set(changes) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise ValueError(f"unknown household fields: {sorted(unknown)}")
    household = Household.objects.select_for_update().get(pk=household.pk)
    ensure_can_edit(actor, household.region_path)
    ensure_open(household)
    stale_check(current={name: getattr(household, name) for name in HOUSEHOLD_FIELDS}, expected=expected or {})
    if "phone" in changes:
        changes["phone"] = _phone(changes["phone"])
    refused, questions = update_rules(actor=actor, household=household, changes=changes)
    if _ask(refused, questions, confirm_unusual):
        refused[CONFIRM_FIELD] = [MSG_CONFIRM]
    if refused:
        raise ValidationError(refused)
    before = {name: getattr(household, name) for name in HOUSEHOLD_FIELDS}
    old_path = household.region_path
    for name, value in changes.items():
        setattr(household, name, value)
    if "grid" in changes:
        ensure_own_grid(actor, household.grid)
    if "group" in changes or "grid" in changes:
        household.region_path = place_path(village=household.village, group=household.group, grid=household.grid)
    number = changes.get("number")
    if number and number != before["number"]:
        if refusal := number_taken(number, household):  # asked in update_rules; again under the lock
            raise ValidationError({"number": refusal})
        # The number given up stays in the 变更记录 and the exports sent: never given to another household.
        RetiredNumber.objects.filter(number=number, household=household).delete()
        number_retire(household=household, number=before["number"], reason=RetiredNumber.Reason.RENUMBERED)
    household.full_clean(exclude=["head_name"])
    household.save()
    if household.region_path != old_path:
        # Scope follows the household: every row about it, in every app, moves with it.
        region_path_follow(household)
    changes_list = diff(household, before, HOUSEHOLD_FIELDS)
    if changes_list:
        confirmed = confirmed_note(list(questions.values()) if confirm_unusual else [])
        record_event(
            actor=actor,
            household=household,
            action="household.update",
            summary=f"修改农户信息{confirmed}",
            changes=changes_list,
        )
    return household


@transaction.atomic
def member_add(
    *,
    actor: Any,
    household: Household,
    data: dict[str, Any],
    reason: str = "",
    reason_note: str = "",
    joined_on: dt.date | None = None,
    confirm_unusual: bool = False,
) -> Member:
    """Add a living member, with its 新增原因 (`reason`, 其他 with `reason_note`: services.member_reasons) and the
    day it joined (`joined_on`, 变动日期: services.member_joined; None: a 新生儿's birth date, else today)."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    ensure_can_edit(actor, household.region_path)
    ensure_open(household)
    cleaned, errors = member_add_check(actor=actor, household=household, data=data, confirm_unusual=confirm_unusual)
    birth = birth_of(data)
    joined, refused = reason_or_errors(
        lambda: join_reason_clean(reason, reason_note, newborn=bool(data.get(NO_ID_FIELD)), birth=birth)
    )
    on, refused_on = joined_on_or_errors(joined_on, household=household, reason=joined[0], birth=birth)
    refused |= refused_on
    if errors or refused or on is None:
        raise ValidationError((row_errors(errors, index=len(cleaned) - 1) if errors else {}) | refused)
    member = Member(household=household, region_path=household.region_path, **_member_values(cleaned[-1]))
    member.joined_reason, member.joined_note = joined
    member.full_clean()
    member.save()
    member_change_record(actor=actor, member=member, kind=Kind.JOINED, reason=joined[0], note=joined[1], on=on)
    refresh_head_name(household)
    income_recompute_current(household, actor=actor)
    record_event(
        actor=actor,
        household=household,
        member=member,
        action="member.create",
        summary=(
            f"新增家庭成员 {member.name}（{member.get_relation_display()}），新增原因：{joined_text(member)}"
            f"，变动日期 {on:%Y-%m-%d}{id_number_note(None, member)}{confirmed_note(errors.confirmed)}"
        ),
        # changed_on: the 成员变动 row's 变动日期 (the day joined, not the day registered).
        after=created_values(member, [*MEMBER_FIELDS, *JOIN_FIELDS]) | {"changed_on": f"{on:%Y-%m-%d}"},
    )
    members_registered.send(sender=Member, actor=actor, members=[member])
    return member


@transaction.atomic
def member_update(
    *,
    actor: Any,
    member: Member,
    data: dict[str, Any],
    expected: Mapping[str, Any] | None = None,
    confirm_unusual: bool = False,
) -> Member:
    """Write the fields in ``data``; the others stay as they are. ``expected``: what the edit page showed of them
    (config.stale); one that someone else changed since is refused (StaleEdit) rather than overwritten."""
    member = Member.objects.select_for_update().select_related("household").get(pk=member.pk)
    household = member.household
    ensure_can_edit(actor, household.region_path)
    ensure_open(household)
    if refusal := member_left_refusal(member):  # 已故 or 迁出: on record, changed only after 撤销标记
        raise ApplicationError(refusal)
    shown = {name: getattr(member, name) for name in MEMBER_INPUT_FIELDS}
    stale_check(current=shown | {"ethnicity": normalize_ethnicity(member.ethnicity)}, expected=expected or {})
    cleaned, errors = member_update_check(actor=actor, member=member, data=data, confirm_unusual=confirm_unusual)
    if errors:
        raise ValidationError(row_errors(errors, index=len(cleaned) - 1))
    fields = [*MEMBER_INPUT_FIELDS, "sex", "birth_date"]
    before = {name: getattr(member, name) for name in fields}
    for name, value in _member_values(cleaned[-1]).items():
        setattr(member, name, value)
    member.full_clean()
    member.save()
    old_head_name = household.head_name
    refresh_head_name(household)
    changes = diff(member, before, fields) + head_name_change(household, old_head_name)
    if changes:
        record_event(
            actor=actor,
            household=household,
            member=member,
            action="member.update",
            summary=(
                f"修改家庭成员 {member.name} 的信息{id_number_note(before['id_number'], member)}"
                f"{confirmed_note(errors.confirmed)}"
            ),
            changes=changes,
        )
    if member.id_number != before["id_number"]:
        members_registered.send(sender=Member, actor=actor, members=[member])  # the ID number corrected
    return member
