"""What every connection of ours asks of PostgreSQL for the session (config/env.py database_from_url)."""

import pytest
from django.db import connection

from config.env import database_from_url


def test_a_database_url_turns_jit_off_for_the_session():
    db = database_from_url("postgres://postgres@127.0.0.1:5432/shouwang")

    assert "-c jit=off" in db["OPTIONS"]["options"]


@pytest.mark.django_db
def test_the_apps_connection_plans_without_jit():
    # A county's counts look dear enough for the planner to compile them, for more time than they take to run.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
