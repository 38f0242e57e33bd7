"""Cases opened from other apps' findings: a screening hit proposed for monitoring (the registry and screening know
no procedure, so the action that joins them lives here, DESIGN.md)."""

from typing import Any

from django.db import transaction

from households.choices import RiskType
from households.models import Household
from households.national import household_national_risk_types
from workflow.choices import CaseKind, Channel
from workflow.models import Case
from workflow.services.cases import case_open


def case_open_from_screening(
    *, actor: Any, result: Any, category: str, risk_types: list[str] | None = None, note: str = ""
) -> Case:
    """A screening hit proposed for monitoring opens an identification case: screening's own service marks the
    result proposed (unless the worklist already did), and both happen in one transaction."""
    from screening.choices import ResultStatus
    from screening.services.results import result_propose

    with transaction.atomic():
        if result.status != ResultStatus.PROPOSED:  # proposed on the worklist, the case not opened yet
            result = result_propose(actor=actor, result=result, note=note)
        household = Household.objects.get(pk=result.household_id)
        found = [code for code in (result.risk_types or []) if code in RiskType.values]
        risk_types = risk_types or found
        return case_open(
            actor=actor,
            household=household,
            kind=CaseKind.IDENTIFICATION,
            channel=Channel.SCREENING_HIT,
            risk_types=risk_types,
            category=category,
            discovered_on=result.first_hit_on,
            national_risk_types=household_national_risk_types(household, risk_types),
        )
