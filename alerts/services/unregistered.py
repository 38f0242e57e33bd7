"""未在档人员核查: the county's finding about a person whom department feeds named (their row met an alert rule)
but whom the county's registry does not hold as a living member: a rural resident who should be registered
(handed to a village to register), not a rural resident of the county, moved away, deceased, or a wrong row in
the department's data.

One finding per person and county (by ID number), whatever number of uploads named them; a new finding replaces
the old one, and both are in the audit log. The row is locked while it changes, so two officers submitting at
once do not both write."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import audit_record
from alerts.choices import UnregisteredOutcome
from alerts.models import UnregisteredCheck, UnregisteredPerson
from config.errors import ApplicationError
from households.choices import LivingStatus, RegionLevel
from households.models import Member, Region
from households.services.common import ensure_can_edit

MSG_OUTCOME = "请选择核查结果。"
MSG_NOTE = "请填写核查情况（核查的方式和依据）。"
MSG_VILLAGE = "应纳入档案时，请选择由哪个村建档。"
MSG_VILLAGE_SCOPE = "所选的村不在本县，请重新选择。"
MSG_DATE_FUTURE = "核查日期不能晚于今天。"
MSG_DATE_BEFORE = "核查日期不能早于部门数据首次报送该人员的日期（{date}）。"
MSG_REGISTERED = "该人员已在本县档案中（{village} {head}户），不需要再核查。"
MSG_CONCURRENT = "他人刚刚提交了该人员的核查结果，请刷新后查看。"


def registered_member(person: UnregisteredPerson) -> Member | None:
    """The living member of the person's county with their ID number, once the registry holds them."""
    return (
        Member.objects.filter(
            id_number=person.id_number,
            living_status=LivingStatus.LIVING,
            region_path__startswith=person.region_path,
        )
        .select_related("household__village__parent")
        .first()
    )


def _rows(person: UnregisteredPerson) -> Any:
    return UnregisteredPerson.objects.filter(region_path=person.region_path, id_number=person.id_number)


def _first_seen(person: UnregisteredPerson) -> dt.date:
    first = _rows(person).order_by("created_at").values_list("created_at", flat=True).first()
    return timezone.localtime(first or person.created_at).date()


def _validate(person: UnregisteredPerson, outcome: str, note: str, checked_on: dt.date, village: Region | None) -> None:
    errors: dict[str, str] = {}
    if outcome not in UnregisteredOutcome.values:
        errors["outcome"] = MSG_OUTCOME
    if not note:
        errors["note"] = MSG_NOTE
    if outcome == UnregisteredOutcome.REGISTER:
        if village is None:
            errors["village"] = MSG_VILLAGE
        elif village.level != RegionLevel.VILLAGE or not village.path.startswith(person.region_path):
            errors["village"] = MSG_VILLAGE_SCOPE
    if checked_on > timezone.localdate():
        errors["checked_on"] = MSG_DATE_FUTURE
    elif checked_on < (first := _first_seen(person)):
        errors["checked_on"] = MSG_DATE_BEFORE.format(date=first)
    if errors:
        raise ValidationError(errors)


def _snapshot(check: UnregisteredCheck) -> dict[str, Any]:
    return {
        "outcome": check.outcome,
        "note": check.note,
        "village": check.village.name if check.village else "",
        "checked_on": check.checked_on.isoformat(),
        "checked_by": check.checked_by.get_username(),
    }


@transaction.atomic
def unregistered_check(
    *,
    actor: Any,
    person: UnregisteredPerson,
    outcome: str,
    note: str,
    checked_on: dt.date,
    village: Region | None = None,
) -> UnregisteredCheck:
    """Record (or replace) the county's finding about the person one of `person`'s rows names (under the name
    the latest row gives)."""
    ensure_can_edit(actor, person.region_path)
    if (member := registered_member(person)) is not None:
        household = member.household
        raise ApplicationError(
            MSG_REGISTERED.format(village=household.village.name, head=household.head_name),
        )
    note = note.strip()
    village = village if outcome == UnregisteredOutcome.REGISTER else None
    _validate(person, outcome, note, checked_on, village)
    locked = UnregisteredCheck.objects.select_for_update(of=("self",)).select_related("village", "checked_by")
    check = locked.filter(region_path=person.region_path, id_number=person.id_number).first()
    before = _snapshot(check) if check is not None else None
    now = timezone.now()
    if check is None:
        check = UnregisteredCheck(region_path=person.region_path, id_number=person.id_number, created_at=now)
    check.person_name = _rows(person).order_by("-pk").values_list("person_name", flat=True).first() or ""
    check.outcome, check.note, check.village = outcome, note[:300], village
    check.checked_by, check.checked_on, check.updated_at = actor, checked_on, now
    try:
        with transaction.atomic():
            check.save()
    except IntegrityError:  # the first finding for this person, submitted by two officers at the same moment
        raise ApplicationError(MSG_CONCURRENT) from None
    where = f"，交{village.parent.name}{village.name}建档" if village is not None else ""
    audit_record(
        actor=actor,
        action="alerts.unregistered_check",
        summary=f"核查未在档人员 {check.person_name}：{check.get_outcome_display()}{where}。{check.note}",
        target=check,
        before=before,
        after=_snapshot(check),
    )
    return check
