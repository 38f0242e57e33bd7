"""Reads for county batch approval: the queue of cases at their county approval step, and past batches."""

import datetime as dt
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from workflow.choices import CaseStatus, CaseStepStatus, StepKind
from workflow.models import Batch, Case, CaseStep
from workflow.services.batches import case_version


def _approval_step(field: str) -> Subquery:
    return Subquery(
        CaseStep.objects.filter(
            case=OuterRef("pk"), step__kind=StepKind.COUNTY_APPROVAL, status=CaseStepStatus.OPEN
        ).values(field)[:1]
    )


def approval_queue(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """Open cases in scope whose county approval step is open, longest waiting first."""
    filters = filters or {}
    cases = (
        Case.objects.visible_to(actor)
        .filter(status=CaseStatus.OPEN)
        .annotate(
            approval_opened_at=_approval_step("opened_at"),
            approval_role=_approval_step("step__role"),
            approval_name=_approval_step("step__name"),
        )
        .filter(approval_opened_at__isnull=False)
    )
    if filters.get("township"):
        cases = cases.filter(household__village__parent__code=filters["township"])
    if filters.get("kind"):
        cases = cases.filter(kind=filters["kind"])
    if filters.get("channel"):
        cases = cases.filter(channel=filters["channel"])
    if filters.get("min_days"):
        cases = cases.filter(approval_opened_at__lte=timezone.now() - dt.timedelta(days=filters["min_days"]))
    return cases.select_related("household", "household__village", "household__village__parent", "procedure").order_by(
        "approval_opened_at", "pk"
    )


def annotate_rows(cases: Any) -> list[Case]:
    today = timezone.localdate()
    rows = []
    for case in cases:
        case.version = case_version(case)  # type: ignore[attr-defined]
        case.waiting_days = (today - timezone.localdate(case.approval_opened_at)).days  # type: ignore[attr-defined]
        rows.append(case)
    return rows


def batch_list(*, actor: Any) -> QuerySet[Batch]:
    return Batch.objects.visible_to(actor).select_related("actor")


def batch_get(*, actor: Any, pk: int) -> Batch:
    return get_object_or_404(batch_list(actor=actor), pk=pk)


def batch_items(batch: Batch) -> list[Any]:
    return list(batch.items.order_by("region_path", "pk"))
