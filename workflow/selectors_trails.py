"""A case's 办理经过 in a few words: what the village, the township and the county did, in the order they did it,
as the county's approval queue, its printed 提请审批名单 and the township's audit queue show it.

A return (退回村级补正 at a township audit, 退回乡镇补正 at the county's approval: services.case_return) leaves no
step of its own done: the returning step goes back to 未开始 and the step it reopens is done again, over its first
pass. So the trail reads the returns and the passes of the reopened steps from the case's record (CaseEvent.detail
of each case_act, services.case_records.event_detail), where every one of them stays: the return with its day and
opinion, the step's first pass, and each pass after a return as its 补正 with the note it was passed with. In the
procedure's order a re-audit of 12-07 came before a publicity of 11-29 (review: approver's day #1); by the day each
was done it reads as it happened."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from workflow.choices import CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseEvent, CaseStep, Step
from workflow.selectors_publicity_end import publicity_end_shown
from workflow.services.case_records import SYSTEM_ACTOR
from workflow.services.case_return import outcome_words

CORRECTED = "{step}（补正）{day}"  # a reopened step passed again after a return: 乡镇审核（补正）12-07
RETURNED = "{step}{words} {day}"  # 县级审批退回乡镇补正 12-06
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)  # a step skipped with no time of its own: first


def _day(day: dt.date, today: dt.date) -> str:
    """A day of this year as 11-20; of another year with its year."""
    return f"{day:%m-%d}" if day.year == today.year else f"{day:%Y-%m-%d}"


def _step_label(step: CaseStep, today: dt.date) -> str:
    """One finished step in a few words: what was done and when (a publicity with its period)."""
    name = step.step.name
    if step.status == CaseStepStatus.SKIPPED:
        return f"{name} 已跳过"
    if step.outcome == Outcome.SKIP:
        return f"{name} 免于比对"
    done = _day(timezone.localdate(step.acted_at), today) if step.acted_at else ""
    if step.step.kind == StepKind.PUBLICITY and step.period_starts_on:
        # As posted (张贴日期), as the case page and the township's summary give it: to the end services.publicity
        # computed from the posting day (workdays.publicity_end).
        start, end = _day(step.period_starts_on, today), publicity_end_shown(step)
        period = f"{start}至{_day(end, today)}" if isinstance(end, dt.date) else start
        return f"{name} {period}" + (" 无异议" if step.outcome == Outcome.PASS else "")
    return f"{name} {done}".strip()


def _with_note(label: str, note: str) -> str:
    """The label with the opinion, its closing 。 dropped: the trail joins its entries with ；."""
    note = note.strip().rstrip("。")
    return f"{label}：{note}" if note else label


def _event_note(summary: str, step: Step, outcome: str) -> str:
    """The opinion a case_act event was recorded with: its summary is "<step>：<outcome>，<note>"
    (services.case_moves._record), after 系统自动： for the system; "" when there was none."""
    summary = summary.removeprefix(f"{SYSTEM_ACTOR}：")
    head = f"{step.name}：{outcome_words(step, outcome)}，"
    return summary[len(head) :] if summary.startswith(head) else ""


@dataclass(frozen=True)
class _Entry:
    at: dt.datetime
    order: int
    label: str


def step_trails(cases: list[Case]) -> dict[int, list[str]]:
    """Per case, what was done on it, oldest first (by the time it was done, then the procedure's order): each
    finished step; each return with its opinion; a step a return reopened by its first pass and each pass since as
    its 补正 with its note."""
    today = timezone.localdate()
    finished = (CaseStepStatus.DONE, CaseStepStatus.SKIPPED)
    steps = list(
        CaseStep.objects.filter(Q(status__in=finished) | Q(returned_at__isnull=False), case__in=cases).select_related(
            "step"
        )
    )
    reopened = [cs.pk for cs in steps if cs.returned_at is not None]
    told = Q(detail__outcome=Outcome.RETURN) | Q(detail__outcome=Outcome.PASS, detail__case_step__in=reopened)
    rows = list(
        CaseEvent.objects.filter(told, case__in=cases, action="case_act")
        .order_by("created_at", "pk")
        .values_list("case_id", "detail", "summary", "created_at")
    )
    named = {step.pk: step for step in Step.objects.filter(pk__in={detail.get("step") for _, detail, _, _ in rows})}
    entries: dict[int, list[_Entry]] = {case.pk: [] for case in cases}
    passes: dict[int, int] = {}  # per reopened step, its passes read so far
    for case_id, detail, summary, created_at in rows:
        step = named.get(detail.get("step"))
        if step is None:
            continue
        outcome, day = detail["outcome"], _day(timezone.localdate(created_at), today)
        if outcome == Outcome.RETURN:
            label = _with_note(
                RETURNED.format(step=step.name, words=outcome_words(step, outcome), day=day),
                _event_note(summary, step, outcome),
            )
        else:
            passes[detail["case_step"]] = seen = passes.get(detail["case_step"], 0) + 1
            # The first pass is the step's own (a return reopens only a step that passed: services.case_return);
            # each later one is its 补正, with the note it was passed with.
            corrected = CORRECTED.format(step=step.name, day=day)
            label = f"{step.name} {day}" if seen == 1 else _with_note(corrected, _event_note(summary, step, outcome))
        entries[case_id].append(_Entry(created_at, step.order, label))
    for cs in steps:
        # A reopened step is told by its passes above; one whose passes the record does not hold, by itself.
        if cs.status in finished and not passes.get(cs.pk):
            at = cs.acted_at or cs.opened_at or EARLIEST
            entries[cs.case_id].append(_Entry(at, cs.step.order, _step_label(cs, today)))
    return {
        case_id: [entry.label for entry in sorted(found, key=lambda entry: (entry.at, entry.order))]
        for case_id, found in entries.items()
    }
