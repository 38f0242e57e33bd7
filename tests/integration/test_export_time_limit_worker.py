"""A real worker, started as the deployment starts it (prefork: the pool that enforces Celery's time limits), ends a
ledger export that hangs, in its file or in a statement, as 生成超时; its lock is freed and the ledger exports again."""

import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from households.models import Household
from reports.models import ExportStatus, LedgerExport
from reports.services import exports
from reports.services.export_sweep import STALE_AFTER, ledger_exports_requeue_stalled
from tests.conftest import worker_env
from tests.integration.test_celery_worker import BASE_DIR, _test_database_url
from tests.reports import conftest as shared
from tests.reports.conftest import download, ledger_table, read_xlsx
from tests.reports.test_export_time_limit import _run_lock_held, _table_locked

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

registry = shared.registry
TIME_LIMIT = 4  # the run's soft limit, in seconds (the message's); its statements get 2 (the worker's settings)
F_SETPIPE_SZ = 1031  # fcntl: set a pipe's buffer size (Linux)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.REPORTS_SYNC_ROW_LIMIT = 1
    settings.REPORTS_EXPORT_TIME_LIMIT = TIME_LIMIT  # the limits this process sends with the message
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def prefork_worker(audit_log_flushable: None, media: Path, tmp_path: Path) -> Iterator[Path]:
    log = tmp_path / "worker.log"
    env = worker_env(
        DATABASE_URL=_test_database_url(),
        REDIS_URL=settings.REDIS_URL,
        MEDIA_ROOT=str(media),
        REPORTS_EXPORT_TIME_LIMIT=str(TIME_LIMIT),
    )
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "prefork", "-c", "1",
             "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
            cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _queue(client) -> LedgerExport:
    with mock.patch.object(exports, "export_enqueue"):  # sent to the worker below, once the hang is set up
        assert client.post("/reports/export/", {"ledger": "monitored_households"}).status_code == 302
    return LedgerExport.objects.latest("pk")


def _wait(export: LedgerExport, done, timeout: float = 120) -> LedgerExport:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        export.refresh_from_db()
        if done(export):
            return export
        time.sleep(0.2)
    raise AssertionError(f"export {export.pk} did not get there: {export.status} {export.message}")


def _ended(export: LedgerExport) -> bool:
    return export.status not in (ExportStatus.PENDING, ExportStatus.RUNNING)


def _timed_out_then_exports_again(export: LedgerExport, client, log: Path) -> int:
    export = _wait(export, _ended)
    assert export.status == ExportStatus.FAILED, export.message + log.read_text()[-3000:]
    assert export.message == exports.MSG_TIMED_OUT
    _wait(export, lambda e: not _run_lock_held(e))  # freed by the run's end (or its worker's, at the hard limit)
    row = client.get(f"/reports/exports/{export.pk}/progress/").content.decode()
    assert exports.MSG_TIMED_OUT in row and "hx-trigger" not in row

    client.post("/reports/export/", {"ledger": "monitored_households"})
    again = _wait(LedgerExport.objects.latest("pk"), _ended)
    assert again.pk != export.pk and again.status == ExportStatus.DONE, again.message + log.read_text()[-3000:]
    data = download(client.get(f"/reports/exports/{again.pk}/download/"))
    assert len(ledger_table(read_xlsx(data))[1]) == 4
    return len(data)


def test_a_run_stuck_writing_its_file_ends_at_its_time_limit(prefork_worker, personas, registry, login, media):
    client = login(personas.county_officer)
    export = _queue(client)
    # Its file is a pipe no one reads, whose buffer takes less than the file: the run's write blocks in the kernel,
    # alive, holding the run lock, until the soft limit's signal interrupts it.
    path = Path(exports.default_storage.path(exports.export_file_name(export)))
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    pipe = os.open(path, os.O_RDWR | os.O_NONBLOCK)
    try:
        buffer = fcntl.fcntl(pipe, F_SETPIPE_SZ, 4096)
        exports.export_enqueue(export.pk)
        # The soft limit interrupts the write; the run's clean-up (the zip's own) writes to the pipe again and is
        # stuck where no signal ends it, so the worker's main process kills it at the hard limit, noting the job
        # out of time, and the sweep (every 2 minutes) fails it instead of queuing it again.
        export = _wait(export, lambda e: _ended(e) or (e.message == exports.MSG_TIMED_OUT and not _run_lock_held(e)))
        if not _ended(export):
            later = timezone.now() + STALE_AFTER
            assert ledger_exports_requeue_stalled(now=later) == {"requeued": 0, "failed": 1}
        size = _timed_out_then_exports_again(export, client, prefork_worker)
    finally:
        os.close(pipe)
    assert size > buffer  # the premise: the run could not have written its file into the pipe
    assert not path.exists()  # the run took its partial file (the pipe) away
    assert sorted(p.name for p in media.rglob("*.xlsx")) == [Path(LedgerExport.objects.latest("pk").file.name).name]


def test_a_run_stuck_on_a_statement_is_cancelled(prefork_worker, personas, registry, login, media):
    client = login(personas.county_officer)
    export = _queue(client)

    with _table_locked(Household):
        exports.export_enqueue(export.pk)
        export = _wait(export, _ended)

    _timed_out_then_exports_again(export, client, prefork_worker)
    assert [p.name for p in media.rglob("*.xlsx")] == [Path(LedgerExport.objects.latest("pk").file.name).name]
