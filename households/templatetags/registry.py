"""Display helpers for registry templates."""

from typing import Any

from django import template

from accounts.permissions import user_can
from accounts.roles import Capability
from households.idnumber import mask

register = template.Library()


@register.simple_tag(takes_context=True)
def personal_id(context: dict[str, Any], number: str) -> str:
    """Full ID number for those who keep the registry; masked (3604**********123X) for read-only roles
    (DOMAIN.md "Privacy": show ID numbers masked to roles that do not need them)."""
    user = context["request"].user
    return number if user_can(user, Capability.REGISTRY_EDIT) else mask(number)


@register.simple_tag(takes_context=True)
def phone_number(context: dict[str, Any], number: str) -> str:
    user = context["request"].user
    if not number or user_can(user, Capability.REGISTRY_EDIT):
        return number
    return number[:3] + "****" + number[-4:] if len(number) >= 7 else "****"
