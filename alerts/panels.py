"""The household page's "预警" tab (households.panels): the department alerts raised on the household."""

from typing import Any

from households.models import Household


def _panel_context(request: Any, household: Household) -> dict[str, Any]:
    from alerts.selectors import household_alerts

    return {"alerts": household_alerts(actor=request.user, household=household)}


def _panel_badges(request: Any, household: Household) -> list[str]:
    """How many of the household's alerts the user may see wait to be verified (the count only: no detail)."""
    from alerts.choices import AlertStatus
    from alerts.selectors import alert_list

    pending = alert_list(actor=request.user, filters={"status": AlertStatus.PENDING}).filter(household=household)
    count = pending.count()
    return [f"部门预警待核实 {count} 条"] if count else []


def register_panels() -> None:
    from households import panels

    panels.register(
        panels.Panel(
            key="alerts",
            label="预警",
            template="alerts/household_panel.html",
            context=_panel_context,
            order=40,
            badges=_panel_badges,
        )
    )
