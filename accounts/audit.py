"""Writing audit events. Services call `audit_record` inside their own transaction, so the event
exists exactly when the change does."""

import getpass
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from accounts.context import current_ip
from accounts.models import AuditEvent, User

# The actor of a change made on the server by a management command (no account is logged in): the audit log names
# the command and the server login that ran it (server_login), never no one.
SERVER_COMMAND = "服务器管理命令"
# Who the audit log names for a change no one made by hand (a nightly run, a hook): never a blank.
SYSTEM_ACTOR = "系统自动"


def server_login() -> str:
    """The operating-system login running this process ("" where there is none: a container without a passwd
    entry)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def server_summary(summary: str, login: str) -> str:
    """What a management command did, as the audit log says it: 在服务器上用管理命令…，服务器用户 X."""
    return f"在服务器上用管理命令{summary}" + (f"，服务器用户 {login}" if login else "")


def person_name(user: Any) -> str:
    """An account's name as the event keeps it (AuditEvent.actor_name, object_name): family name first, no space."""
    return user.get_full_name()


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """Dates, decimals and nested lists/dicts as JSON (DjangoJSONEncoder), the way they are stored."""
    if data is None:
        return None
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def audit_record(
    *,
    actor: Any,
    action: str,
    summary: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    region_path: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_username: str = "",
) -> AuditEvent:
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        region_path = region_path or str(getattr(target, "region_path", "") or "")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated else (actor_username or SYSTEM_ACTOR),
        actor_name=person_name(actor) if authenticated else "",
        object_name=person_name(target) if isinstance(target, User) else "",
        action=action,
        summary=summary[:500],
        object_type=object_type,
        object_id=object_id,
        region_path=region_path,
        before=_jsonable(before),
        after=_jsonable(after),
        ip_address=current_ip.get(),
    )


def model_snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def audit_record_many(*, actor: Any, rows: list[dict[str, Any]]) -> list[AuditEvent]:
    """Many events by one actor in one INSERT (a county batch approval's cases). Each row holds audit_record's
    action, summary, target and optionally region_path, before, after; the events read as audit_record's."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    ip_address = current_ip.get()
    events = []
    for row in rows:
        target = row["target"]
        events.append(
            AuditEvent(
                actor=actor if authenticated else None,
                actor_username=actor.get_username() if authenticated else SYSTEM_ACTOR,
                actor_name=person_name(actor) if authenticated else "",
                object_name=person_name(target) if isinstance(target, User) else "",
                action=row["action"],
                summary=row["summary"][:500],
                object_type=target._meta.label_lower,
                object_id=str(target.pk),
                region_path=row.get("region_path") or str(getattr(target, "region_path", "") or ""),
                before=_jsonable(row.get("before")),
                after=_jsonable(row.get("after")),
                ip_address=ip_address,
            )
        )
    return AuditEvent.objects.bulk_create(events)


def audit_changes(
    before: dict[str, Any] | None, after: dict[str, Any]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """audit_record's before and after for an edit: only the fields whose value changed, so the log reads what the
    edit did, not "X → X" for every field the form showed. A new object (before None) keeps all of `after`; an edit
    that changed nothing records neither (None, None: the summary says so). A list compares as a set: the order of a
    multiple choice is the form's, not a change (assistance.services.catalogue's risk types)."""
    if before is None:
        return None, after
    altered = [name for name in after if not _same(before.get(name), after[name])]
    return {name: before.get(name) for name in altered} or None, {name: after[name] for name in altered} or None


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, list | tuple) and isinstance(new, list | tuple):
        return sorted(map(str, old)) == sorted(map(str, new))
    return bool(old == new)


UNCHANGED = "（未修改）"
