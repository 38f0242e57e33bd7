"""A real Celery worker, started as the deployment starts it, runs a task against the test database via Redis."""

import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from accounts.tasks import clear_expired_sessions
from tests.conftest import worker_env

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration


def _test_database_url() -> str:
    """The pytest database (test_…) as a DATABASE_URL, so the worker reads and writes what the test sees."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    host = str(db["HOST"])
    if host.startswith("/"):  # a unix socket directory (the embedded PostgreSQL)
        return f"postgres://{credentials}@/{db['NAME']}?host={host}"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


@pytest.fixture
def worker(audit_log_flushable: None, tmp_path: Path) -> Iterator[None]:
    log = tmp_path / "worker.log"
    env = worker_env(DATABASE_URL=_test_database_url(), REDIS_URL=settings.REDIS_URL)
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-P",
                "solo",
                "-c",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # The worker held connections to the test database, which pytest drops at the end of the session.
        if process.returncode not in (0, -15):
            print(log.read_text())


def test_the_worker_deletes_expired_sessions(worker):
    expired = Session.objects.create(
        session_key="expired-session", session_data="", expire_date=timezone.now() - timedelta(minutes=1)
    )
    live = Session.objects.create(
        session_key="live-session", session_data="", expire_date=timezone.now() + timedelta(minutes=30)
    )

    deleted = clear_expired_sessions.delay().get(timeout=60)

    assert deleted == 1
    assert not Session.objects.filter(pk=expired.pk).exists()
    assert Session.objects.filter(pk=live.pk).exists()
