"""What every assistance write needs: may this actor help households here."""

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.permissions import user_can
from accounts.roles import Capability
from accounts.scoping import user_scope_prefix

MSG_NO_EDIT = "您没有安排帮扶措施的权限。"
MSG_OUT_OF_SCOPE = "该农户不在您的管辖范围内。"


def ensure_can_assist(actor: Any, region_path: str) -> None:
    if not user_can(actor, Capability.ASSISTANCE_EDIT):
        raise PermissionDenied(MSG_NO_EDIT)
    prefix = user_scope_prefix(actor)
    if prefix is None or not region_path.startswith(prefix):
        raise PermissionDenied(MSG_OUT_OF_SCOPE)
