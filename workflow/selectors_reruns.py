"""The notices a correction ran again (services.case_correction): the step's own fields then hold the new run, and the
first notice's posting day, end and pass are read back from the case's record (CaseEvent) for the case page to show
beside the step ("更正前公示：张贴 … 截止 …（…）"). Only what the record holds is said: a notice whose posting day was
never recorded through the page has no posting line, only its pass."""

import re
from collections.abc import Iterable

from workflow.choices import Outcome, StepKind
from workflow.models import Case, CaseEvent
from workflow.services.case_correction import CORRECT
from workflow.services.case_records import SYSTEM_ACTOR

POSTED = re.compile(r"张贴日期 (\d{4}-\d{2}-\d{2})(?:，公示至 (\d{4}-\d{2}-\d{2}))?")
EARLIER_RUN = "更正前公示：{parts}"


def _said(summary: str) -> str:
    """An event's summary without the 系统自动 prefix (services.case_records._event)."""
    prefix = f"{SYSTEM_ACTOR}："
    return summary[len(prefix) :] if summary.startswith(prefix) else summary


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
        text += f"（{passed.created_at:%Y-%m-%d} {who}）" if text else f"{passed.created_at:%Y-%m-%d} {who}"
    return EARLIER_RUN.format(parts=text) if text else ""


def mark_earlier_runs(case: Case, events: Iterable[CaseEvent]) -> None:
    """Set `earlier_runs` on each of the case's (prefetched) publicity steps: a line per notice of it that a
    correction ran again, oldest first. `events`: the case's record, oldest first, with their actors."""
    events = list(events)
    for case_step in case.case_steps.all():
        case_step.earlier_runs = []  # type: ignore[attr-defined]
        if case_step.step.kind != StepKind.PUBLICITY:
            continue
        name = case_step.step.name
        posted = ends = ""
        passed: CaseEvent | None = None
        for event in events:
            said = _said(event.summary)
            if event.action == "publicity_posted" and said.startswith(f"{name}张贴日期") and (m := POSTED.search(said)):
                posted, ends = m.group(1), m.group(2) or ""
            elif event.action == "case_act" and said.startswith(f"{name}：{Outcome.PASS.label}"):
                passed = event
            elif event.action == CORRECT and f"“{name}”" in said and "重新公示" in said:
                if line := _line(posted, ends, passed):
                    case_step.earlier_runs.append(line)  # type: ignore[attr-defined]
                posted = ends = ""
                passed = None
