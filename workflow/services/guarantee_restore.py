"""A case that ends without inclusion gives back the guarantees its opening (or a correction) switched off.

Opening an inclusion for an unsafe only house or unsafe drinking water sets the household's 住房安全有保障 (饮水安全有
保障) to 否 in the same act (services.case_opening.unsecure_declared), written in the household's history row of the
opening, which the case's opening event names (CaseEvent.detail "household_event"). A village correction of a returned
case (services.case_correction) that adds such a risk does the same (correction_guarantees), its history row named by
its case event alike; one that removes it gives back the 否 the case set, by the rule below. When that case is
withdrawn, refused (不通过) or its green-channel inclusion revoked, the household is not monitored on it and the 否 was
only the case's: it goes back to 是, in a history row naming the case. Only a field that still holds the case's 否
(the latest of its opening and corrections that set it) and that nobody has changed since (no later history row
touches it) is restored; one someone set since (a visit, an edit) is theirs and stays. So does one a visit since
found 否: while the case is open and its 否 stands, a visit whose visitor states its findings (the visit page, the
visit API: households.services.visit_guarantees.stated_findings) must answer that field 是 or 否 (to_confirm,
households.services.visit_confirm), so such a visit's 否 is the visitor's finding, not a box left as it stood. Other
visits (an alert's or an application's verification, a plan's return visit) take the household's findings as they
stand and confirm nothing. services.case_moves._close calls restore_guarantees."""

import datetime as dt
from typing import Any, NamedTuple

from django.utils import timezone

from accounts.selectors import audit_events_on
from households.models import Household, HouseholdEvent, Visit
from households.risk_evidence import RISK_GUARANTEES, declared_guarantees
from households.services.common import diff, record_event
from households.services.visit_confirm import ToConfirm
from workflow.choices import CaseStatus
from workflow.models import Case, CaseEvent

NOT_SECURED = "否"  # as services.common.diff writes False
WILL_RESTORE = "撤回后，本案{when}时改为“否”的{labels}将恢复为“是”"
STAYS = "本案{when}后的走访（{day:%Y-%m-%d}）仍记录{label}为“否”，撤回后不恢复"
RESTORED = "本案{when}时改为“否”的{labels}已恢复为“是”"
RESTORE_ACTION = "workflow.guarantee_restored"
LABELS = {g.field: g.label for g in RISK_GUARANTEES}
# The case events whose history row may switch a guarantee off, and how the messages name the act.
SWITCHING = {"case_open": "发起", "case_correct": "补正"}
# What a correction says of the guarantees (correction_guarantees), in the case's record and the success message.
CORRECTED_OFF = "该户档案的{labels}同时改为“否”"
CORRECTED_BACK = "本案{when}时改为“否”的{labels}已恢复为“是”"
CORRECTED_STAYS = "本案{when}后的走访（{day:%Y-%m-%d}）仍记录{label}为“否”，不恢复"
# Why a visit is asked to confirm a field (to_confirm), beside it on the visit page and in the refusal.
CONFIRM_WHY = "{kind}案件{when}时该户档案改为“否”"


def case_name(case: Case) -> str:
    """The case as the household's history names it: its kind and the day it was opened."""
    return f"{case.get_kind_display()}案件（{timezone.localdate(case.created_at):%Y-%m-%d}发起）"


def _switches(case: Case) -> dict[str, tuple[HouseholdEvent, str]]:
    """For each guarantee field the case set to 否: the household's history row of the latest act that did (its
    opening, services.cases.case_open, or a correction, services.case_correction), as that act's case event names
    it, and the act's name (SWITCHING)."""
    events = CaseEvent.objects.filter(case=case, action__in=SWITCHING).values_list("action", "detail")
    acts = {detail["household_event"]: action for action, detail in events if detail.get("household_event")}
    rows = HouseholdEvent.objects.filter(pk__in=acts, household_id=case.household_id).order_by("pk")
    found: dict[str, tuple[HouseholdEvent, str]] = {}
    for row in rows:
        for change in row.changes:
            if change.get("field") in LABELS and change.get("new") == NOT_SECURED:
                found[change["field"]] = (row, SWITCHING[acts[row.pk]])
    return found


def _when(fields: list[str], switches: dict[str, tuple[HouseholdEvent, str]]) -> str:
    """The acts that switched `fields` off, as the messages name them: 发起, 补正 or 发起、补正."""
    acts = {switches[field][1] for field in fields if field in switches}
    return "、".join(act for act in SWITCHING.values() if act in acts) or SWITCHING["case_open"]


def _untouched(household_id: int, switched: HouseholdEvent, field: str) -> bool:
    """No history row since the act that switched `field` off changed it (a visit, an edit): it is the case's 否."""
    later = HouseholdEvent.objects.filter(household_id=household_id, pk__gt=switched.pk)
    return not later.filter(changes__contains=[{"field": field}]).exists()


def _confirmed(case: Case, switched: HouseholdEvent, field: str) -> dt.date | None:
    """The day of the latest visit since the act that switched `field` off (recorded after it, of a day not before
    it) whose visitor found it 否, if any: one that stated that finding (Visit.stated_findings: a 月度走访/集中排查,
    which had to answer it, to_confirm; another visit only when its cadre changed that box)."""
    visits = Visit.objects.counted().filter(
        household_id=case.household_id,
        stated_findings__contains=[field],
        created_at__gt=switched.created_at,
        visited_on__gte=timezone.localdate(switched.created_at),
        **{field: False},
    )
    return visits.order_by("-visited_on").values_list("visited_on", flat=True).first()


