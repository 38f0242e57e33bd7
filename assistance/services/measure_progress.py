"""实施进展: what is added to a measure's 实施情况 (PlanMeasure.progress_note) between its start and its close, by
whoever follows it. The department clerk adds a line through 登记实施情况 (assistance.services.department); the
village cadre, the work team (帮扶责任人, in their village) and township or county staff add one here, whoever carries
the measure out: 003 §二3 and its 附件2 ask whether measures are 落实到位, which they record as it goes.

A progress note is no status move: a measure a department closes (measure_checks.close_refusal) stays that
department's to close. Each note is one line, dated and signed (stamped): 2026-12-06 驻村工作队 王芳补充：….
The household's history and the audit log say who added progress to which measure on which date; the note itself
stays on the measure, as the department's does (it may name an illness: accounts.audit_labels)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from assistance.choices import MeasureStatus
from assistance.models import PlanMeasure
from assistance.services import measure_checks
from assistance.services.common import ensure_can_assist
from assistance.services.measure_status import MSG_CHANGED_MEANWHILE
from assistance.services.measures import _describe
from config.errors import ApplicationError, Conflict
from households.services.closing import closed_refusal
from households.services.common import record_event

PROGRESS_LABEL = "进展情况"
MSG_PROGRESS_REQUIRED = "请填写进展情况。"
MSG_NOT_UNDER_WAY = "措施当前状态为“{status}”，只有“实施中”的措施可以登记实施进展。"
MSG_PROGRESS_DATE_FUTURE = "进展日期不能晚于今天。"
MSG_PROGRESS_BEFORE_START = "进展日期不能早于措施的开始日期（{starts_on:%Y-%m-%d}）。"


def author(actor: Any) -> str:
    """Who adds a note, as its line says: the clerk's department, anyone else's role (驻村工作队, 乡镇工作人员)."""
    if getattr(actor, "role", None) == Role.DEPARTMENT_CLERK:
        return str(actor.get_department_display())
    return str(actor.get_role_display())


def stamped(actor: Any, note: str, on: dt.date) -> str:
    """One progress line with its date and author: 2026-12-06 医疗保障局 王芳补充：…."""
    return f"{on:%Y-%m-%d} {author(actor)} {actor.get_short_name()}补充：{note.strip()}"


def add_line(measure: PlanMeasure, line: str) -> PlanMeasure:
    """Add a line to the measure's 实施情况 while it is still 实施中 (the status read is in the WHERE clause: a
    measure closed meanwhile is a conflict, not a closed measure given progress)."""
    progress_note = (measure.progress_note + "\n" if measure.progress_note else "") + line
    changed = PlanMeasure.objects.filter(pk=measure.pk, status=MeasureStatus.IN_PROGRESS).update(
        progress_note=progress_note, updated_at=timezone.now()
    )
    if changed == 0:
        raise Conflict(MSG_CHANGED_MEANWHILE)
    measure.refresh_from_db()
    return measure


def refusal(measure: PlanMeasure) -> str:
    """Why the measure takes no progress now, or "": a closed (已注销) household's measures stay as they were left
    (measure_status._transition), and only one 实施中 is under way (a 计划中 one is started first, with its note)."""
    if refused := closed_refusal(measure.plan.household):
        return refused
    if measure.status != MeasureStatus.IN_PROGRESS:
        return MSG_NOT_UNDER_WAY.format(status=MeasureStatus(measure.status).label)
    return ""


def date_error(measure: PlanMeasure, on: dt.date, today: dt.date) -> str:
    """Why progress cannot be dated `on`, or "" (the page's form says it beside an empty note)."""
    if on > today:
        return MSG_PROGRESS_DATE_FUTURE
    if on < measure.starts_on:
        return MSG_PROGRESS_BEFORE_START.format(starts_on=measure.starts_on)
    return ""


def _errors(measure: PlanMeasure, note: str, on: dt.date, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not note.strip():
        errors["note"] = MSG_PROGRESS_REQUIRED
    elif too_long := measure_checks.note_error(note, PROGRESS_LABEL):
        errors["note"] = too_long
    if misdated := date_error(measure, on, today):
        errors["on"] = misdated
    return errors


@transaction.atomic
def measure_progress_add(*, actor: Any, measure: PlanMeasure, note: str, on: dt.date | None = None) -> PlanMeasure:
    """登记实施进展: a dated note (``on``, the day it happened, today by default; not after today nor before the
    measure started) added to an 实施中 measure's 实施情况, by staff who may help the household (in their scope)."""
    measure = (
        # of=self: the member is an outer join, which PostgreSQL cannot lock.
        PlanMeasure.objects.select_for_update(of=("self",))
        .select_related("plan__household", "measure_type", "member")
        .get(pk=measure.pk)
    )
    ensure_can_assist(actor, measure.region_path)
    if refused := refusal(measure):
        raise ApplicationError(refused)
    today = timezone.localdate()
    on = on or today
    if errors := _errors(measure, note, on, today):
        raise ValidationError(errors)
    measure = add_line(measure, stamped(actor, note, on))
    record_event(
        actor=actor,
        household=measure.plan.household,
        member=measure.member,
        action="assistance.measure_progress",
        summary=f"登记帮扶措施“{_describe(measure)}”实施进展（{on:%Y-%m-%d}）",
        target=measure,
    )
    return measure
