"""A background ledger export that cannot reach the database (too many clients) or whose message is lost (a worker
restarted) no longer sits 排队中 for ever: the task tries again shortly, the periodic sweep queues a stuck job again,
and after a few tries the job fails with a reason its user reads on 台账统计."""

import datetime as dt
from pathlib import Path
from unittest import mock

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection
from django.utils import timezone

from accounts.models import AuditEvent
from reports.models import ExportStatus, LedgerExport
from reports.services import export_sweep, exports
from reports.services.export_sweep import (
    MAX_REQUEUES,
    MSG_GAVE_UP,
    MSG_QUEUED_WAITING,
    STALE_AFTER,
    ledger_exports_requeue_stalled,
)
from reports.tasks import RETRIES, ledger_export_task, requeue_stalled_exports
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db
TOO_MANY = 'connection to server at "127.0.0.1", port 5432 failed: FATAL:  sorry, too many clients already'


def _db_error(message: str, pgcode: str | None = None) -> OperationalError:
    # psycopg2 sets pgcode from the server's answer; none when the connection itself failed.
    cause = type("ServerError", (psycopg2.OperationalError,), {"pgcode": pgcode})(message)
    error = OperationalError(message)
    error.__cause__ = cause
    return error


@pytest.fixture
def media(settings, tmp_path):
    settings.REPORTS_SYNC_ROW_LIMIT = 2
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def queued(personas, registry, login, media, django_capture_on_commit_callbacks):
    """The county officer's 监测对象台账 (4 rows), recorded and queued, its task not run yet (the message is lost)."""
    client = login(personas.county_officer)
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/reports/export/", {"ledger": "monitored_households"})
    export = LedgerExport.objects.get()
    assert export.status == ExportStatus.PENDING
    return export


def _files(media: Path) -> list[Path]:
    return sorted(media.rglob("*.xlsx"))


def _queued_audits(export: LedgerExport) -> int:
    return AuditEvent.objects.filter(action="reports.ledger_export_queued", object_id=str(export.pk)).count()


def _age(export: LedgerExport, minutes: float, **fields) -> None:
    past = timezone.now() - dt.timedelta(minutes=minutes)
    LedgerExport.objects.filter(pk=export.pk).update(created_at=past, queued_at=past, **fields)


# 1. The task tries a passing database error again.


def test_a_run_refused_a_connection_is_tried_again_and_the_file_is_written_once(queued, media, login, personas):
    real = exports.export_claim
    calls = []

    def flaky(export_id):
        calls.append(export_id)
        if len(calls) == 1:
            raise _db_error(TOO_MANY)
        return real(export_id)

    with mock.patch.object(exports, "export_claim", flaky):
        result = ledger_export_task.apply(args=(queued.pk,))

    assert result.successful() and result.result == ExportStatus.DONE
    assert len(calls) == 2
    export = LedgerExport.objects.get(pk=queued.pk)
    assert export.status == ExportStatus.DONE and export.rows_written == 4
    assert len(_files(media)) == 1 and _queued_audits(export) == 1
    rows = read_xlsx(download(login(personas.county_officer).get(f"/reports/exports/{export.pk}/download/")))
    assert len(ledger_table(rows)[1]) == 4


def test_a_connection_lost_half_way_through_the_file_leaves_one_whole_file(queued, media):
    real = exports.ledger_rows
    calls = []

    def flaky(ledger, actor, filters):
        calls.append(1)
        rows = real(ledger, actor, filters)
        if len(calls) > 1:
            return rows

        def broken():
            iterator = iter(rows)
            yield next(iterator)
            getattr(iterator, "close", lambda: None)()  # its server-side cursor, while the connection is there
            raise _db_error("server closed the connection unexpectedly")

        return broken()

    with mock.patch.object(exports, "ledger_rows", flaky):
        result = ledger_export_task.apply(args=(queued.pk,))

    assert result.successful() and len(calls) == 2
    export = LedgerExport.objects.get(pk=queued.pk)
    assert export.status == ExportStatus.DONE and export.rows_written == export.rows_total == 4
    assert _files(media) == [Path(export.file.path)]
    assert _queued_audits(export) == 1


def test_the_task_gives_up_after_a_few_quick_tries_and_leaves_the_job_to_the_sweep(queued):
    with mock.patch.object(exports, "export_claim", side_effect=_db_error(TOO_MANY)) as claim:
        result = ledger_export_task.apply(args=(queued.pk,))

    assert result.failed() and claim.call_count == RETRIES + 1
    assert LedgerExport.objects.get(pk=queued.pk).status == ExportStatus.PENDING


def test_a_query_error_is_not_tried_again_and_the_user_is_told(queued, media):
    bad = _db_error('invalid input syntax for type integer: "x"', pgcode="22P02")
    with mock.patch.object(exports, "ledger_rows", side_effect=bad) as rows:
        result = ledger_export_task.apply(args=(queued.pk,))

    export = LedgerExport.objects.get(pk=queued.pk)
    assert result.successful() and rows.call_count == 1
    assert export.status == ExportStatus.FAILED and export.message == exports.MSG_FAILED
    assert _files(media) == []


# 2. The sweep queues a stuck job again, then gives up on it.


