"""An income is compared with the line of its own year (DOMAIN.md "Who is monitored": lines are set per province
per year; review: a 2025 income was compared with 2021's line and the hit said 2026's was missing). Where the
income's year has no line, the latest earlier one stands in and the reason says which year's is missing and which
was used; the nightly run stays one statement (a CASE per household, no query per row)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.models import HouseholdIncome
from screening.choices import RunKind
from screening.models import MonitoringLine, ScreeningResult
from screening.selectors import MSG_OLD_LINE_REASON
from screening.services.runs import screening_run
from tests.clock import this_year

pytestmark = pytest.mark.django_db


def add_line(year: int, amount: str) -> None:
    """The province's line of `year` (the 2021 line the migrations seed is set to `amount` too)."""
    MonitoringLine.objects.update_or_create(
        year=year, region_prefix="36", defaults={"region_label": "江西省", "amount": Decimal(amount)}
    )


@pytest.fixture
def last_year_income(make_household):
    """A household whose latest income is last year's: 5,000 元 per head (made as this year's, then moved back)."""

    def make(per_capita: str):
        household = make_household(per_capita)
        HouseholdIncome.objects.filter(household=household).update(year=this_year() - 1)
        household.refresh_from_db()
        return household

    return make


def _reasons(household) -> list[str]:
    result = ScreeningResult.objects.filter(household=household).first()
    return result.reasons if result else []


def test_an_income_of_a_year_whose_line_is_missing_is_compared_with_the_latest_earlier_line(last_year_income):
    year = this_year()
    add_line(year - 5, "6000")
    add_line(year, "4000")  # this year's line (lower): not the one for last year's income
    household = last_year_income("5000")

    screening_run(kind=RunKind.NIGHTLY)

    note = MSG_OLD_LINE_REASON.format(year=year - 1, line_year=year - 5)
    assert note == f"（{year - 1}年监测标准尚未录入，暂按{year - 5}年标准比较）"
    assert f"人均纯收入 5,000.00 元，低于 {year - 5} 年监测标准 6,000.00 元{note}" in _reasons(household)


def test_an_income_is_compared_with_its_own_year_s_line_not_this_year_s(last_year_income, personas, login):
    year = this_year()
    add_line(year - 5, "6000")
    add_line(year - 1, "4500")
    add_line(year, "7300")
    household = last_year_income("5000")  # above last year's 4,500, below this year's 7,300
    poorer = last_year_income("4000")

    screening_run(kind=RunKind.NIGHTLY)

    assert _reasons(household) == []
    assert f"人均纯收入 4,000.00 元，低于 {year - 1} 年监测标准 4,500.00 元" in _reasons(poorer)
    page = login(personas.township).get("/screening/").content.decode()
    assert f"低于 {year - 1} 年监测标准 4,500.00 元" in page and "监测标准尚未录入" not in page


def test_an_income_older_than_every_line_is_compared_with_the_earliest_later_one(last_year_income):
    year = this_year()
    MonitoringLine.objects.all().delete()
    add_line(year, "7300")
    household = last_year_income("5000")

    screening_run(kind=RunKind.NIGHTLY)

    note = MSG_OLD_LINE_REASON.format(year=year - 1, line_year=year)
    assert f"人均纯收入 5,000.00 元，低于 {year} 年监测标准 7,300.00 元{note}" in _reasons(household)


def test_the_nightly_run_reads_no_income_or_line_per_household(last_year_income):
    year = this_year()
    add_line(year - 5, "6000")
    add_line(year - 1, "4500")
    add_line(year, "7300")  # every income below is under it: not theirs to be compared with
    last_year_income("3000")
    with CaptureQueriesContext(connection) as one:
        screening_run(kind=RunKind.NIGHTLY)
    for per_capita in ("3500", "4000", "5000", "5500"):
        last_year_income(per_capita)

    with CaptureQueriesContext(connection) as five:
        screening_run(kind=RunKind.NIGHTLY)

    assert ScreeningResult.objects.count() == 3  # 3,000, 3,500 and 4,000 are under last year's 4,500
    assert len(five.captured_queries) == len(one.captured_queries)
