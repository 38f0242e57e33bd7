"""更正 and 作废 of a visit saved by mistake: a wrong income change (−20,000 for −2,000), the wrong household, the same
visit saved twice. Nothing is overwritten silently: each correction's old and new values, and each voiding with its
reason, are in the household's 变更记录 and the audit log; a voided visit stays on record, struck through, and
counts nowhere (Visit.objects.counted()).

Who and until when (the one rule, visit_fix_refusal):
- the visitor, within FIX_DAYS (30) days of entering the visit: long enough to catch a slip at the month's review
  (004 (五): 每月20日前 the month's information is entered), short enough that what a month's reports were made on
  does not move under them afterwards;
- township and county bureau staff over the household (ensure_can_edit), within STAFF_FIX_DAYS of its entry (the
  year a visit may be dated back, households.services.visits.MSG_DATE_TOO_OLD): they review the villages' visits.
What a correction changes: the date, the five 两不愁三保障 + 饮水 findings, the risk types, the income and rigid
expense changes and the notes (CORRECTABLE), checked as a visit's are when recorded; the household's status follows
where the visit stands for it (households.services.visit_fix_findings); a risk type added goes to the township as a
new visit's does, one taken off withdraws the flag the visit raised, and a new date moves that flag's date with it
(households.visit_holds: visit_withdrawals, visit_redatings). Refused: a visit another record rests on
(households.visit_holds: an alert's verification, a return visit, a self-application's check, a campaign's form;
a case's step that passed on it or a case opened from its risk, which refuse its voiding, a date the step would not
have counted and taking that risk off; the case opened from its risk refuses a new date too)."""

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.models import AuditEvent
from config.errors import Conflict
from households.choices import MANUAL_VISIT_KINDS, VisitKind
from households.models import Household, Visit
from households.services.closing import ensure_open
from households.services.common import diff, display, ensure_can_edit, record_event
from households.services.visit_changes import CHANGE_FIELDS, change_errors
from households.services.visit_fix_findings import findings_after_correction, latest_counted
from households.services.visit_stated import FINDINGS
from households.services.visits import visit_errors
from households.signals import visit_risk_found
from households.visit_holds import visit_held, visit_redatings, visit_withdrawals

FIX_DAYS = 30
STAFF_FIX_DAYS = 366
STAFF_ROLES = frozenset({Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})
CORRECTABLE = ["visited_on", *FINDINGS, "risk_types", "income_change", "expense_change", "notes"]
FIXED = [*CORRECTABLE[:-3], "risk_found", *CORRECTABLE[-3:]]  # what a correction sets: risk_found follows the types
REASON_MAX = 200
SUMMARY_MAX = 200  # HouseholdEvent.summary
# Asked of the holds (households.visit_holds) after CORRECT, the visit carrying the corrected values: REDATE, a
# correction of its date (a case's step, a case opened from its risk rest on the day it was); RETYPE, one taking
# risk types off it (a case opened from the risk rests on it).
CORRECT, VOID, REDATE, RETYPE = "correct", "void", "redate", "retype"

MSG_CORRECT_REASON = "请填写更正原因。"
MSG_VOID_REASON = "请填写作废原因。"
MSG_REASON_LONG = f"原因不能超过{REASON_MAX}字。"
MSG_NOT_YOURS = "只有走访人本人或乡镇、县乡村振兴局工作人员可以更正或作废这条走访。"
MSG_AUTHOR_LATE = (
    "这条走访录入已超过{days}天（{entered:%Y-%m-%d}录入），走访人不能再更正或作废，请联系乡镇工作人员处理。"
)
MSG_STAFF_LATE = "这条走访录入已超过一年（{entered:%Y-%m-%d}录入），不能再更正或作废。"
MSG_VOIDED = "这条走访已于{at:%Y-%m-%d}作废，不能再更正或作废。"
MSG_KIND_HELD = "这条走访是{kind}的记录，不能单独更正或作废，请在{kind}处处理。"
MSG_NO_CHANGE = "没有修改任何内容，无需更正。"
MSG_CONFLICT = "这条走访刚被他人作废，请刷新页面查看。"


def cut(summary: str) -> str:
    """A history row's summary within its 200 characters (a long reason and what later apps did, said together)."""
    return summary if len(summary) <= SUMMARY_MAX else summary[: SUMMARY_MAX - 1] + "…"


def visit_fix_refusal(actor: Any, visit: Visit, action: str = CORRECT) -> str | None:
    """Why `actor` may not correct (or void, `action` VOID) `visit`, or None. The cheap part (who, until when, the
    visit's kind) is visit_fix_allowed, which the visit tab asks for its links; later apps' holds ask the database."""
    if refusal := visit_fix_allowed(actor, visit):
        return refusal
    return visit_held(visit, action)


