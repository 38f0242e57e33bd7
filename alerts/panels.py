"""The household page's "预警" tab (households.panels): the department alerts raised on the household."""

from typing import Any

from households.models import Household


def _panel_context(request: Any, household: Household) -> dict[str, Any]:
    from alerts.selectors import household_alerts

    return {"alerts": household_alerts(actor=request.user, household=household)}


def register_panels() -> None:
    from households import panels

    panels.register(
        panels.Panel(
            key="alerts", label="预警", template="alerts/household_panel.html", context=_panel_context, order=40
        )
    )
