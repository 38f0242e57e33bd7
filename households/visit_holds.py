"""What later apps hold a visit for: an alert's verification, a plan's return visit, a self-application's check, a
campaign's door-to-door form each rest on the visit they recorded, so the visit is not corrected or voided on its
own (households.services.visit_fix), which would change that record's ground silently.

The registry knows none of those apps (DESIGN.md: dependencies point one way), as with households.visit_followups:
an app registers a source in its AppConfig.ready(); for a visit and the act asked (visit_fix.CORRECT or VOID) it gives
the Chinese sentence that says what the visit is the record of and what to do instead, or None."""

from collections.abc import Callable

from households.models import Visit

Source = Callable[[Visit, str], str | None]
_sources: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    _sources[key] = source


def visit_held(visit: Visit, action: str) -> str | None:
    """The first app's reason the visit stands as it is, or None when no app holds it."""
    for _, source in sorted(_sources.items()):
        if (reason := source(visit, action)) is not None:
            return reason
    return None
