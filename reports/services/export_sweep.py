"""Background exports that got stuck: a job whose message was lost (a worker restarted, the broker was unreachable
when it was queued) or whose run died or gave up on database errors (too many clients) would stay 排队中 or 生成中
for ever. The periodic sweep (reports.tasks.requeue_stalled_exports, every few minutes) queues such a job again,
a few times, then marks it failed with a reason its user reads on 台账统计, as alerts.services.due does for feed
uploads.

A run killed at its hard time limit (reports.tasks) is not queued again, but failed as 生成超时.

Each job is taken under its run lock (reports.services.exports.LOCK_CLASS: a live run holds it, so a job being
generated is never touched) and by a conditional UPDATE repeating the state read, so two sweeps at once, or a
sweep and a run starting, never both act on it."""

import datetime as dt
import logging
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import timezone

from config.locks import try_advisory_lock
from reports.models import ExportStatus, LedgerExport
from reports.services.exports import LOCK_CLASS, MSG_TIMED_OUT, export_enqueue, export_file_name

logger = logging.getLogger(__name__)

# A job queued this long ago and still not done, with no live run, is stuck (a run writes tens of thousands of rows
# a minute; a queue this long means its message was lost).
STALE_AFTER = dt.timedelta(minutes=3)
# Times a stuck job is queued again before it is given up on.
MAX_REQUEUES = 3
MSG_GAVE_UP = "生成失败：系统繁忙或后台服务中断，多次尝试仍未能生成，请重新导出。"
# A job queued longer than this says on its row that it waits and will be generated without anyone doing anything.
QUEUED_WAIT = dt.timedelta(minutes=1)
MSG_QUEUED_WAITING = "正在排队等待生成：系统将自动生成，无需重新导出；可离开本页，稍后回来下载。"


def queued_note(export: Any) -> str:
    """MSG_QUEUED_WAITING for an export still queued QUEUED_WAIT after it was asked for, else ""."""
    if export.status != ExportStatus.PENDING or timezone.now() - export.created_at < QUEUED_WAIT:
        return ""
    return MSG_QUEUED_WAITING


def stalled_exports(*, now: dt.datetime, limit: int) -> list[tuple[int, str, dt.datetime, int, str]]:
    """(pk, status, queued_at, requeues, message) of up to `limit` exports pending or running, queued STALE_AFTER
    ago."""
    return list(
        LedgerExport.objects.filter(
            status__in=[ExportStatus.PENDING, ExportStatus.RUNNING], queued_at__lt=now - STALE_AFTER
        )
        .order_by("queued_at", "pk")
        .values_list("pk", "status", "queued_at", "requeues", "message")[:limit]
    )


def ledger_exports_requeue_stalled(*, now: dt.datetime | None = None, limit: int = 50) -> dict[str, int]:
    """Queue again up to `limit` exports pending or running since STALE_AFTER with no live run; one queued
    MAX_REQUEUES times already is marked failed (MSG_GAVE_UP), and one whose run was killed at its time limit
    (MSG_TIMED_OUT, reports.tasks) too, with that reason: it would hang again. Returns how many were queued and
    failed."""
    now = now or timezone.now()
    done = {"requeued": 0, "failed": 0}
    for pk, status, queued_at, requeues, message in stalled_exports(now=now, limit=limit):
        with try_advisory_lock(LOCK_CLASS, pk) as locked:
            if not locked:
                continue  # being generated right now
            same = LedgerExport.objects.filter(pk=pk, status=status, queued_at=queued_at)
            reason = MSG_TIMED_OUT if message == MSG_TIMED_OUT else MSG_GAVE_UP if requeues >= MAX_REQUEUES else ""
            if reason:
                if same.update(status=ExportStatus.FAILED, message=reason, finished_at=now):
                    # Whatever a dead run left half-written (personal data) goes with it.
                    default_storage.delete(export_file_name(LedgerExport.objects.get(pk=pk)))
                    logger.warning("ledger export %s failed after %s requeues: %s", pk, requeues, reason)
                    done["failed"] += 1
                continue
            if not same.update(status=ExportStatus.PENDING, queued_at=now, requeues=F("requeues") + 1):
                continue  # done, or taken by another sweep, meanwhile
        export_enqueue(pk)
        done["requeued"] += 1
    return done
