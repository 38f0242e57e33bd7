"""A run writes only what changed: a second run over an unchanged county rewrites no result, no flag and logs no
change, while people still see when each household was last screened and which rules fired; a changed household
is updated, and its change logged with the rules and reasons."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from households.services import income
from screening.choices import ChangeKind, ResultStatus, RunKind
from screening.models import RiskFlag, ScreeningChange, ScreeningResult, ScreeningRule
from screening.selectors import household_screened_at
from screening.services import results
from screening.services.runs import screening_run
from tests.clock import this_year
from tests.screening.dismissing import dismiss

pytestmark = pytest.mark.django_db


def _row_version(table: str, pk: int) -> str:
    """The physical row version: any UPDATE, even one writing the same values, gives the row a new one."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ctid::text FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_a_second_run_over_an_unchanged_county_rewrites_no_result_and_no_flag(line, make_household):
    household = make_household("5000", medical_expenses=Decimal("9000"))
    first = screening_run(kind=RunKind.NIGHTLY)
    result = ScreeningResult.objects.get(household=household)
    flags = {f.pk: (f.note, _row_version("screening_riskflag", f.pk)) for f in RiskFlag.objects.all()}
    version = _row_version("screening_screeningresult", result.pk)

    second = screening_run(kind=RunKind.NIGHTLY)

    again = ScreeningResult.objects.get(household=household)
    assert (again.run_id, again.reasons, again.status) == (first.pk, result.reasons, ResultStatus.HIT)
    assert _row_version("screening_screeningresult", result.pk) == version
    assert {f.pk: (f.note, _row_version("screening_riskflag", f.pk)) for f in RiskFlag.objects.all()} == flags
    assert (second.hits, second.households_evaluated) == (1, 1)
    assert (second.results_new, second.results_changed, second.results_dropped) == (0, 0, 0)
    # Which rules fired is still known: the first run logged them, and the result still holds them.
    assert not ScreeningChange.objects.filter(run=second).exists()
    (logged,) = ScreeningChange.objects.filter(run=first)
    assert (logged.change, logged.rule_codes) == (ChangeKind.NEW, ["INCOME_BELOW_LINE", "RIGID_EXPENSE"])
    assert again.rule_codes == logged.rule_codes and again.reasons == logged.reasons


def test_a_change_to_a_household_rewrites_its_result_and_the_panel_shows_the_latest_screening(
    line, make_household, personas, login
):
    year = this_year()
    household = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY)
    income.income_save(
        actor=personas.county_officer, household=household, year=year, amounts={"wage_income": Decimal("13000")}
    )

    second = screening_run(kind=RunKind.NIGHTLY)

    result = ScreeningResult.objects.get(household=household)
    assert result.run_id == second.pk
    assert result.reasons == [f"人均纯收入 6,500.00 元，低于 {year} 年监测标准 7,300.00 元"]
    (logged,) = ScreeningChange.objects.filter(run=second)
    assert (logged.household_id, logged.change, logged.reasons) == (household.pk, ChangeKind.CHANGED, result.reasons)
    assert second.results_changed == 1
    assert household_screened_at(household) == second.started_at
    page = login(personas.cadre_a).get(f"/households/{household.pk}/", {"tab": "screening"}).content.decode()
    assert f"最近筛查 {timezone.localtime(second.started_at):%Y-%m-%d %H:%M}" in page


def test_people_s_decisions_keep_their_first_hit_date_across_runs(line, make_household, personas):
    year = this_year()
    proposed, dismissed = make_household("5000"), make_household("6000")
    screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(year, 1, 5))
    results.result_propose(actor=personas.cadre_a, result=ScreeningResult.objects.get(household=proposed))
    dismiss(
        actor=personas.cadre_a,
        result=ScreeningResult.objects.get(household=dismissed),
        visited_on=dt.date(year, 1, 5),
    )

    screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(year, 1, 6))

    kept = ScreeningResult.objects.filter(household__in=[proposed, dismissed]).order_by("household_id")
    assert [(r.status, r.first_hit_on) for r in kept] == [
        (ResultStatus.PROPOSED, dt.date(year, 1, 5)),
        (ResultStatus.DISMISSED, dt.date(year, 1, 5)),
    ]


def test_a_rule_switched_off_ends_its_flags_and_reasons_on_the_next_run(line, make_household):
    household = make_household("5000", medical_expenses=Decimal("9000"))
    screening_run(kind=RunKind.NIGHTLY)
    ScreeningRule.objects.filter(code="RIGID_EXPENSE").update(is_active=False)

    screening_run(kind=RunKind.NIGHTLY)

    result = ScreeningResult.objects.get(household=household)
    assert result.reasons == [f"人均纯收入 5,000.00 元，低于 {this_year()} 年监测标准 7,300.00 元"]
    active = RiskFlag.objects.filter(household=household, is_active=True, source="rule")
    assert list(active.values_list("risk_type", flat=True)) == ["low_income"]


def test_with_every_rule_switched_off_a_run_finds_nothing_and_ends_the_earlier_hits(line, make_household):
    household = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY)
    assert ScreeningResult.objects.get(household=household).is_current
    ScreeningRule.objects.update(is_active=False)

    county = screening_run(kind=RunKind.NIGHTLY)
    single = screening_run(kind=RunKind.HOUSEHOLD, household_id=household.pk)

    assert (county.status, single.status) == ("done", "done")  # was a database error: no column to read
    assert (county.results_dropped, county.hits) == (1, 0)
    assert not ScreeningResult.objects.filter(household=household).exists()  # off the worklist
    assert not RiskFlag.objects.filter(household=household, is_active=True, source="rule").exists()


