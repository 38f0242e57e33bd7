"""Screening listens to the registry: a changed household is re-screened at once (issue: "a run after any
change to one household"). The work goes to the Celery worker, never into the cadre's request."""

import logging
from typing import Any

from households.models import Household
from households.signals import household_changed

logger = logging.getLogger(__name__)


def _on_household_changed(sender: Any, household_id: int, **kwargs: Any) -> None:
    from screening.tasks import screen_household

    try:
        screen_household.delay(household_id)
    except Exception:
        # The nightly run will catch up; the cadre's save must not fail because the broker is down.
        logger.exception("could not enqueue screening of household %s", household_id)


def connect() -> None:
    household_changed.connect(_on_household_changed, sender=Household, dispatch_uid="screening.household_changed")


def _panel_context(request: Any, household: Household) -> dict[str, Any]:
    from screening.selectors import household_screening

    return {"screening": household_screening(household)}


def register_panels() -> None:
    from households import panels

    panels.register(
        panels.Panel(
            key="screening", label="筛查", template="screening/household_panel.html", context=_panel_context, order=10
        )
    )
