"""Thin tasks: take ids, call a service."""

from celery import shared_task

from households.registry_import import registry_import_run


# acks_late: a worker that dies mid-import leaves the message to be redelivered; the service's conditional
# UPDATE (pending → running) makes the redelivery a no-op, and `import_registry --retry` resumes the import.
@shared_task(name="households.tasks.registry_import_task", acks_late=True)
def registry_import_task(import_id: int) -> str:
    return registry_import_run(import_id=import_id).status


# A change to many households at once (a county batch approval, households.services.common.record_events_many)
# is announced from the worker, one household_changed per household, so that the request enqueues one message
# instead of one per household for each subscriber.
@shared_task(name="households.tasks.announce_households_changed", acks_late=True)
def announce_households_changed(household_ids: list[int]) -> int:
    from households.models import Household
    from households.signals import household_changed

    for household_id in household_ids:
        household_changed.send(sender=Household, household_id=household_id)
    return len(household_ids)
