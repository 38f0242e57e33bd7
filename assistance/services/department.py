"""部门落实: what the clerk of a measure's responsible department records on it besides closing it
(measure_status.measure_complete_by_department). A department that has started a measure says so here: the measure is
实施中 from its start date, with the note of what was done and, for a measure with an amount, the actual amount.
Without it a measure the department was carrying out stayed 计划中 and showed on the township's home as
已到开始日期未实施 (000 §三(三)7: 及时落实帮扶措施)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assistance.choices import OPEN_MEASURE_STATUSES, MeasureStatus
from assistance.models import PlanMeasure
from assistance.services import measure_checks, measure_progress
from assistance.services.measure_changes import cleaned, measure_changes, snapshot
from assistance.services.measure_status import MSG_CHANGED_MEANWHILE, MSG_TRANSITION, _transition, ensure_department
from assistance.services.measures import MSG_NEGATIVE_AMOUNT, _describe
from config.errors import ApplicationError, Conflict
from households.services.common import record_event

MSG_PROGRESS_NOTE_REQUIRED = "请填写实施情况。"
PROGRESS_LABEL = "实施情况"
MSG_NO_AMOUNT = "该措施没有金额，不能登记金额。"
# The clerk corrects the start date only; the end date is the plan's (the township's to change).
MSG_START_AFTER_END = "开始实施日期不能晚于措施结束日期（{ends_on:%Y-%m-%d}）。"


def _errors(measure: PlanMeasure, *, start_changed: bool, today: dt.date) -> dict[str, str]:
    errors = measure_checks.date_errors(
        plan=measure.plan,
        starts_on=measure.starts_on,
        ends_on=measure.ends_on,
        status=MeasureStatus.IN_PROGRESS,
        today=today,
        check_start=start_changed,
        check_end=False,
    )
    if not start_changed and (not_started := measure_checks.not_started(measure, today)):
        errors["starts_on"] = not_started
    if measure.ends_on is not None and measure.ends_on < measure.starts_on:
        errors["starts_on"] = MSG_START_AFTER_END.format(ends_on=measure.ends_on)
    if measure.amount is not None and measure.amount < 0:
        errors["amount"] = MSG_NEGATIVE_AMOUNT
    elif too_large := measure_checks.amount_error(measure.amount):
        errors["amount"] = too_large
    return errors


@transaction.atomic
def measure_progress_by_department(
    *,
    actor: Any,
    measure: PlanMeasure,
    note: str,
    starts_on: dt.date | None = None,
    amount: Decimal | None = None,
) -> PlanMeasure:
    """登记实施情况: a 计划中 measure becomes 实施中 (MEASURE_TRANSITIONS), one already 实施中 keeps its status;
    the note is added to its 实施情况 (progress_note, not the 帮扶成效 its closing says), the start date and the
    amount (only a measure that has one) corrected.
    The household's history and the audit log say which department did it and what changed; the note itself
    stays on the measure, as the closing note does (it may name an illness: accounts.audit_labels)."""
    ensure_department(actor, measure)
    measure = (
        # of=self: the member is an outer join, which PostgreSQL cannot lock.
        PlanMeasure.objects.select_for_update(of=("self",))
        .select_related("plan__household", "measure_type", "member")
        .get(pk=measure.pk)
    )
    old = measure.status
    if old not in OPEN_MEASURE_STATUSES:
        label = MeasureStatus(old).label
        raise ApplicationError(MSG_TRANSITION.format(old=label, new=MeasureStatus.IN_PROGRESS.label))
    if not note.strip():
        raise ValidationError({"note": MSG_PROGRESS_NOTE_REQUIRED})
    if too_long := measure_checks.note_error(note, PROGRESS_LABEL):
        raise ValidationError({"note": too_long})
    if amount is not None and measure.amount is None:
        raise ValidationError({"amount": MSG_NO_AMOUNT})
    before = snapshot(measure)
    if starts_on is not None:
        measure.starts_on = starts_on
    if amount is not None:
        measure.amount = cleaned(amount)
    today = timezone.localdate()
    if errors := _errors(measure, start_changed=measure.starts_on != before["starts_on"], today=today):
        raise ValidationError(errors)
    edits = measure_changes(measure, before)
    # The dates and amount first, guarded by the status read under the lock; then the status moves through the one
    # transition (measure_status._transition: MEASURE_TRANSITIONS, the start-date check, the note), or, already 实施中,
    # the note is added under the same guard.
    changed = PlanMeasure.objects.filter(pk=measure.pk, status=old).update(
        starts_on=measure.starts_on, amount=measure.amount, updated_at=timezone.now()
    )
    if changed == 0:
        raise Conflict(MSG_CHANGED_MEANWHILE)
    measure.refresh_from_db()
    if old != MeasureStatus.IN_PROGRESS:
        measure = _transition(actor=actor, measure=measure, status=MeasureStatus.IN_PROGRESS, note=note, on=None)
    else:
        # The same dated, signed line the village and township add (measure_progress.stamped), today's: the first
        # note, on starting it, goes with the start date the page shows.
        measure = measure_progress.add_line(measure, measure_progress.stamped(actor, note, today))
    moved = f"{MeasureStatus(old).label} → 实施中" if old != MeasureStatus.IN_PROGRESS else "实施中"
    record_event(
        actor=actor,
        household=measure.plan.household,
        member=measure.member,
        action="assistance.measure_department_progress",
        summary=f"{actor.get_department_display()}登记帮扶措施“{_describe(measure)}”实施情况（{moved}）",
        target=measure,
        changes=edits,
    )
    return measure
