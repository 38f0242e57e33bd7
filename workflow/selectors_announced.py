"""The dates the case page's step lines show. The 公告日期 of a township announcement recorded in a batch
(services.batch_announce), read from the case's record (CaseEvent.detail "announced_on", by the step's id): the
step's note heads with the same date as text ("公告日期：YYYY-MM-DD"); the page shows the date once, from the
structured fact. The 批复日期 of the county's approval, as the ledgers date it (workflow.decisions.approval_date):
its note's head carries it as "批复文号：X（YYYY-MM-DD）" (services.approval_records.approval_note), shown once."""

from collections.abc import Iterable
from typing import Any

from django.db.models import DateField, Exists, OuterRef, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, TruncDate

from workflow.choices import CaseStepStatus, Outcome, StepKind
from workflow.decisions import approval_date
from workflow.models import Case, CaseEvent, CaseStep
from workflow.services.batch_announce import NOTE_HEAD

ACTED = "case_act"  # services.case_moves._record
APPROVAL_HEAD = "批复文号："  # services.approval_records.approval_note


def announced_date() -> Any:
    """公告日期 of a Case queryset's passed township announcement (outer "pk"): the fact its pass recorded
    (CaseEvent.detail "announced_on", the newest), null while the announcement is not passed or has no date."""
    facts = CaseEvent.objects.filter(
        case=OuterRef("pk"), action=ACTED, detail__outcome=Outcome.PASS, detail__has_key="announced_on"
    ).order_by("-pk")
    day = Cast(KeyTextTransform("announced_on", "detail"), output_field=DateField())
    done = CaseStep.objects.filter(  # the event's case's announcement, as it stands
        case=OuterRef("case"), step__kind=StepKind.ANNOUNCEMENT, status=CaseStepStatus.DONE, outcome=Outcome.PASS
    )
    return Subquery(facts.filter(Exists(done)).annotate(day=day).values("day")[:1], output_field=DateField())


def dated_cases(cases: Any) -> Any:
    """Cases with their 批复日期 and 公告日期 (the case API's decided_on, announced_on), one query for a list."""
    if "approval_day" not in cases.query.annotations:
        cases = cases.annotate(approval_day=approval_date(pk=OuterRef("pk")))
    if "announced_day" not in cases.query.annotations:
        cases = cases.annotate(announced_day=announced_date())
    return cases


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


def mark_decided_on(case: Case) -> None:
    """Set `decided_on` (ISO date, "" for none) on each of the case's (prefetched) steps: the 批复日期 on its passed
    county approval. Run after mark_announced_on: the date is taken out of that step's `shown_note` head."""
    # A county bureau's 审定 without a 批复 (Step.needs_approval_number unset, 001 §五) has no 批复日期 to show apart
    # from the day it was done; one recorded with a number before its step stopped asking one still has.
    approvals = [
        cs
        for cs in case.case_steps.all()
        if cs.step.kind == StepKind.COUNTY_APPROVAL
        and cs.outcome == Outcome.PASS
        and (cs.step.needs_approval_number or (cs.note or "").startswith(APPROVAL_HEAD))
    ]
    dated = Case.objects.filter(pk=case.pk).annotate(day=approval_date(pk=OuterRef("pk")))
    day = dated.values_list("day", flat=True).first() if approvals else None
    for case_step in case.case_steps.all():
        shown = day.isoformat() if day and case_step in approvals else ""
        case_step.decided_on = shown  # type: ignore[attr-defined]
        note = case_step.shown_note  # type: ignore[attr-defined]
        if shown and note.startswith(APPROVAL_HEAD):
            case_step.shown_note = note.replace(f"（{shown}）", "", 1)  # type: ignore[attr-defined]


def notice_signed_on(cases: Iterable[Case], today: Any) -> Any:
    """The date under a printed 公告's stamp: a reprint of a posted notice (every household on it with its 公告日期
    recorded, announced_date) is dated as it was posted, the latest of those days; an announcement passed before its
    date was recorded apart, on the day it was passed; a first print, or one with a household not yet announced, is
    dated the day it is printed (`today`)."""
    pks = [case.pk for case in cases]
    if not pks:
        return today
    passed = CaseStep.objects.filter(
        case=OuterRef("pk"), step__kind=StepKind.ANNOUNCEMENT, status=CaseStepStatus.DONE, outcome=Outcome.PASS
    ).values(day=TruncDate("acted_at"))[:1]
    dated = Case.objects.filter(pk__in=pks).annotate(
        day=Coalesce(announced_date(), Subquery(passed, output_field=DateField()))
    )
    days = list(dated.values_list("day", flat=True))
    return today if any(day is None for day in days) else max(days)
