"""Each household of a county approval as it stands when decided (a batch's BatchItem.snapshot, services.batches
and services.approval_records), or before it for the county bureau's submission list
(selectors_batches.approval_submission)."""

from typing import Any

from django.db.models import Count, Q

from households.choices import HouseholdType, LabourCapacity, LivingStatus, MonitoringCategory
from households.models import Household, HouseholdIncome
from workflow.models import Case


def case_snapshots(cases: list[Case]) -> dict[int, dict[str, Any]]:
    """Each household as it stands now, in three queries for all the cases: right after the decision for a batch,
    before it for the county bureau's submission list (selectors_batches.approval_submission)."""
    household_ids = [case.household_id for case in cases]
    members = dict(
        Household.objects.filter(pk__in=household_ids)
        .annotate(n=Count("members", filter=Q(members__living_status=LivingStatus.LIVING)))
        .values_list("pk", "n")
    )
    incomes: dict[int, tuple[int, Any]] = {}
    rows = HouseholdIncome.objects.filter(household_id__in=household_ids).order_by("household_id", "-year")
    for household_id, year, amount in rows.values_list("household_id", "year", "per_capita_net_income"):
        incomes.setdefault(household_id, (year, amount))
    snapshots = {}
    for case in cases:
        household = case.household
        income = incomes.get(household.pk)
        snapshots[case.pk] = {
            "household_id": household.pk,
            "number": household.number,
            "head_name": household.head_name,
            "township": household.village.parent.name if household.village.parent else "",
            "village": household.village.name,
            "household_type": str(HouseholdType(household.household_type).label) if household.household_type else "",
            "members_count": members.get(household.pk, 0),
            "category": str(MonitoringCategory(case.category).label) if case.category else "",
            "risk_types": case.risk_type_labels(),
            "labour_capacity": (
                str(LabourCapacity(household.labour_capacity).label) if household.labour_capacity else ""
            ),
            "income_year": income[0] if income else None,
            "per_capita_net_income": str(income[1]) if income and income[1] is not None else None,
            "kind": case.get_kind_display(),
            "channel": case.get_channel_display(),
            "discovered_on": case.discovered_on.isoformat(),
            "green_channel": case.green_channel,
        }
    return snapshots
