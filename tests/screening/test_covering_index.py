"""The county run reads each household through the narrow covering index household_screening (households 0008):
a household column the evaluation names and the index lacks sends the scan to the table for every household
(household_type, read since the warning line applies only to lifted-out and monitored households, cost a quarter of
the run's evaluation in bench/screening.py)."""

import re

import pytest
from django.db import connection

from screening.engine import county, evaluation_sql
from screening.services.runs import _active_rules, _lines
from tests.clock import today

pytestmark = pytest.mark.django_db


def test_every_household_column_the_county_run_reads_is_in_its_covering_index(line):
    sql = evaluation_sql(_active_rules([]), county("360425"), _lines(today())).sql
    read = set(re.findall(r"\bh\.([a-z_]+)", sql)) - {"id", "is_active"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'household_screening'")
        (definition,) = cursor.fetchone()
    covered = set(re.findall(r"[a-z_]+", definition.split("INCLUDE", 1)[1].split("WHERE", 1)[0]))

    assert "household_type" in read and "monitoring_category" in read
    assert read <= covered, read - covered
