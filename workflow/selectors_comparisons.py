"""Reads for department comparisons, always through visible_to(actor): out of scope is absent (404)."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from households.choices import LivingStatus
from households.models import Member
from households.services.visits import consent_on_file as household_consent_on_file
from workflow.choices import CaseStepStatus, StepKind
from workflow.models import Case, CaseStep, ComparisonFinding, DepartmentComparison


def comparison_queryset(actor: Any) -> QuerySet[DepartmentComparison]:
    findings = ComparisonFinding.objects.select_related("member", "exclusion_fact").order_by("member_id", "pk")
    return (
        DepartmentComparison.objects.visible_to(actor)
        .select_related("case__household", "case_step__step", "recorded_by")
        .prefetch_related(Prefetch("findings", queryset=findings))
    )


def comparison_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[DepartmentComparison]:
    filters = filters or {}
    comparisons = comparison_queryset(actor)
    if filters.get("case"):
        comparisons = comparisons.filter(case_id=filters["case"])
    return comparisons.order_by("-compared_on", "-pk")


def comparison_get(*, actor: Any, pk: int) -> DepartmentComparison:
    return get_object_or_404(comparison_queryset(actor), pk=pk)


def comparison_step(case: Case) -> CaseStep | None:
    """The case's open department-comparison step, if it is at one."""
    return (
        CaseStep.objects.select_related("step")
        .filter(case=case, status=CaseStepStatus.OPEN, step__kind=StepKind.DEPARTMENT_COMPARISON)
        .first()
    )


def comparison_members(case: Case) -> list[Member]:
    return list(Member.objects.filter(household_id=case.household_id, living_status=LivingStatus.LIVING).order_by("pk"))


def consent_on_file(case: Case) -> bool:
    """The signed consent with its scan (households.services.visits.consent_on_file)."""
    return household_consent_on_file(case.household_id)


def findings_by_member(comparison: DepartmentComparison) -> list[dict[str, Any]]:
    """Per member: the positive findings in full, the items found clear and those not checked, for reading."""
    members: dict[int, dict[str, Any]] = {}
    for finding in comparison.findings.all():
        row = members.setdefault(
            finding.member_id, {"member": finding.member, "found": [], "clear": [], "unchecked": []}
        )
        if finding.found:
            row["found"].append(finding)
        elif finding.checked:
            row["clear"].append(finding.get_item_display())
        else:
            row["unchecked"].append(finding.get_item_display())
    return list(members.values())
