"""Overdue cases (issue 6 item 10) and the steps a green-channel case owes (item 9): one definition, read by the
overdue page, the case page, 我的任务 and the reminder task (services.reminders)."""

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import DateField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.choices import Role
from workflow.choices import CaseStatus, CaseStepStatus, StepKind
from workflow.models import Case, CaseReminder, CaseStep, OverdueReason
from workflow.roles import acting_roles

UNFINISHED = (CaseStepStatus.PENDING, CaseStepStatus.OPEN)


def owed_steps(case: Case) -> list[CaseStep]:
    """The steps a green-channel case went ahead of: ordered before its passed county approval, not yet done.
    Reads the case's prefetched case_steps (selectors.case_queryset)."""
    if not case.green_channel:
        return []
    steps = list(case.case_steps.all())
    approval = next(
        (cs for cs in steps if cs.step.kind == StepKind.COUNTY_APPROVAL and cs.status == CaseStepStatus.DONE), None
    )
    if approval is None:
        return []
    return [cs for cs in steps if cs.step.order < approval.step.order and cs.status in UNFINISHED]


def _owed_exists() -> Exists:
    approval_order = CaseStep.objects.filter(
        case=OuterRef("case"), step__kind=StepKind.COUNTY_APPROVAL, status=CaseStepStatus.DONE
    ).values("step__order")[:1]
    return Exists(
        CaseStep.objects.filter(case=OuterRef("pk"), status__in=UNFINISHED, step__order__lt=Subquery(approval_order))
    )


def overdue_cases(*, today: dt.date, base: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Open cases past their procedure's limit (counted from discovery), with a publicity past its end, or with
    owed green-channel steps; annotated past_limit, publicity_ended, owed."""
    cases = base if base is not None else Case.objects.all()
    deadline = ExpressionWrapper(F("discovered_on") + F("procedure__limit_days"), output_field=DateField())
    ended = CaseStep.objects.filter(
        case=OuterRef("pk"), status=CaseStepStatus.OPEN, step__kind=StepKind.PUBLICITY, ends_on__lt=today
    )
    return (
        cases.filter(status=CaseStatus.OPEN)
        .annotate(
            limit_on=deadline,
            past_limit=Q(procedure__limit_days__isnull=False) & Q(limit_on__lt=today),
            publicity_ended=Exists(ended),
            owed=_owed_exists(),
        )
        .filter(Q(past_limit=True) | Q(publicity_ended=True) | Q(owed=True))
    )


def reasons_of(case: Case) -> list[str]:
    flags = [
        (OverdueReason.PAST_LIMIT, case.past_limit),  # type: ignore[attr-defined]
        (OverdueReason.PUBLICITY_ENDED, case.publicity_ended),  # type: ignore[attr-defined]
        (OverdueReason.GREEN_CHANNEL_OWED, case.owed),  # type: ignore[attr-defined]
    ]
    return [str(reason) for reason, flag in flags if flag]


def overdue_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    filters = filters or {}
    cases = overdue_cases(today=timezone.localdate(), base=Case.objects.visible_to(actor))
    if filters.get("township"):
        cases = cases.filter(household__village__parent__code=filters["township"])
    reason = filters.get("reason")
    if reason == OverdueReason.PAST_LIMIT:
        cases = cases.filter(past_limit=True)
    elif reason == OverdueReason.PUBLICITY_ENDED:
        cases = cases.filter(publicity_ended=True)
    elif reason == OverdueReason.GREEN_CHANNEL_OWED:
        cases = cases.filter(owed=True)
    return cases.select_related("household", "household__village", "household__village__parent", "procedure")


def overdue_by_township(cases: QuerySet[Case]) -> list[dict[str, Any]]:
    """Counts per township and reason, for the summary above the list."""
    counts: dict[str, Counter] = {}
    for row in cases.values("household__village__parent__name", "past_limit", "publicity_ended", "owed"):
        counter = counts.setdefault(row["household__village__parent__name"] or "—", Counter())
        counter["total"] += 1
        for key in ("past_limit", "publicity_ended", "owed"):
            counter[key] += bool(row[key])
    return [{"township": name, **counter} for name, counter in sorted(counts.items())]


def my_reminders(*, actor: Any, today: dt.date | None = None) -> list[CaseReminder]:
    """Reminders of today and yesterday addressed to a role the actor acts (workflow.roles) in scope, latest per
    case, open cases only."""
    today = today or timezone.localdate()
    roles = [role for role in acting_roles(actor) if role in Role.values]
    if not roles:
        return []
    rows = (
        CaseReminder.objects.visible_to(actor)
        .filter(roles__overlap=roles, on_date__gte=today - dt.timedelta(days=1), case__status=CaseStatus.OPEN)
        .select_related("case__household")
        .order_by("-on_date", "pk")
    )
    latest: dict[int, CaseReminder] = {}
    for reminder in rows:
        latest.setdefault(reminder.case_id, reminder)
    return list(latest.values())
