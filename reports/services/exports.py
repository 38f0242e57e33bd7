"""Ledger exports: small ledgers are written at once into the response; large ones (and the household list's
导出本列表, reports.services.registry_export, whatever its size) by a Celery task that reports progress and leaves a
file that only its user may download, until it expires."""

import logging
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.audit import audit_record
from alerts.tasks import transient_db_error
from config.dates import cn_date
from config.errors import ApplicationError
from config.locks import try_advisory_lock
from config.once import Once, once_create
from config.time_limits import ran_out_of_time, statement_timeout
from reports.filters import (
    HOUSEHOLD_KINDS,
    filters_from_json,
    place_name,
    place_of_filters,
    quarter_label,
    region_label,
)
from reports.ledgers.base import Filters, Ledger
from reports.models import ExportStatus, LedgerExport
from reports.services.export_limits import (
    MSG_FAILED,
    export_busy_check,
    export_download_refusal,
    export_queue_lock,
)
from reports.writer import write_ledger
from screening.selectors import result_filter_words

logger = logging.getLogger(__name__)

MSG_TIMED_OUT = (
    "生成超时：数据较多或系统繁忙，未能在规定时间内生成，已停止。请重新导出；如仍超时，请缩小区域或筛选范围后分别导出。"
)
CHUNK = 2000
LOCK_CLASS = 7_501  # first key of the advisory lock an export's run holds; the second is the export's id


def export_ttl() -> timedelta:
    return timedelta(hours=getattr(settings, "REPORTS_EXPORT_TTL_HOURS", 24))


def export_time_limit() -> int:
    """Seconds a background run may take (the task's soft time limit, REPORTS_EXPORT_TIME_LIMIT): the largest county
    ledger, 150,000 households, is written in about 35 s, so ten minutes leave it a wide margin on a busy server."""
    return int(getattr(settings, "REPORTS_EXPORT_TIME_LIMIT", 600))


def export_time_limits() -> tuple[int, int]:
    """The task's (soft, hard) time limits, in seconds: the hard one, twice as long, leaves a statement under way at
    the soft limit the time to reach its own timeout and the run to clean up."""
    return export_time_limit(), 2 * export_time_limit()


def export_statement_timeout() -> float:
    """Seconds one database statement of a run may take: half the run's (its heaviest, the ledger's query, takes a
    few seconds), so a statement that hangs is cancelled before the run's soft limit could only wait for it."""
    return export_time_limit() / 2


def sync_limit(ledger: Ledger) -> int:
    if ledger.sync_limit is not None:
        return ledger.sync_limit
    return int(getattr(settings, "REPORTS_SYNC_ROW_LIMIT", 5000))


def ledger_rows(ledger: Ledger, actor: Any, filters: Filters) -> Any:
    rows = ledger.rows(actor, filters)
    if isinstance(rows, QuerySet):
        # A server-side cursor: rows arrive CHUNK at a time and are never all in memory.
        return rows.iterator(chunk_size=CHUNK)
    return rows


def ledger_count(ledger: Ledger, actor: Any, filters: Filters) -> int:
    if ledger.count is not None:
        return ledger.count(actor, filters)
    rows = ledger.rows(actor, filters)
    if isinstance(rows, QuerySet):
        return rows.order_by().count()
    return len(list(rows))


def export_filename(ledger_name: str, actor: Any, at: datetime | None = None, *, place: str | None = None) -> str:
    """The downloaded file's name, the same from the page and the API: 永修县涂埠镇监测对象台账_20261203_2123.xlsx
    (the place, as the title row says it: the region chosen, else the actor's scope — so files of two regions do not
    overwrite each other; `at` the time it was generated)."""
    where = place_name(actor) if place is None else place
    return f"{where}{ledger_name}_{timezone.localtime(at):%Y%m%d_%H%M}.xlsx"


