"""Thin tasks: take ids, call a service."""

from celery import shared_task


# acks_late: a worker that dies mid-file leaves the message to be redelivered; the run lock and the single final
# transaction make a second delivery either a no-op (done) or a clean re-run (the earlier run died).
@shared_task(name="alerts.tasks.feed_upload_task", acks_late=True)
def feed_upload_task(upload_id: int) -> str:
    from alerts.ingest.services import feed_upload_run

    return feed_upload_run(upload_id=upload_id).status


@shared_task(name="alerts.tasks.what_is_due", acks_late=True)
def what_is_due() -> dict[str, int]:
    from alerts.services.due import what_is_due as run

    return run()
