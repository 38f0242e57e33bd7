"""When the county decided a case: its 批复 (000 §三(三)5 县级审批), the act that changes the household
(workflow.services.outcomes). The township's 公告并标识 (§三(三)6) follows it and closes the case, days or weeks
later; counting or dating by closed_on would put an approval in the month the township got round to the
announcement.

One rule for every place that dates approvals: the case list's 批复日期 filter (workflow.selectors_cases) and, through
reports.selectors.decisions, the ledgers, 工作成效 and the monitoring statistics."""

from typing import Any

from django.db.models import CharField, DateField, Exists, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate

from workflow.choices import CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import BatchDecision, BatchItem, CaseStep


def _approvals(**case_filter: Any) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The passed county approvals of the cases `case_filter` selects (case__<lookup>), newest first: as batch items
    (a batch, or a single approval recorded as a one-case batch: workflow.services.approval_records), and as the
    approval steps, whose note heads with "批复文号：X" (a single approval recorded before those batches)."""
    lookups = {f"case__{name}": value for name, value in case_filter.items()}
    items = BatchItem.objects.filter(batch__decision=BatchDecision.APPROVE, **lookups).order_by(
        "-batch__decided_on", "-pk"
    )
    steps = CaseStep.objects.filter(step__kind=StepKind.COUNTY_APPROVAL, outcome=Outcome.PASS, **lookups).order_by(
        "-acted_at", "-pk"
    )
    return items, steps


def approval_number(**case_filter: Any) -> Coalesce:
    """批复文号 of the newest passed county approval of the cases selected (see _approvals)."""
    items, steps = _approvals(**case_filter)
    # The number as case_act and batches write it at the head of the step's note (selectors_cases.APPROVAL_NOTE).
    parsed = Func(
        F("note"), template="substring(%(expressions)s from '^批复文号：([^，（]+)')", output_field=CharField()
    )
    return Coalesce(
        Subquery(items.values("batch__document_number")[:1]),
        Subquery(steps.annotate(number=parsed).values("number")[:1]),
        output_field=CharField(),
    )


def approval_date(**case_filter: Any) -> Coalesce:
    """批复日期 of the same approval: the batch's, else the day the approval step was recorded."""
    items, steps = _approvals(**case_filter)
    return Coalesce(
        Subquery(items.values("batch__decided_on")[:1]),
        Subquery(steps.annotate(day=TruncDate("acted_at")).values("day")[:1]),
        output_field=DateField(),
    )


def _county_approval() -> QuerySet[CaseStep]:
    return CaseStep.objects.filter(
        case=OuterRef("pk"), step__kind=StepKind.COUNTY_APPROVAL, status=CaseStepStatus.DONE, outcome=Outcome.PASS
    )


def decided() -> Q:
    """A case (in a Case queryset) whose county decision is made: approved, or still open after the county's
    approval passed (waiting at 公告并标识, or a green channel's owed steps). The household changed at that approval,
    so the national system has something to record and the statistics count it from then. A refused case (a green
    channel's revoked inclusion) is not decided."""
    return Q(status=CaseStatus.APPROVED) | Q(Exists(_county_approval()), status=CaseStatus.OPEN)


def approved_on() -> Coalesce:
    """The day a decided case was decided, for a Case queryset: its 批复日期 (approval_date: the batch's date, else
    the day the approval step was recorded), else the closing day: a procedure without a county approval step
    decides at its last step (e.g. Taogou's 区级备案公告)."""
    return Coalesce(approval_date(pk=OuterRef("pk")), F("closed_on"), output_field=DateField())
