"""The set-based path of a batch approval (services.batches): the same records as services.cases.case_act passing
each case's county approval step, written with a few statements for the whole batch instead of ~20 per case.

Only plain cases take it: the approval passes, nothing before the approval step is unfinished, the approval step
is alone in its stage, no publicity end applies to it, and it is not a green-channel case. The caller has refused
the batch already if services.pass_rules refuses any of its cases (an open or upheld objection, an exit of a
household without labour capacity, ...): the rules case_act applies. Every other case goes through case_act
itself. tests/workflow/test_batch_fast.py holds the two paths to the same rows (steps, case events, audit
events, household history, household values, the next step opened)."""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record_many
from households.models import Household, HouseholdEvent
from households.services.common import diff, record_events_many
from workflow.advisories import decision_advisories
from workflow.choices import CaseStatus, CaseStepStatus, DayType, Outcome, StepKind
from workflow.models import Case, CaseEvent, CaseStep, Objection, Step
from workflow.services.case_records import ADVISORIES, _stages, event_detail, step_history_row
from workflow.services.cases import OUTCOME_LABELS
from workflow.services.outcomes import OUTCOME_FIELDS, approved_after, case_outcome_values
from workflow.signals import case_closed, case_steps_opened
from workflow.workdays import publicity_end

# A case event to write: the case, its action, summary and detail (CaseEvent.detail, services.case_records).
_Event = tuple[Case, str, str, dict[str, Any]]


class _Plan:
    """Per procedure: the stage that follows the county approval step (None: the case closes after it)."""

    def __init__(self, steps: list[Step], approval: Step) -> None:
        stages = _stages(steps)
        index = next(i for i, stage in enumerate(stages) if approval in stage)
        self.alone = len(stages[index]) == 1
        self.next_stage = stages[index + 1] if index + 1 < len(stages) else None


def plain_cases(cases: list[Case], steps: dict[int, CaseStep], outcome: str) -> list[Case]:
    """The cases the set-based path may take; the caller sends the rest through case_act."""
    if outcome != Outcome.PASS or not cases:
        return []
    ids = [case.pk for case in cases]
    today = timezone.localdate()
    finished = (CaseStepStatus.DONE, CaseStepStatus.SKIPPED)
    statuses: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = CaseStep.objects.filter(case_id__in=ids).values_list("case_id", "step__order", "status")
    for case_id, order, status in rows:
        statuses[case_id].append((order, status))
    unfinished = {
        case.pk
        for case in cases
        if any(order < steps[case.pk].step.order and status not in finished for order, status in statuses[case.pk])
    }
    # Any objection on the approval step itself sends the case to case_act (pass_rules refused a blocking one).
    objected = set(
        Objection.objects.filter(case_step__in=[steps[i] for i in ids]).values_list("case_step__case_id", flat=True)
    )
    plain = []
    for case in cases:
        case_step = steps[case.pk]
        if case.pk in unfinished or case.pk in objected or case.green_channel or case_step.publicity_running(today):
            continue
        plain.append(case)
    return plain


def approve_plain(
    *, actor: Any, cases: list[Case], steps: dict[int, CaseStep], note: str, decided_on: dt.date
) -> list[Case]:
    """Pass the county approval step of plain cases (see plain_cases) under a 批复 of `decided_on`, the day the
    households' monitoring starts or their risk is eliminated (services.outcomes); the caller holds their row locks.
    Returns the cases it approved; a case whose procedure's approval shares its stage is left for case_act."""
    plans: dict[int, _Plan] = {}
    for case in cases:
        if case.procedure_id not in plans:
            procedure_steps = list(case.procedure.steps.order_by("order"))
            plans[case.procedure_id] = _Plan(procedure_steps, steps[case.pk].step)
    cases = [case for case in cases if plans[case.procedure_id].alone]
    if not cases:
        return []
    now, today = timezone.now(), timezone.localdate()
    # An exit's advisories as the approver was shown them, kept as case_act keeps them (before the households change).
    advised = decision_advisories(cases, steps, today)
    step_ids = [steps[case.pk].pk for case in cases]
    updated = CaseStep.objects.filter(pk__in=step_ids, status=CaseStepStatus.OPEN).update(
        status=CaseStepStatus.DONE, acted_by=actor, acted_at=now, outcome=Outcome.PASS, note=note
    )
    assert updated == len(step_ids), "the caller locked these cases and checked their steps are open"
    events: list[_Event] = []
    for case in cases:
        case_step = steps[case.pk]
        shown = {ADVISORIES: advised[case.pk]} if case.pk in advised else {}
        passed = event_detail(case_step, outcome=Outcome.PASS, **shown)
        events.append((case, "case_act", f"{case_step.step.name}：{OUTCOME_LABELS[Outcome.PASS]}", passed))
    # In case_act's order: the step's event, the household's history, then the next stage or the closing.
    _write_events(actor=actor, events=events, now=now, note=note)
    events = []
    _apply_outcomes(actor=actor, cases=cases, on=decided_on, advised=advised)
    closing = [case for case in cases if plans[case.procedure_id].next_stage is None]
    for procedure_id, plan in plans.items():
        group = [case for case in cases if case.procedure_id == procedure_id]
        if plan.next_stage is not None and group:
            events += _open_next(group, plan.next_stage, now=now, today=today)
    for case in closing:
        events.append(
            (case, f"case_{CaseStatus.APPROVED}", f"{case.get_kind_display()}案件办结：{CaseStatus.APPROVED.label}", {})
        )
    if closing:
        Case.objects.filter(pk__in=[case.pk for case in closing]).update(
            status=CaseStatus.APPROVED, closed_on=today, updated_at=now
        )
        closed_ids = [case.pk for case in closing]
        transaction.on_commit(
            lambda: [case_closed.send(sender=Case, case_id=i, status=CaseStatus.APPROVED) for i in closed_ids]
        )
    _write_events(actor=actor, events=events, now=now)
    return cases


