"""The county's 不予排除 is a record of its own (screening.ExclusionOverride) over the barring facts on file when it
decided: a screening run that drops the household's result (no rule fires any more) and later inserts it anew loses
neither the decision nor its effect, and a barring fact recorded after the decision (a car bought since) bars again,
on the worklist and at an inclusion alike, until the county decides on it too."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from accounts.models import AuditEvent
from households.choices import Relation
from households.services import income
from screening.choices import ExclusionKind, ResultStatus, RunKind
from screening.models import ExclusionFact, ExclusionOverride, ScreeningResult
from screening.services import results
from screening.services.runs import screening_run
from tests.clock import this_year, today
from workflow.services.exclusion_rules import exclusion_notes, opening_refusal

pytestmark = pytest.mark.django_db
REASON = "车辆为农用三轮车"


def _result(household):
    return ScreeningResult.objects.get(household=household)


def _income(personas, household, per_capita):
    amounts = {"wage_income": Decimal(per_capita) * 2}
    income.income_save(actor=personas.county_officer, household=household, year=this_year(), amounts=amounts)


def _overruled_car(personas, make_household):
    household = make_household("5000")
    results.exclusion_add(actor=personas.cadre_a, household=household, kind=ExclusionKind.CAR, note="2023年购轿车")
    screening_run(kind=RunKind.NIGHTLY)
    results.result_override_exclusion(actor=personas.county_officer, result=_result(household), justification=REASON)
    return household


def test_the_decision_outlives_a_run_that_drops_the_result(line, make_household, personas):
    household = _overruled_car(personas, make_household)
    _income(personas, household, "20000")
    screening_run(kind=RunKind.NIGHTLY)
    assert not ScreeningResult.objects.filter(household=household).exists()  # no rule fires: the result is dropped

    _income(personas, household, "5000")
    screening_run(kind=RunKind.NIGHTLY)

    result = _result(household)
    assert result.status == ResultStatus.HIT  # not 符合排除情形 again: the county decided on that car
    assert (result.override_reason, result.override_by) == (REASON, personas.county_officer)
    assert result.exclusion_reasons == ["家中有消费型轿车（2023年购轿车）（县级不予排除）"]
    assert opening_refusal(household.pk, "识别纳入") == ""
    decision = ExclusionOverride.objects.get(household=household)
    assert (decision.reason, decision.decided_by) == (REASON, personas.county_officer)
    audit = AuditEvent.objects.filter(action="screening.override").latest("id")
    assert "家中有消费型轿车" in audit.summary and REASON in audit.summary


def test_a_barring_fact_recorded_after_the_decision_bars_again(line, make_household, personas, login):
    household = _overruled_car(personas, make_household)
    head = household.members.get(relation=Relation.HEAD)
    results.exclusion_add(actor=personas.cadre_a, household=household, kind=ExclusionKind.CAR, member=head)
    screening_run(kind=RunKind.NIGHTLY)

    result = _result(household)
    assert result.status == ResultStatus.EXCLUDED
    assert sorted(result.exclusion_reasons) == ["家中有消费型轿车", "家中有消费型轿车（2023年购轿车）（县级不予排除）"]
    refusal = opening_refusal(household.pk, "识别纳入")
    assert f"家中有消费型轿车（{head.name}）" in refusal and "（整户）" not in refusal
    notes = exclusion_notes(household.pk)
    assert [(n.barring, n.overruled) for n in notes] == [(True, REASON), (True, "")]
    page = login(personas.county_officer).get(f"/households/{household.pk}/?tab=screening").content.decode()
    assert "县级不予排除" in page and f"不予排除：{REASON}" in page and "不得纳入" in page

    results.result_override_exclusion(actor=personas.county_officer, result=result, justification="系租用车辆")
    screening_run(kind=RunKind.NIGHTLY)

    assert _result(household).status == ResultStatus.HIT
    assert opening_refusal(household.pk, "识别纳入") == ""
    latest = ExclusionOverride.objects.filter(household=household).latest("decided_at")
    assert [fact.member_id for fact in latest.facts.all()] == [head.pk]  # only the fact it weighed


def test_existing_overrides_are_carried_over_to_the_facts_on_file(make_household, personas):
    household_a = make_household("5000")
    fact = ExclusionFact.objects.create(
        household=household_a, region_path=household_a.region_path, kind=ExclusionKind.PUBLIC_FUNDED
    )
    ScreeningResult.objects.create(
        household=household_a,
        region_path=household_a.region_path,
        status=ResultStatus.HIT,
        first_hit_on=today(),
        override_by=personas.county_officer,
        override_reason=REASON,
    )
    migration = importlib.import_module("screening.migrations.0016_exclusion_override")

    migration.carry_overrides(apps, None)

    fact.refresh_from_db()
    assert (fact.overruled_by.reason, fact.overruled_by.decided_by) == (REASON, personas.county_officer)
    assert opening_refusal(household_a.pk, "识别纳入") == ""
