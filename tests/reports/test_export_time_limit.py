"""A background ledger export whose run hangs (a statement waiting on a lock, a file write that never returns) no
longer shows 生成中 for ever behind a run lock the sweep respects: its time limits end it as 生成失败 with a reason
its user reads on 台账统计 (生成超时……请重新导出), its partial file removed and its lock released, and the same ledger
is then exported again."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from billiard.exceptions import TimeLimitExceeded
from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection

from households.models import Household
from reports.models import ExportStatus, LedgerExport
from reports.services import export_sweep, exports
from reports.services.export_sweep import ledger_exports_requeue_stalled
from reports.tasks import SOFT_TIME_LIMIT, TIME_LIMIT, ledger_export_task
from tests.reports.conftest import download, ledger_table, read_xlsx
from tests.reports.test_export_jobs import _age, _db_error, _files

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.REPORTS_SYNC_ROW_LIMIT = 2
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _queue(client) -> LedgerExport:
    """The county officer's 监测对象台账 (4 rows), recorded, its task not run yet."""
    with mock.patch.object(exports, "export_enqueue"):
        assert client.post("/reports/export/", {"ledger": "monitored_households"}).status_code == 302
    return LedgerExport.objects.latest("pk")


def _run_lock_held(export: LedgerExport) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s)",
            [exports.LOCK_CLASS, export.pk],
        )
        return cursor.fetchone()[0]


@contextmanager
def _run_lock_held_elsewhere(export: LedgerExport) -> Iterator[None]:
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [exports.LOCK_CLASS, export.pk])
        yield
    finally:
        other.close()


