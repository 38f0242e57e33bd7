"""What later apps hold a visit for: an alert's verification, a plan's return visit, a self-application's check, a
campaign's door-to-door form each rest on the visit they recorded, so the visit is not corrected or voided on its
own (households.services.visit_fix), which would change that record's ground silently.

The registry knows none of those apps (DESIGN.md: dependencies point one way), as with households.visit_followups:
an app registers a source in its AppConfig.ready(); for a visit and the act asked (visit_fix.CORRECT, VOID, or
REDATE: a correction of its date, the visit given with the new date) it gives
the Chinese sentence that says what the visit is the record of and what to do instead, or None.

What a later app undoes when a visit no app holds is voided (a void effect: screening withdraws the risk flag the
visit raised) runs inside visit_void's transaction, after the visit is marked voided, and says what it did in a
sentence for the visit's 变更记录 row and audit event (or "" when it did nothing)."""

from collections.abc import Callable
from typing import Any

from households.models import Visit

Source = Callable[[Visit, str], str | None]
_sources: dict[str, Source] = {}
VoidEffect = Callable[[Any, Visit], str]
_void_effects: dict[str, VoidEffect] = {}


def register(key: str, source: Source) -> None:
    _sources[key] = source


def visit_held(visit: Visit, action: str) -> str | None:
    """The first app's reason the visit stands as it is, or None when no app holds it."""
    for _, source in sorted(_sources.items()):
        if (reason := source(visit, action)) is not None:
            return reason
    return None


def register_void_effect(key: str, effect: VoidEffect) -> None:
    _void_effects[key] = effect


def visit_void_effects(actor: Any, visit: Visit) -> list[str]:
    """Run each app's void effect on the voided `visit` (in the caller's transaction); what they did, in words."""
    return [said for _, effect in sorted(_void_effects.items()) if (said := effect(actor, visit))]
