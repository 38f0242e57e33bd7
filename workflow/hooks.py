"""The household page's "识别退出" tab."""

from typing import Any

from households.models import Household


def _panel_context(request: Any, household: Household) -> dict[str, Any]:
    from screening.selectors import household_screening
    from workflow.choices import CaseKind, CaseStatus
    from workflow.selectors import household_cases

    cases = household_cases(actor=request.user, household=household)
    return {
        "cases": cases,
        "screening_result": household_screening(household)["result"],
        # A hit proposed on the screening worklist still needs its case; once one is open, nothing to offer.
        "open_inclusion": any(c.status == CaseStatus.OPEN and c.kind != CaseKind.EXIT for c in cases),
    }


def register_panels() -> None:
    from households import panels

    panels.register(
        panels.Panel(
            key="cases", label="识别退出", template="workflow/household_panel.html", context=_panel_context, order=20
        )
    )
