"""Where the new-household form may start from another app's record (a self-application's applicant, say).

The registry knows none of the apps above it (DESIGN.md: dependencies point one way), as with households.panels:
an app registers a source under a query parameter in its AppConfig.ready(); /households/new/?<parameter>=<id>
asks it, in the user's scope, for what to fill in and where to go back to after saving."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Prefill:
    name: str  # the first member's (the head's) name
    id_number: str
    phone: str
    village: Any  # a Region, or None
    back_url: str  # a path of this site, shown as the way back and followed after saving
    back_label: str  # what the way back is, e.g. "自主申报 KUJ8D-P4NTD"


# A source reads one record the actor may see and returns None for any other id (out of scope, unknown, done).
Source = Callable[[Any, str], Prefill | None]
_sources: dict[str, Source] = {}


def register(parameter: str, source: Source) -> None:
    _sources[parameter] = source


def prefill_for(actor: Any, query: Any) -> Prefill | None:
    """What the first registered parameter present in the query gives for the actor. The form posts back to the
    same address, so the parameter is still there when the household is saved."""
    for parameter, source in _sources.items():
        value = query.get(parameter, "")
        if value:
            return source(actor, value)
    return None
