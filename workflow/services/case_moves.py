"""Moving a case on (the state machine's writes, services.cases): a checked outcome recorded on its step, then the
next stage opened or the case closed, with the case event, the household's history row and — on closing — the
outcome applied or the guarantees restored, and the case_closed signal on commit. The caller holds the case's row
lock (services.case_locks) and has made every check."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from households.services.common import record_event
from workflow.choices import CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseStep
from workflow.services.case_records import ADVISORIES, _event, _open_stage, _stages, event_detail, step_history_row
from workflow.services.case_return import outcome_words, return_to_village
from workflow.services.guarantee_restore import restore_guarantees
from workflow.services.outcomes import case_outcome_apply
from workflow.signals import case_closed


def _record(
    *,
    actor: Any,
    case: Case,
    case_step: CaseStep,
    outcome: str,
    note: str = "",
    attachment: Any = None,
    on: Any = None,
    advisories: list[str] | None = None,
) -> Case:
    """Record a checked outcome on an open step and move the case on. The caller holds the case's row lock and
    has made every check; actor None is the system (services.deadlines), written as such in the records.
    `advisories`: what the page told the one who decided (an exit's: workflow.advisories.decision_advisories),
    kept with the step's case event and audit row, and with the approval's audit row (services.outcomes)."""
    step = case_step.step
    now = timezone.now()
    # A returned step is done again once the village has corrected (services.case_return).
    statuses = {Outcome.SKIP: CaseStepStatus.SKIPPED, Outcome.RETURN: CaseStepStatus.PENDING}
    case_step.status = statuses.get(outcome, CaseStepStatus.DONE)
    case_step.acted_by = actor
    case_step.acted_at = now
    case_step.outcome = outcome
    case_step.note = note
    if attachment is not None:
        case_step.attachment = attachment
    case_step.save()
    summary = f"{step.name}：{outcome_words(step, outcome)}{('，' + note) if note else ''}"
    _event(
        case=case,
        actor=actor,
        action="case_act",
        summary=f"{step.name}：{outcome_words(step, outcome)}",
        note=note,
        joiner="，",
        detail=event_detail(case_step, outcome=outcome, **({ADVISORIES: advisories} if advisories else {})),
        advisories=advisories,
    )
    step_history_row(case=case, actor=actor, summary=summary).save()

    if outcome == Outcome.RETURN:
        return_to_village(actor=actor, case=case, case_step=case_step, note=note)
        return case
    if outcome == Outcome.REJECT:
        _close(case=case, actor=actor, status=CaseStatus.REJECTED)
        return case
    if step.kind == StepKind.COUNTY_APPROVAL:
        # The county's approval changes the household, as of its 批复日期 `on`; announcement and marking follow.
        case_outcome_apply(actor=actor, case=case, on=on or timezone.localdate(), advisories=advisories)
    _advance(case=case, actor=actor)
    return case


def _advance(*, case: Case, actor: Any) -> None:
    steps = list(case.procedure.steps.order_by("order"))
    states = dict(CaseStep.objects.filter(case=case).values_list("step_id", "status"))
    finished = {CaseStepStatus.DONE, CaseStepStatus.SKIPPED}
    for stage in _stages(steps):
        statuses = {states[step.pk] for step in stage}
        if statuses <= finished:
            continue
        if CaseStepStatus.PENDING not in statuses:
            return  # the current stage still has an open step (a parallel one)
        names = "、".join(step.name for step in stage if states[step.pk] == CaseStepStatus.PENDING)
        _open_stage(case, stage)
        _event(case=case, actor=actor, action="step_open", summary=f"进入环节：{names}")
        return
    _close(case=case, actor=actor, status=CaseStatus.APPROVED)


def _close(*, case: Case, actor: Any, status: str) -> None:
    today = timezone.localdate()
    CaseStep.objects.filter(case=case, status__in=[CaseStepStatus.PENDING, CaseStepStatus.OPEN]).update(
        status=CaseStepStatus.SKIPPED
    )
    case.status = status
    case.closed_on = today
    case.save(update_fields=["status", "closed_on", "updated_at"])
    label = CaseStatus(status).label
    _event(case=case, actor=actor, action=f"case_{status}", summary=f"{case.get_kind_display()}案件办结：{label}")
    if status != CaseStatus.APPROVED:
        record_event(
            actor=actor,
            household=case.household,
            action=f"workflow.case_{status}",
            target=case,
            summary=f"{case.get_kind_display()}案件办结：{label}",
            audited=True,  # by the case event above
        )
        restore_guarantees(actor=actor, case=case, outcome=label)  # not included: the opening's 否 goes back
    elif not case.procedure.steps.filter(kind=StepKind.COUNTY_APPROVAL).exists():
        case_outcome_apply(actor=actor, case=case, on=today)  # e.g. Taogou: the district's filing decides
    case_id = case.pk
    transaction.on_commit(lambda: case_closed.send(sender=Case, case_id=case_id, status=status))