def export_ledger(*, actor: Any, export: LedgerExport) -> tuple[Ledger, Filters]:
    """The ledger a background export writes, with its stored filters re-read against the user's scope as it is now
    (ApplicationError when they no longer hold; Http404 when the ledger is no longer the user's): a ledger of the
    reports page (reports.ledgers), or the household list's 导出本列表, which stores the list's own filters."""
    from reports.services import registry_export  # builds on this module

    if export.ledger == registry_export.LEDGER.code:
        return registry_export.LEDGER, registry_export.registry_filters(actor, export.filters)
    from reports.ledgers import ledger_get

    ledger = ledger_get(actor=actor, code=export.ledger)
    return ledger, ledger.own_filters(filters_from_json(actor, export.filters))


def ledger_export_filename(*, actor: Any, export: LedgerExport) -> str:
    """export_filename for a background export, with the region it was generated for (as its title names it)."""
    place = place_of_filters(actor, export.filters)
    try:
        ledger, filters = export_ledger(actor=actor, export=export)
        if ledger.file_place is not None:
            place = ledger.file_place(actor, filters, place)
    except (ApplicationError, Http404):
        pass  # a ledger or region no longer the actor's: the file keeps the region's name
    return export_filename(export.ledger_name, actor, export.created_at, place=place)


def _file_place(ledger: Ledger, actor: Any, filters: Filters, place: str) -> str:
    return ledger.file_place(actor, filters, place) if ledger.file_place is not None else place


def _describe(ledger: Ledger, filters: Filters, actor: Any) -> str:
    """What the file holds, for the audit record and the export's label: the ledger, the region, and the filters
    this ledger applies, each with its name; a date range it does not read (就业台账 reads a quarter) is not named."""
    parts = [ledger.name, f"区域：{region_label(filters, actor)}"]
    if ledger.period is not None:
        parts.append(ledger.period(filters))
    elif ledger.date_label and (filters.date_from or filters.date_to):
        start = cn_date(filters.date_from) if filters.date_from else "不限"
        end = cn_date(filters.date_to) if filters.date_to else "不限"
        parts.append(f"{ledger.date_label}：{start} 至 {end}")
    if ledger.by_quarter and filters.extra.get("quarter"):
        parts.append(f"季度：{quarter_label(filters.extra['quarter'])}")
    if ledger.by_household_kind and filters.extra.get("household_kind"):
        parts.append(f"户类型：{HOUSEHOLD_KINDS.get(filters.extra['household_kind'], '')}")
    if ledger.by_worklist and (words := result_filter_words(filters.extra.get("worklist") or {})):
        parts.append(words)
    return "，".join(parts)


@dataclass
class ExportStart:
    export: LedgerExport | None = None  # set when the ledger goes to the background
    file: IO[bytes] | None = None  # set when it was written at once
    filename: str = ""
    rows: int = 0
    repeated: bool = False  # the export an earlier request with the same token (`once`) queued: nothing queued now


@transaction.atomic
def ledger_export_start(
    *,
    actor: Any,
    ledger: Ledger,
    filters: Filters,
    filters_json: dict[str, str],
    background: bool = False,
    once: uuid.UUID | None = None,
) -> ExportStart:
    """Write a small ledger now (into a temporary file the response streams) or queue a large one; the API
    always queues (background=True) and answers with the export to poll. A queued one is refused (Busy) while the
    user has as many under way as allowed; `once` (the API's Idempotency-Key): see ledger_export_queue."""
    filters = ledger.own_filters(filters)
    if not ledger.regional:
        filters_json = {name: value for name, value in filters_json.items() if name != "region"}
    total = ledger_count(ledger, actor, filters)
    summary = _describe(ledger, filters, actor)
    place = place_name(actor, filters.region_path)
    if not background and total <= sync_limit(ledger):
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - the streaming response closes it
        rows = write_ledger(
            handle,
            ledger=ledger,
            actor=actor,
            filters=filters,
            rows=ledger_rows(ledger, actor, filters),
            county_name=place,
        )
        handle.seek(0)
        audit_record(
            actor=actor,
            action="reports.ledger_export",
            summary=f"导出{summary}（{rows}行）",
            object_type="reports.ledger",
        )
        filename = export_filename(ledger.name, actor, place=_file_place(ledger, actor, filters, place))
        return ExportStart(file=handle, filename=filename, rows=rows)
    done = ledger_export_queue(
        actor=actor, ledger=ledger, filters_json=filters_json, label=summary, total=total, once=once
    )
    return ExportStart(export=done.record, rows=done.record.rows_total, repeated=done.repeated)


