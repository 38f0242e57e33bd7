"""Only a county approval by the leading group's 批复 (000 §三(三)5) takes a 批复文号: the case API said every step of
a case did (needs_approval_number true on 村级评议, 村级公示, 公告并标识…), as 0033 had set the flag on every step."""

import importlib

import pytest
from django.apps import apps as django_apps

from tests.workflow.batch_helpers import at_approval
from tests.workflow.test_notice_procedures import laiyuan_at_approval
from workflow.models import Step

pytestmark = pytest.mark.django_db


def flags(client, case):
    steps = client.get(f"/api/v1/cases/{case.pk}/").json()["steps"]
    return {s["name"]: s["needs_approval_number"] for s in steps}


def test_yongxius_case_says_only_its_county_approval_takes_a_number(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    shown = flags(login(personas.approver), case)
    assert len(shown) > 3
    assert {name for name, numbered in shown.items() if numbered} == {"县级审批"}


def test_laiyuans_case_says_no_step_takes_a_number(personas, login, household_a):
    case = laiyuan_at_approval(personas, household_a)
    shown = flags(login(personas.county_officer), case)
    assert len(shown) > 3 and not any(shown.values())


def test_the_migration_unsets_the_flag_on_steps_that_are_not_county_approvals(db):
    Step.objects.update(needs_approval_number=True)
    importlib.import_module("workflow.migrations.0034_step_approval_number_county_only").forwards(django_apps, None)
    assert not Step.objects.exclude(kind="county_approval").filter(needs_approval_number=True).exists()
    assert Step.objects.filter(kind="county_approval", needs_approval_number=True).exists()


def test_a_step_saved_as_another_kind_never_asks_a_number(db):
    step = Step.objects.exclude(kind="county_approval").first()
    step.needs_approval_number = True
    step.save()
    step.refresh_from_db()
    assert step.needs_approval_number is False and step.asks_approval_number is False
