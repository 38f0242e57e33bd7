"""A visit's submission token, as visit_record keeps it (config.once): which call made the visit, and whether a try
with the token asks for the visit its token already made.

A token names exactly one visit of one household. Sent again with the same visit (a double tap, a phone resending
the page, an API client retrying a request it got no answer to) it is answered with that visit and nothing is
recorded. Sent with another visit (the cadre went back on the phone and corrected the page, a client reused its key,
another user, another household) it is refused with OnceOtherVisit, naming the visit and what differs, and nothing
is recorded: the API answers 409, the visit page shows the form again with a new token (households.visit_refused),
never answered with a visit the user did not ask for."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from config.errors import Conflict
from households.models import Household, Visit

MSG_ONCE_OTHER_VISIT = (
    "该提交令牌（once 或 Idempotency-Key）已用于另一次走访：{visit.visited_on:%Y-%m-%d} 的走访记录（ID {visit.pk}），"
    "其{fields}与本次提交不同，本次未记录。重试请原样提交；另记一次走访请使用新的令牌。"
)
_RECORDED_NOW = "_recorded_now"


class OnceOtherVisit(Conflict):
    """The token made `visit`, which is not the visit asked for now: `fields` names (verbose) what differs."""

    def __init__(self, visit: Visit, fields: list[str]) -> None:
        message = MSG_ONCE_OTHER_VISIT.format(visit=visit, fields="、".join(fields))
        super().__init__(message, extra={"visit": visit.pk, "fields": fields})
        self.visit = visit
        self.fields = fields


def mark_recorded_now(visit: Visit) -> None:
    """Called by visit_record on the visit it has just saved (visit_recorded_now)."""
    setattr(visit, _RECORDED_NOW, True)


def visit_recorded_now(visit: Visit) -> bool:
    """Whether the visit_record call that returned `visit` made it: False for the visit an earlier try with the same
    token made, given back instead, including one that a concurrent try saved while this one waited for the
    household's lock. The mark is on the instance visit_record saved; a visit read from the database (found by its
    token, or read again by a later app recording its own row beside it) has none."""
    return bool(getattr(visit, _RECORDED_NOW, False))


def ensure_token_here(once: uuid.UUID | None, *, household: Household, **asked: Any) -> None:
    """Raise OnceOtherVisit if another household's visit holds the token: it names that visit, never this one.
    Called before a visit is made (nothing recorded), and after, for one that another household's visit took the
    token from meanwhile (config.once.once_create then saves the visit without it): raised in visit_record's
    transaction, that visit is rolled back."""
    if once is None:
        return
    held = Visit.objects.filter(once=once).exclude(household=household).first()
    if held is not None:
        ensure_same_visit(held, household=household, **asked)


def ensure_same_visit(visit: Visit, **asked: Any) -> None:
    """Raise OnceOtherVisit, naming the fields, unless a try with the token of `visit` asks for `visit`
    (visit_differences)."""
    if differences := visit_differences(visit, **asked):
        raise OnceOtherVisit(visit, differences)


def visit_differences(
    visit: Visit,
    *,
    actor: Any,
    household: Household,
    visited_on: dt.date,
    kind: str,
    findings: dict[str, bool],
    risk_found: bool,
    risk_types: list[str],
    notes: str,
    income_change: Decimal | None,
    expense_change: Decimal | None,
) -> list[str]:
    """What of the visit asked for differs from `visit` (verbose names; [] for the same visit). Compared as the
    visit records them (households.services.visits._visit_create): a finding only when sent (one left out is the
    household's status, which the first try may have changed), the risk types as a set, a risk found when it or a
    type is sent, the amounts as numbers. The photo is not compared (a page or a client posting twice sends its
    file twice), nor confirm_changes (not recorded). The token's check and the same-day check (visit_same_day)
    compare alike."""
    asked: dict[str, Any] = {
        "household": household.pk,
        "visitor": actor.pk,
        "visited_on": visited_on,
        "kind": kind,
        **{name: bool(value) for name, value in findings.items()},
        "risk_found": bool(risk_found or risk_types),
        "risk_types": set(risk_types),
        "notes": notes,
        "income_change": income_change,
        "expense_change": expense_change,
    }
    held = {name: getattr(visit, name) for name in asked.keys() - {"household", "visitor", "risk_types"}}
    held |= {"household": visit.household_id, "visitor": visit.visitor_id, "risk_types": set(visit.risk_types)}
    return [str(Visit._meta.get_field(name).verbose_name) for name, value in asked.items() if held[name] != value]
