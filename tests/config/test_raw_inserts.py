"""Every set-based raw INSERT into an app table names each NOT NULL column that has no database default.

The ORM sends every field's value, so a migration adding a NOT NULL column without a database default breaks no
ORM write, but a raw INSERT … SELECT that does not name the column fails on every row: 6ff9220 added
ExclusionFact.withdraw_reason so, and every department exclusion upload crashed until 9d7af1e named it. A new such
column needs a db_default (matching its Python default) or a place in each insert's column list.

The check reads the migrated test database (information_schema.columns), so it sees every column a migration adds.
The column lists are the ones the modules build their statements from; a second check finds every
`INSERT INTO <app table>` in the code outside tests and migrations, so a new raw insert must be listed here too."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection

from alerts.ingest import raising as feed_raising
from alerts.ingest import staging as feed_staging
from households.registry_import import income, living
from households.registry_import import numbers as registry_numbers
from households.registry_import import staging as registry_staging
from screening.services import run_apply

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = frozenset({".venv", "tests", "migrations", "node_modules", "var"})
INSERT = re.compile(r"\bINSERT\s+INTO\s+(\w+)", re.IGNORECASE)

# (module, table, the columns its INSERT names: model field names, or table columns that are no model field)
LATEST_INCOME = tuple(name.strip() for name in income.LATEST_INCOME_COLUMNS.split(",") if name.strip())
INSERTS = (
    ("screening/services/run_apply.py", "screening_screeningresult", run_apply.RESULT_COLUMNS),
    ("screening/services/run_apply.py", "screening_screeningchange", run_apply.CHANGE_COLUMNS),
    ("screening/services/run_apply.py", "screening_riskflag", run_apply.FLAG_COLUMNS),
    (
        "households/registry_import/staging.py",
        "households_household",
        registry_staging.HOUSEHOLD_COLUMNS + LATEST_INCOME,
    ),
    ("households/registry_import/staging.py", "households_householdevent", registry_staging.EVENT_COLUMNS),
    ("households/registry_import/staging.py", "households_member", registry_staging.MEMBER_COLUMNS),
    ("households/registry_import/income.py", "households_householdincome", income.INCOME_COLUMNS),
    ("households/registry_import/living.py", "households_memberchange", living.CHANGE_COLUMNS),
    ("households/registry_import/numbers.py", "households_registryimportnumber", registry_numbers.HOLD_COLUMNS),
    ("alerts/ingest/raising.py", "alerts_alert", feed_raising.RAISE_COLUMNS),
    ("alerts/ingest/staging.py", "alerts_unregisteredperson", feed_staging.PERSON_COLUMNS),
    ("alerts/ingest/staging.py", "alerts_unregisteredrule", feed_staging.RULE_COLUMNS),
    ("alerts/ingest/staging.py", "screening_exclusionfact", feed_staging.EXCLUSION_COLUMNS),
    ("alerts/ingest/staging.py", "alerts_unregisteredentry", feed_staging.ENTRY_COLUMNS),
)


def app_tables() -> dict[str, type]:
    return {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}


def column(model: type, name: str) -> str:
    """The database column a listed name stands for: a field's column (by name or attname), else the name."""
    try:
        return model._meta.get_field(name).column
    except FieldDoesNotExist:
        return name


def table_columns(table: str) -> dict[str, bool]:
    """The table's columns, each with whether an INSERT must name it: NOT NULL, no database default, not an
    identity or generated column."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT column_name, is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'
                      AND is_generated = 'NEVER'
               FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = %s""",
            [table],
        )
        return dict(cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.parametrize(("module", "table", "names"), INSERTS, ids=[f"{m}:{t}" for m, t, _ in INSERTS])
def test_the_insert_names_every_not_null_column_without_a_database_default(module, table, names):
    model = app_tables()[table]
    columns = table_columns(table)
    named = {column(model, name) for name in names}
    assert named <= set(columns), f"{module} names columns {table} does not have: {sorted(named - set(columns))}"
    unnamed = sorted(name for name, required in columns.items() if required and name not in named)
    assert not unnamed, (
        f"{module}: the INSERT INTO {table} does not name {unnamed}, NOT NULL without a database default, so it "
        "fails on every row: give the field a db_default matching its default, or name the column in the insert"
    )


def source_inserts() -> set[tuple[str, str]]:
    """(module, app table) for every raw INSERT INTO an app table in the code outside tests and migrations."""
    tables = app_tables()
    found = set()
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if SKIPPED_DIRS.intersection(parts) or any(part.startswith(".") for part in parts):
            continue
        for match in INSERT.finditer(path.read_text(encoding="utf-8")):
            if match.group(1).lower() in tables:
                found.add(("/".join(parts), match.group(1).lower()))
    return found


def test_every_raw_insert_into_an_app_table_is_checked_above():
    listed = {(module, table) for module, table, _ in INSERTS}
    found = source_inserts()
    assert found - listed == set(), "raw inserts not in INSERTS (add their column lists there)"
    assert listed - found == set(), "INSERTS lists inserts the code no longer has"
