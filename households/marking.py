"""国家系统标注 of a household as everyone reads it (the household API, the 监测对象台账): one definition, computed.

The registry stores only what the go-live import said (Household.national_marking: 已标注 or 无需标注). Which
decided cases are still to be entered in the national system is the reports app's record (its ExportMark, written
on /reports/national/), and the registry knows no procedure and no report: that app registers the expression at
start-up (reports.apps, reports.selectors.marking.household_marking), since nothing may import it. Computing it
rather than storing a copy means a marking, a case decided or a green channel revoked cannot leave the two apart."""

from collections.abc import Callable
from typing import Any

from django.db.models import F, QuerySet

from households.choices import NationalMarking
from households.models import Household

ANNOTATION = "national_marking_now"
_expression: list[Callable[[], Any]] = []


def marking_register(expression: Callable[[], Any]) -> None:
    """The expression of a Household queryset's national marking (a NationalMarking code)."""
    _expression[:] = [expression]


def with_marking(queryset: QuerySet[Household]) -> QuerySet[Household]:
    """`queryset` annotated national_marking_now (the stored field until an expression is registered)."""
    return queryset.annotate(**{ANNOTATION: _expression[0]() if _expression else F("national_marking")})


def household_marking(household: Household) -> str:
    """The household's national marking: its annotation when it was read through with_marking, else one query."""
    if hasattr(household, ANNOTATION):
        return getattr(household, ANNOTATION)
    found = with_marking(Household.objects.filter(pk=household.pk)).values_list(ANNOTATION, flat=True).first()
    return found or household.national_marking


def marking_label(code: str) -> str:
    return str(NationalMarking(code).label) if code in NationalMarking.values else code
