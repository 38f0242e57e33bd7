"""Session-level PostgreSQL advisory locks for long jobs that must run once at a time (an import, a feed upload).

A job holds the lock for its whole run, across its own transactions; a second worker that got the same message
sees the lock taken and leaves the job alone. The lock dies with the connection, so a killed worker frees it."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def try_advisory_lock(lock_class: int, key: int) -> Iterator[bool]:
    """Yields whether the lock (lock_class, key) was taken; releases it afterwards if it was."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [lock_class, key])
        locked = bool(cursor.fetchone()[0])
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [lock_class, key])
