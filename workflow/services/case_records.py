"""What every move of a case writes, shared by the state machine (services.cases) and the services beside it
(the township's return, the green channel, batch approval): the case event with its audit row, the household's
history row of a step, and opening a stage of steps."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from households.models import HouseholdEvent
from workflow.choices import CaseStepStatus, DayType, StepKind
from workflow.models import Case, CaseEvent, CaseStep, Step
from workflow.signals import case_steps_opened
from workflow.workdays import publicity_end

SYSTEM_ACTOR = "系统自动"
# The key of the advisories a decision was shown, in CaseEvent.detail and the audit row's `after`.
ADVISORIES = "advisories"


def _stages(steps: list[Step]) -> list[list[Step]]:
    """Consecutive steps joined by parallel_with_next form one stage; a stage's steps are open together."""
    stages: list[list[Step]] = []
    joined = False
    for step in steps:
        if joined:
            stages[-1].append(step)
        else:
            stages.append([step])
        joined = step.parallel_with_next
    return stages


def event_detail(case_step: CaseStep | None = None, **facts: Any) -> dict[str, Any]:
    """CaseEvent.detail: the step acted on by its ids (a step's name may change, or two steps share one) and the
    facts the summary tells (dates as ISO strings), for code to read instead of the summary's words."""
    detail: dict[str, Any] = {"case_step": case_step.pk, "step": case_step.step_id} if case_step is not None else {}
    for key, value in facts.items():
        detail[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return detail


def _event(
    *,
    case: Case,
    actor: Any,
    action: str,
    summary: str,
    note: str = "",
    joiner: str = "：",
    detail: dict[str, Any] | None = None,
    before_note: str = "",
    advisories: list[str] | None = None,
) -> None:
    """actor None is the system (a periodic task): the records say so, as 系统自动. `detail`: CaseEvent.detail.
    `advisories`: what the page showed the one who decided (an exit's, workflow.advisories.decision_advisories),
    kept in the audit row's `after` beside the note (CaseEvent.detail holds them too, given by the caller).

    `note` is free text someone typed (an opinion, an objection, its verification), which may name an illness: the
    case's record reads summary + joiner + note, the audit row keeps the summary (who did what to which case) and
    the note apart in its `after` (accounts.audit_labels hides it from the audit admin); `before_note`, the text a
    change replaced, likewise in its `before`."""
    if actor is None:
        summary = f"{SYSTEM_ACTOR}：{summary}"
    told = f"{summary}{joiner}{note}" if note else summary
    CaseEvent.objects.create(
        case=case, region_path=case.region_path, actor=actor, action=action, summary=told, detail=detail or {}
    )
    # Every recorded change moves the case's version (updated_at), which a batch approval compares with the one
    # its page was rendered with (services.batches).
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    after = {**({"note": note} if note else {}), **({ADVISORIES: advisories} if advisories else {})}
    audit_record(
        actor=actor,
        action=f"workflow.{action}",
        summary=f"{case.household.number}：{summary}",
        target=case,
        region_path=case.region_path,
        before={"note": before_note} if before_note else None,
        after=after or None,
        actor_username=SYSTEM_ACTOR if actor is None else "",
    )


def step_history_row(*, case: Case, actor: Any, summary: str) -> HouseholdEvent:
    """The household's history row (变更记录) of a step's outcome, unsaved: the case page and the household page
    both tell it. No audit event of its own (the case event has one) and no re-screening (a step's outcome changes
    nothing the screening reads; the approval's changes are written by services.outcomes)."""
    summary = f"{case.get_kind_display()}案件 {summary}"
    if actor is None:
        summary = f"{SYSTEM_ACTOR}：{summary}"
    limit = HouseholdEvent._meta.get_field("summary").max_length
    if len(summary) > limit:  # a long opinion: the case page holds it whole
        summary = summary[: limit - 1] + "…"
    return HouseholdEvent(
        household_id=case.household_id,
        region_path=case.region_path,
        actor=actor,
        summary=summary,
    )


def _open_stage(case: Case, stage: list[Step]) -> list[int]:
    """Open a stage's pending steps. A publicity's period runs from today until its role records the day the
    notice was actually posted (services.publicity), which moves the end."""
    now = timezone.now()
    today = timezone.localdate()
    ids = []
    # Only pending steps: in a green-channel case some steps of a stage were opened (or done) ahead of it.
    pending = CaseStep.objects.filter(case=case, step__in=stage, status=CaseStepStatus.PENDING)
    for case_step in pending.select_related("step"):
        step = case_step.step
        case_step.status = CaseStepStatus.OPEN
        case_step.opened_at = now
        case_step.posted_on = None
        case_step.ends_on = None
        if step.kind == StepKind.PUBLICITY and step.days:
            case_step.ends_on = publicity_end(today, step.days, step.day_type or DayType.CALENDAR)
        case_step.save(update_fields=["status", "opened_at", "posted_on", "ends_on"])
        ids.append(case_step.pk)
    case_id = case.pk
    transaction.on_commit(lambda: case_steps_opened.send(sender=Case, case_id=case_id, step_ids=ids))
    return ids
