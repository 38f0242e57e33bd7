"""A case that ends without inclusion gives back the guarantees its opening switched off.

Opening an inclusion for an unsafe only house or unsafe drinking water sets the household's 住房安全有保障 (饮水安全有
保障) to 否 in the same act (services.case_opening.unsecure_declared), written in the household's history row of the
opening. When that case is withdrawn, refused (不通过) or its green-channel inclusion revoked, the household is not
monitored on it and the 否 was only the case's: it goes back to 是, in a history row naming the case. Only a field that
still holds the case's 否 and that nobody has changed since the opening (no later history row touches it) is restored;
one someone set since (a visit, an edit) is theirs and stays. services.cases._close calls restore_guarantees."""

from typing import Any

from django.utils import timezone

from households.models import Household, HouseholdEvent
from households.risk_evidence import RISK_GUARANTEES
from households.services.common import diff, record_event
from workflow.models import Case

NOT_SECURED = "否"  # as services.common.diff writes False
WILL_RESTORE = "撤回后，本案发起时改为“否”的{labels}将恢复为“是”"
RESTORED = "本案发起时改为“否”的{labels}已恢复为“是”"
LABELS = {g.field: g.label for g in RISK_GUARANTEES}


def case_name(case: Case) -> str:
    """The case as the household's history names it: its kind and the day it was opened."""
    return f"{case.get_kind_display()}案件（{timezone.localdate(case.created_at):%Y-%m-%d}发起）"


def _opening_event(case: Case) -> HouseholdEvent | None:
    """The household's history row written when the case was opened (services.cases.case_open): the first one of
    the household since the case's creation that says it opened a case of this kind."""
    return (
        HouseholdEvent.objects.filter(
            household_id=case.household_id,
            created_at__gte=case.created_at,
            summary__startswith=f"发起{case.get_kind_display()}",
        )
        .order_by("pk")
        .first()
    )


def restorable(case: Case, household: Household | None = None) -> list[str]:
    """The guarantee fields the case's opening set to 否 that still hold it, untouched since: the ones its closing
    without inclusion restores (in RISK_GUARANTEES' order)."""
    opening = _opening_event(case)
    if opening is None:
        return []
    household = household or Household.objects.get(pk=case.household_id)
    switched = {c["field"] for c in opening.changes if c.get("field") in LABELS and c.get("new") == NOT_SECURED}
    later = HouseholdEvent.objects.filter(household_id=case.household_id, pk__gt=opening.pk)
    return [
        field
        for field in LABELS
        if field in switched
        and getattr(household, field) is False
        and not later.filter(changes__contains=[{"field": field}]).exists()
    ]


def labels_of(fields: list[str]) -> str:
    return "、".join(LABELS[field] for field in fields)


def withdraw_notice(case: Case) -> str:
    """What the withdraw page says before confirming ("" when nothing would be restored)."""
    fields = restorable(case, case.household)
    return WILL_RESTORE.format(labels=labels_of(fields)) if fields else ""


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
        action="workflow.guarantee_restored",
        target=case,
        summary=f"{case_name(case)}{outcome}，未纳入监测：{RESTORED.format(labels=labels_of(fields))}",
        changes=diff(household, before, fields),
    )
    return fields


def restored_message(case: Case) -> str:
    """The restoration the case's closing wrote, as the success message says it ("" when there was none)."""
    opening = _opening_event(case)
    if opening is None:
        return ""
    event = (
        HouseholdEvent.objects.filter(
            household_id=case.household_id, pk__gt=opening.pk, summary__startswith=case_name(case)
        )
        .filter(summary__contains="已恢复为“是”")
        .order_by("-pk")
        .first()
    )
    if event is None:
        return ""
    fields = [c["field"] for c in event.changes if c.get("field") in LABELS]
    return RESTORED.format(labels=labels_of(fields)) + "。"
