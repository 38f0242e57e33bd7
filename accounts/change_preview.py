"""What a change to an account would mean elsewhere, said before it is saved. Once a change of role, scope, grid or
active flag applies (on the save for the active flag, on the security admin's approval for the rest), the apps above
say what it did (accounts.signals.user_changed: households whose help contact can no longer open them); the system
admin who asks for it is told the same before submitting (accounts.admin_preview), from
accounts.signals.user_change_preview, which the apps answer for the account as it would be. Nothing is written."""

from typing import Any

from accounts.models import User
from accounts.services import SCOPE_FIELDS, _as_requested, user_field_errors
from accounts.signals import ChangeWarning, user_change_preview


def user_change_warnings(*, actor: Any, user: User, changes: dict[str, Any]) -> list[ChangeWarning]:
    """What the apps would say of `changes` (as accounts.services.user_update takes them) to `user`: [] when the
    change touches no role, scope, grid or active flag, or is one the save refuses (it then says why)."""
    shown = _as_requested(user)  # a change already waiting is the one a next change adds to (user_update)
    changed = {name for name, value in changes.items() if getattr(shown, name) != value}
    if not changed & SCOPE_FIELDS or (user.pk == actor.pk and changed & {"role", "region_path", "grid"}):
        return []
    for name, value in changes.items():
        setattr(shown, name, value)
    errors = user_field_errors(
        role=shown.role,
        region_path=shown.region_path,
        department=shown.department,
        grid=shown.grid,
        region_name=shown.region_name,
    )
    if errors:
        return []
    answers = user_change_preview.send(sender=User, user=user, after=shown)
    return [answer for _, answer in answers if isinstance(answer, ChangeWarning)]
