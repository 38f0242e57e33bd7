"""Writing audit events. Services call `audit_record` inside their own transaction, so the event
exists exactly when the change does."""

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from accounts.context import current_ip
from accounts.models import AuditEvent


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    encoder = DjangoJSONEncoder()
    return {
        key: value if isinstance(value, str | int | bool | None) else encoder.default(value)
        for key, value in data.items()
    }


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
        actor_username=actor.get_username() if authenticated else actor_username,
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
