"""Thin tasks: take ids, call a service."""

from celery import shared_task

from reports.services.exports import ledger_export_run, ledger_exports_expire


# acks_late: a worker dying mid-export leaves the message to be redelivered; the service's conditional UPDATE
# (pending → running) makes a redelivery a no-op.
@shared_task(name="reports.tasks.ledger_export_task", acks_late=True)
def ledger_export_task(export_id: int) -> str:
    return ledger_export_run(export_id=export_id).status


@shared_task(name="reports.tasks.expire_ledger_exports")
def expire_ledger_exports() -> int:
    return ledger_exports_expire()