@transaction.atomic
def ledger_export_queue(
    *,
    actor: Any,
    ledger: Ledger,
    filters_json: dict[str, str],
    label: str,
    total: int,
    region_path: str = "",
    once: uuid.UUID | None = None,
) -> Once[LedgerExport]:
    """Record the export (`label`: what it holds, as its row on the reports page and the audit say it), audit it with
    `region_path` (the region chosen, for the audit log's filter), and hand it to the task once the transaction
    commits. The task re-reads `filters_json` (export_ledger) and writes the file as the user.

    Under the user's queue lock: the user's export already made with the token `once` is returned (repeated, nothing
    queued: a client retrying a request it got no answer to); else one more job while the user has as many queued or
    running as allowed is refused (Busy, reports.services.export_limits)."""
    export_queue_lock(actor)

    def make(token: uuid.UUID | None) -> LedgerExport:
        export_busy_check(actor)
        export = LedgerExport.objects.create(
            user=actor,
            ledger=ledger.code,
            ledger_name=ledger.name,
            filters=filters_json,
            filters_label=label[:300],
            rows_total=total,
            expires_at=timezone.now() + export_ttl(),
            once=token,
        )
        audit_record(
            actor=actor,
            action="reports.ledger_export_queued",
            summary=f"后台生成{label}（{total}行）",
            target=export,
            region_path=region_path,
        )
        export_id = export.pk
        transaction.on_commit(lambda: export_enqueue(export_id))
        return export

    return once_create(LedgerExport, once, make, scope={"user": actor})


def export_enqueue(export_id: int) -> None:
    from reports.tasks import ledger_export_task

    soft, hard = export_time_limits()  # in the message, which the worker follows: this process's settings
    try:
        ledger_export_task.apply_async((export_id,), soft_time_limit=soft, time_limit=hard)
    except Exception:  # the export is recorded and pending: the sweep queues it again (reports.services.export_sweep)
        logger.exception("could not enqueue ledger export %s", export_id)


def export_claim(export_id: int) -> int:
    """Claim the export for this run (under its run lock): pending, or running with no live run (an earlier run died,
    or met a database error and is tried again) → running, its progress from 0. 0 when done, failed or expired."""
    return LedgerExport.objects.filter(pk=export_id, status__in=[ExportStatus.PENDING, ExportStatus.RUNNING]).update(
        status=ExportStatus.RUNNING, rows_written=0, message=""
    )


def export_file_name(export: LedgerExport) -> str:
    """Where the export's file is kept: the same name for every run of one export, so a run tried again (or one a dead
    worker left half-way) overwrites the earlier file instead of leaving a second; unguessable (salted_hmac)."""
    token = salted_hmac("reports.ledger_export_file", str(export.pk)).hexdigest()[:32]
    return f"reports/exports/{timezone.localtime(export.created_at):%Y/%m}/{token}.xlsx"


def ledger_export_run(*, export_id: int) -> LedgerExport:
    """The task's body. Holds the export's run lock (a worker that dies frees it, so the sweep can tell a dead run
    from a live one) and claims the export with a conditional UPDATE, so a redelivered message or a second worker
    does nothing; writes the file under MEDIA_ROOT with progress every few thousand rows. A passing database error
    (alerts.tasks.transient_db_error) leaves no file and is raised, for the task to try again shortly."""
    with statement_timeout(export_statement_timeout()), try_advisory_lock(LOCK_CLASS, export_id) as locked:
        if locked and export_claim(export_id):
            _write(LedgerExport.objects.select_related("user").get(pk=export_id))
    return LedgerExport.objects.get(pk=export_id)


