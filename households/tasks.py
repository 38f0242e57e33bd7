"""Thin tasks: take ids, call a service."""

from celery import shared_task

from households.registry_import import registry_import_run


# acks_late: a worker that dies mid-import leaves the message to be redelivered; the service's conditional
# UPDATE (pending → running) makes the redelivery a no-op, and `import_registry --retry` resumes the import.
@shared_task(name="households.tasks.registry_import_task", acks_late=True)
def registry_import_task(import_id: int) -> str:
    return registry_import_run(import_id=import_id).status
