"""The demo's assistance seed (make run, every start): the cadre's village gets three monitored households once,
never one whose identification case is still open (a reviewer found every household of the village monitored
after a few restarts, beside cases still at 村级评议)."""

import io

import pytest
from django.core.management import call_command

from accounts.choices import Role
from households.models import Household
from tests.factories import UserFactory
from tests.workflow.batch_helpers import new_household, open_case

pytestmark = pytest.mark.django_db


def test_three_monitored_households_once_and_none_under_identification(county):
    cadre = UserFactory(username="cadre", role=Role.VILLAGE_CADRE, region_path=county.village_a.path)
    UserFactory(username="county", role=Role.COUNTY_OFFICER, region_path=county.county.path)
    households = [new_household(cadre, county.village_a, f"户主{n}", 80 + n) for n in range(6)]
    under_identification = open_case(cadre, households[0])

    for _ in range(3):  # three restarts of the demo
        call_command("seed_assistance_demo", stdout=io.StringIO())

    village = Household.objects.filter(region_path__startswith=county.village_a.path)
    monitored = village.exclude(monitoring_category="")
    assert monitored.count() == 3
    assert not monitored.filter(pk=under_identification.household_id).exists()
