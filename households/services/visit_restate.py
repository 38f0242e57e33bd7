"""更正 of a visit another record made, by that record's own correction: a campaign's 入户排查表 records a 集中排查
visit (screening.services.campaign_form_effects), and when the form is edited its visit follows, in the same
transaction, rather than keeping the first version's date and findings. Not for a visit on its own: that is
households.services.visit_fix (which refuses a visit a record holds, households.visit_holds, pointing to the record).

What follows the record: the date, the 两不愁三保障 + 饮水 findings, the risk types and the notes; the visit keeps who
made it and when it was entered, and notes who corrected it, when and why (Visit.corrected_*). The old and new
values are in the household's 变更记录 row and the audit event (visit.correct). The household's findings follow
when the visit is its latest counted one, in a row of their own (household.update). A risk type added is sent to
screening as a new visit's is (visit_risk_found); one taken off withdraws the flag the visit raised of it, and a new
date moves that flag's date, as a 更正 does (households.visit_holds: visit_withdrawals, visit_redatings).

What the other records resting on the visit hold is asked as for a 更正 (households.visit_holds, all but the record
restating it, `restated_by`): a new date (REDATE: a case's step that passed on the visit, a case opened from its
risk) and a risk type taken off (RETYPE: a case opened from that risk) are refused with their words, keyed as the
visit's fields; the findings and notes no record holds."""

import copy
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEvent
from households.models import Household, Visit
from households.services.closing import ensure_open
from households.services.common import diff, display, ensure_can_edit, record_event
from households.services.visit_fix import REDATE, RETYPE, cut
from households.services.visit_stated import FINDINGS
from households.services.visits import visit_errors
from households.signals import visit_risk_found
from households.visit_holds import visit_held, visit_redatings, visit_withdrawals

RESTATED = ["visited_on", *FINDINGS, "risk_found", "risk_types", "notes"]
MSG_VOIDED = "这条走访已作废，不能随记录更正。"


def findings_before(visit: Visit) -> dict[str, bool]:
    """The household's findings as they were before `visit` was recorded, as its record event (visit.create) says;
    a finding the visit did not change is the visit's own. What a restated record's unticked item goes back to: a
    form's blank item is no finding that a problem recorded before is gone."""
    event = (
        AuditEvent.objects.filter(action="visit.create", object_type="households.visit", object_id=str(visit.pk))
        .order_by("id")
        .first()
    )
    before = (event.before or {}) if event is not None else {}
    household = visit.household
    words = {display(household, name, value): value for name in FINDINGS for value in (True, False)}
    return {name: words.get(before.get(name), getattr(visit, name)) for name in FINDINGS}


@transaction.atomic
def visit_restate(
    *,
    actor: Any,
    visit: Visit,
    visited_on: dt.date,
    findings: dict[str, bool],
    risk_types: list[str],
    notes: str,
    reason: str,
    restated_by: str,
) -> Visit:
    """Set `visit` to what its record now says (the module docstring); nothing when nothing differs. Refusals are
    keyed as visit_record's (visited_on, risk_types, notes...), for the record's service to say at its own fields.
    `restated_by`: the key its record's app registered its hold under (households.visit_holds), not asked."""
    household = Household.objects.select_for_update().get(pk=visit.household_id)
    ensure_can_edit(actor, household.region_path)
    ensure_open(household)
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.voided_at is not None:
        raise ValidationError(MSG_VOIDED)
    risk_types = list(dict.fromkeys(risk_types))
    asked: dict[str, Any] = {name: bool(findings.get(name, getattr(visit, name))) for name in FINDINGS}
    asked |= {"visited_on": visited_on, "risk_found": bool(risk_types), "risk_types": risk_types, "notes": notes}
    if all(getattr(visit, name) == value for name, value in asked.items()):
        return visit
    errors = visit_errors(
        household=household,
        visited_on=visited_on if visited_on != visit.visited_on else None,
        notes=notes,
        risk_found=bool(risk_types),
        risk_types=risk_types,
        guarantees={name: asked[name] for name in FINDINGS},
    )
    errors = errors or _held(visit, asked, restated_by)
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(visit, name) for name in RESTATED}
    recorded = copy.copy(visit)  # as recorded: the flags it raised are dated by its date
    added = [code for code in risk_types if code not in visit.risk_types]
    dropped = [code for code in visit.risk_types if code not in risk_types]
    for name, value in asked.items():
        setattr(visit, name, value)
    visit.corrected_at, visit.corrected_by, visit.correction_reason = timezone.now(), actor, reason[:200]
    visit.save(update_fields=[*RESTATED, "corrected_at", "corrected_by", "correction_reason"])
    summary = f"更正{before['visited_on']:%Y-%m-%d}的{visit.get_kind_display()}（原因：{reason}）"
    for said in [*visit_withdrawals(actor, recorded, dropped), *visit_redatings(actor, recorded, visit)]:
        summary += f"，{said}"
    record_event(
        actor=actor,
        household=household,
        action="visit.correct",
        summary=cut(summary),
        changes=diff(visit, before, RESTATED),
        target=visit,
    )
    latest = household.visits.counted().order_by("-visited_on", "-id").first()
    if latest is not None and latest.pk == visit.pk:
        # The household's findings are the latest visit's (visit_record): their change is its own row, the
        # audit event's before/after keyed by the household's fields.
        held = {name: getattr(household, name) for name in FINDINGS}
        for name in FINDINGS:
            setattr(household, name, asked[name])
        household.save(update_fields=[*FINDINGS, "updated_at"])
        if changes := diff(household, held, FINDINGS):
            record_event(
                actor=actor,
                household=household,
                action="household.update",
                summary=f"两不愁三保障状况随更正的{visit.get_kind_display()}（{visited_on:%Y-%m-%d}）更新",
                changes=changes,
            )
    if added:
        household_id, visit_id = household.pk, visit.pk
        transaction.on_commit(
            lambda: visit_risk_found.send(
                sender=Visit, household_id=household_id, visit_id=visit_id, risk_types=added, visited_on=visited_on
            )
        )
    return visit


def _held(visit: Visit, asked: dict[str, Any], restated_by: str) -> dict[str, str]:
    """What the records resting on `visit` (households.visit_holds, but `restated_by`'s) refuse of the restatement,
    keyed as visit_record's fields: its new date (REDATE), a risk type taken off (RETYPE)."""
    corrected = copy.copy(visit)
    corrected.visited_on, corrected.risk_types = asked["visited_on"], asked["risk_types"]
    asks = [("visited_on", REDATE)] if asked["visited_on"] != visit.visited_on else []
    if set(visit.risk_types) - set(asked["risk_types"]):
        asks.append(("risk_types", RETYPE))
    errors = {}
    for field, action in asks:
        if refusal := visit_held(corrected, action, restated_by=restated_by):
            errors[field] = refusal
    return errors
