"""Review finding (county 6): a demo of 300 households (DEMO_HOUSEHOLDS=300) made no case ("已生成 0 件识别纳入案件"),
so 批量审批 was empty: its ~150 villages left the cadre's village one household, monitored already, and the workflow
demo takes the cadre's village's unmonitored households. The cadre's village now holds at least CADRE_VILLAGE_MIN
households whatever the demo's size; and the workflow demo adds a risk elimination waiting for the batch approval."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from households.management.commands.seed_demo import CADRE_VILLAGE_MIN
from households.models import Household
from workflow.choices import CaseStepStatus
from workflow.models import CaseStep

pytestmark = pytest.mark.django_db


def test_a_300_household_demo_has_cases_at_every_step_up_to_the_county(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the demo's two dozen accounts
    call_command("seed_demo", households=300, stdout=io.StringIO())
    call_command("seed_assistance_demo", stdout=io.StringIO())  # as the stack runs them (config.stack)
    out = io.StringIO()

    call_command("seed_workflow_demo", stdout=out)

    village = User.objects.get(username="cadre").region_path
    assert Household.objects.filter(region_path__startswith=village).count() >= CADRE_VILLAGE_MIN
    assert Household.objects.count() == 300  # taken from other villages, not added
    assert "已生成 8 件识别纳入案件、1 件风险消除案件" in out.getvalue()
    waiting = CaseStep.objects.filter(status=CaseStepStatus.OPEN, step__code="county_approval")
    # 批量审批 has its queue: three inclusions and a risk elimination.
    assert sorted(waiting.values_list("case__kind", flat=True)) == ["exit", "identification", "identification",
                                                                   "identification"]  # fmt: skip
    open_steps = set(CaseStep.objects.filter(status=CaseStepStatus.OPEN).values_list("step__code", flat=True))
    assert {"village_review", "village_publicity", "township_preliminary", "county_comparison"} <= open_steps
    assert "township_audit" in open_steps
