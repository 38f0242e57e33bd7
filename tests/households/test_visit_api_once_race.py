"""Two tries of the same visit POST at the same instant (a client that timed out and retried while the first was
still running), each on its own connection to PostgreSQL: one visit, answered 201 to the try that made it and 200
with that same visit to the other (config.api_once)."""

import threading
import time
import uuid

import pytest
from django.db import connection, connections, transaction

from households.models import Household, Visit
from tests.clock import today
from tests.households.visit_body import ALL_SECURED

TIMEOUT = 60


def waiting() -> int:
    """How many connections to the test database wait for a lock: the one this test holds, or the first waiter's on
    the same row (the activity view is read afresh: within a transaction it would answer from its first snapshot)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_tries_at_the_same_instant_record_one_visit_answered_201_and_200(
    personas, login, household_a, audit_log_flushable
):
    # given two tries of one POST, each in its own thread and connection
    clients = [login(personas.cadre_a), login(personas.cadre_a)]
    body = {
        "household": household_a.pk,
        "visited_on": today().isoformat(),
        "notes": "家中正常",
        "once": str(uuid.uuid4()),
        **ALL_SECURED,
    }
    responses = []

    def post(client) -> None:
        try:
            responses.append(client.post("/api/v1/visits/", body, content_type="application/json"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    # when both have read everything they read before recording and queue on the household's row, which a third
    # request holds, and are then let through together
    with transaction.atomic():
        Household.objects.select_for_update().get(pk=household_a.pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + TIMEOUT
        while waiting() < len(threads) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert waiting() == len(threads)
    for thread in threads:
        thread.join(TIMEOUT)

    # then one visit: the try that made it answers 201, the other 200 with the same visit
    visit = Visit.objects.get(household=household_a)
    assert sorted(response.status_code for response in responses) == [200, 201]
    assert [response.json()["id"] for response in responses] == [visit.pk, visit.pk]
