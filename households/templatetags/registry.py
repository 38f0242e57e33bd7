"""Display helpers for registry templates."""

from typing import Any

from django import template

from households.privacy import shown_id_number, shown_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def personal_id(context: dict[str, Any], number: str) -> str:
    """Full ID number for those who keep the registry; masked (3604**********123X) for read-only roles
    (DOMAIN.md "Privacy": show ID numbers masked to roles that do not need them; households.privacy)."""
    return shown_id_number(context["request"].user, number)


@register.simple_tag(takes_context=True)
def phone_number(context: dict[str, Any], number: str) -> str:
    return shown_phone(context["request"].user, number)