def _apply_outcomes(*, actor: Any, cases: list[Case], on: dt.date, advised: dict[int, list[str]]) -> None:
    """services.outcomes.case_outcome_apply for many cases: the households locked in primary-key order, updated in one
    statement per distinct outcome, with their history rows and audit events."""
    by_household = {case.household_id: case for case in cases}
    households = Household.objects.select_for_update().filter(pk__in=list(by_household)).order_by("pk")
    groups: dict[tuple, list[int]] = defaultdict(list)
    rows = []
    for household in households:
        case = by_household[household.pk]
        before = {name: getattr(household, name) for name in OUTCOME_FIELDS}
        values, summary = case_outcome_values(case, on)
        groups[tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items())].append(household.pk)
        for name, value in values.items():
            setattr(household, name, value)
        rows.append(
            {
                "household": household,
                "summary": summary,
                "action": f"workflow.{case.kind}_approved",
                "changes": (changes := diff(household, before, OUTCOME_FIELDS)),
                "target": case,
                "after": approved_after(changes, advised.get(case.pk)),
            }
        )
    now = timezone.now()
    for key, ids in groups.items():
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in key}
        Household.objects.filter(pk__in=ids).update(**values, updated_at=now)
    record_events_many(actor=actor, rows=rows)


def _open_next(cases: list[Case], stage: list[Step], *, now: Any, today: dt.date) -> list[_Event]:
    """services.cases._open_stage for many cases of one procedure."""
    ids = [case.pk for case in cases]
    for step in stage:
        ends_on = None
        if step.kind == StepKind.PUBLICITY and step.days:
            ends_on = publicity_end(today, step.days, step.day_type or DayType.CALENDAR)
        CaseStep.objects.filter(case_id__in=ids, step=step, status=CaseStepStatus.PENDING).update(
            status=CaseStepStatus.OPEN, opened_at=now, ends_on=ends_on
        )
    opened: dict[int, list[int]] = defaultdict(list)
    for case_id, pk in CaseStep.objects.filter(case_id__in=ids, step__in=stage).values_list("case_id", "pk"):
        opened[case_id].append(pk)
    transaction.on_commit(
        lambda: [case_steps_opened.send(sender=Case, case_id=i, step_ids=s) for i, s in opened.items()]
    )
    names = "、".join(step.name for step in stage)
    return [(case, "step_open", f"进入环节：{names}", {}) for case in cases]


def _write_events(*, actor: Any, events: list[_Event], now: Any, note: str = "") -> None:
    """services.cases._event for many: the case events, their audit events, and the cases' versions moved. The
    opinion `note` of the "case_act" events follows their summary in the case's record and the household's history,
    and is kept apart in the audit row's `after` (as services.case_records._event writes it)."""

    def told(action: str, summary: str) -> str:
        return f"{summary}，{note}" if note and action == "case_act" else summary

    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=case,
                region_path=case.region_path,
                actor=actor,
                action=action,
                summary=told(action, summary),
                detail=detail,
            )
            for case, action, summary, detail in events
        ]
    )
    HouseholdEvent.objects.bulk_create(
        [
            step_history_row(case=case, actor=actor, summary=told(action, summary))
            for case, action, summary, _ in events
            if action == "case_act"
        ]
    )
    audit_record_many(
        actor=actor,
        rows=[
            {
                "action": f"workflow.{action}",
                "summary": f"{case.household.number}：{summary}",
                "target": case,
                "region_path": case.region_path,
                **({"after": after} if action == "case_act" and (after := _act_after(note, detail)) else {}),
            }
            for case, action, summary, detail in events
        ],
    )
    Case.objects.filter(pk__in={event[0].pk for event in events}).update(updated_at=now)


def _act_after(note: str, detail: dict[str, Any]) -> dict[str, Any]:
    """A step's audit `after` as services.case_records._event writes it: the opinion, and the advisories shown."""
    return {**({"note": note} if note else {}), **({ADVISORIES: detail[ADVISORIES]} if ADVISORIES in detail else {})}