def test_a_job_whose_message_was_lost_is_queued_again_by_the_sweep_and_generated(queued, login, personas):
    _age(queued, minutes=1)
    assert ledger_exports_requeue_stalled() == {"requeued": 0, "failed": 0}  # not stuck yet
    assert LedgerExport.objects.get(pk=queued.pk).status == ExportStatus.PENDING

    _age(queued, minutes=STALE_AFTER.total_seconds() / 60 + 1)
    assert ledger_exports_requeue_stalled() == {"requeued": 1, "failed": 0}

    export = LedgerExport.objects.get(pk=queued.pk)
    assert export.status == ExportStatus.DONE and export.requeues == 1
    page = login(personas.county_officer).get("/reports/").content.decode()
    assert f"/reports/exports/{export.pk}/download/" in page


def test_a_job_left_running_by_a_dead_worker_is_queued_again(queued):
    _age(queued, minutes=10, status=ExportStatus.RUNNING, rows_written=2)

    assert ledger_exports_requeue_stalled() == {"requeued": 1, "failed": 0}
    assert LedgerExport.objects.get(pk=queued.pk).status == ExportStatus.DONE


def test_a_job_being_generated_is_left_alone(queued):
    _age(queued, minutes=10, status=ExportStatus.RUNNING)
    # Another worker's run holds the export's run lock on its own connection.
    params = connection.get_connection_params()
    other = psycopg2.connect(**{k: v for k, v in params.items() if k in {"dbname", "user", "password", "host", "port"}})
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [exports.LOCK_CLASS, queued.pk])
        with mock.patch.object(export_sweep, "export_enqueue") as enqueue:
            assert ledger_exports_requeue_stalled() == {"requeued": 0, "failed": 0}
        assert not enqueue.called
        assert LedgerExport.objects.get(pk=queued.pk).status == ExportStatus.RUNNING
    finally:
        other.close()


def test_two_sweeps_queue_a_stuck_job_once(queued):
    _age(queued, minutes=10)
    with mock.patch.object(export_sweep, "export_enqueue") as enqueue:
        first = ledger_exports_requeue_stalled()
        second = ledger_exports_requeue_stalled()
    assert first["requeued"] == 1 and second["requeued"] == 0 and enqueue.call_count == 1


def test_a_sweep_that_read_a_state_already_changed_does_nothing(queued):
    _age(queued, minutes=10)
    # What a second sweep read before the first one queued the job again.
    read = export_sweep.stalled_exports(now=timezone.now(), limit=10)
    ledger_exports_requeue_stalled()
    with (
        mock.patch.object(export_sweep, "stalled_exports", return_value=read),
        mock.patch.object(export_sweep, "export_enqueue") as enqueue,
    ):
        assert ledger_exports_requeue_stalled() == {"requeued": 0, "failed": 0}
    assert not enqueue.called and LedgerExport.objects.get(pk=queued.pk).requeues == 1


def test_after_a_few_tries_the_job_fails_with_a_reason_the_user_reads(queued, media, login, personas):
    # A run that died half-way left part of the file.
    half = Path(exports.default_storage.path(exports.export_file_name(queued)))
    half.parent.mkdir(parents=True)
    half.write_bytes(b"PK")
    with mock.patch.object(export_sweep, "export_enqueue"):  # every message lost
        for _ in range(MAX_REQUEUES):
            _age(queued, minutes=10)
            assert ledger_exports_requeue_stalled() == {"requeued": 1, "failed": 0}
        _age(queued, minutes=10)
        assert ledger_exports_requeue_stalled() == {"requeued": 0, "failed": 1}

    export = LedgerExport.objects.get(pk=queued.pk)
    assert export.status == ExportStatus.FAILED and export.message == MSG_GAVE_UP and export.finished_at
    assert _files(media) == []
    assert MSG_GAVE_UP.startswith("生成失败：") and MSG_GAVE_UP.endswith("请重新导出。")
    client = login(personas.county_officer)
    row = client.get(f"/reports/exports/{export.pk}/progress/").content.decode()
    assert "生成失败" in row and MSG_GAVE_UP in row and "hx-trigger" not in row
    assert MSG_GAVE_UP in client.get("/reports/").content.decode()
    # A late message of the lost ones does nothing to a job given up on.
    assert ledger_export_task.apply(args=(export.pk,)).result == ExportStatus.FAILED


def test_the_sweep_runs_every_few_minutes_as_a_registered_task():
    entries = [e for e in django_settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == requeue_stalled_exports.name]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert len(schedule.minute) >= 20  # at least every three minutes
    assert requeue_stalled_exports.apply().result == {"requeued": 0, "failed": 0}


# 3. The row of a job waiting a while says it will be generated without anyone doing anything.


def test_the_row_of_a_job_queued_for_a_while_says_it_waits(queued, login, personas):
    client = login(personas.county_officer)
    fresh = client.get(f"/reports/exports/{queued.pk}/progress/").content.decode()
    assert "排队中" in fresh and MSG_QUEUED_WAITING not in fresh

    _age(queued, minutes=2)
    waiting = client.get(f"/reports/exports/{queued.pk}/progress/").content.decode()
    assert "排队中" in waiting and MSG_QUEUED_WAITING in waiting and "hx-trigger" in waiting
    assert MSG_QUEUED_WAITING in client.get("/reports/").content.decode()
    assert "系统将自动生成" in MSG_QUEUED_WAITING and "无需重新导出" in MSG_QUEUED_WAITING

    LedgerExport.objects.filter(pk=queued.pk).update(status=ExportStatus.RUNNING)
    running = client.get(f"/reports/exports/{queued.pk}/progress/").content.decode()
    assert "生成中" in running and MSG_QUEUED_WAITING not in running