class Review(NamedTuple):
    fields: list[str]  # what the case's closing without inclusion restores, in RISK_GUARANTEES' order
    confirmed: dict[str, dt.date]  # what a visit since found 否 → its day
    switches: dict[str, tuple[HouseholdEvent, str]]  # _switches

    @property
    def when(self) -> str:
        return _when(self.fields, self.switches)


def _review(case: Case, household: Household | None = None) -> Review:
    """The guarantee fields the case set to 否 that still hold it, untouched since, split into those its closing
    without inclusion restores and those a visit since found 否."""
    switches = _switches(case)
    if not switches:
        return Review([], {}, switches)
    household = household or Household.objects.get(pk=case.household_id)
    fields, confirmed = [], {}
    for field in LABELS:
        if field not in switches or getattr(household, field) is not False:
            continue
        row = switches[field][0]
        if not _untouched(case.household_id, row, field):
            continue
        day = _confirmed(case, row, field)
        if day is None:
            fields.append(field)
        else:
            confirmed[field] = day
    return Review(fields, confirmed, switches)


def restorable(case: Case, household: Household | None = None) -> list[str]:
    """The guarantee fields the case's closing without inclusion restores (in RISK_GUARANTEES' order)."""
    return _review(case, household).fields


def to_confirm(household: Household) -> list[ToConfirm]:
    """The guarantees an open case of the household switched off that still hold its 否, untouched since: a visit of
    a day not before that act, whose visitor states its findings, answers each (households.services.visit_confirm,
    registered by workflow.hooks), so that what _confirmed reads is a finding."""
    asked: dict[str, ToConfirm] = {}
    for case in Case.objects.filter(household_id=household.pk, status=CaseStatus.OPEN).order_by("pk"):
        for field, (row, act) in _switches(case).items():
            if field in asked or getattr(household, field) is not False:
                continue
            if _untouched(household.pk, row, field):
                why = CONFIRM_WHY.format(kind=case.get_kind_display(), when=act)
                asked[field] = ToConfirm(field=field, since=timezone.localdate(row.created_at), why=why)
    return [asked[field] for field in LABELS if field in asked]


def labels_of(fields: list[str]) -> str:
    return "、".join(LABELS[field] for field in fields)


def withdraw_notice(case: Case) -> str:
    """What the withdraw page says before confirming: what would be restored and what a visit since keeps at 否
    ("" when neither)."""
    review = _review(case, case.household)
    said = [WILL_RESTORE.format(when=review.when, labels=labels_of(review.fields))] if review.fields else []
    said += [
        STAYS.format(when=_when([field], review.switches), day=day, label=LABELS[field])
        for field, day in review.confirmed.items()
    ]
    return "；".join(said)


def restore_guarantees(*, actor: Any, case: Case, outcome: str) -> list[str]:
    """Restore what restorable() finds, with a history row naming the case (`outcome`: how it ended, e.g. 已撤回);
    the caller holds the transaction and the household's lock (services.case_locks). Returns the fields."""
    household = Household.objects.select_for_update().get(pk=case.household_id)
    review = _review(case, household)
    fields = review.fields
    if not fields:
        return []
    before = {field: getattr(household, field) for field in fields}
    for field in fields:
        setattr(household, field, True)
    household.save(update_fields=[*fields, "updated_at"])
    restored = RESTORED.format(when=review.when, labels=labels_of(fields))
    record_event(
        actor=actor,
        household=household,
        action=RESTORE_ACTION,
        target=case,
        summary=f"{case_name(case)}{outcome}，未纳入监测：{restored}",
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
    if not fields:
        return ""
    # The acts that had switched them off: their history rows stay the latest that did.
    return RESTORED.format(when=_when(fields, _switches(case)), labels=labels_of(fields)) + "。"


class GuaranteeCorrection(NamedTuple):
    changes: list[dict]  # for the correction's history row (services.common.diff)
    said: list[str]  # what the case's record and the success message say of it


def correction_guarantees(household: Household, case: Case, before: tuple[list[str], list[str]]) -> GuaranteeCorrection:
    """A correction's guarantees, as the case's risk types went from `before` (risk types, national codes) to the
    case's now; the household is the one case_correct locked, before the correction's history row is written. A
    risk added that says a guarantee is not secured sets it to 否, as an opening does (unsecure_declared); a risk
    removed gives back the 否 the case set, by restorable()'s rule (still the case's, nobody changed it since, no
    visit since found it 否: that one stays, and is said)."""
    old = {g.field for g in declared_guarantees(*before)}
    new = {g.field for g in declared_guarantees(case.risk_types, case.national_risk_types)}
    review = _review(case, household) if old - new else Review([], {}, {})
    off = [field for field in LABELS if field in new - old and getattr(household, field)]
    back = [field for field in review.fields if field not in new]
    stays = {field: day for field, day in review.confirmed.items() if field not in new}
    fields = off + back
    said = [CORRECTED_OFF.format(labels=labels_of(off))] if off else []
    said += [CORRECTED_BACK.format(when=_when(back, review.switches), labels=labels_of(back))] if back else []
    said += [
        CORRECTED_STAYS.format(when=_when([field], review.switches), day=day, label=LABELS[field])
        for field, day in stays.items()
    ]
    if not fields:
        return GuaranteeCorrection([], said)
    previous = {field: getattr(household, field) for field in fields}
    for field in fields:
        setattr(household, field, field in back)
    household.save(update_fields=[*fields, "updated_at"])
    return GuaranteeCorrection(diff(household, previous, fields), said)
