"""What every registry write needs: may this actor edit here, and the history row for the change."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from accounts.audit import audit_record, audit_record_many
from accounts.permissions import user_can
from accounts.roles import Capability
from accounts.scoping import user_grid_id, user_scope_prefix
from households.models import Household, HouseholdEvent, Member
from households.signals import household_changed

MSG_NO_EDIT = "您没有修改农户档案的权限。"
MSG_OUT_OF_SCOPE = "该区划不在您的管辖范围内。"
MSG_OWN_GRID_ONLY = "您的管辖范围限定为本网格，农户只能划入本网格，不能划入其他网格或不划入网格。"


def ensure_can_edit(actor: Any, region_path: str) -> None:
    """Raise PermissionDenied unless the actor may edit the registry at this region path."""
    if not user_can(actor, Capability.REGISTRY_EDIT):
        raise PermissionDenied(MSG_NO_EDIT)
    prefix = user_scope_prefix(actor)
    if prefix is None or not region_path.startswith(prefix):
        raise PermissionDenied(MSG_OUT_OF_SCOPE)


def ensure_own_grid(actor: Any, grid: Any) -> None:
    """A grid-limited cadre (accounts.scoping) places the households they register or edit in their own grid: one
    put in another grid, or in none, would leave their sight the moment it is saved."""
    own = user_grid_id(actor)
    if own is not None and getattr(grid, "pk", None) != own:
        raise ValidationError({"grid": MSG_OWN_GRID_ONLY})


def display(instance: models.Model, field: str, value: Any) -> str:
    """A value as a person reads it: choice labels, 是/否, dates as YYYY-MM-DD, lists joined."""
    model_field = instance._meta.get_field(field)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        labels = dict(model_field.base_field.choices or [])  # type: ignore[attr-defined]
        return "、".join(str(labels.get(item, item)) for item in value)
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return str(value)
    return str(value)


def diff(instance: models.Model, before: dict[str, Any], fields: list[str]) -> list[dict[str, str]]:
    changes = []
    for field in fields:
        old, new = before.get(field), getattr(instance, field)
        if old != new:
            changes.append(
                {
                    "field": field,
                    "label": str(instance._meta.get_field(field).verbose_name),
                    "old": display(instance, field, old),
                    "new": display(instance, field, new),
                }
            )
    return changes


def record_event(
    *,
    actor: Any,
    household: Household,
    summary: str,
    action: str,
    changes: list[dict[str, str]] | None = None,
    member: Member | None = None,
    target: models.Model | None = None,
    audited: bool = False,
    after: dict[str, Any] | None = None,
) -> HouseholdEvent:
    """The household's history row and the audit event, written together inside the caller's transaction.
    `audited`: the caller has written the audit event of this act already (a case's own event), so only the
    history row is added. `after`: the audit event's recorded values when they are no change (a new record's)."""
    changes = changes or []
    household_id = household.pk
    transaction.on_commit(lambda: household_changed.send(sender=Household, household_id=household_id))
    event = HouseholdEvent.objects.create(
        household=household,
        member=member,
        region_path=household.region_path,
        actor=actor,
        summary=summary,
        changes=changes,
    )
    if audited:
        return event
    audit_record(
        actor=actor,
        action=action,
        summary=f"{household.number}：{summary}",
        target=target or member or household,
        region_path=household.region_path,
        before={c["field"]: c["old"] for c in changes} or None,
        after=after if after is not None else ({c["field"]: c["new"] for c in changes} or None),
    )
    return event


def record_events_many(*, actor: Any, rows: list[dict[str, Any]]) -> list[HouseholdEvent]:
    """record_event for many households at once (a county batch approval): history rows and audit events in two
    INSERTs, inside the caller's transaction. Each row holds household, summary, action, changes, target, and may
    hold `after` (record_event's)."""
    events = [
        HouseholdEvent(
            household=row["household"],
            region_path=row["household"].region_path,
            actor=actor,
            summary=row["summary"],
            changes=row.get("changes") or [],
        )
        for row in rows
    ]
    ids = [row["household"].pk for row in rows]
    transaction.on_commit(lambda: _announce_many(ids))
    audit_record_many(
        actor=actor,
        rows=[
            {
                "action": row["action"],
                "summary": f"{row['household'].number}：{row['summary']}",
                "target": row.get("target") or row["household"],
                "region_path": row["household"].region_path,
                "before": {c["field"]: c["old"] for c in row.get("changes") or []} or None,
                "after": row.get("after") or {c["field"]: c["new"] for c in row.get("changes") or []} or None,
            }
            for row in rows
        ],
    )
    return HouseholdEvent.objects.bulk_create(events)


def _announce_many(household_ids: list[int]) -> None:
    """household_changed for each, sent by a worker (households.tasks.announce_households_changed)."""
    from households.tasks import announce_households_changed

    announce_households_changed.delay(household_ids)
