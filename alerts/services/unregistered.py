"""未在档人员核查: the county's finding about a person whom department feeds named (their row met an alert rule)
but whom the county's registry does not hold as a living member: a rural resident who should be registered
(handed to a village to register), not a rural resident of the county, moved away, deceased, or a wrong row in
the department's data.

The finding is kept on the person's UnregisteredEntry (one per person and county, whatever number of uploads
named them); a new finding replaces the old one, and both are in the audit log. The entry is locked while it
changes, so two officers submitting at once write one after the other, the second over the first."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from alerts.choices import UnregisteredOutcome
from alerts.models import UnregisteredEntry
from alerts.selectors_unregistered import gone_label
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
MSG_BULK_NONE = "请至少勾选一人。"
MSG_BULK_TOO_MANY = "一次最多核查 {max} 人，已选 {n} 人。"
MSG_BULK_REGISTER = "“应纳入档案（交村建档）”须为每人选择建档村，请在每人的核查页办理。"
MSG_BULK_GONE = "所选人员中有的不在您的管辖范围内或已不存在，请刷新页面后重新选择。"
MSG_GONE_REGISTER = (
    "{gone}，不需要重新建档。如档案登记有误（此人在世、未迁出），请村里在农户档案中更正该成员的人员状态；"
    "否则请选择“已故”“已迁出本县”或“部门数据有误”。"
)
MAX_BULK = 200


def registered_member(entry: UnregisteredEntry) -> Member | None:
    """The living member of the person's county with their ID number, once the registry holds them."""
    return (
        Member.objects.filter(
            id_number=entry.id_number,
            living_status=LivingStatus.LIVING,
            region_path__startswith=entry.region_path,
        )
        .select_related("household__village__parent")
        .first()
    )


def _validate(entry: UnregisteredEntry, outcome: str, note: str, checked_on: dt.date, village: Region | None) -> None:
    errors: dict[str, str] = {}
    if outcome not in UnregisteredOutcome.values:
        errors["outcome"] = MSG_OUTCOME
    if not note:
        errors["note"] = MSG_NOTE
    gone = gone_label(entry.registry_member)
    if outcome == UnregisteredOutcome.REGISTER and gone:
        # The registry holds them as deceased or moved away: a new record would register them twice.
        errors["outcome"] = MSG_GONE_REGISTER.format(gone=gone)
    elif outcome == UnregisteredOutcome.REGISTER:
        if village is None:
            errors["village"] = MSG_VILLAGE
        elif village.level != RegionLevel.VILLAGE or not village.path.startswith(entry.region_path):
            errors["village"] = MSG_VILLAGE_SCOPE
    first = timezone.localtime(entry.first_seen).date()
    if checked_on > timezone.localdate():
        errors["checked_on"] = MSG_DATE_FUTURE
    elif checked_on < first:
        errors["checked_on"] = MSG_DATE_BEFORE.format(date=first)
    if errors:
        raise ValidationError(errors)


def _snapshot(entry: UnregisteredEntry) -> dict[str, Any] | None:
    if not entry.outcome:
        return None
    return {
        "outcome": entry.outcome,
        "note": entry.note,
        "village": entry.village.name if entry.village else "",
        "checked_on": entry.checked_on.isoformat() if entry.checked_on else "",
        "checked_by": entry.checked_by.get_username() if entry.checked_by else "",
    }


@transaction.atomic
def unregistered_check(
    *,
    actor: Any,
    entry: UnregisteredEntry,
    outcome: str,
    note: str,
    checked_on: dt.date,
    village: Region | None = None,
) -> UnregisteredEntry:
    """Record (or replace) the county's finding about a person the registry does not hold."""
    ensure_can_edit(actor, entry.region_path)
    entry = _locked().get(pk=entry.pk)
    if (member := registered_member(entry)) is not None:
        household = member.household
        raise ApplicationError(MSG_REGISTERED.format(village=household.village.name, head=household.head_name))
    note = note.strip()
    village = village if outcome == UnregisteredOutcome.REGISTER else None
    _validate(entry, outcome, note, checked_on, village)
    return _record(actor, entry, outcome, note, checked_on, village)


@transaction.atomic
def unregistered_check_many(
    *, actor: Any, entry_ids: list[int], outcome: str, note: str, checked_on: dt.date
) -> tuple[int, list[str]]:
    """The same finding for several persons at once (a list the county checked in one go, say against the
    household registration system), all of them or none. Each is recorded as unregistered_check records one, with
    its own audit entry. Handing a person to a village is done one by one (each needs its village). Persons the
    registry holds by now are passed over. Returns (persons checked, names of those passed over)."""
    ids = sorted(set(entry_ids))
    if not ids:
        raise ValidationError({"ids": MSG_BULK_NONE})
    if len(ids) > MAX_BULK:
        raise ValidationError({"ids": MSG_BULK_TOO_MANY.format(max=MAX_BULK, n=len(ids))})
    if outcome == UnregisteredOutcome.REGISTER:
        raise ValidationError({"outcome": MSG_BULK_REGISTER})
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": MSG_DATE_FUTURE})  # the same for every person: said once
    entries = list(_locked(UnregisteredEntry.objects.visible_to(actor)).filter(pk__in=ids).order_by("pk"))
    if len(entries) != len(ids):
        raise ApplicationError(MSG_BULK_GONE)
    note = note.strip()
    errors, passed_over, todo = [], [], []
    for entry in entries:
        ensure_can_edit(actor, entry.region_path)
        if registered_member(entry) is not None:
            passed_over.append(entry.person_name or entry.id_number)
            continue
        try:
            _validate(entry, outcome, note, checked_on, None)
        except ValidationError as error:
            if {"outcome", "note"} & set(error.message_dict):
                raise  # the same for every person: said once, at its field
            reasons = "；".join(m for messages in error.message_dict.values() for m in messages)
            errors.append(f"{entry.person_name or entry.id_number}：{reasons}")
            continue
        todo.append(entry)
    if errors:
        raise ValidationError({"checked_on": errors})
    for entry in todo:
        _record(actor, entry, outcome, note, checked_on, None)
    return len(todo), passed_over


def _locked(entries: Any = None) -> Any:
    entries = UnregisteredEntry.objects.all() if entries is None else entries
    related = ("village", "checked_by", "registry_member__household__village__parent")
    return entries.select_for_update(of=("self",)).select_related(*related)


def _record(
    actor: Any, entry: UnregisteredEntry, outcome: str, note: str, checked_on: dt.date, village: Region | None
) -> UnregisteredEntry:
    before = _snapshot(entry)
    entry.outcome, entry.note, entry.village = outcome, note[:300], village
    entry.checked_by, entry.checked_on, entry.checked_at = actor, checked_on, timezone.now()
    entry.save(update_fields=["outcome", "note", "village", "checked_by", "checked_on", "checked_at"])
    where = f"，交{village.parent.name}{village.name}建档" if village is not None else ""
    audit_record(
        actor=actor,
        action="alerts.unregistered_check",
        summary=f"核查未在档人员 {entry.person_name}：{entry.get_outcome_display()}{where}。{entry.note}",
        target=entry,
        before=before,
        after=_snapshot(entry),
    )
    return entry
