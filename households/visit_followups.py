"""What later apps offer once a visit is recorded (workflow: "发起识别纳入" when the visit found a risk on a household
that is not monitored), shown with the visit's success message as a link.

The registry knows none of those apps (DESIGN.md: dependencies point one way), as with households.visit_extras: an
app registers a source in its AppConfig.ready(); for the user and the visit it gives a Followup or None."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from households.models import Visit


@dataclass(frozen=True)
class Followup:
    message: str  # why it is offered, before the link
    label: str  # the link's words, e.g. "发起识别纳入"
    url: str  # a path of this site


Source = Callable[[Any, Visit], Followup | None]
_sources: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    _sources[key] = source


def followups(*, actor: Any, visit: Visit) -> list[Followup]:
    offers = (source(actor, visit) for _, source in sorted(_sources.items()))
    return [offer for offer in offers if offer is not None]
