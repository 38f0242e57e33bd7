from collections.abc import Iterator

import pytest
from django.db import connection, transaction


@pytest.fixture
def audit_log_flushable(transactional_db: None) -> Iterator[None]:
    """Let the flush that ends a transactional test empty the append-only audit log.

    The audit table refuses TRUNCATE for every client (accounts migration 0002), and pytest-django flushes
    every table after a transactional test. The next flush runs, once, in a transaction that turns ordinary
    triggers off with SET LOCAL; nothing outlives that transaction. (tests/e2e/conftest.py does the same for
    the browser tests.)
    """
    yield
    ops = connection.ops
    flush = ops.execute_sql_flush

    def flush_with_triggers_off(sql_list: list[str]) -> None:
        del ops.execute_sql_flush  # back to the class's method: this wrapper runs once
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
            flush(sql_list)

    ops.execute_sql_flush = flush_with_triggers_off
