"""The registry listens to accounts: an account that can no longer be a grid worker (deactivated, another role or
scope) leaves its grids, in the same transaction as the change (households.services.grids.grid_workers_release)."""

from typing import Any

from accounts.signals import user_changed


def _on_user_changed(sender: Any, user: Any, actor: Any, **kwargs: Any) -> None:
    from households.services.grids import grid_workers_release

    grid_workers_release(actor=actor, user=user)


def connect() -> None:
    user_changed.connect(_on_user_changed, dispatch_uid="households.user_changed")
