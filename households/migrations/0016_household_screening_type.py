"""The screening run's covering index gains household_type: since a warning line applies only to lifted-out and
monitored households (screening.engine_kinds.WARNED_HOUSEHOLD), the run reads each household's type, which sent the
index-only scan of 0008's household_screening to the table for every household (bench/screening.py: the evaluation
0.18–0.22 s → 0.24 s for 150,000 households)."""

from django.db import migrations

COLUMNS = """region_path, monitoring_category, food_clothing_ok, education_ok, medical_ok, housing_ok, water_ok,
             latest_income_year, latest_income_per_capita, latest_income_total, latest_rigid_expenses,
             latest_income_previous_per_capita"""


def index_sql(columns: str) -> str:
    return f"""
DROP INDEX IF EXISTS household_screening;
CREATE INDEX household_screening ON households_household (id) INCLUDE ({columns}) WHERE is_active;
"""


class Migration(migrations.Migration):
    dependencies = [("households", "0015_member_deceased_index")]

    operations = [
        migrations.RunSQL(index_sql(COLUMNS + ", household_type"), reverse_sql=index_sql(COLUMNS)),
    ]
