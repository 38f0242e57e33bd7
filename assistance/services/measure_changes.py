"""What a measure's edit may change, and what it did change: old → new in words for the household's history and
the audit event (households.services.common.diff), a blank department read as the township and village's."""

from decimal import Decimal, InvalidOperation
from typing import Any

from assistance.choices import TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL
from assistance.models import PlanMeasure
from households.services.common import diff

CENT = Decimal("0.01")

EDITABLE = [
    "responsible_department",
    "responsible_unit",
    "responsible_person",
    "starts_on",
    "ends_on",
    "amount",
    "content",
]


def editable_now(measure: PlanMeasure) -> dict[str, Any]:
    """The editable fields as the edit page shows them (a blank department is the township and village)."""
    values = snapshot(measure)
    values["responsible_department"] = values["responsible_department"] or TOWNSHIP_VILLAGE
    return values


def snapshot(measure: PlanMeasure) -> dict[str, Any]:
    return {name: getattr(measure, name) for name in EDITABLE}


def cleaned(value: Any) -> Any:
    """An edited value as it is stored: text stripped, money to the cent (3000 is saved, and read, as 3000.00)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Decimal):
        try:
            return value.quantize(CENT)
        except InvalidOperation:
            return value  # out of any range: left for the checks to refuse (measure_checks.amount_error)
    return value


def measure_changes(measure: PlanMeasure, before: dict[str, Any]) -> list[dict[str, str]]:
    """The edited fields whose value differs from `before` (snapshot), as {field, label, old, new}."""
    changes = diff(measure, before, EDITABLE)
    for change in changes:
        if change["field"] == "responsible_department":
            change["old"] = change["old"] or TOWNSHIP_VILLAGE_LABEL
            change["new"] = change["new"] or TOWNSHIP_VILLAGE_LABEL
    return changes
