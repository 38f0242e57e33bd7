"""Thin tasks: call a service."""

from celery import shared_task
from django.utils import timezone

from households.services.pending_uploads import pending_purge
from workflow.services.deadlines import publicity_complete_due
from workflow.services.reminders import reminders_send


@shared_task(name="workflow.tasks.complete_due_publicity", acks_late=True)
def complete_due_publicity() -> int:
    return publicity_complete_due(today=timezone.localdate())


@shared_task(name="workflow.tasks.send_overdue_reminders", acks_late=True)
def send_overdue_reminders() -> int:
    return reminders_send(today=timezone.localdate())


# Files kept across any form's error (the visit photo too): the name stays, the beat schedule calls it by name.
@shared_task(name="workflow.tasks.purge_pending_uploads", acks_late=True)
def purge_pending_uploads() -> int:
    return pending_purge()
