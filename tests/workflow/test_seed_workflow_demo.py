"""The demo's cases (make run): one at every stage of the Yongxiu procedure, three waiting for the county's batch
approval, all through the services; a second run leaves the county alone; dated as a real case would be."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.choices import Role
from tests.factories import UserFactory
from tests.households.conftest import numbered
from tests.workflow.batch_helpers import new_household
from tests.workflow.township_helpers import refs
from workflow.choices import CaseStepStatus, StepKind
from workflow.models import Case, CaseStep
from workflow.services.batches import batch_decide
from workflow.workdays import publicity_end

pytestmark = pytest.mark.django_db


def test_demo_cases_stand_at_every_stage_and_are_made_once(county):
    cadre = UserFactory(username="cadre", role=Role.VILLAGE_CADRE, region_path=county.village_a.path)
    UserFactory(username="township", role=Role.TOWNSHIP_OFFICER, region_path=county.township.path)
    UserFactory(username="county", role=Role.COUNTY_OFFICER, region_path=county.county.path)
    for sequence in range(8):
        new_household(cadre, county.village_a, numbered("户主", sequence), 70 + sequence)

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


def test_demo_cases_carry_the_dates_a_real_case_would(county):
    """Each step done after the one before it ended (a review before its publicity, the township's audit after the
    county's comparison), all before today; the county can approve the waiting ones today."""
    cadre = UserFactory(username="cadre", role=Role.VILLAGE_CADRE, region_path=county.village_a.path)
    UserFactory(username="township", role=Role.TOWNSHIP_OFFICER, region_path=county.township.path)
    UserFactory(username="county", role=Role.COUNTY_OFFICER, region_path=county.county.path)
    for sequence in range(8):
        new_household(cadre, county.village_a, numbered("户主", sequence), 70 + sequence)
    call_command("seed_workflow_demo", stdout=io.StringIO())

    today = timezone.localdate()
    for case in Case.objects.all():
        ended = case.discovered_on
        for step in CaseStep.objects.filter(case=case, status=CaseStepStatus.DONE).order_by("step__order"):
            if step.step.kind == StepKind.PUBLICITY:
                assert ended < step.posted_on <= step.ends_on, (case.pk, step.step.code)
                # Ended when the publicity rules end it, counted from the posting as every list gives it.
                rules_end = publicity_end(step.posted_on, step.step.days, step.step.day_type)
                assert step.ends_on == rules_end, (case.pk, step.step.code)
                ended = step.ends_on
            done = timezone.localdate(step.acted_at)
            assert ended <= done < today, (case.pk, step.step.code, ended, done)
            ended = done
        for step in CaseStep.objects.filter(case=case, status=CaseStepStatus.OPEN):
            assert timezone.localdate(step.opened_at) == ended
    waiting = list(
        Case.objects.filter(case_steps__status=CaseStepStatus.OPEN, case_steps__step__code="county_approval")
    )
    approver = UserFactory(role=Role.COUNTY_APPROVER, region_path=county.county.path)
    batch = batch_decide(
        actor=approver, refs=refs(waiting), decision="approve", document_number="永乡振字〔2026〕1号", decided_on=today
    )
    assert batch.count == 3
    assert today - dt.timedelta(days=30) < min(case.discovered_on for case in waiting)
