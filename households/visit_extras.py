"""What later apps add to the visit form (assistance: "同时作为帮扶回访", 000 §三(三)7).

The registry knows none of those apps (DESIGN.md: dependencies point one way), as with households.panels: an app
registers an offer in its AppConfig.ready(). For the user and the household, an offer gives a small form shown
under the visit's own fields, or None when it has nothing to add. A form that claims the visit (its box ticked)
records it through its app's own service, which records the visit itself through visit_record in the same
transaction: the visit is never saved without what was ticked with it, nor that without the visit.

The visit API (POST /api/v1/visits/) asks the same of an app through an ApiExtra (register_api): its own fields on
the visit serializer and an offer bound to their values, which gives the same form validated, so that the page and
the API share the rules, the messages and the service."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.http import QueryDict

from households.models import Household, Visit
from households.services.visits import VisitInput, visit_record


@dataclass(frozen=True)
class Recorded:
    visit: Visit
    messages: list[str] = field(default_factory=list)  # what to tell the user besides "已记录走访"
    api: dict[str, Any] = field(default_factory=dict)  # the values of an ApiExtra's read-only fields


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


@dataclass(frozen=True)
class ApiExtra:
    """What an app adds to the visit API. `fields` gives new serializer fields (write-only inputs, read-only outputs
    named in Recorded.api) for each serializer. `offer` is given the inputs' validated values: None when they ask for
    nothing, else its form bound to them and valid; ValidationError (field → message) when they are invalid or ask
    for what this user may not do for this household."""

    fields: Callable[[], dict[str, Any]]
    offer: Callable[[Any, Household, dict[str, Any]], ExtraForm | None]


_api_extras: dict[str, ApiExtra] = {}


def register_api(key: str, extra: ApiExtra) -> None:
    _api_extras[key] = extra


def api_fields() -> dict[str, Any]:
    """The fields the apps add to the visit serializer."""
    return {name: item for _, extra in sorted(_api_extras.items()) for name, item in extra.fields().items()}


def api_offered(*, actor: Any, household: Household, data: dict[str, Any]) -> list[ExtraForm]:
    """The API extras for this visit, each bound to its inputs, which are taken out of `data` (the serializer's
    validated data, leaving the visit's own arguments). Every extra is asked (not stopping at the first) so that the
    400 names every field at fault; nothing has been saved then."""
    extras: list[ExtraForm] = []
    errors: dict[str, Any] = {}
    for _, extra in sorted(_api_extras.items()):
        inputs = {name: data.pop(name) for name in extra.fields() if name in data}
        try:
            form = extra.offer(actor, household, inputs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
            continue
        if form is not None:
            extras.append(form)
    if errors:
        raise ValidationError(errors)
    return extras


def record(visit: VisitInput, extras: list[ExtraForm]) -> Recorded:
    """Record the visit: through the first extra that claims it, else as a plain visit."""
    claiming = next((extra for extra in extras if extra.claims()), None)
    if claiming is not None:
        return claiming.record(visit)
    return Recorded(visit=visit_record(**visit.arguments()))
