import datetime as dt

import pytest

from households.choices import HouseholdType, LabourCapacity, MonitoringCategory, Relation
from households.models import Household
from households.services import registry
from tests.households.conftest import member_row


@pytest.fixture
def household_a(personas, county):
    rows = [
        member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11),
        member_row("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2), 22),
    ]
    return registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=rows,
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
    )


@pytest.fixture
def household_b(personas, county):
    rows = [member_row("王五", Relation.HEAD, dt.date(1975, 1, 5), 45)]
    return registry.household_create(
        actor=personas.cadre_b, village=county.village_b, members=rows, household_type=HouseholdType.ORDINARY
    )


@pytest.fixture
def monitored_a(household_a):
    Household.objects.filter(pk=household_a.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL,
        monitoring_start=dt.date(2025, 3, 1),
        risk_types=["medical_cost"],
        labour_capacity=LabourCapacity.HAS_LABOUR,
    )
    household_a.refresh_from_db()
    return household_a


@pytest.fixture(autouse=True)
def presets(request):
    """The seeded procedures, present even after a transactional test's flush emptied the tables."""
    uses_db = {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db and request.node.get_closest_marker("django_db") is None:
        return
    from workflow.models import Procedure, Step
    from workflow.presets import install

    install(Procedure, Step)