def test_a_household_no_longer_hit_leaves_the_worklist_once_and_a_decision_on_it_stays(line, make_household, personas):
    year = this_year()
    lifted, proposed = make_household("5000"), make_household("5000")
    screening_run(kind=RunKind.NIGHTLY)
    results.result_propose(actor=personas.cadre_a, result=ScreeningResult.objects.get(household=proposed))
    for household in (lifted, proposed):
        income.income_save(
            actor=personas.county_officer, household=household, year=year, amounts={"wage_income": Decimal("30000")}
        )

    dropped = screening_run(kind=RunKind.NIGHTLY)
    again = screening_run(kind=RunKind.NIGHTLY)

    assert not ScreeningResult.objects.filter(household=lifted).exists()
    kept = ScreeningResult.objects.get(household=proposed)
    assert (kept.status, kept.is_current) == (ResultStatus.PROPOSED, False)
    assert kept.reasons == [f"人均纯收入 5,000.00 元，低于 {year} 年监测标准 7,300.00 元"]  # why it was proposed
    logged = ScreeningChange.objects.filter(run=dropped).order_by("household_id")
    assert [(c.household_id, c.change, c.status) for c in logged] == [
        (lifted.pk, ChangeKind.DROPPED, ResultStatus.HIT),
        (proposed.pk, ChangeKind.DROPPED, ResultStatus.PROPOSED),
    ]
    assert (dropped.results_dropped, dropped.hits) == (2, 0)
    assert (again.results_dropped, ScreeningChange.objects.filter(run=again).count()) == (0, 0)
    assert not RiskFlag.objects.filter(household__in=[lifted, proposed], source="rule", is_active=True).exists()


def test_a_proposed_household_hit_again_is_current_again_and_keeps_its_decision(line, make_household, personas):
    year = this_year()
    household = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY)
    results.result_propose(actor=personas.cadre_a, result=ScreeningResult.objects.get(household=household))
    for wage in ("30000", "8000"):  # out of the hit, then below the line again
        income.income_save(
            actor=personas.county_officer, household=household, year=year, amounts={"wage_income": Decimal(wage)}
        )
        screening_run(kind=RunKind.NIGHTLY)

    result = ScreeningResult.objects.get(household=household)
    assert (result.status, result.is_current) == (ResultStatus.PROPOSED, True)
    assert result.reasons == [f"人均纯收入 4,000.00 元，低于 {year} 年监测标准 7,300.00 元"]
    assert list(ScreeningChange.objects.filter(household=household).values_list("change", flat=True)) == [
        ChangeKind.CHANGED,
        ChangeKind.DROPPED,
        ChangeKind.NEW,
    ]


def test_an_income_change_no_reason_quotes_leaves_the_result_untouched(line, make_household, personas):
    """The run compares a digest of what the reasons quote: a household hit for unsafe housing alone whose income
    changes (still above the line) has the same reasons, so its result is not rewritten and no change is logged."""
    household = make_household("9000")
    Household = type(household)
    Household.objects.filter(pk=household.pk).update(housing_ok=False)
    screening_run(kind=RunKind.NIGHTLY)
    result = ScreeningResult.objects.get(household=household)
    version = _row_version("screening_screeningresult", result.pk)

    income.income_save(
        actor=personas.county_officer, household=household, year=this_year(), amounts={"wage_income": Decimal("30000")}
    )
    run = screening_run(kind=RunKind.NIGHTLY)

    assert _row_version("screening_screeningresult", result.pk) == version
    assert (run.results_new, run.results_changed, run.results_dropped) == (0, 0, 0)


def test_a_new_wording_of_a_rule_reaches_every_result_it_fired_on(line, make_household, personas):
    """A rule's parameters (or the code's wording of its reason) seed the digest: changing the months a labourer
    may be out of work rewrites the reason of every household it fired on, though no household changed."""
    from households.models import Member

    year = this_year()
    household = make_household("9000")
    income.income_save(  # 18,000 a head last year: this year's 9,000 is half
        actor=personas.county_officer, household=household, year=year - 1, amounts={"wage_income": Decimal("36000")}
    )
    Member.objects.filter(household=household).update(
        employment_place="in_county", labour_skill="ordinary", employment_months=2
    )
    december = dt.date(year, 12, 4)
    screening_run(kind=RunKind.NIGHTLY, on_date=december)
    assert "失岗 6 个月以上；" in ScreeningResult.objects.get(household=household).reasons[0]

    ScreeningRule.objects.filter(kind="labourer_underemployed").update(params={"months_out": 8})
    run = screening_run(kind=RunKind.NIGHTLY, on_date=december)

    assert "失岗 8 个月以上；" in ScreeningResult.objects.get(household=household).reasons[0]
    assert run.results_changed == 1


def test_a_result_stored_before_it_had_a_digest_keeps_its_dismissal_and_logs_no_change(line, make_household, personas):
    household = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY)
    result = ScreeningResult.objects.get(household=household)
    dismiss(actor=personas.cadre_a, result=result)
    ScreeningResult.objects.filter(pk=result.pk).update(outcome_digest=None)

    run = screening_run(kind=RunKind.NIGHTLY)

    again = ScreeningResult.objects.get(pk=result.pk)
    assert again.status == ResultStatus.DISMISSED and again.outcome_digest is not None
    assert (run.results_new, run.results_changed, run.results_dropped) == (0, 0, 0)
    assert not ScreeningChange.objects.filter(run=run).exists()
