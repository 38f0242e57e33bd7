"""Alerts listens to the registry (DESIGN.md: alerts depends on households, never the reverse): a person the
feeds named before the registry held them gets their alert once a village registers them
(alerts.services.unregistered_alerts)."""

from typing import Any

from households.signals import members_registered, registry_imported


def _on_members_registered(sender: Any, actor: Any, members: list[Any], **kwargs: Any) -> None:
    from alerts.services.unregistered_alerts import unregistered_alerts_raise

    unregistered_alerts_raise(actor=actor, members=members)  # inside the registration's transaction


def _on_registry_imported(sender: Any, region_path: str, **kwargs: Any) -> None:
    from alerts.services.unregistered_alerts import unregistered_alerts_raise_county

    unregistered_alerts_raise_county(region_path=region_path)  # after the import's commit, in its own transaction


def connect() -> None:
    members_registered.connect(_on_members_registered, dispatch_uid="alerts.members_registered")
    registry_imported.connect(_on_registry_imported, dispatch_uid="alerts.registry_imported")
