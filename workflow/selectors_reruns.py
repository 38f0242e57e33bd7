"""The notices a correction ran again (services.case_correction): the step's own fields then hold the new run, and the
first notice's posting day, end and pass are read back from the case's record (CaseEvent) for the case page to show
beside the step ("更正前公示：张贴 … 截止 …（…）"). Only what the record holds is said: a notice whose posting day was
never recorded through the page has no posting line, only its pass.

The record is read by its structured facts (CaseEvent.detail, services.case_records.event_detail), the step by its
id, never by the summary's words: a summary reworded, or a step renamed, still finds its line. Events written before
the facts were kept got them from their summaries once (migration 0020)."""

from collections.abc import Iterable

from django.utils import timezone

from workflow.choices import Outcome, StepKind
from workflow.models import Case, CaseEvent
from workflow.services.case_correction import CORRECT

POSTED = "publicity_posted"  # services.publicity.publicity_posted_record
ACTED = "case_act"  # services.case_moves._record, services.batch_fast
EARLIER_RUN = "更正前公示：{parts}"


def _line(posted: str, ends: str, passed: CaseEvent | None) -> str:
    parts = []
    if posted:
        parts.append(f"张贴 {posted}")
    if ends:
        parts.append(f"截止 {ends}")
    text = " ".join(parts)
    if passed is not None:
        actor = passed.actor
        who = "系统自动通过" if actor is None else f"{actor.get_full_name() or actor.username}通过"
        on = timezone.localdate(passed.created_at)  # the county's day, not UTC's (before 08:00 it is yesterday's)
        text += f"（{on:%Y-%m-%d} {who}）" if text else f"{on:%Y-%m-%d} {who}"
    return EARLIER_RUN.format(parts=text) if text else ""


class _Run:
    """What the record says so far of one notice of a publicity step."""

    def __init__(self) -> None:
        self.posted = self.ends = ""
        self.passed: CaseEvent | None = None


def mark_earlier_runs(case: Case, events: Iterable[CaseEvent]) -> None:
    """Set `earlier_runs` on each of the case's (prefetched) publicity steps: a line per notice of it that a
    correction ran again, oldest first. `events`: the case's record, oldest first, with their actors."""
    runs: dict[int, _Run] = {}
    lines: dict[int, list[str]] = {}
    for case_step in case.case_steps.all():
        case_step.earlier_runs = lines.setdefault(case_step.pk, [])  # type: ignore[attr-defined]
        if case_step.step.kind == StepKind.PUBLICITY:
            runs[case_step.pk] = _Run()
    for event in events:
        detail = event.detail or {}
        run = runs.get(detail.get("case_step"))
        if event.action == POSTED and run is not None:
            run.posted, run.ends = detail.get("posted_on") or "", detail.get("ends_on") or ""
        elif event.action == ACTED and run is not None and detail.get("outcome") == Outcome.PASS:
            run.passed = event
        elif event.action == CORRECT:
            for pk in detail.get("rerun") or []:
                if pk not in runs:
                    continue
                if line := _line(runs[pk].posted, runs[pk].ends, runs[pk].passed):
                    lines[pk].append(line)
                runs[pk] = _Run()
