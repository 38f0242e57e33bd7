"""A hit a run makes while the household's inclusion case is open goes to that case at once (已提议纳入监测,
services.in_procedure). The run's change log says so — 交由在办案件办理, naming the case — on the household's
screening history, the run's page and the API, and the run counts it so; before, the log said 新命中 / 待处理 for a
result the worklist showed as proposed. Migration 0020 rewrites the rows runs logged so before it."""

import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from households.choices import MonitoringCategory
from households.services import income
from screening.choices import ChangeKind, ResultStatus, RunKind
from screening.models import ScreeningChange, ScreeningResult, ScreeningRun
from screening.services.runs import screening_run
from tests.clock import this_year
from workflow.choices import CaseKind, Channel
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db
migration = importlib.import_module("screening.migrations.0020_change_taken_up")


@pytest.fixture(autouse=True)
def presets(db):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    install(Procedure, Step)


@pytest.fixture
def taken_up(line, make_household, personas):
    """A household not hit when a visit opened its inclusion case, hit by the next nightly run (its income fell
    below the line), beside one hit by the same run with no case. Returns (run, case, household, other)."""
    household = make_household("9000")
    screening_run(kind=RunKind.NIGHTLY)
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    income.income_save(
        actor=personas.county_officer, household=household, year=this_year(), amounts={"wage_income": Decimal(8000)}
    )
    other = make_household("5000")
    run = screening_run(kind=RunKind.NIGHTLY)
    return run, case, household, other


def case_words(case):
    return f"纳入案件（{timezone.localdate(case.created_at):%Y-%m-%d} 发起）"


def test_the_run_logs_a_hit_handed_to_the_open_case_as_such_naming_the_case(taken_up):
    run, case, household, other = taken_up

    logged = ScreeningChange.objects.get(run=run, household=household)
    result = ScreeningResult.objects.get(household=household)
    assert (logged.change, logged.status, logged.case_id) == (ChangeKind.TAKEN_UP, ResultStatus.PROPOSED, case.pk)
    assert logged.get_change_display() == "交由在办案件办理"
    assert logged.reasons == result.reasons and logged.reasons
    # The other household, hit with no case open, is a new pending hit as before.
    plain = ScreeningChange.objects.get(run=run, household=other)
    assert (plain.change, plain.status, plain.case_id) == (ChangeKind.NEW, ResultStatus.HIT, None)
    run.refresh_from_db()
    assert (run.results_new, run.results_changed, run.results_taken_up) == (1, 0, 1)


def test_the_household_history_and_the_run_page_show_the_hand_over_with_the_case_link(taken_up, personas, login):
    run, case, household, other = taken_up
    link = f'<a href="/workflow/cases/{case.pk}/">{case_words(case)}</a>'

    history = login(personas.cadre_a).get(f"/households/{household.pk}/", {"tab": "screening"}).content.decode()
    client = login(personas.county_officer)
    handed = client.get(f"/screening/runs/{run.pk}/", {"change": "taken_up"}).content.decode()
    new = client.get(f"/screening/runs/{run.pk}/", {"change": "new"}).content.decode()

    entries = history.split("<h2>筛查变化记录</h2>")[1]
    assert '<strong>交由在办案件办理</strong> <span class="badge">已提议纳入监测</span>' in entries
    assert f"筛查结果随{link}办理" in entries
    assert '<strong>新命中</strong> <span class="badge">待处理</span>' not in entries
    assert "新命中 1 户，原因或状态变化 0 户，不再命中 0 户，命中后交由在办案件办理 1 户" in handed
    assert household.number in handed and f"筛查结果随{link}办理" in handed and other.number not in handed
    assert other.number in new and household.number not in new


def test_the_api_gives_the_change_kind_and_the_case(taken_up, personas, login):
    run, case, household, _ = taken_up
    client = login(personas.county_officer)

    changes = client.get(f"/api/v1/screening-runs/{run.pk}/changes/", {"change": "taken_up"}).json()["results"]
    listed = client.get(f"/api/v1/screening-runs/{run.pk}/").json()

    assert [(c["household"], c["change_display"], c["status"], c["case"]) for c in changes] == [
        (household.pk, "交由在办案件办理", ResultStatus.PROPOSED, case.pk)
    ]
    assert (listed["results_new"], listed["results_taken_up"]) == (1, 1)


def test_the_migration_rewrites_take_ups_logged_as_pending_hits_and_their_run_counts(taken_up):
    run, case, household, other = taken_up
    # As a run logged it before: a new pending hit, counted as new.
    ScreeningChange.objects.filter(run=run, household=household).update(
        change=ChangeKind.NEW, status=ResultStatus.HIT, case=None
    )
    ScreeningRun.objects.filter(pk=run.pk).update(results_new=2, results_taken_up=0)
    nodes = [("screening", "0020_change_taken_up")]
    apps = MigrationExecutor(connection).loader.project_state(nodes).apps

    migration.log_past_take_ups(apps, SimpleNamespace(connection=connection))

    logged = ScreeningChange.objects.get(run=run, household=household)
    assert (logged.change, logged.status, logged.case_id) == (ChangeKind.TAKEN_UP, ResultStatus.PROPOSED, case.pk)
    assert ScreeningChange.objects.get(run=run, household=other).change == ChangeKind.NEW
    run.refresh_from_db()
    assert (run.results_new, run.results_taken_up) == (1, 1)
    # Run again, it finds nothing left to rewrite.
    migration.log_past_take_ups(apps, SimpleNamespace(connection=connection))
    run.refresh_from_db()
    assert (run.results_new, run.results_taken_up) == (1, 1)


def test_a_hit_left_beside_its_case_that_a_run_only_rewrites_gets_a_row_saying_it_was_handed_over(taken_up):
    _, case, household, _ = taken_up
    # A hit beside its case (as before fee9ced), stored before results had a digest: the run rewrites the result but
    # what a person sees of it is unchanged, so the run itself logs nothing for it.
    ScreeningResult.objects.filter(household=household).update(status=ResultStatus.HIT, outcome_digest=None)

    run = screening_run(kind=RunKind.NIGHTLY)

    (logged,) = ScreeningChange.objects.filter(run=run)
    result = ScreeningResult.objects.get(household=household)
    assert (logged.household_id, logged.change, logged.status, logged.case_id) == (
        household.pk,
        ChangeKind.TAKEN_UP,
        ResultStatus.PROPOSED,
        case.pk,
    )
    assert result.status == ResultStatus.PROPOSED and logged.reasons == result.reasons
    assert (run.results_new, run.results_changed, run.results_taken_up) == (0, 0, 1)
