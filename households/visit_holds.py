"""What later apps hold a visit for: an alert's verification, a plan's return visit, a self-application's check, a
campaign's door-to-door form each rest on the visit they recorded, so the visit is not corrected or voided on its
own (households.services.visit_fix), which would change that record's ground silently.

The registry knows none of those apps (DESIGN.md: dependencies point one way), as with households.visit_followups:
an app registers a source in its AppConfig.ready(); for a visit and the act asked (visit_fix.CORRECT, VOID, REDATE: a
correction of its date, or RETYPE: one that takes risk types off it, the visit given with the new values) it gives
the Chinese sentence that says what the visit is the record of and what to do instead, or None.

What a later app undoes when a visit no app holds is voided, or when a 更正 takes risk types off it (a withdrawal:
screening withdraws the risk flags the visit raised of those types), runs inside the service's transaction and says
what it did in a sentence for the visit's 变更记录 row and audit event (or "" when it did nothing). Likewise what a
later app dated by the visit follows a correction of its date (a redating: screening moves the date of the risk flags
the visit raised).

A record that made the visit (a campaign's 入户排查表) restates it when the record is corrected
(households.services.visit_restate): the other apps' holds are asked as for a 更正 (`restated_by`, the key of the
app whose record it is, is not asked: its own record is what changes)."""

from collections.abc import Callable
from typing import Any

from households.models import Visit

Source = Callable[[Visit, str], str | None]
_sources: dict[str, Source] = {}
Withdrawal = Callable[[Any, Visit, list[str]], str]
_withdrawals: dict[str, Withdrawal] = {}
Redating = Callable[[Any, Visit, Visit], str]
_redatings: dict[str, Redating] = {}


def register(key: str, source: Source) -> None:
    _sources[key] = source


def visit_held(visit: Visit, action: str, *, restated_by: str = "") -> str | None:
    """The first app's reason the visit stands as it is, or None when no app holds it; the app `restated_by` names
    is not asked (its record restates the visit)."""
    for key, source in sorted(_sources.items()):
        if key != restated_by and (reason := source(visit, action)) is not None:
            return reason
    return None


def register_withdrawal(key: str, withdrawal: Withdrawal) -> None:
    _withdrawals[key] = withdrawal


def visit_withdrawals(actor: Any, visit: Visit, risk_types: list[str]) -> list[str]:
    """Withdraw what `visit` (as it was recorded: its date) reported of `risk_types`, by each app, in the caller's
    transaction; what they did, in words."""
    return [said for _, undo in sorted(_withdrawals.items()) if (said := undo(actor, visit, risk_types))]


def register_redating(key: str, redating: Redating) -> None:
    _redatings[key] = redating


def visit_redatings(actor: Any, recorded: Visit, corrected: Visit) -> list[str]:
    """Move what each app dated by `recorded` (the visit as it was: its old date and risk types) to the date of
    `corrected` (as it is now), in the caller's transaction; what they did, in words."""
    return [said for _, move in sorted(_redatings.items()) if (said := move(actor, recorded, corrected))]
