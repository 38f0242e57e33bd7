"""责任部门 on the measure forms: only the departments that handle the chosen measure (catalogue.allowed_departments).
The add form's measure options name theirs (data-departments) for js/measure_departments.js, which offers only those;
the edit form, whose measure is known, lists only those (and the department the measure has, which stays)."""

from typing import Any

from django import forms

from accounts.choices import Department
from assistance.catalogue import allowed_departments
from assistance.choices import TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL
from assistance.models import MeasureType


class MeasureTypeSelect(forms.Select):
    """A measure's option carries data-departments: the department codes it may be given to, space-separated."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        measure_type = getattr(option["value"], "instance", None)
        if isinstance(measure_type, MeasureType):
            option["attrs"]["data-departments"] = " ".join(allowed_departments(measure_type))
        return option


def edit_choices(measure_type: MeasureType, current: str) -> list[tuple[str, str]]:
    """The township and village, the measure's departments and the one it has now (a saved measure keeps it)."""
    codes = allowed_departments(measure_type)
    if current and current != TOWNSHIP_VILLAGE and current in Department.values and current not in codes:
        codes.append(current)
    return [(TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL), *((code, str(Department(code).label)) for code in codes)]
