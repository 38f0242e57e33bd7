"""Time limits of long background runs (a ledger export), so that a run that hangs ends instead of holding its run
lock (config.locks) for ever, which keeps the periodic sweeps away from its job.

Two limits, because neither ends every hang: Celery's soft time limit (the task's soft_time_limit, prefork workers)
raises SoftTimeLimitExceeded in the run's Python code, which ends a run stuck in a loop or in file I/O, but not one
waiting on a database statement (psycopg2 returns to Python only once the server answers); the session's
statement_timeout makes the server cancel such a statement (SQLSTATE 57014)."""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, connection

QUERY_CANCELED = "57014"  # SQLSTATE of a statement cancelled by statement_timeout (or by pg_cancel_backend)


@contextmanager
def statement_timeout(seconds: float) -> Iterator[None]:
    """Every statement of this session inside the block is cancelled by the server after `seconds`."""
    with connection.cursor() as cursor:  # at least 1 ms: 0 would mean no timeout
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{max(1, int(seconds * 1000))}ms"])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")


def ran_out_of_time(error: BaseException) -> bool:
    """Whether `error` ended a run at one of its limits: the soft time limit, or a statement cancelled, also when
    the clean-up after it failed in turn (closing a server-side cursor the cancelled statement never declared)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, SoftTimeLimitExceeded):
            return True
        if isinstance(current, DatabaseError | psycopg2.Error) and _sqlstate(current) == QUERY_CANCELED:
            return True
        current = current.__cause__ or current.__context__
    return False


def _sqlstate(error: BaseException) -> str | None:
    # psycopg2's errors carry the SQLSTATE; Django's wrap them (as __cause__).
    for candidate in (error, error.__cause__):
        code = getattr(candidate, "pgcode", None) or getattr(candidate, "sqlstate", None)
        if code:
            return code
    return None
