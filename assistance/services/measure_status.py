"""A measure's status: its one state machine (choices.MEASURE_TRANSITIONS), moved by township, village or county
staff (measure_set_status) or by the responsible department's clerk (measure_complete_by_department)."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from assistance.choices import MEASURE_TRANSITIONS, MeasureStatus
from assistance.models import PlanMeasure
from assistance.services import measure_checks
from assistance.services.common import ensure_can_assist
from assistance.services.measures import _describe
from config.errors import ApplicationError, Conflict
from households.services.closing import closed_refusal
from households.services.common import record_event

MSG_TRANSITION = "措施当前状态为“{old}”，不能改为“{new}”。"
MSG_CHANGED_MEANWHILE = "该措施刚被他人修改，请刷新后重试。"
MSG_STATUS_MOVED = "您打开页面后，该措施已被他人改为“{now}”，请核对后再办理。"
MSG_NOTE_REQUIRED = "请填写办理情况或终止原因。"
NOTE_LABEL = "办理情况"
SUMMARY_MAX = 200  # HouseholdEvent.summary
MSG_NOT_YOUR_DEPARTMENT = "该措施不由您所在部门负责。"
MSG_DONE_DATE_FUTURE = "完成日期不能晚于今天。"
MSG_DONE_BEFORE_START = "完成日期不能早于措施的开始日期（{starts_on:%Y-%m-%d}）。"


def _fit(summary: str) -> str:
    """The history row's summary holds the start of a long note (the whole note is the measure's 办理情况): a note
    near NOTE_MAX made it longer than the column and the save an error 500."""
    return summary if len(summary) <= SUMMARY_MAX else summary[: SUMMARY_MAX - 1] + "…"


def _transition(*, actor: Any, measure: PlanMeasure, status: str, note: str, on: dt.date | None) -> PlanMeasure:
    """Move a measure along MEASURE_TRANSITIONS with the old status in the WHERE clause: 0 rows is a conflict. A
    closed (已注销) household's measures stay as they were until the closing is undone: nobody is left to help."""
    if refusal := closed_refusal(measure.plan.household):
        raise ApplicationError(refusal)
    old = measure.status
    if status not in MEASURE_TRANSITIONS.get(old, frozenset()):
        raise ApplicationError(MSG_TRANSITION.format(old=MeasureStatus(old).label, new=MeasureStatus(status).label))
    if status in (MeasureStatus.DONE, MeasureStatus.STOPPED) and not note.strip():
        raise ValidationError({"note": MSG_NOTE_REQUIRED})
    if too_long := measure_checks.note_error(note, NOTE_LABEL):
        raise ValidationError({"note": too_long})
    today = timezone.localdate()
    if status == MeasureStatus.IN_PROGRESS and (not_started := measure_checks.not_started(measure, today)):
        raise ValidationError({"status": not_started})
    values: dict[str, Any] = {"status": status, "updated_at": timezone.now()}
    if note.strip():
        # A closing note is the measure's 帮扶成效; a note on starting it is its 实施情况 (PlanMeasure.progress_note).
        field = "effect_note" if status in (MeasureStatus.DONE, MeasureStatus.STOPPED) else "progress_note"
        before = getattr(measure, field)
        values[field] = (before + "\n" if before else "") + note.strip()
    if status == MeasureStatus.DONE:
        on = on or today
        if on > today:
            raise ValidationError({"on": MSG_DONE_DATE_FUTURE})
        if on < measure.starts_on:
            # The ledger would show 开始 after 完成; a measure that has not started cannot be done yet either.
            raise ValidationError({"on": MSG_DONE_BEFORE_START.format(starts_on=measure.starts_on)})
        values.update(completed_on=on, completed_by=actor)
    changed = PlanMeasure.objects.filter(pk=measure.pk, status=old).update(**values)
    if changed == 0:
        raise Conflict(MSG_CHANGED_MEANWHILE)
    measure.refresh_from_db()
    return measure


@transaction.atomic
def measure_set_status(
    *,
    actor: Any,
    measure: PlanMeasure,
    status: str,
    note: str = "",
    on: dt.date | None = None,
    expected_status: str | None = None,
) -> PlanMeasure:
    """Township, village or county staff move a measure: start it, finish it, or stop it (with a reason); one with
    a responsible department only its department or the county bureau closes (measure_checks.close_refusal).
    ``expected_status``: the status the page showed; a measure moved on since is refused, not moved again from its
    new status unseen (a 计划中 measure one user stops may have been started by another meanwhile)."""
    measure = PlanMeasure.objects.select_related("plan__household", "measure_type", "member").get(pk=measure.pk)
    ensure_can_assist(actor, measure.region_path)
    old = measure.status
    if expected_status and expected_status != old:
        raise Conflict(MSG_STATUS_MOVED.format(now=MeasureStatus(old).label))
    # A move the table refuses anyway (a finished measure) is said as such by _transition.
    if status in MEASURE_TRANSITIONS[old] and (refusal := measure_checks.close_refusal(actor, measure, status)):
        raise PermissionDenied(refusal)
    measure = _transition(actor=actor, measure=measure, status=status, note=note, on=on)
    record_event(
        actor=actor,
        household=measure.plan.household,
        member=measure.member,
        action="assistance.measure_status",
        summary=_fit(
            f"帮扶措施“{_describe(measure)}”：{MeasureStatus(old).label} → {measure.get_status_display()}"
            + (f"。{note.strip()}" if note.strip() else "")
        ),
        target=measure,
    )
    return measure


def ensure_department(actor: Any, measure: PlanMeasure) -> None:
    """The clerk's own department's measure, in the clerk's region (PlanMeasure.objects.for_department)."""
    in_list = PlanMeasure.objects.for_department(actor).filter(pk=measure.pk)
    if getattr(actor, "role", None) != Role.DEPARTMENT_CLERK or not in_list.exists():
        raise PermissionDenied(MSG_NOT_YOUR_DEPARTMENT)


@transaction.atomic
def measure_complete_by_department(
    *, actor: Any, measure: PlanMeasure, note: str, on: dt.date | None = None
) -> PlanMeasure:
    """部门落实: the clerk of the responsible department marks its measure done, with a note. The clerk sees no
    registry, so the household's history says which department did it, and the audit row who."""
    ensure_department(actor, measure)
    measure = PlanMeasure.objects.select_related("plan__household", "measure_type", "member").get(pk=measure.pk)
    old = measure.status
    measure = _transition(actor=actor, measure=measure, status=MeasureStatus.DONE, note=note, on=on)
    record_event(
        actor=actor,
        household=measure.plan.household,
        member=measure.member,
        action="assistance.measure_department_done",
        summary=_fit(
            f"{actor.get_department_display()}办结帮扶措施“{_describe(measure)}”"
            f"（{MeasureStatus(old).label} → 已完成）：{note.strip()}"
        ),
        target=measure,
    )
    return measure
