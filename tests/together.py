"""A call made from several threads at once, each on its own database connection, as concurrent requests are: what
each returned or raised (an exception is returned, for the test's assertion to name), in finishing order. The tests
that use it are transactional (pytest.mark.django_db(transaction=True)): the threads see only committed rows."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def at_once(call: Callable[[], Any], times: int = 2, timeout: float = 60) -> list[Any]:
    start = threading.Barrier(times)
    results: list[Any] = []

    def run() -> None:
        try:
            start.wait(timeout)
            results.append(call())
        except Exception as error:  # returned: the caller's assertion names it
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results
