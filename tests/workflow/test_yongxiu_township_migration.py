"""Migration 0011 brings an existing database's Yongxiu procedure to its paper (000 §三(三)3 and 6) without
breaking the cases under way: they run on the steps they were opened with (review township finding 7)."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.workflow.batch_helpers import new_household, open_case
from tests.workflow.helpers import act_after_publicity
from workflow.choices import CaseStatus, CaseStepStatus, Outcome
from workflow.models import CaseStep, Procedure, Step

pytestmark = pytest.mark.django_db

migration = importlib.import_module("workflow.migrations.0011_yongxiu_township_duties")


def run_migration():
    """The migration's function with the models as they stand before it (historical models, as migrate runs it)."""
    state = MigrationExecutor(connection).loader.project_state(("workflow", "0010_national_risk_types"))
    migration.forwards(state.apps, None)


def as_before():
    """The procedure as the presets shipped it before: seven steps, the county announcing."""
    procedure = Procedure.objects.get(code="yongxiu_identification")
    procedure.steps.filter(code="township_preliminary").delete()
    for step in procedure.steps.filter(order__gt=3).order_by("order"):
        Step.objects.filter(pk=step.pk).update(order=step.order - 1)
    procedure.steps.filter(code="announcement").update(role="county_officer")
    return procedure


def codes(procedure):
    return list(procedure.steps.order_by("order").values_list("code", flat=True))


def open_steps(case):
    return list(CaseStep.objects.filter(case=case, status=CaseStepStatus.OPEN).values_list("step__code", flat=True))


def test_a_case_under_way_keeps_its_steps_and_a_new_case_gets_the_township_review(personas, county, household_a):
    before = as_before()
    old = open_case(personas.cadre_a, household_a)
    old = act_after_publicity(actor=personas.cadre_a, case=old, step_code="village_review", outcome=Outcome.PASS)

    run_migration()

    current = Procedure.objects.get(code="yongxiu_identification")
    assert current.pk != before.pk and current.is_active and current.name == "永修县监测对象识别程序"
    assert codes(current)[:4] == ["village_review", "village_publicity", "township_preliminary", "county_comparison"]
    assert current.steps.get(code="announcement").role == "township_officer"
    before.refresh_from_db()
    assert not before.is_active and before.code == migration.ARCHIVED_CODE and "调整前" in before.name
    # The case under way moves on its own seven steps: from the village publicity straight to the comparison.
    old = act_after_publicity(actor=personas.cadre_a, case=old, step_code="village_publicity", outcome=Outcome.PASS)
    assert open_steps(old) == ["county_comparison"]
    for actor, code in [
        (personas.county_officer, "county_comparison"),
        (personas.township, "township_audit"),
        (personas.township, "township_publicity"),
        (personas.approver, "county_approval"),
        (personas.township, "announcement"),  # the township announces, the old cases too
    ]:
        old = act_after_publicity(actor=actor, case=old, step_code=code, outcome=Outcome.PASS)
    old.refresh_from_db()
    assert old.status == CaseStatus.APPROVED
    # A case opened now runs the procedure with the township's review.
    new = open_case(personas.cadre_b, new_household(personas.cadre_b, county.village_b, "赵六", 91))
    assert new.procedure_id == current.pk
    for code in ("village_review", "village_publicity"):
        new = act_after_publicity(actor=personas.cadre_b, case=new, step_code=code, outcome=Outcome.PASS)
    assert open_steps(new) == ["township_preliminary"]


def test_without_cases_under_way_the_procedure_changes_in_place_and_twice_is_once(personas):
    before = as_before()

    run_migration()
    run_migration()

    assert Procedure.objects.filter(code__startswith="yongxiu_identification").count() == 1
    current = Procedure.objects.get(code="yongxiu_identification")
    assert current.pk == before.pk
    assert codes(current) == [
        "village_review",
        "village_publicity",
        "township_preliminary",
        "county_comparison",
        "township_audit",
        "township_publicity",
        "county_approval",
        "announcement",
    ]
    assert current.steps.get(code="announcement").role == "township_officer"
