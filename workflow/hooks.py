"""The household page's "识别退出" tab."""

from typing import Any

from households.models import Household


def _panel_context(request: Any, household: Household) -> dict[str, Any]:
    from screening.selectors import household_screening
    from workflow.selectors import household_cases

    return {
        "cases": household_cases(actor=request.user, household=household),
        "screening_result": household_screening(household)["result"],
    }


def register_panels() -> None:
    from households import panels

    panels.register(
        panels.Panel(
            key="cases", label="识别退出", template="workflow/household_panel.html", context=_panel_context, order=20
        )
    )
