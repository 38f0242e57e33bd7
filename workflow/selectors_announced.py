"""The 公告日期 of a township announcement recorded in a batch (services.batch_announce), read from the case's record
(CaseEvent.detail "announced_on", by the step's id) for the case page's line of the step. The step's note heads
with the same date as text ("公告日期：YYYY-MM-DD"); the page shows the date once, from the structured fact."""

from collections.abc import Iterable

from workflow.choices import Outcome, StepKind
from workflow.models import Case, CaseEvent
from workflow.services.batch_announce import NOTE_HEAD

ACTED = "case_act"  # services.cases._record


def mark_announced_on(case: Case, events: Iterable[CaseEvent]) -> None:
    """Set `announced_on` (ISO date, "" for none) and `shown_note` (its note without the date's head when the date is
    shown) on each of the case's (prefetched) steps. `events`: the case's record, oldest first."""
    days: dict[int, str] = {}
    for event in events:
        detail = event.detail or {}
        if event.action == ACTED and detail.get("outcome") == Outcome.PASS and detail.get("announced_on"):
            days[detail.get("case_step")] = detail["announced_on"]
    for case_step in case.case_steps.all():
        day = days.get(case_step.pk, "") if case_step.step.kind == StepKind.ANNOUNCEMENT else ""
        note = case_step.note
        head = NOTE_HEAD.format(day=day)
        if day and note.startswith(head):
            note = note[len(head) :].removeprefix("，")
        case_step.announced_on = day  # type: ignore[attr-defined]
        case_step.shown_note = note  # type: ignore[attr-defined]
