"""The income rule's two terms are written twice, in SQL for the run and in Python for the registry's texts about
one household (screening.engine_kinds): both give the same answers."""

from decimal import Decimal

import pytest
from django.db import connection

from households.choices import HouseholdType, MonitoringCategory
from screening.engine_kinds import WARNED_HOUSEHOLD, _under_line, inside_line, warning_applies

pytestmark = pytest.mark.django_db


def sql_value(sql: str, params: list) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.mark.parametrize("income", ["5999.99", "6000", "6000.01"])
@pytest.mark.parametrize("inclusive", [True, False])
def test_inside_line_answers_as_the_runs_sql(income, inclusive):
    row = "SELECT %s::numeric AS per_capita_net_income, 6000::numeric AS line_amount, %s::boolean AS line_inclusive"

    in_sql = sql_value(f"SELECT {_under_line('x', 'x')} FROM ({row}) x", [income, inclusive])

    assert inside_line(Decimal(income), Decimal("6000"), inclusive=inclusive) is in_sql


@pytest.mark.parametrize("household_type", HouseholdType.values)
@pytest.mark.parametrize("category", ["", *MonitoringCategory.values])
def test_warning_applies_answers_as_the_runs_sql(household_type, category):
    row = "SELECT %s::text AS household_type, %s::text AS monitoring_category"

    in_sql = sql_value(f"SELECT {WARNED_HOUSEHOLD} FROM ({row}) h", [household_type, category])

    assert warning_applies(household_type=household_type, monitoring_category=category) is in_sql
