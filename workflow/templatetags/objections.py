"""The objector's name on the case page, as the reader may see it (workflow.models.Objection.objector_for)."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def objector(objection: Any, user: Any) -> str:
    return objection.objector_for(user)
