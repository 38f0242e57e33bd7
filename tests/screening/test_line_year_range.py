"""A monitoring line's year runs from the first year incomes may be entered for (households.services.income
.FIRST_YEAR, the one named rule) to next year, refused outside with the same words as an income's year."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from households.services.income import FIRST_YEAR
from screening.models import MonitoringLine
from screening.services import config
from tests.clock import this_year

pytestmark = pytest.mark.django_db


def save(personas, year):
    return config.monitoring_line_save(
        actor=personas.county_officer, year=year, region_prefix="36", region_label="江西省", amount=Decimal("7300")
    )


@pytest.mark.parametrize("offset", [-1, 2], ids=["before the first income year", "after next year"])
def test_a_line_year_outside_the_income_years_and_next_is_refused_in_the_incomes_words(personas, offset):
    year = FIRST_YEAR - 1 if offset < 0 else this_year() + offset

    with pytest.raises(ValidationError) as raised:
        save(personas, year)

    assert raised.value.message_dict["year"] == [f"年度应在2015年到{this_year() + 1}年之间。"]
    assert not MonitoringLine.objects.filter(year=year).exists()


def test_a_line_of_the_first_income_year_and_one_of_next_year_are_saved(personas):
    assert [save(personas, year).year for year in (FIRST_YEAR, this_year() + 1)] == [2015, this_year() + 1]
