"""What later apps add to the visit form (assistance: "同时作为帮扶回访", 000 §三(三)7).

The registry knows none of those apps (DESIGN.md: dependencies point one way), as with households.panels: an app
registers an offer in its AppConfig.ready(). For the user and the household, an offer gives a small form shown
under the visit's own fields, or None when it has nothing to add. A form that claims the visit (its box ticked)
records it through its app's own service, which records the visit itself through visit_record in the same
transaction: the visit is never saved without what was ticked with it, nor that without the visit."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.http import QueryDict

from households.models import Household, Visit
from households.services.visits import VisitInput, visit_record


@dataclass(frozen=True)
class Recorded:
    visit: Visit
    messages: list[str] = field(default_factory=list)  # what to tell the user besides "已记录走访"


class ExtraForm(Protocol):
    template: str  # rendered under the visit's fields, with the form as `extra`

    def is_valid(self) -> bool: ...

    def claims(self) -> bool:
        """Does this form record the visit (valid forms only)?"""
        ...

    def record(self, visit: VisitInput) -> Recorded: ...


Offer = Callable[[Any, Household, QueryDict | None], ExtraForm | None]
_offers: dict[str, Offer] = {}


def register(key: str, offer: Offer) -> None:
    _offers[key] = offer


def offered(*, actor: Any, household: Household, data: QueryDict | None) -> list[ExtraForm]:
    """The extra forms for this visit, bound to `data` on a POST."""
    forms = (offer(actor, household, data) for _, offer in sorted(_offers.items()))
    return [form for form in forms if form is not None]


def all_valid(extras: list[ExtraForm]) -> bool:
    """Every extra form validated (not stopping at the first), so that each shows its errors."""
    return all([extra.is_valid() for extra in extras])


def record(visit: VisitInput, extras: list[ExtraForm]) -> Recorded:
    """Record the visit: through the first extra that claims it, else as a plain visit."""
    claiming = next((extra for extra in extras if extra.claims()), None)
    if claiming is not None:
        return claiming.record(visit)
    return Recorded(visit=visit_record(**visit.arguments()))
