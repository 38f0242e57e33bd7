"""Thin tasks: take ids, call a service."""

import logging
from typing import Any

from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded
from django.db import InterfaceError, OperationalError

from config.time_limits import ran_out_of_time
from reports.services.export_sweep import ledger_exports_requeue_stalled
from reports.services.exports import (
    export_time_limits,
    ledger_export_killed,
    ledger_export_run,
    ledger_export_timed_out,
    ledger_exports_expire,
)

logger = logging.getLogger(__name__)

# A run that meets a passing database error (too many clients, the server restarting, a dropped connection) is tried
# again up to RETRIES times, after 5, 10, 20, 40 s (RETRY_BACKOFF doubling, at most RETRY_BACKOFF_MAX, jittered so a
# crowd of them does not come back at once); a query error is not raised as one (reports.services.exports._write).
RETRIES = 4
RETRY_BACKOFF = 5
RETRY_BACKOFF_MAX = 60


# A run that hangs (a statement waiting on a lock, a file write that never returns) would hold its run lock, and so
# keep the sweep away from its job, for ever: the soft time limit and its statements' timeout (config.time_limits)
# end it, as 生成超时 (reports.services.exports.MSG_TIMED_OUT), its file removed and its lock freed. The hard limit,
# twice as long, kills a worker still stuck by then (in I/O the soft limit cannot interrupt, or again in its
# clean-up); the sweep then ends its job the same way (LedgerExportTask.on_failure).
SOFT_TIME_LIMIT, TIME_LIMIT = export_time_limits()  # also sent with each message (exports.export_enqueue)


class LedgerExportTask(Task):
    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        # Called by the worker's main process as it kills a run at the hard limit.
        if not isinstance(exc, TimeLimitExceeded):
            return
        try:
            ledger_export_killed(export_id=int(args[0] if args else kwargs["export_id"]))
        except Exception:  # the main process goes on; the sweep queues the job again
            logger.exception("could not note the ledger export of task %s as out of time", task_id)


# acks_late: a worker dying mid-export leaves the message to be redelivered; the run lock and the service's
# conditional UPDATE (pending → running) make a redelivery or a retry a no-op once done, a clean re-run before.
@shared_task(
    name="reports.tasks.ledger_export_task",
    base=LedgerExportTask,
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    max_retries=RETRIES,
    retry_backoff=RETRY_BACKOFF,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def ledger_export_task(export_id: int) -> str:
    try:
        return ledger_export_run(export_id=export_id).status
    except Exception as error:
        if not ran_out_of_time(error):
            raise
        # Out of time outside the file's writing (which ends its job itself): never tried again.
        return ledger_export_timed_out(export_id=export_id).status


@shared_task(name="reports.tasks.expire_ledger_exports")
def expire_ledger_exports() -> int:
    return ledger_exports_expire()


@shared_task(name="reports.tasks.requeue_stalled_exports", acks_late=True)
def requeue_stalled_exports() -> dict[str, int]:
    return ledger_exports_requeue_stalled()
