"""Reads of the workflow app, always through visible_to(actor): out of scope is absent (404)."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from households.choices import RegionLevel
from households.models import Household, Region
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, StepKind
from workflow.models import Case, CaseStep, Objection
from workflow.selectors_deadlines import owed_steps


def case_queryset(actor: Any) -> QuerySet[Case]:
    return (
        Case.objects.visible_to(actor)
        .select_related("household", "household__village", "procedure")
        .prefetch_related(
            Prefetch(
                "case_steps",
                queryset=CaseStep.objects.select_related("step", "acted_by")
                .prefetch_related("objections")
                .order_by("step__order"),
            )
        )
    )


def case_get(*, actor: Any, pk: int) -> Case:
    return get_object_or_404(case_queryset(actor), pk=pk)


def _annotate_timing(case: Case) -> Case:
    case.days_elapsed = (timezone.localdate() - case.discovered_on).days  # type: ignore[attr-defined]
    limit = case.procedure.limit_days
    case.overdue = bool(limit) and case.status == CaseStatus.OPEN and case.days_elapsed > limit  # type: ignore[attr-defined]
    case.open_steps = [cs for cs in case.case_steps.all() if cs.status == CaseStepStatus.OPEN]  # type: ignore[attr-defined]
    case.owed_steps = owed_steps(case)  # type: ignore[attr-defined]
    return case


def my_tasks(*, actor: Any) -> list[Case]:
    """Open cases in the actor's scope with an open step for the actor's role, oldest discovery first."""
    role = getattr(actor, "role", None)
    cases = (
        case_queryset(actor)
        .filter(status=CaseStatus.OPEN, case_steps__status=CaseStepStatus.OPEN, case_steps__step__role=role)
        .distinct()
        .order_by("discovered_on", "pk")
    )
    return [_annotate_timing(case) for case in cases]


def case_detail(*, actor: Any, pk: int) -> Case:
    return _annotate_timing(case_get(actor=actor, pk=pk))


def household_cases(*, actor: Any, household: Household) -> list[Case]:
    return [_annotate_timing(case) for case in case_queryset(actor).filter(household=household)]


def objection_get(*, actor: Any, pk: int) -> Objection:
    return get_object_or_404(Objection.objects.visible_to(actor).select_related("case_step__step"), pk=pk)


def publicity_notice(*, actor: Any, village_code: str) -> tuple[Region, list[CaseStep]]:
    """A village's open publicity steps, for the printed notice (公示名单). The village must be in scope (404)."""
    village = get_object_or_404(
        Region.objects.visible_to(actor).select_related("parent"), code=village_code, level=RegionLevel.VILLAGE
    )
    case_steps = (
        CaseStep.objects.filter(
            case__in=Case.objects.visible_to(actor).filter(household__village=village, status=CaseStatus.OPEN),
            status=CaseStepStatus.OPEN,
            step__kind=StepKind.PUBLICITY,
        )
        .select_related("step", "case__household__group")
        .order_by("opened_at", "pk")
    )
    return village, list(case_steps)


def household_in_green_channel(household: Household) -> bool:
    """Is the household in the green channel (001 §四): an open or approved identification (or re-mark) case opened
    through it. The assistance app lets help start before the case is approved on this."""
    return Case.objects.filter(
        household=household,
        kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK],
        green_channel=True,
        status__in=[CaseStatus.OPEN, CaseStatus.APPROVED],
    ).exists()