def visit_fix_allowed(actor: Any, visit: Visit) -> str | None:
    """The module docstring's who and until when, without a query: None when `actor` may correct or void `visit`."""
    if visit.voided_at is not None:
        return MSG_VOIDED.format(at=timezone.localtime(visit.voided_at))
    if visit.kind not in dict(MANUAL_VISIT_KINDS):
        return MSG_KIND_HELD.format(kind=VisitKind(visit.kind).label)
    entered = timezone.localtime(visit.created_at)
    age = timezone.now() - visit.created_at
    if getattr(actor, "role", None) in STAFF_ROLES:
        return MSG_STAFF_LATE.format(entered=entered) if age > dt.timedelta(days=STAFF_FIX_DAYS) else None
    if visit.visitor_id != getattr(actor, "pk", None):
        return MSG_NOT_YOURS
    return MSG_AUTHOR_LATE.format(days=FIX_DAYS, entered=entered) if age > dt.timedelta(days=FIX_DAYS) else None


def _reason_errors(reason: str, missing: str) -> dict[str, str]:
    if not reason.strip():
        return {"reason": missing}
    return {"reason": MSG_REASON_LONG} if len(reason.strip()) > REASON_MAX else {}


def _locked(actor: Any, visit: Visit, action: str) -> tuple[Household, Visit]:
    """The household and the visit under lock (household first, as visit_record takes them), after the rule."""
    household = Household.objects.select_for_update().get(pk=visit.household_id)
    ensure_can_edit(actor, household.region_path)
    ensure_open(household)
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if refusal := visit_fix_refusal(actor, visit, action):
        raise PermissionDenied(refusal) if refusal == MSG_NOT_YOURS else ValidationError(refusal)
    return household, visit


@transaction.atomic
def visit_correct(
    *,
    actor: Any,
    visit: Visit,
    reason: str,
    income_change: Decimal | None,
    expense_change: Decimal | None,
    notes: str,
    visited_on: dt.date | None = None,
    findings: dict[str, bool] | None = None,
    risk_types: list[str] | None = None,
    confirm_changes: bool = False,
) -> Visit:
    """更正: set the visit's date, 两不愁三保障 + 饮水 findings, risk types, income and expense changes and notes
    (CORRECTABLE) with the reason; `visited_on` None, a finding not in `findings` and `risk_types` None stay as they
    are. Checked as recording checks them (_correction_errors), and against the records resting on the visit
    (households.visit_holds: REDATE, RETYPE). The household's status follows where the visit stood or comes to
    stand for it (visit_fix_findings), in a row of its own (household.update); a risk type added goes to screening
    as a new visit's does (visit_risk_found), one taken off withdraws the flag the visit raised of it
    (visit_withdrawals) and a new date moves that flag's date (visit_redatings); the history rows re-screen the
    household on commit. The old values are in the 变更记录 row
    and the audit event (before/after); nothing changed is refused."""
    household, visit = _locked(actor, visit, CORRECT)
    asked: dict[str, Any] = {"visited_on": visited_on or visit.visited_on}
    asked |= {name: bool((findings or {}).get(name, getattr(visit, name))) for name in FINDINGS}
    types = list(dict.fromkeys(risk_types if risk_types is not None else visit.risk_types))
    if set(types) == set(visit.risk_types):
        types = visit.risk_types  # the same types in the form's order are no correction
    asked |= {"risk_types": types, "risk_found": bool(types)}
    asked |= {"income_change": income_change, "expense_change": expense_change, "notes": notes or ""}
    errors = _correction_errors(household, visit, asked, reason=reason, confirm_changes=confirm_changes)
    if not errors and all(getattr(visit, k) == v for k, v in asked.items()):
        errors["reason"] = MSG_NO_CHANGE
    if errors:
        raise ValidationError(errors)
    recorded = copy.copy(visit)  # as recorded: the flags it raised are dated by its date
    was_latest = getattr(latest_counted(household), "pk", None) == visit.pk
    stamp = {"corrected_at": timezone.now(), "corrected_by": actor, "correction_reason": reason.strip()}
    if not Visit.objects.filter(pk=visit.pk, voided_at__isnull=True).update(**asked, **stamp):
        raise Conflict(MSG_CONFLICT)
    visit.refresh_from_db()
    summary = f"更正{recorded.visited_on:%Y-%m-%d}的{visit.get_kind_display()}（原因：{reason.strip()}）"
    dropped = [code for code in recorded.risk_types if code not in types]
    for said in [*visit_withdrawals(actor, recorded, dropped), *visit_redatings(actor, recorded, visit)]:
        summary += f"，{said}"
    changes = diff(visit, {name: getattr(recorded, name) for name in FIXED}, FIXED)
    record_event(
        actor=actor, household=household, action="visit.correct", summary=cut(summary), changes=changes, target=visit
    )
    _household_follows(actor, household, visit, recorded, was_latest=was_latest)
    if added := [code for code in types if code not in recorded.risk_types]:
        household_id, visit_id, day = household.pk, visit.pk, visit.visited_on
        transaction.on_commit(
            lambda: visit_risk_found.send(
                sender=Visit, household_id=household_id, visit_id=visit_id, risk_types=added, visited_on=day
            )
        )
    return visit


