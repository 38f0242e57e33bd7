"""批量办结: a department clerk closes several of their department's 实施中 measures at once (a 医保 clerk has dozens
of 城乡居民医保参保资助 a year), with one completion date and one note. Each measure is closed by the single-measure
service (measure_status.measure_complete_by_department: its checks, its history row and audit event, one per
measure), all inside one transaction; a measure that cannot be closed (another department's, no longer 实施中 since
the list was read, a closed household, a completion date before its start) is named and skipped with the reason,
and the others are closed. The note and the date are checked once, before anything: a missing note or a date in the
future refuses the whole batch at the field."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from assistance.choices import MeasureStatus
from assistance.models import PlanMeasure
from assistance.services import measure_checks
from assistance.services.measure_status import (
    MSG_DONE_BEFORE_START,
    MSG_DONE_DATE_FUTURE,
    MSG_NOTE_REQUIRED,
    NOTE_LABEL,
    measure_complete_by_department,
)
from config.errors import ApplicationError
from households.services.closing import closed_refusal

BATCH_MAX = 200
MSG_NONE_CHOSEN = "请至少勾选一项“实施中”的帮扶措施。"
MSG_TOO_MANY = "一次最多批量办结{n}项措施（已选{count}项），请分批办理。"
REASON_NOT_OURS = "不是本部门负责的措施，或已不存在"
REASON_NOT_IN_PROGRESS = "当前为“{status}”，只能批量办结“实施中”的措施"
REASON_DONE = "已于{on:%Y-%m-%d}办结，未重复办结"
UNKNOWN_NAME = "措施编号{pk}"
RELATED = ("plan__household", "household__village__parent", "measure_type", "member")


@dataclass(frozen=True)
class Skipped:
    pk: int
    name: str
    reason: str


@dataclass
class BatchResult:
    done: list[PlanMeasure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def measure_named(measure: PlanMeasure) -> str:
    """张大山户 李秀英 城乡居民医保参保资助: the household, the member a member's measure is for, and the measure."""
    member = f" {measure.member.name}" if measure.member_id else ""
    return f"{measure.household.head_name}户{member} {measure.measure_type.name}"


def _refusal(measure: PlanMeasure, on: dt.date | None) -> str:
    """Why this measure is not closed in a batch, "" when it may be."""
    if measure.status == MeasureStatus.DONE and measure.completed_on:
        return REASON_DONE.format(on=measure.completed_on)
    if measure.status != MeasureStatus.IN_PROGRESS:
        return REASON_NOT_IN_PROGRESS.format(status=measure.get_status_display())
    if refusal := closed_refusal(measure.plan.household):
        return refusal
    if on is not None and on < measure.starts_on:
        return MSG_DONE_BEFORE_START.format(starts_on=measure.starts_on)
    return ""


def _chosen(actor: Any, pks: list[int], *, lock: bool = False) -> tuple[list[PlanMeasure], list[Skipped]]:
    """The clerk's own measures among `pks`, in the order chosen, and the ids that are none of theirs."""
    pks = list(dict.fromkeys(pks))
    measures = PlanMeasure.objects.for_department(actor).filter(pk__in=pks)
    if lock:
        measures = measures.select_for_update(of=("self",)).order_by("pk")
    found = {measure.pk: measure for measure in measures.select_related(*RELATED)}
    missing = [Skipped(pk, UNKNOWN_NAME.format(pk=pk), REASON_NOT_OURS) for pk in pks if pk not in found]
    return [found[pk] for pk in pks if pk in found], missing


def batch_check(*, actor: Any, pks: list[int], on: dt.date | None = None) -> BatchResult:
    """What a batch would close and skip, nothing written: the confirmation page lists both. `done` holds the
    measures that may be closed now."""
    measures, skipped = _chosen(actor, pks)
    result = BatchResult(skipped=skipped)
    for measure in measures:
        if reason := _refusal(measure, on):
            result.skipped.append(Skipped(measure.pk, measure_named(measure), reason))
        else:
            result.done.append(measure)
    return result


def _batch_errors(pks: list[int], note: str, on: dt.date | None, today: dt.date) -> dict[str, str]:
    errors = {}
    if not pks:
        errors["measures"] = MSG_NONE_CHOSEN
    elif len(set(pks)) > BATCH_MAX:
        errors["measures"] = MSG_TOO_MANY.format(n=BATCH_MAX, count=len(set(pks)))
    if not note.strip():
        errors["note"] = MSG_NOTE_REQUIRED
    elif too_long := measure_checks.note_error(note, NOTE_LABEL):
        errors["note"] = too_long
    if on is not None and on > today:
        errors["on"] = MSG_DONE_DATE_FUTURE
    return errors


@transaction.atomic
def measures_complete_by_department(*, actor: Any, pks: list[int], note: str, on: dt.date | None = None) -> BatchResult:
    """Close the clerk's chosen 实施中 measures with one note and date (today when none), each by the single-measure
    service in a savepoint of one transaction; those it refuses are skipped with its reason, the others closed."""
    today = timezone.localdate()
    if errors := _batch_errors(pks, note, on, today):
        raise ValidationError(errors)
    on = on or today
    measures, skipped = _chosen(actor, pks, lock=True)
    result = BatchResult(skipped=skipped)
    for measure in measures:
        if reason := _refusal(measure, on):
            result.skipped.append(Skipped(measure.pk, measure_named(measure), reason))
            continue
        try:
            with transaction.atomic():
                closed = measure_complete_by_department(actor=actor, measure=measure, note=note, on=on)
        except ValidationError as error:
            result.skipped.append(Skipped(measure.pk, measure_named(measure), "；".join(error.messages)))
        except (ApplicationError, PermissionDenied) as error:
            reason = error.message if isinstance(error, ApplicationError) else str(error)
            result.skipped.append(Skipped(measure.pk, measure_named(measure), reason))
        else:
            result.done.append(closed)
    return result