def ledger_export_timed_out(*, export_id: int) -> LedgerExport:
    """A run that ran out of time (config.time_limits) outside the file's writing, which ends its job itself
    (claiming the job, recording it done): the job fails with MSG_TIMED_OUT and loses whatever file it had, unless
    it was done meanwhile (or a live run elsewhere holds its lock)."""
    with statement_timeout(export_statement_timeout()), try_advisory_lock(LOCK_CLASS, export_id) as locked:
        if locked and _fail(export_id, MSG_TIMED_OUT):
            default_storage.delete(export_file_name(LedgerExport.objects.get(pk=export_id)))
    return LedgerExport.objects.get(pk=export_id)


def ledger_export_killed(*, export_id: int) -> int:
    """The worker's main process is killing the job's run at its hard time limit (stuck where even the soft limit
    could not end it, or again in its clean-up): the job is noted as out of time, not yet failed, since the run
    still holds its lock; the sweep fails it once the lock is free instead of queuing it again
    (reports.services.export_sweep)."""
    return LedgerExport.objects.filter(pk=export_id, status__in=[ExportStatus.PENDING, ExportStatus.RUNNING]).update(
        message=MSG_TIMED_OUT
    )


def _fail(export_id: int, message: str) -> int:
    return LedgerExport.objects.filter(pk=export_id, status__in=[ExportStatus.PENDING, ExportStatus.RUNNING]).update(
        status=ExportStatus.FAILED, message=message, finished_at=timezone.now()
    )


def _write(export: LedgerExport) -> None:
    export_id, actor = export.pk, export.user
    name = export_file_name(export)
    path = Path(default_storage.path(name))
    try:
        ledger, filters = export_ledger(actor=actor, export=export)
        path.parent.mkdir(parents=True, exist_ok=True)

        def progress(rows: int) -> None:
            LedgerExport.objects.filter(pk=export_id).update(rows_written=rows)

        rows = write_ledger(
            str(path),
            ledger=ledger,
            actor=actor,
            filters=filters,
            rows=ledger_rows(ledger, actor, filters),
            county_name=place_name(actor, filters.region_path),
            on_progress=progress,
        )
    except Exception as error:
        path.unlink(missing_ok=True)
        if transient_db_error(error):
            raise  # still 生成中 with no live run: the task tries again, else the sweep queues it again
        # A run that ran out of time (hung on a statement or on the file) says so; a broken rule (filters no longer
        # valid) is told to the user as is; anything else is logged.
        if ran_out_of_time(error):
            logger.warning("ledger export %s ran out of time", export_id, exc_info=True)
            message = MSG_TIMED_OUT
        elif isinstance(error, ApplicationError):
            message = error.message
        else:
            logger.exception("ledger export %s failed", export_id)
            message = MSG_FAILED
        _fail(export_id, message)
        return
    LedgerExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
        status=ExportStatus.DONE, file=name, rows_written=rows, rows_total=rows, finished_at=timezone.now()
    )


def ledger_export_download(*, actor: Any, export: LedgerExport, head: bool = False) -> IO[bytes]:
    """Open the file for its own user (the view already looked it up among the user's exports); one without a file
    is refused saying why (export_download_refusal: expired, not yet written, failed). A HEAD request (`head`) reads
    the response's headers only: nothing is downloaded, so nothing is audited as downloaded."""
    if (refusal := export_download_refusal(export)) is not None:
        raise refusal
    if not head:
        audit_record(
            actor=actor, action="reports.ledger_download", summary=f"下载{export.filters_label}", target=export
        )
    return export.file.open("rb")


def ledger_exports_expire(*, now: Any = None) -> int:
    """Delete the files of exports past their expiry and mark them expired (periodic task)."""
    now = now or timezone.now()
    expired = 0
    due = LedgerExport.objects.filter(expires_at__lte=now).exclude(status=ExportStatus.EXPIRED)
    for export in due.only("pk", "file", "status"):
        if not LedgerExport.objects.filter(pk=export.pk, status=export.status).update(status=ExportStatus.EXPIRED):
            continue  # another run got it
        if export.file:
            default_storage.delete(export.file.name)
        expired += 1
    return expired
