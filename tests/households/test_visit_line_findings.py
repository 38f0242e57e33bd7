"""What a visit's drop in income means against the line, said as screening's rule finds it (households.lines
LinePosition; seed 004 (二) "10420元以下" includes the figure, (三) "低于10600元…进行预警" does not; seed 003 "收入低于
监测范围" does not): under the monitoring line the income may be below it; equal to an inclusive line it is not above
it and is within the monitoring range; under a warning line only it is a warning; equal to an exclusive line (to the
cent the notice shows) or to a warning line it is not inside, and the notice says nothing of the line."""

import datetime as dt
from decimal import Decimal

import pytest

from households.services import income
from households.services.visit_changes import (
    MSG_FINDING_AT,
    MSG_FINDING_BELOW,
    MSG_FINDING_WARNING,
    large_drop,
)
from screening.choices import RuleKind
from screening.models import MonitoringLine, ScreeningRule, WarningLine
from tests.clock import this_year, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(db):
    """6,000 元 per head this year; the income rule uses warning lines (its default)."""
    ScreeningRule.objects.get_or_create(
        code="INCOME_BELOW_LINE",
        defaults={"name": "人均纯收入低于监测标准", "kind": RuleKind.INCOME_BELOW_LINE, "risk_type": "low_income"},
    )
    return MonitoringLine.objects.create(
        year=this_year(), region_prefix="360425", region_label="永修县", amount=Decimal("6000")
    )


def earning(personas, household, amount: str) -> None:
    income.income_save(
        actor=personas.township, household=household, year=this_year(), amounts={"wage_income": Decimal(amount)}
    )


def notice_after(personas, household, drop: str) -> str | None:
    """The notice after one visit that recorded `drop`, the year's only change (the visit is removed again)."""
    visit = household.visits.create(
        region_path=household.region_path, visited_on=today(), visitor=personas.cadre_a, income_change=-Decimal(drop)
    )
    notice = large_drop(household, this_year(), today())
    visit.delete()
    return notice.message if notice else None


def test_at_an_inclusive_line_an_equal_income_is_within_it_and_one_under_it_below_it(
    personas, household_a, household_b, line
):
    MonitoringLine.objects.filter(pk=line.pk).update(inclusive=True)
    earning(personas, household_a, "21000")  # three members: 7,000 per head
    earning(personas, household_b, "7000")  # one member

    at = notice_after(personas, household_a, "3000")  # 6,000.00
    under = notice_after(personas, household_b, "1000.01")  # 5,999.99

    assert "约 6,000.00 元" in at
    assert f"等于{this_year()}年监测标准 6,000 元（标准以下含本数）：{MSG_FINDING_AT}。" in at
    assert MSG_FINDING_BELOW not in at
    assert f"低于{this_year()}年监测标准 6,000 元：{MSG_FINDING_BELOW}。" in under


def test_at_an_exclusive_line_an_income_equal_to_it_to_the_cent_is_not_told_of_the_line(personas, household_a, line):
    earning(personas, household_a, "21000")

    # 7,000 − 3,000.01 / 3 = 5,999.9967, shown and compared as 6,000.00 (yearly figures are kept to the cent): equal
    # to a line that does not include it, so not below it; and 14 % is no sharp drop
    assert notice_after(personas, household_a, "3000.01") is None
    # 3,000.03 / 3 = 1,000.01: 5,999.99, below
    assert MSG_FINDING_BELOW in notice_after(personas, household_a, "3000.03")
    # a sharp drop to the line is still told as a sharp drop, not as a fall below the line
    earning(personas, household_a, "30000")  # 10,000 per head
    sharp = notice_after(personas, household_a, "12000")  # 40 %, to 6,000.00
    assert "40%" in sharp and MSG_FINDING_BELOW not in sharp and "监测标准" not in sharp


def test_under_a_warning_line_only_the_notice_says_the_warning_line(personas, household_a, line):
    WarningLine.objects.create(
        line=line, starts_on=today() - dt.timedelta(days=10), ends_on=today() + dt.timedelta(days=10), amount=7500
    )
    earning(personas, household_a, "24000")  # a lifted-out household, 8,000 per head

    between = notice_after(personas, household_a, "2100")  # 7,300: not below 6,000, below 7,500
    at_the_exclusive_line = notice_after(personas, household_a, "6000")  # 6,000: not inside it, below 7,500
    at_the_warning_line = notice_after(personas, household_a, "1500")  # 7,500: a warning line is "低于"

    for message in (between, at_the_exclusive_line):
        assert f"低于{this_year()}年预警线 7,500 元：{MSG_FINDING_WARNING}。" in message
        assert MSG_FINDING_BELOW not in message
    assert at_the_warning_line is None
