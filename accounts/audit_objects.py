"""What an audit event is about, in words: 用户 lihm（李红梅） reads where 用户 28 did not. The audit page, its
export and the API name an event's object with these (object_labels, ObjectNamer), so they say the same.

Places are named, not numbered: a region by its name with its 12-digit code beside it (行政区划
吴城镇竹湖村（360425104201）: the code is what the county's other systems and the API's region filters take), a
grid and a village's QR code by the place they belong to (网格 吴城镇竹湖村 第2网格)."""

from collections.abc import Iterable
from typing import Any

from django.apps import apps

USER_OBJECT = "accounts.user"
HOUSEHOLD_OBJECT = "households.household"  # named by its 户编号, not its database id (read by name: no import)
REGION_OBJECT = "households.region"
GRID_OBJECT = "households.grid"
LINK_OBJECT = "workflow.applicationlink"
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


def object_shown(object_type: str, object_id: str, shown: dict[tuple[str, str], str], name: str = "") -> str:
    """The object itself, without its type: lihm（李红梅） for an account with the name the event recorded
    (AuditEvent.object_name: the account's name then, not now), 3604251002010010001 for a household, 吴城镇竹湖村
    （360425104201） for a region; the recorded id where `shown` (object_names) has no name for it."""
    found = shown.get((object_type, str(object_id)), object_id)
    return f"{found}（{name}）" if object_type == USER_OBJECT and name else found


def object_label(object_type: str, object_id: str, shown: dict[tuple[str, str], str], name: str = "") -> str:
    """accounts.user 34 → 用户 lihm（李红梅）, households.region 6 → 行政区划 吴城镇（360425104000）: the type's name
    and the object (object_shown)."""
    parts = (object_type_label(object_type), object_shown(object_type, object_id, shown, name) or "")
    return " ".join(part for part in parts if part)


def object_labels(events: Iterable[Any]) -> dict[int, str]:
    """Each event's object in words by the event's id (object_label), each type named in one query: what the audit
    page and the API's object_display say."""
    events = list(events)
    shown = object_names((e.object_type, e.object_id) for e in events)
    return {e.pk: object_label(e.object_type, e.object_id, shown, getattr(e, "object_name", "")) for e in events}


def object_names(objects: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(object_type, object_id) → the object in words, for the types named by more than their id: an account by
    its username (never changed, unlike its name), a household by its 户编号, a region, grid or QR code by its
    place. One query per type present (and one for the places); an object no longer there is left out."""
    wanted: dict[str, set[int]] = {}
    for object_type, object_id in objects:
        if object_type in NAMED_BY and str(object_id).isdigit():
            wanted.setdefault(object_type, set()).add(int(object_id))
    rows = {object_type: _rows(object_type, ids, *NAMED_BY[object_type]) for object_type, ids in wanted.items()}
    paths = {path for found in rows.values() for _, path in found.values() if path}
    places = place_names(paths) if paths else {}
    return {
        (object_type, str(pk)): _in_words(object_type, text, path, places)
        for object_type, found in rows.items()
        for pk, (text, path) in found.items()
    }


def place_names(paths: set[str]) -> dict[str, str]:
    from accounts.audit_labels import place_names as named  # it reads this module's object types

    return named(paths)


def _in_words(object_type: str, text: str, path: str, places: dict[str, str]) -> str:
    place = places.get(path, path)
    if object_type == REGION_OBJECT:
        return f"{place}（{text}）"  # the code beside the name: the API's region filters and other systems take it
    if object_type == GRID_OBJECT:
        return f"{place} {text}"
    if object_type == LINK_OBJECT:
        return place  # never the token: the QR code's address
    return text


def _rows(object_type: str, ids: set[int], text: str, path: str = "") -> dict[int, tuple[str, str]]:
    """pk → (text, path) of one model's rows, read unscoped by model name: the audit admin reads no registry, but
    reads what the log is about (accounts sits below households and workflow, DESIGN.md)."""
    model = object_model(object_type)
    if model is None:
        return {}
    rows = model.objects.filter(pk__in=ids).values_list("pk", text, path or text)
    return {pk: (shown, place if path else "") for pk, shown, place in rows}


NAMED_BY = {  # the field that names the object, and the one that places it
    USER_OBJECT: ("username", ""),
    HOUSEHOLD_OBJECT: ("number", ""),
    REGION_OBJECT: ("code", "path"),
    GRID_OBJECT: ("name", "region_path"),
    LINK_OBJECT: ("region_path", "region_path"),
}
