import datetime as dt
from decimal import Decimal

import pytest

from households.choices import Relation
from households.services import income, registry
from screening.models import MonitoringLine
from tests.clock import this_year
from tests.households.conftest import member_row, numbered


@pytest.fixture
def line(db):
    """The line for the test county's province this year: 7,300 yuan."""
    return MonitoringLine.objects.create(
        year=this_year(), region_prefix="36", region_label="江西省", amount=Decimal("7300")
    )


@pytest.fixture
def make_household(personas, county):
    """A household of `members` people in village A with this year's income set to give `per_capita`."""
    counter = iter(range(100, 10_000, 7))

    def _make(per_capita: str, members: int = 2, village=None, household_type: str = "lifted_out", **amounts):
        rows = [member_row(numbered("户主", next(counter)), Relation.HEAD, dt.date(1970, 1, 1), next(counter))]
        for i in range(members - 1):
            rows.append(
                member_row(numbered("成员", next(counter)), Relation.SON, dt.date(2000 + i, 1, 1), next(counter))
            )
        household = registry.household_create(
            actor=personas.county_officer,
            village=village or county.village_a,
            members=rows,
            household_type=household_type,
        )
        wage = Decimal(per_capita) * members
        income.income_save(
            actor=personas.county_officer,
            household=household,
            year=this_year(),
            amounts={"wage_income": wage, **amounts},
        )
        return household

    return _make
