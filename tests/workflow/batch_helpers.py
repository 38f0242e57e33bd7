"""Bringing cases to the county approval step, for the batch approval and green channel tests."""

import datetime as dt

from django.utils import timezone

from households.choices import HouseholdType, Relation, categories_for
from households.services import registry
from tests.households.conftest import member_row
from tests.workflow.helpers import act_after_publicity
from workflow.choices import CaseKind, Channel, Outcome
from workflow.services.cases import case_open

BEFORE_APPROVAL = [
    ("cadre", "village_review"),
    ("cadre", "village_publicity"),
    ("township", "township_preliminary"),
    ("county_officer", "county_comparison"),
    ("township", "township_audit"),
    ("township", "township_publicity"),
]


def new_household(actor, village, head: str, sequence: int):
    rows = [member_row(head, Relation.HEAD, dt.date(1966, 4, 9), sequence)]
    return registry.household_create(actor=actor, village=village, members=rows, household_type=HouseholdType.ORDINARY)


def open_case(actor, household, **extra):
    return case_open(
        actor=actor,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=extra.pop("risk_types", ["medical_cost"]),
        national_risk_types=extra.pop("national_risk_types", ["illness"]),
        category=extra.pop("category", categories_for(household.household_type)[0][0]),  # 脱贫不稳定户 or 边缘易致贫户
        discovered_on=timezone.localdate() - dt.timedelta(days=3),
        **extra,
    )


def at_approval(personas, household, cadre, **extra):
    """A Yongxiu identification case of this household, acted up to its open county approval step."""
    case = open_case(cadre, household, **extra)
    actors = {"cadre": cadre, "county_officer": personas.county_officer, "township": personas.township}
    for who, code in BEFORE_APPROVAL:
        case = act_after_publicity(actor=actors[who], case=case, step_code=code, outcome=Outcome.PASS)
    case.refresh_from_db()
    return case
