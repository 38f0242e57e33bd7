"""What later apps hold a visit for: an alert's verification, a plan's return visit, a self-application's check, a
campaign's door-to-door form each rest on the visit they recorded, so the visit is not corrected or voided on its
own (households.services.visit_fix), which would change that record's ground silently.

The registry knows none of those apps (DESIGN.md: dependencies point one way), as with households.visit_followups:
an app registers a source in its AppConfig.ready(); for a visit and the act asked (visit_fix.CORRECT, VOID, REDATE: a
correction of its date, or RETYPE: one that takes risk types off it, the visit given with the new values) it gives
the Chinese sentence that says what the visit is the record of and what to do instead, or None.

What a later app undoes when a visit no app holds is voided, or when a 更正 takes risk types off it (a withdrawal:
screening withdraws the risk flags the visit raised of those types), runs inside the service's transaction and says
what it did in a sentence for the visit's 变更记录 row and audit event (or "" when it did nothing)."""

from collections.abc import Callable
from typing import Any

from households.models import Visit

Source = Callable[[Visit, str], str | None]
_sources: dict[str, Source] = {}
Withdrawal = Callable[[Any, Visit, list[str]], str]
_withdrawals: dict[str, Withdrawal] = {}


def register(key: str, source: Source) -> None:
    _sources[key] = source


def visit_held(visit: Visit, action: str) -> str | None:
    """The first app's reason the visit stands as it is, or None when no app holds it."""
    for _, source in sorted(_sources.items()):
        if (reason := source(visit, action)) is not None:
            return reason
    return None


def register_withdrawal(key: str, withdrawal: Withdrawal) -> None:
    _withdrawals[key] = withdrawal


def visit_withdrawals(actor: Any, visit: Visit, risk_types: list[str]) -> list[str]:
    """Withdraw what `visit` (as it was recorded: its date) reported of `risk_types`, by each app, in the caller's
    transaction; what they did, in words."""
    return [said for _, undo in sorted(_withdrawals.items()) if (said := undo(actor, visit, risk_types))]