@contextmanager
def _table_locked(model) -> Iterator[None]:
    """Another session holds `model`'s table (as a migration or a long maintenance statement would): a statement
    reading it waits until the lock is released."""
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {model._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        yield
    finally:
        other.rollback()
        other.close()


def _timed_out(export: LedgerExport, media: Path, client) -> None:
    """What its user and the system see of a run ended by its time limit."""
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.message == exports.MSG_TIMED_OUT and export.finished_at
    assert _files(media) == [] and not export.file
    assert not _run_lock_held(export)
    row = client.get(f"/reports/exports/{export.pk}/progress/").content.decode()
    assert "生成失败" in row and exports.MSG_TIMED_OUT in row and "hx-trigger" not in row
    assert exports.MSG_TIMED_OUT in client.get("/reports/").content.decode()
    # Not queued again: it ended, and the sweep leaves a failed job alone.
    _age(export, minutes=30)
    assert ledger_exports_requeue_stalled() == {"requeued": 0, "failed": 0}
    assert LedgerExport.objects.get(pk=export.pk).status == ExportStatus.FAILED


def _exports_again(client) -> None:
    again = _queue(client)
    assert ledger_export_task.apply(args=(again.pk,)).result == ExportStatus.DONE
    again.refresh_from_db()
    assert again.status == ExportStatus.DONE and again.rows_written == 4
    rows = read_xlsx(download(client.get(f"/reports/exports/{again.pk}/download/")))
    assert len(ledger_table(rows)[1]) == 4


def test_the_message_says_it_timed_out_and_to_export_again():
    assert exports.MSG_TIMED_OUT.startswith("生成超时") and "请重新导出" in exports.MSG_TIMED_OUT
    assert len(exports.MSG_TIMED_OUT) <= LedgerExport._meta.get_field("message").max_length


def test_the_task_has_a_soft_time_limit_wide_of_the_largest_ledger_and_a_hard_one_after_it():
    # The 150,000-household ledger takes about 35 s on the deployment's machines.
    assert ledger_export_task.soft_time_limit == SOFT_TIME_LIMIT == exports.export_time_limit() >= 35 * 10
    assert ledger_export_task.time_limit == TIME_LIMIT > SOFT_TIME_LIMIT + exports.export_statement_timeout()
    assert 35 * 4 <= exports.export_statement_timeout() < SOFT_TIME_LIMIT


@pytest.mark.django_db(transaction=True)
def test_a_run_stuck_on_a_statement_is_cancelled_and_the_ledger_exports_again(
    audit_log_flushable, personas, registry, login, media, settings
):
    settings.REPORTS_EXPORT_TIME_LIMIT = 2  # its statements may take 1 s
    client = login(personas.county_officer)
    export = _queue(client)

    with _table_locked(Household):
        result = ledger_export_task.apply(args=(export.pk,))

    assert result.successful() and result.result == ExportStatus.FAILED  # ended, not tried again
    _timed_out(export, media, client)
    # The worker's connection keeps no shortened timeout for its next task.
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
    _exports_again(client)


def test_a_run_stuck_writing_its_file_ends_at_the_soft_time_limit(personas, registry, login, media):
    client = login(personas.county_officer)
    export = _queue(client)
    real = exports.write_ledger

    def hangs(target, **kwargs):
        real(target, **kwargs)  # the file is there, part-written as far as the user is concerned
        assert Path(target).exists()
        raise SoftTimeLimitExceeded()  # what Celery raises in the write the worker was stuck in

    with mock.patch.object(exports, "write_ledger", hangs):
        result = ledger_export_task.apply(args=(export.pk,))

    assert result.successful() and result.result == ExportStatus.FAILED
    _timed_out(export, media, client)
    _exports_again(client)


@pytest.mark.parametrize(
    "error", [SoftTimeLimitExceeded(), _db_error("canceling statement due to statement timeout", pgcode="57014")]
)
def test_a_run_out_of_time_outside_the_file_is_ended_by_the_task(personas, registry, login, media, error):
    client = login(personas.county_officer)
    export = _queue(client)
    real = exports.export_claim

    def claims_then_runs_out(export_id):
        real(export_id)
        raise error

    with mock.patch.object(exports, "export_claim", side_effect=claims_then_runs_out) as claim:
        result = ledger_export_task.apply(args=(export.pk,))

    assert result.successful() and result.result == ExportStatus.FAILED and claim.call_count == 1
    _timed_out(export, media, client)
    _exports_again(client)


def test_a_run_killed_at_the_hard_time_limit_is_failed_by_the_sweep_not_queued_again(personas, registry, login, media):
    # The run hung where even the soft limit could not end it (or again in its clean-up): the worker's main process
    # calls the task's failure hook as it kills it (celery.worker.request.Request.on_timeout).
    client = login(personas.county_officer)
    export = _queue(client)
    _age(export, minutes=30, status=ExportStatus.RUNNING, rows_written=2)
    half = Path(exports.default_storage.path(exports.export_file_name(export)))
    half.parent.mkdir(parents=True)
    half.write_bytes(b"PK")

    with _run_lock_held_elsewhere(export):  # the run is still alive while its hook runs
        ledger_export_task.on_failure(TimeLimitExceeded(TIME_LIMIT), "task-id", (export.pk,), {}, None)
        assert ledger_exports_requeue_stalled() == {"requeued": 0, "failed": 0}
    export.refresh_from_db()
    assert export.status == ExportStatus.RUNNING and half.exists()  # its row still says 生成中

    with mock.patch.object(export_sweep, "export_enqueue") as enqueue:
        assert ledger_exports_requeue_stalled() == {"requeued": 0, "failed": 1}
    assert not enqueue.called  # it would only hang again
    _timed_out(export, media, client)
    _exports_again(client)


def test_a_done_job_is_left_as_it_is_by_a_late_time_limit(personas, registry, login, media):
    client = login(personas.county_officer)
    export = _queue(client)
    ledger_export_task.apply(args=(export.pk,))

    ledger_export_task.on_failure(TimeLimitExceeded(TIME_LIMIT), "task-id", (export.pk,), {}, None)
    exports.ledger_export_timed_out(export_id=export.pk)

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.message == ""
    assert _files(media) == [Path(export.file.path)]


def test_each_message_carries_the_time_limits_of_the_settings(settings):
    # The worker follows the limits in the message (Celery puts the task's own there otherwise).
    settings.REPORTS_EXPORT_TIME_LIMIT = 7
    with mock.patch.object(ledger_export_task, "apply_async") as send:
        exports.export_enqueue(12)
    send.assert_called_once_with((12,), soft_time_limit=7, time_limit=14)
    assert exports.export_statement_timeout() == 3.5
