"""The demo's assistance seed (make run, every start): the cadre's village gets three monitored households once,
never one whose identification case is still open (a reviewer found every household of the village monitored
after a few restarts, beside cases still at 村级评议)."""

import io

import pytest
from django.core.management import call_command

from accounts.choices import Role
from households.choices import CATEGORY_HOUSEHOLD_TYPES, HouseholdType
from households.models import Household
from tests.factories import UserFactory
from tests.households.conftest import numbered
from tests.workflow.batch_helpers import new_household, open_case

pytestmark = pytest.mark.django_db


def test_three_monitored_households_once_and_none_under_identification(county):
    cadre = UserFactory(username="cadre", role=Role.VILLAGE_CADRE, region_path=county.village_a.path)
    UserFactory(username="county", role=Role.COUNTY_OFFICER, region_path=county.county.path)
    households = [new_household(cadre, county.village_a, numbered("户主", n), 80 + n) for n in range(6)]
    under_identification = open_case(cadre, households[0])

    for _ in range(3):  # three restarts of the demo
        call_command("seed_assistance_demo", stdout=io.StringIO())

    village = Household.objects.filter(region_path__startswith=county.village_a.path)
    monitored = village.exclude(monitoring_category="")
    assert monitored.count() == 3
    assert not monitored.filter(pk=under_identification.household_id).exists()


def test_a_lifted_out_household_of_the_village_is_monitored_as_unstable_not_marginal(county):
    """A reviewer found a 脱贫户 of the demo village monitored as 边缘易致贫户, a pairing the registry import and the
    case forms refuse (边缘易致贫户 须为一般农户)."""
    UserFactory(username="cadre", role=Role.VILLAGE_CADRE, region_path=county.village_a.path)
    UserFactory(username="county", role=Role.COUNTY_OFFICER, region_path=county.county.path)
    cadre = UserFactory(role=Role.VILLAGE_CADRE, region_path=county.village_a.path)
    households = [new_household(cadre, county.village_a, numbered("户主", n), 80 + n) for n in range(3)]
    Household.objects.filter(pk=households[0].pk).update(household_type=HouseholdType.LIFTED_OUT)

    call_command("seed_assistance_demo", stdout=io.StringIO())

    monitored = Household.objects.filter(pk__in=[h.pk for h in households]).exclude(monitoring_category="")
    assert monitored.count() == 3
    for household in monitored:
        assert household.household_type in CATEGORY_HOUSEHOLD_TYPES[household.monitoring_category]
    assert monitored.get(pk=households[0].pk).monitoring_category == "unstable"
