"""Alerts listens to the registry (DESIGN.md: alerts depends on households, never the reverse): a person the
feeds named before the registry held them gets their alert once a village registers them
(alerts.services.unregistered_alerts)."""

from typing import Any

from households.signals import members_registered, registry_imported

UNREGISTERED_PARAMETER = "from_unregistered"


def _on_members_registered(sender: Any, actor: Any, members: list[Any], **kwargs: Any) -> None:
    from alerts.services.unregistered_alerts import unregistered_alerts_raise

    unregistered_alerts_raise(actor=actor, members=members)  # inside the registration's transaction


def _on_registry_imported(sender: Any, region_path: str, **kwargs: Any) -> None:
    from alerts.services.unregistered_alerts import unregistered_alerts_raise_county

    unregistered_alerts_raise_county(region_path=region_path)  # after the import's commit, in its own transaction


def connect() -> None:
    members_registered.connect(_on_members_registered, dispatch_uid="alerts.members_registered")
    registry_imported.connect(_on_registry_imported, dispatch_uid="alerts.registry_imported")


def _unregistered_prefill(actor: Any, value: str) -> Any:
    from django.urls import reverse

    from alerts.selectors_unregistered import to_register_entry
    from households.prefill import Prefill

    entry = to_register_entry(actor=actor, pk=value)
    if entry is None:
        return None
    return Prefill(
        name=entry.person_name,
        id_number=entry.id_number,
        phone="",
        village=entry.village,
        back_url=reverse("alerts:to_register"),
        back_label=f"待建档人员 {entry.person_name}",
        who="待建档人员",
        returns_to="待建档人员名单",
    )


def register_prefills() -> None:
    from households import prefill

    # /households/new/?from_unregistered=<id> (and a member added to a household the same way): the person the
    # county handed to the village, so that the cadre does not retype an 18-digit ID number on a phone.
    prefill.register(UNREGISTERED_PARAMETER, _unregistered_prefill)
