"""A case that ends without inclusion gives back the guarantees its opening switched off.

Opening an inclusion for an unsafe only house or unsafe drinking water sets the household's 住房安全有保障 (饮水安全有
保障) to 否 in the same act (services.case_opening.unsecure_declared), written in the household's history row of the
opening, which the case's opening event names (CaseEvent.detail "household_event"). When that case is withdrawn,
refused (不通过) or its green-channel inclusion revoked, the household is not monitored on it and the 否 was only the
case's: it goes back to 是, in a history row naming the case. Only a field that still holds the case's 否 and that
nobody has changed since the opening (no later history row touches it) is restored; one someone set since (a visit,
an edit) is theirs and stays. So does one a visit since the opening recorded as 否 (a visit's finding not given is
the household's state, which is the case's 否: the visit's record says 无保障 all the same, and the record would
contradict a 是). services.cases._close calls restore_guarantees."""

import datetime as dt
from typing import Any

from django.utils import timezone

from accounts.selectors import audit_events_on
from households.models import Household, HouseholdEvent, Visit
from households.risk_evidence import RISK_GUARANTEES
from households.services.common import diff, record_event
from workflow.models import Case, CaseEvent

NOT_SECURED = "否"  # as services.common.diff writes False
WILL_RESTORE = "撤回后，本案发起时改为“否”的{labels}将恢复为“是”"
STAYS = "本案发起后的走访（{day:%Y-%m-%d}）仍记录{label}为“否”，撤回后不恢复"
RESTORED = "本案发起时改为“否”的{labels}已恢复为“是”"
RESTORE_ACTION = "workflow.guarantee_restored"
LABELS = {g.field: g.label for g in RISK_GUARANTEES}


def case_name(case: Case) -> str:
    """The case as the household's history names it: its kind and the day it was opened."""
    return f"{case.get_kind_display()}案件（{timezone.localdate(case.created_at):%Y-%m-%d}发起）"


def _opening_event(case: Case) -> HouseholdEvent | None:
    """The household's history row written when the case was opened, as its opening event names it
    (services.cases.case_open)."""
    details = CaseEvent.objects.filter(case=case, action="case_open").values_list("detail", flat=True)
    row = next((detail.get("household_event") for detail in details if detail.get("household_event")), None)
    return HouseholdEvent.objects.filter(pk=row, household_id=case.household_id).first() if row else None


def _confirmed(case: Case, opening: HouseholdEvent, fields: list[str]) -> dict[str, dt.date]:
    """Of `fields`, those a visit since the opening (recorded after it, of a day not before it) found 否: field →
    the latest such visit's day."""
    visits = Visit.objects.filter(
        household_id=case.household_id,
        created_at__gt=opening.created_at,
        visited_on__gte=timezone.localdate(opening.created_at),
    )
    found = {}
    for field in fields:
        day = visits.filter(**{field: False}).order_by("-visited_on").values_list("visited_on", flat=True).first()
        if day is not None:
            found[field] = day
    return found


def _review(case: Case, household: Household | None = None) -> tuple[list[str], dict[str, dt.date]]:
    """The guarantee fields the case's opening set to 否 that still hold it, untouched since, split into those its
    closing without inclusion restores (in RISK_GUARANTEES' order) and those a visit since found 否 (→ its day)."""
    opening = _opening_event(case)
    if opening is None:
        return [], {}
    household = household or Household.objects.get(pk=case.household_id)
    switched = {c["field"] for c in opening.changes if c.get("field") in LABELS and c.get("new") == NOT_SECURED}
    later = HouseholdEvent.objects.filter(household_id=case.household_id, pk__gt=opening.pk)
    untouched = [
        field
        for field in LABELS
        if field in switched
        and getattr(household, field) is False
        and not later.filter(changes__contains=[{"field": field}]).exists()
    ]
    confirmed = _confirmed(case, opening, untouched)
    return [field for field in untouched if field not in confirmed], confirmed


def restorable(case: Case, household: Household | None = None) -> list[str]:
    """The guarantee fields the case's closing without inclusion restores (in RISK_GUARANTEES' order)."""
    return _review(case, household)[0]


def labels_of(fields: list[str]) -> str:
    return "、".join(LABELS[field] for field in fields)


def withdraw_notice(case: Case) -> str:
    """What the withdraw page says before confirming: what would be restored and what a visit since keeps at 否
    ("" when neither)."""
    fields, confirmed = _review(case, case.household)
    said = [WILL_RESTORE.format(labels=labels_of(fields))] if fields else []
    said += [STAYS.format(day=day, label=LABELS[field]) for field, day in confirmed.items()]
    return "；".join(said)


def restore_guarantees(*, actor: Any, case: Case, outcome: str) -> list[str]:
    """Restore what restorable() finds, with a history row naming the case (`outcome`: how it ended, e.g. 已撤回);
    the caller holds the transaction and the household's lock (services.case_locks). Returns the fields."""
    household = Household.objects.select_for_update().get(pk=case.household_id)
    fields = restorable(case, household)
    if not fields:
        return []
    before = {field: getattr(household, field) for field in fields}
    for field in fields:
        setattr(household, field, True)
    household.save(update_fields=[*fields, "updated_at"])
    record_event(
        actor=actor,
        household=household,
        action=RESTORE_ACTION,
        target=case,
        summary=f"{case_name(case)}{outcome}，未纳入监测：{RESTORED.format(labels=labels_of(fields))}",
        changes=diff(household, before, fields),
    )
    return fields


def restored_message(case: Case) -> str:
    """The restoration the case's closing wrote, as the success message says it ("" when there was none): its audit
    event on the case (restore_guarantees) names the fields."""
    event = audit_events_on(target=case, action=RESTORE_ACTION).last()
    if event is None:
        return ""
    fields = [field for field in LABELS if field in (event.after or {})]
    return RESTORED.format(labels=labels_of(fields)) + "。" if fields else ""
