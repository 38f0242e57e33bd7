import datetime as dt

import pytest

from households.choices import HouseholdType, LabourCapacity, MonitoringCategory, Relation
from households.models import Household
from households.services import registry
from tests.households.conftest import member_row


@pytest.fixture(autouse=True)
def catalogue(request):
    """The seeded catalogue and procedures, present even after a transactional test's flush emptied the tables."""
    uses_db = {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db and request.node.get_closest_marker("django_db") is None:
        return
    from assistance.catalogue import install
    from assistance.models import MeasureCategory, MeasureType
    from workflow.models import Procedure, Step
    from workflow.presets import install as install_procedures

    install(MeasureCategory, MeasureType)
    install_procedures(Procedure, Step)


def monitor(household, *, risks, capacity=LabourCapacity.HAS_LABOUR, category=MonitoringCategory.MARGINAL):
    Household.objects.filter(pk=household.pk).update(
        monitoring_category=category, monitoring_start=dt.date(2025, 3, 1), risk_types=risks, labour_capacity=capacity
    )
    household.refresh_from_db()
    return household


@pytest.fixture
def household_a(personas, county):
    rows = [
        member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11, labour_skill="ordinary"),
        member_row("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2), 22, health="serious", labour_skill="weak"),
    ]
    return registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=rows,
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
        phone="13800001111",
    )


@pytest.fixture
def monitored_a(household_a):
    return monitor(household_a, risks=["medical_cost"])


@pytest.fixture
def household_c(personas, county):
    """A household in the other township (虬津镇 张公渡村)."""
    return Household.objects.create(
        number="H-C-1",
        village=county.village_c,
        region_path=county.village_c.path,
        household_type=HouseholdType.LIFTED_OUT,
        head_name="赵六",
        monitoring_category=MonitoringCategory.UNSTABLE_LIFTED_OUT,
        risk_types=["unsafe_housing"],
    )
