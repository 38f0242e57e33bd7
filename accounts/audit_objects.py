"""What an audit event is about, in words: 用户 lihm（李红梅） reads where 用户 28 did not. The audit page, its
export and the API name an event's object with these (object_labels), so they say the same."""

from collections.abc import Iterable
from typing import Any

from django.apps import apps

from accounts.models import User

USER_OBJECT = "accounts.user"
HOUSEHOLD_OBJECT = "households.household"  # named by its 户编号, not its database id (read by name: no import)
# Object types that name no model: what the event is about, in words.
OBJECT_TYPES = {
    "reports.ledger": "台账",
    "reports.performance": "工作成效统计表",
    "workflow.casereminder": "案件催办",
    "member": "家庭成员",  # the searches by a whole ID number recorded before they named the members found
}


def object_model(object_type: str) -> Any:
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    """accounts.user → 用户: the model's verbose name ("" for none, the code for an unknown type)."""
    if not object_type:
        return ""
    model = object_model(object_type)
    return str(model._meta.verbose_name) if model is not None else OBJECT_TYPES.get(object_type, object_type)


def object_label(
    object_type: str,
    object_id: str,
    names: dict[str, str] | None = None,
    numbers: dict[str, str] | None = None,
    name: str = "",
) -> str:
    """accounts.user 34 → 用户 34, or 用户 lihm（李红梅） with the accounts' usernames (user_object_names) and the
    name the event recorded (AuditEvent.object_name: the account's name then, not now); a household 2 → 农户
    3604251002010010001 with the households' numbers (household_numbers)."""
    shown = object_id
    if object_type == USER_OBJECT:
        username = (names or {}).get(object_id, object_id)
        shown = f"{username}（{name}）" if name else username
    elif object_type == HOUSEHOLD_OBJECT:
        shown = (numbers or {}).get(object_id, object_id)
    return " ".join(part for part in (object_type_label(object_type), shown or "") if part)


def object_labels(events: Iterable[Any]) -> dict[int, str]:
    """Each event's object in words by the event's id (object_label), the accounts named in one query: what the
    audit page and the API's object_display say."""
    events = list(events)
    names, numbers = user_object_names(events), household_numbers(events)
    return {
        e.pk: object_label(e.object_type, e.object_id, names, numbers, getattr(e, "object_name", "")) for e in events
    }


def user_object_names(events: Iterable[Any]) -> dict[str, str]:
    """object_id → username for the events about an account, in one query (a username is never changed; the name is
    the event's own, object_label)."""
    ids = {e.object_id for e in events if e.object_type == USER_OBJECT and str(e.object_id).isdigit()}
    if not ids:
        return {}
    rows = User.objects.filter(pk__in=[int(pk) for pk in ids]).values_list("pk", "username")
    return {str(pk): username for pk, username in rows}


def household_numbers(events: Iterable[Any]) -> dict[str, str]:
    """object_id → 户编号 for the events about a household, in one query."""
    ids = {e.object_id for e in events if e.object_type == HOUSEHOLD_OBJECT and str(e.object_id).isdigit()}
    if not ids:
        return {}
    rows = object_model(HOUSEHOLD_OBJECT).objects.filter(pk__in=[int(pk) for pk in ids]).values_list("pk", "number")
    return {str(pk): number for pk, number in rows}
