"""A visit's submission token, as visit_record keeps it (config.once): which call made the visit, and whether an API
client's retry asks for the visit its token already made.

A page's token is the page's: posted again (a double tap, a phone resending) it is answered with the visit the page
made. An API client's token (config.api_once, ``once_exact``) names one request: a retry carries the same body and
is answered with the same visit, but the token sent with another visit (a client reusing its key, another user) is
refused with a Conflict (409) that names what differs, never answered with a visit the client did not ask for."""

import datetime as dt
from decimal import Decimal
from typing import Any

from config.errors import Conflict
from households.models import Visit

MSG_ONCE_OTHER_VISIT = (
    "该提交令牌（once 或 Idempotency-Key）已用于另一次走访：{visit.visited_on:%Y-%m-%d} 的走访记录（ID {visit.pk}），"
    "其{fields}与本次提交不同，本次未记录。重试请原样提交；另记一次走访请使用新的令牌。"
)
_RECORDED_NOW = "_recorded_now"


def mark_recorded_now(visit: Visit) -> None:
    """Called by visit_record on the visit it has just saved (visit_recorded_now)."""
    setattr(visit, _RECORDED_NOW, True)


def visit_recorded_now(visit: Visit) -> bool:
    """Whether the visit_record call that returned `visit` made it: False for the visit an earlier try with the same
    token made, given back instead, including one that a concurrent try saved while this one waited for the
    household's lock. The mark is on the instance visit_record saved; a visit read from the database (found by its
    token, or read again by a later app recording its own row beside it) has none."""
    return bool(getattr(visit, _RECORDED_NOW, False))


def ensure_same_visit(
    visit: Visit,
    *,
    actor: Any,
    visited_on: dt.date,
    kind: str,
    findings: dict[str, bool],
    risk_found: bool,
    risk_types: list[str],
    notes: str,
    income_change: Decimal | None,
    expense_change: Decimal | None,
) -> None:
    """Raise Conflict, naming the fields, unless a try with the token of `visit` asks for `visit`. Compared as the
    visit records them (households.services.visits._visit_create): a finding only when sent (one left out is the
    household's status, which the first try may have changed), the risk types as a set, a risk found when it or a
    type is sent, the amounts as numbers. The photo is not compared (the API takes none), nor confirm_changes (not
    recorded)."""
    asked: dict[str, Any] = {
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
    held = {name: getattr(visit, name) for name in asked.keys() - {"visitor", "risk_types"}}
    held |= {"visitor": visit.visitor_id, "risk_types": set(visit.risk_types)}
    differences = [
        str(Visit._meta.get_field(name).verbose_name) for name, value in asked.items() if held[name] != value
    ]
    if differences:
        raise Conflict(
            MSG_ONCE_OTHER_VISIT.format(visit=visit, fields="、".join(differences)),
            extra={"visit": visit.pk, "fields": differences},
        )
