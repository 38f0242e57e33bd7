"""Thin tasks: take ids, call a service."""

import logging
from typing import Any

from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded
from django.db import InterfaceError, OperationalError

from alerts.ingest.runs import feed_upload_killed, ingest_time_limits

logger = logging.getLogger(__name__)

# A feed upload's run that meets a passing database error (too many clients, the server restarting, a dropped
# connection, a deadlock) is tried again a few times, RETRY_COUNTDOWNS seconds later, instead of leaving the upload
# 排队中 until the "what is due" sweep queues it again (alerts.services.due.uploads_requeue_stalled).
RETRY_COUNTDOWNS = (5, 15, 30, 60, 120)
# SQLSTATE classes and codes that pass: 08 connection exception, 53 insufficient resources (53300 too many
# connections), 57P01–57P03 shutdown or not yet accepting connections, 40001 serialization, 40P01 deadlock.
TRANSIENT_SQLSTATES = ("08", "53", "57P01", "57P02", "57P03", "40001", "40P01")


def transient_db_error(error: BaseException) -> bool:
    """Whether a database error is worth a retry: a connection lost or refused (no SQLSTATE: the server never
    answered), or one of TRANSIENT_SQLSTATES. A query error (a bad value, a timeout) is not."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    return not code or code.startswith(TRANSIENT_SQLSTATES)


# A run that hangs would hold its run lock for ever (alerts.ingest.runs): the soft limit and its statements' timeout
# fail it as 处理超时; the hard limit, twice as long, kills a worker still stuck; FeedUploadTask.on_failure fails it.
SOFT_TIME_LIMIT, TIME_LIMIT = ingest_time_limits()  # also sent with each message (alerts.ingest.runs.enqueue_run)


class FeedUploadTask(Task):
    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        # Called by the worker's main process as it kills a run at the hard limit.
        if not isinstance(exc, TimeLimitExceeded):
            return
        try:
            feed_upload_killed(upload_id=int(args[0] if args else kwargs["upload_id"]))
        except Exception:  # the main process goes on; the "what is due" sweep queues the upload again
            logger.exception("could not note the feed upload of task %s as out of time", task_id)


# acks_late: a worker that dies mid-file leaves the message to be redelivered; the run lock and the single final
# transaction make a second delivery (or a retry) either a no-op (done) or a clean re-run (the earlier run died).
# A retry is a new message, sent when the task ends, after which Celery's Django fixup drops a broken connection.
@shared_task(
    bind=True,
    base=FeedUploadTask,
    name="alerts.tasks.feed_upload_task",
    acks_late=True,
    max_retries=len(RETRY_COUNTDOWNS),
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def feed_upload_task(self: Any, upload_id: int) -> str:
    from alerts.ingest.services import feed_upload_run

    try:
        return feed_upload_run(upload_id=upload_id).status
    except (OperationalError, InterfaceError) as error:
        if not transient_db_error(error):
            raise
        retries = self.request.retries
        countdown = RETRY_COUNTDOWNS[min(retries, len(RETRY_COUNTDOWNS) - 1)]
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task(name="alerts.tasks.what_is_due", acks_late=True)
def what_is_due() -> dict[str, int]:
    from alerts.services.due import what_is_due as run

    return run()
