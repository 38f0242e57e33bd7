"""Migration 0030: the exit cases opened before an exit recorded what it closes get the category and risks their
household was monitored under, as workflow.selectors_exit_shown read them: the category the exit's approval cleared
(its history row), or the household's own while it is still monitored."""

import importlib

import pytest
from django.apps import apps

from households.choices import MonitoringCategory
from tests.workflow.helpers import act_after_publicity, exit_ready
from tests.workflow.steps_helpers import walk_to
from workflow.choices import CaseKind, Channel, Outcome
from workflow.models import Case
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db
migration = importlib.import_module("workflow.migrations.0030_exit_case_facts")


def test_exits_opened_before_take_their_households_category_and_risks(personas, monitored_a):
    case = case_open(
        actor=personas.cadre_a,
        household=exit_ready(monitored_a),
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    walk_to(personas, case, "county_approval")
    act_after_publicity(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    Case.objects.filter(pk=case.pk).update(category="", risk_types=[])  # as an exit opened before 0030

    migration.fill_exit_facts(apps, None)

    case.refresh_from_db()
    monitored_a.refresh_from_db()
    assert monitored_a.monitoring_category == ""  # approved: the category comes from the history row
    assert (case.category, case.risk_types) == (MonitoringCategory.MARGINAL, ["medical_cost"])
