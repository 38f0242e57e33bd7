"""Thin tasks: take ids, call a service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from reports.services.export_sweep import ledger_exports_requeue_stalled
from reports.services.exports import ledger_export_run, ledger_exports_expire

# A run that meets a passing database error (too many clients, the server restarting, a dropped connection) is tried
# again up to RETRIES times, after 5, 10, 20, 40 s (RETRY_BACKOFF doubling, at most RETRY_BACKOFF_MAX, jittered so a
# crowd of them does not come back at once); a query error is not raised as one (reports.services.exports._write).
RETRIES = 4
RETRY_BACKOFF = 5
RETRY_BACKOFF_MAX = 60


# acks_late: a worker dying mid-export leaves the message to be redelivered; the run lock and the service's
# conditional UPDATE (pending → running) make a redelivery or a retry a no-op once done, a clean re-run before.
@shared_task(
    name="reports.tasks.ledger_export_task",
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    max_retries=RETRIES,
    retry_backoff=RETRY_BACKOFF,
    retry_backoff_max=RETRY_BACKOFF_MAX,
)
def ledger_export_task(export_id: int) -> str:
    return ledger_export_run(export_id=export_id).status


@shared_task(name="reports.tasks.expire_ledger_exports")
def expire_ledger_exports() -> int:
    return ledger_exports_expire()


@shared_task(name="reports.tasks.requeue_stalled_exports", acks_late=True)
def requeue_stalled_exports() -> dict[str, int]:
    return ledger_exports_requeue_stalled()
