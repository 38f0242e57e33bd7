"""Thin tasks: call a service."""

from celery import shared_task
from django.utils import timezone

from workflow.services.deadlines import publicity_complete_due


@shared_task(name="workflow.tasks.complete_due_publicity", acks_late=True)
def complete_due_publicity() -> int:
    return publicity_complete_due(today=timezone.localdate())
