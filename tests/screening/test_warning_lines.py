"""Seed 004 (二)/(三): the monitoring line (10,420元以下) is everyone's; the warning lines (10,600 / 10,800) are for
"脱贫人口和监测对象" only. An income under the line quotes the line, one between the line and the warning line quotes
the warning line."""

import datetime as dt
from decimal import Decimal

import pytest

from screening.choices import RunKind
from screening.models import MonitoringLine, ScreeningResult
from screening.services import config
from screening.services.runs import screening_run
from tests.clock import this_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def warned_line(personas):
    """6,000 with a 6,500 warning line all this year."""
    year = this_year()
    line = MonitoringLine.objects.create(year=year, region_prefix="36", region_label="江西省", amount=Decimal("6000"))
    config.warning_line_save(
        actor=personas.county_officer,
        line=line,
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
        amount=Decimal("6500"),
    )
    return line


def _reasons(household):
    result = ScreeningResult.objects.filter(household=household).first()
    return None if result is None else result.reasons


def test_an_ordinary_household_between_the_line_and_the_warning_line_is_not_hit(warned_line, make_household):
    ordinary = make_household("6200", household_type="ordinary")

    screening_run(kind=RunKind.NIGHTLY)

    assert _reasons(ordinary) is None


def test_a_lifted_out_household_between_the_line_and_the_warning_line_quotes_the_warning_line(
    warned_line, make_household
):
    lifted_out = make_household("6200", household_type="lifted_out")

    screening_run(kind=RunKind.NIGHTLY)

    assert _reasons(lifted_out) == [f"人均纯收入 6,200.00 元，低于 {this_year()} 年预警线 6,500.00 元"]


def test_an_income_under_the_line_quotes_the_line_whoever_the_household_is(warned_line, make_household):
    lifted_out = make_household("3000", household_type="lifted_out")
    ordinary = make_household("3000", household_type="ordinary")

    screening_run(kind=RunKind.NIGHTLY)

    expected = [f"人均纯收入 3,000.00 元，低于 {this_year()} 年监测标准 6,000.00 元"]
    assert _reasons(lifted_out) == expected and _reasons(ordinary) == expected
