"""Screening listens to the registry: a changed household is re-screened at once (issue: "a run after any
change to one household"). The work goes to the Celery worker, never into the cadre's request."""

import logging
from typing import Any

from households.models import Household, Visit
from households.signals import household_changed, registry_imported, visit_risk_found
from screening.choices import RunKind

logger = logging.getLogger(__name__)


def _on_household_changed(sender: Any, household_id: int, **kwargs: Any) -> None:
    from screening.tasks import screen_household

    try:
        screen_household.delay(household_id)
    except Exception:
        # The nightly run will catch up; the cadre's save must not fail because the broker is down.
        logger.exception("could not enqueue screening of household %s", household_id)


def _on_visit_risk_found(sender: Any, household_id: int, risk_types: list[str], visited_on: Any, **kwargs: Any) -> None:
    from screening.services.results import risk_flags_from_visit

    risk_flags_from_visit(household_id=household_id, risk_types=risk_types, visited_on=visited_on)


def _on_registry_imported(sender: Any, region_path: str, **kwargs: Any) -> None:
    from screening.tasks import screen_county

    screen_county.delay(kind=RunKind.FULL)


def connect() -> None:
    registry_imported.connect(_on_registry_imported, dispatch_uid="screening.registry_imported")
    visit_risk_found.connect(_on_visit_risk_found, sender=Visit, dispatch_uid="screening.visit_risk_found")
    household_changed.connect(_on_household_changed, sender=Household, dispatch_uid="screening.household_changed")


def _panel_context(request: Any, household: Household) -> dict[str, Any]:
    from screening.selectors import household_screening
    from screening.services.dismissal import can_undismiss
    from screening.services.exclusion_sources import exclusion_may_retract

    screening = household_screening(household)
    # The facts this user may withdraw (a 撤销 link each): by the service's one rule, as the page and API withdraw.
    screening["retractable"] = {e.pk for e in screening["exclusions"] if exclusion_may_retract(request.user, e)}
    return {"screening": screening, "can_undismiss": can_undismiss(request.user)}


def _panel_badges(request: Any, household: Household) -> list[str]:
    """A screening hit not yet handled (a rule met, a risk a visit found): 待研判 until it is proposed or dismissed."""
    from screening.choices import ResultStatus
    from screening.models import ScreeningResult

    hit = ScreeningResult.objects.filter(household=household, status=ResultStatus.HIT).exists()
    return ["筛查发现疑似风险，待研判"] if hit else []


def register_panels() -> None:
    from households import panels

    panels.register(
        panels.Panel(
            key="screening",
            label="筛查",
            template="screening/household_panel.html",
            context=_panel_context,
            order=10,
            badges=_panel_badges,
        )
    )


def register_income_line() -> None:
    """The registry's visit notice compares a drop in income with the line screening uses (households.lines)."""
    from households import lines
    from screening.selectors import income_line, line_table

    lines.register(income_line, line_table)
