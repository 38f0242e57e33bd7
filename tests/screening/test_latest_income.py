"""The copy of its latest income row each household carries for the screening run (households migration 0008).

Only a trigger on the income table writes it, whoever changes the incomes: the income service, a bulk INSERT or
UPDATE, a DELETE. Every test reads the household row back from the database, as the screening run does."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from households.models import HouseholdIncome
from households.services import income
from screening.choices import RunKind
from screening.models import ScreeningResult
from screening.services.runs import screening_run
from tests.clock import this_year

pytestmark = pytest.mark.django_db


def latest(household) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT latest_income_year, latest_income_per_capita, latest_income_total, latest_rigid_expenses, "
            "latest_income_previous_per_capita FROM households_household WHERE id = %s",
            [household.pk],
        )
        return cursor.fetchone()


def test_the_household_carries_its_newest_years_figures_whichever_year_is_entered_last(personas, make_household):
    year = this_year()
    household = make_household("8000.00", members=2, medical_expenses=Decimal("3000"))

    assert latest(household) == (year, Decimal("8000.00"), Decimal("16000.00"), Decimal("3000.00"), None)

    # An older year entered afterwards is not the latest; it is the year before's.
    income.income_save(
        actor=personas.county_officer, household=household, year=year - 1, amounts={"wage_income": Decimal("9000")}
    )
    assert latest(household)[0] == year
    assert latest(household)[4] == Decimal("4500.00")

    # A correction of the newest year is (the medical expenses entered before stay).
    income.income_save(
        actor=personas.county_officer,
        household=household,
        year=year,
        amounts={
            "wage_income": Decimal("10000"),
            "transfer_income": Decimal("2000"),
            "education_expenses": Decimal("500"),
        },
    )
    assert latest(household) == (year, Decimal("6000.00"), Decimal("12000.00"), Decimal("3500.00"), Decimal("4500.00"))


def test_deleting_the_newest_year_falls_back_to_the_one_before_and_deleting_all_clears_it(personas, make_household):
    year = this_year()
    household = make_household("8000.00", members=2)
    income.income_save(
        actor=personas.county_officer, household=household, year=year - 1, amounts={"wage_income": Decimal("9000")}
    )

    HouseholdIncome.objects.filter(household=household, year=year).delete()
    assert latest(household) == (year - 1, Decimal("4500.00"), Decimal("9000.00"), Decimal("0.00"), None)

    HouseholdIncome.objects.filter(household=household).delete()
    assert latest(household) == (None, None, None, None, None)


def test_a_bulk_update_moving_income_rows_to_another_household_refreshes_both(make_household):
    first = make_household("8000.00", members=2)
    second = make_household("5000.00", members=2)
    HouseholdIncome.objects.filter(household=second).delete()

    HouseholdIncome.objects.filter(household=first).update(household=second)

    assert latest(first) == (None, None, None, None, None)
    assert latest(second)[:2] == (this_year(), Decimal("8000.00"))


def test_a_household_saved_from_a_stale_copy_keeps_its_latest_income(personas, make_household):
    year = this_year()
    household = make_household("8000.00", members=2)
    stale = type(household).objects.get(pk=household.pk)
    income.income_save(
        actor=personas.county_officer, household=household, year=year, amounts={"wage_income": Decimal("4000")}
    )

    stale.address = "新地址"
    stale.save()

    assert latest(household)[:2] == (year, Decimal("2000.00"))


def test_a_run_for_an_earlier_year_screens_that_years_income_not_a_later_one(line, personas, make_household):
    """A household poor last year and well off this year: last year's run hits it, this year's does not."""
    from screening.models import MonitoringLine

    year = this_year()
    MonitoringLine.objects.create(year=year - 1, region_prefix="36", region_label="江西省", amount=Decimal("7000"))
    household = make_household("9000.00", members=2)
    income.income_save(
        actor=personas.county_officer, household=household, year=year - 1, amounts={"wage_income": Decimal("8000")}
    )

    screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(year - 1, 12, 1))
    result = ScreeningResult.objects.get(household=household)
    assert result.reasons == [f"人均纯收入 4,000.00 元，低于 {year - 1} 年监测标准 7,000.00 元"]

    screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(year, 12, 1))
    assert not ScreeningResult.objects.filter(household=household, is_current=True).exists()


def test_a_run_for_an_earlier_year_tells_a_stable_income_by_the_year_before_that(line, personas, make_household):
    """Two years ago 4,100 per person, last year 4,000 (a fall of 2.4 %, under the 10 % a stable income may fall),
    this year 9,000: last year's run finds the household below the line but stable."""
    from screening.choices import ResultStatus
    from screening.models import MonitoringLine

    MonitoringLine.objects.create(
        year=this_year() - 1, region_prefix="36", region_label="江西省", amount=Decimal("7000")
    )
    household = make_household("9000.00", members=2)
    for year, wage in ((this_year() - 1, "8000"), (this_year() - 2, "8200")):
        income.income_save(
            actor=personas.county_officer, household=household, year=year, amounts={"wage_income": Decimal(wage)}
        )
    # 003 §二2(2): stable, guarantees met and a well-off child on record (test_stable_exclusions).
    from screening.choices import ExclusionKind
    from screening.services import results

    results.exclusion_add(actor=personas.county_officer, household=household, kind=ExclusionKind.WELL_OFF_CHILD)

    screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(this_year() - 1, 12, 1))

    assert ScreeningResult.objects.get(household=household).status == ResultStatus.BELOW_LINE_STABLE


@pytest.mark.django_db(transaction=True)
def test_two_transactions_entering_a_households_incomes_at_once_leave_the_newest_year(
    personas, make_household, audit_log_flushable
):
    """The second transaction's trigger waits for the first's lock on the household and then reads the incomes in
    a snapshot that sees the first's committed row: it must not write back the older year it inserted itself."""
    import threading

    import psycopg2

    year = this_year()
    household = make_household("8000.00", members=2)
    HouseholdIncome.objects.filter(household=household).delete()
    settings = connection.settings_dict
    dsn = {"dbname": settings["NAME"], "user": settings["USER"], "host": settings["HOST"], "port": settings["PORT"]}
    insert = (
        "INSERT INTO households_householdincome (household_id, region_path, year, wage_income, business_income, "
        "property_income, transfer_income, business_expenses, medical_expenses, education_expenses, "
        "disaster_expenses, other_rigid_expenses, members_count, per_capita_net_income) "
        "VALUES (%s, %s, %s, %s, 0, 0, 0, 0, 0, 0, 0, 0, 2, %s)"
    )
    newer, older = psycopg2.connect(**dsn), psycopg2.connect(**dsn)
    try:
        with newer.cursor() as cursor:
            cursor.execute(insert, [household.pk, household.region_path, year, 20000, 10000])
        blocked = threading.Event()

        def enter_the_older_year() -> None:
            with older.cursor() as cursor:
                blocked.set()
                cursor.execute(insert, [household.pk, household.region_path, year - 1, 8000, 4000])
            older.commit()

        thread = threading.Thread(target=enter_the_older_year)
        thread.start()
        blocked.wait(timeout=10)
        thread.join(timeout=1)
        assert thread.is_alive(), "the older year's trigger should wait for the household's lock"
        newer.commit()
        thread.join(timeout=30)
    finally:
        newer.close()
        older.close()

    assert latest(household) == (year, Decimal("10000"), Decimal("20000"), Decimal("0"), Decimal("4000"))
