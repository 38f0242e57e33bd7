"""A household with an inclusion case open is in that case's hands (000 §三(三); DOMAIN.md "Identification
procedure"): its screening hit is 已提议纳入监测, not 待处理, on the worklist, its tab counts, the API and the home
tile alike, and 核实不纳入 is refused — with the case's current step named — while the case goes on (review: a
hit beside a case at 村级公示 was dismissed, so the ledger said "checked, not included" while the case included it)."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.tiles import tiles_for
from households.choices import MonitoringCategory
from households.models import HouseholdEvent
from households.services import income
from screening.choices import ExclusionKind, ResultStatus, RunKind
from screening.models import ScreeningResult
from screening.services import results
from screening.services.in_procedure import MSG_DISMISS_IN_PROCEDURE
from screening.services.runs import screening_run
from tests.clock import this_year
from tests.screening.dismissing import dismiss, dismiss_form
from workflow.choices import CaseKind, Channel
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db
migration = importlib.import_module("screening.migrations.0019_hits_in_procedure_proposed")
REFUSAL = MSG_DISMISS_IN_PROCEDURE.format(case="纳入案件（当前环节：村级评议）")


@pytest.fixture(autouse=True)
def presets(db):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    install(Procedure, Step)


def open_case(personas, household):
    return case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )


@pytest.fixture
def in_case(line, make_household, personas):
    """A household not hit when its case was opened (a visit found the risk), hit by a run afterwards: its income
    fell below the line while the case was at 村级评议."""
    household = make_household("9000")
    screening_run(kind=RunKind.NIGHTLY)
    assert not ScreeningResult.objects.filter(household=household, status=ResultStatus.HIT).exists()
    open_case(personas, household)
    income.income_save(
        actor=personas.county_officer, household=household, year=this_year(), amounts={"wage_income": Decimal(8000)}
    )
    screening_run(kind=RunKind.NIGHTLY)
    return ScreeningResult.objects.get(household=household)


def hit_in_case(result):
    """A hit left beside its case before hits were taken up (what migration 0019 finds in a county's data)."""
    ScreeningResult.objects.filter(pk=result.pk).update(status=ResultStatus.HIT, handle_note="", handled_at=None)
    result.refresh_from_db()
    return result


def screening_tile(user):
    return next(tile for tile in tiles_for(user) if tile["key"] == "screening")


def test_a_hit_arising_while_the_case_is_open_is_in_procedure_not_pending(in_case, personas, login):
    assert in_case.status == ResultStatus.PROPOSED
    assert in_case.handle_note == "该户纳入案件（当前环节：村级评议）正在办理，筛查结果随案件办理"
    assert HouseholdEvent.objects.filter(household=in_case.household, summary__contains="筛查结果随案件办理").exists()
    for user in (personas.township, personas.county_officer):
        client = login(user)
        pending = client.get("/screening/").content.decode()
        proposed = client.get("/screening/", {"status": "proposed"}).content.decode()
        api = client.get("/api/v1/screening-results/").json()

        assert in_case.household.number not in pending
        assert '待处理 <span class="badge">0</span>' in pending
        assert '已提议纳入监测 <span class="badge">1</span>' in pending
        assert api["count"] == 0
        assert screening_tile(user)["count"] == 0
        assert in_case.household.number in proposed and "纳入办理中（村级评议）" in proposed
        assert f"/screening/results/{in_case.pk}/dismiss/" not in proposed


def test_dismissing_a_hit_whose_case_is_open_is_refused_on_the_page_and_the_api(in_case, personas, login):
    result = hit_in_case(in_case)
    client = login(personas.township)

    page = client.post(f"/screening/results/{result.pk}/dismiss/", dismiss_form())
    api = client.post(f"/api/v1/screening-results/{result.pk}/dismiss/", dismiss_form())

    assert page.status_code == 200 and REFUSAL in page.content.decode()
    assert api.status_code == 400 and REFUSAL in str(api.json())
    result.refresh_from_db()
    assert result.status == ResultStatus.HIT
    assert not HouseholdEvent.objects.filter(household=result.household, summary__contains="核实不纳入").exists()


def test_the_worklist_offers_no_dismissal_beside_an_open_case(in_case, personas, login):
    result = hit_in_case(in_case)

    pending = login(personas.township).get("/screening/").content.decode()

    assert result.household.number in pending and "纳入办理中（村级评议）" in pending
    assert f"/screening/results/{result.pk}/dismiss/" not in pending


def test_an_excluded_result_beside_an_open_case_cannot_be_dismissed_and_the_countys_override_hands_it_to_the_case(
    in_case, personas
):
    results.exclusion_add(actor=personas.county_officer, household=in_case.household, kind=ExclusionKind.CAR)
    screening_run(kind=RunKind.NIGHTLY)
    ScreeningResult.objects.filter(pk=in_case.pk).update(status=ResultStatus.EXCLUDED)
    in_case.refresh_from_db()

    with pytest.raises(Exception, match="不能核实不纳入"):
        dismiss(actor=personas.township, result=in_case)
    overridden = results.result_override_exclusion(
        actor=personas.county_officer, result=in_case, justification="农用车"
    )

    assert overridden.status == ResultStatus.PROPOSED


def test_the_migration_hands_existing_hits_to_their_open_cases_and_leaves_other_hits(in_case, make_household):
    result = hit_in_case(in_case)
    other = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(this_year(), 1, 5))
    nodes = [("screening", "0018_county_hand_entries_by_recorder"), ("workflow", "0025_meeting_once")]

    migration.hits_in_procedure_proposed(MigrationExecutor(connection).loader.project_state(nodes).apps, None)

    result.refresh_from_db()
    assert (result.status, result.handle_note) == (ResultStatus.PROPOSED, "该户纳入案件正在办理，筛查结果随案件办理")
    assert ScreeningResult.objects.get(household=other).status == ResultStatus.HIT
    assert HouseholdEvent.objects.filter(household=result.household, summary__contains="随案件办理").count() == 2