def _correction_errors(
    household: Household, visit: Visit, asked: dict[str, Any], *, reason: str, confirm_changes: bool
) -> dict[str, str]:
    """What is wrong with the corrected values, keyed as visit_record's fields: the date and notes as a visit's
    (visit_errors: not in the future, not over a year back), the risk types known and needed by their findings
    (guarantee_errors), the amounts as visit_record asks about them (`confirm_changes`), against the year of the
    corrected date; a record resting on the date or on a risk type taken off (households.visit_holds)."""
    redated = asked["visited_on"] != visit.visited_on
    errors = _reason_errors(reason, MSG_CORRECT_REASON)
    errors |= visit_errors(
        household=household,
        visited_on=asked["visited_on"] if redated else None,
        notes=asked["notes"],
        risk_types=asked["risk_types"],
        guarantees={name: asked[name] for name in FINDINGS},
    )
    # A new date moves the amounts to its year's figures: every amount is asked about again.
    amounts = {k: asked[k] for k in CHANGE_FIELDS if redated or asked[k] != getattr(visit, k)}
    errors |= change_errors(
        household=household, visited_on=asked["visited_on"], changes=amounts, confirmed=confirm_changes
    )
    holds = []
    if redated and "visited_on" not in errors:
        holds.append(("visited_on", REDATE))
    if set(visit.risk_types) - set(asked["risk_types"]) and "risk_types" not in errors:
        holds.append(("risk_types", RETYPE))
    for field, action in holds:
        corrected = copy.copy(visit)
        corrected.visited_on, corrected.risk_types = asked["visited_on"], asked["risk_types"]
        if refusal := visit_held(corrected, action):
            errors[field] = refusal
    return errors


def _household_follows(actor: Any, household: Household, visit: Visit, recorded: Visit, *, was_latest: bool) -> None:
    """The household's findings after the correction (visit_fix_findings), in a history row of their own."""
    before = {name: getattr(recorded, name) for name in FINDINGS}
    status = findings_after_correction(household, visit, was_latest=was_latest, before=before)
    if not status:
        return
    held = {name: getattr(household, name) for name in FINDINGS}
    for name, value in status.items():
        setattr(household, name, value)
    household.save(update_fields=[*status, "updated_at"])
    record_event(
        actor=actor,
        household=household,
        action="household.update",
        summary=f"两不愁三保障状况随更正的{visit.get_kind_display()}（{visit.visited_on:%Y-%m-%d}）更新",
        changes=diff(household, held, FINDINGS),
    )


@transaction.atomic
def visit_void(*, actor: Any, visit: Visit, reason: str) -> Visit:
    """作废: the visit stays on record with who, when and why, and counts nowhere (Visit.objects.counted()). When it
    is the visit the household's 两不愁三保障 status came from (the latest, its findings changed that status, and
    nothing changed it since), the status goes back to what it was before the visit, in the same 变更记录 row."""
    household, visit = _locked(actor, visit, VOID)
    if errors := _reason_errors(reason, MSG_VOID_REASON):
        raise ValidationError(errors)
    restored = _findings_before(household, visit)
    now = timezone.now()
    if not Visit.objects.filter(pk=visit.pk, voided_at__isnull=True).update(
        voided_at=now, voided_by=actor, void_reason=reason.strip()
    ):
        raise Conflict(MSG_CONFLICT)
    visit.refresh_from_db()
    changes = [
        {"field": "voided_at", "label": "作废时间", "old": "", "new": f"{timezone.localtime(now):%Y-%m-%d %H:%M}"},
        {"field": "void_reason", "label": "作废原因", "old": "", "new": reason.strip()},
    ]
    if restored:
        before = {name: getattr(household, name) for name in FINDINGS}
        for name, value in restored.items():
            setattr(household, name, value)
        household.save(update_fields=[*restored, "updated_at"])
        changes += diff(household, before, FINDINGS)
    summary = f"作废{visit.visited_on:%Y-%m-%d}的{visit.get_kind_display()}（原因：{reason.strip()}）"
    if restored:
        summary += "，该户两不愁三保障状况恢复为这次走访前的记录"
    for said in visit_withdrawals(actor, visit, visit.risk_types):  # later apps undo what it reported (a risk flag)
        summary += f"，{said}"
    record_event(
        actor=actor, household=household, action="visit.void", summary=cut(summary), changes=changes, target=visit
    )
    return visit


def _findings_before(household: Household, visit: Visit) -> dict[str, bool]:
    """The household's findings as they were before `visit` when the visit set them and still stands for them: it is
    the latest counted visit, its record event (visit.create) changed them, and they are still the visit's values."""
    latest = household.visits.counted().order_by("-visited_on", "-id").first()
    if latest is None or latest.pk != visit.pk:
        return {}
    event = (
        AuditEvent.objects.filter(action="visit.create", object_type="households.visit", object_id=str(visit.pk))
        .order_by("id")
        .first()
    )
    before = (event.before or {}) if event is not None else {}
    words = {display(household, name, value): value for name in FINDINGS for value in (True, False)}
    restored = {name: words[before[name]] for name in FINDINGS if before.get(name) in words}
    if any(getattr(household, name) != getattr(visit, name) for name in restored):
        return {}  # changed since by something else (a case's 保障恢复): the visit no longer stands for it
    return restored
