"""Thin tasks: load ids, call a service."""

from celery import shared_task

from households.models import Household
from screening.choices import RunKind
from screening.services.runs import screening_run, screening_run_household


@shared_task(name="screening.tasks.screen_county", acks_late=True)
def screen_county(kind: str = RunKind.NIGHTLY) -> int:
    return screening_run(kind=kind).pk


@shared_task(name="screening.tasks.screen_household", acks_late=True)
def screen_household(household_id: int) -> int | None:
    household = Household.objects.filter(pk=household_id).first()
    if household is None:
        return None
    return screening_run_household(household=household).pk
