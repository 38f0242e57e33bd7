"""The demo's cases (make run): one at every stage of the Yongxiu procedure, three waiting for the county's batch
approval, all through the services; a second run leaves the county alone."""

import io

import pytest
from django.core.management import call_command

from accounts.choices import Role
from tests.factories import UserFactory
from tests.workflow.batch_helpers import new_household
from workflow.choices import CaseStepStatus
from workflow.models import Case, CaseStep

pytestmark = pytest.mark.django_db


def test_demo_cases_stand_at_every_stage_and_are_made_once(county):
    cadre = UserFactory(username="cadre", role=Role.VILLAGE_CADRE, region_path=county.village_a.path)
    UserFactory(username="township", role=Role.TOWNSHIP_OFFICER, region_path=county.township.path)
    UserFactory(username="county", role=Role.COUNTY_OFFICER, region_path=county.county.path)
    for sequence in range(8):
        new_household(cadre, county.village_a, f"户主{sequence}", 70 + sequence)

    call_command("seed_workflow_demo", stdout=io.StringIO())

    open_steps = sorted(CaseStep.objects.filter(status=CaseStepStatus.OPEN).values_list("step__code", flat=True))
    assert open_steps == [
        "county_approval",
        "county_approval",
        "county_approval",
        "county_comparison",
        "township_audit",
        "township_preliminary",
        "village_publicity",
        "village_review",
    ]
    assert Case.objects.filter(household__region_path__startswith=county.village_a.path).count() == 8

    call_command("seed_workflow_demo", stdout=io.StringIO())
    assert Case.objects.count() == 8
