"""How a person who acted is named on a page: `{{ case_step.acted_by|person }}`.

A nullable actor (a step the hourly task completed, a result nobody handled yet) must not break the page, which
`{{ x.get_full_name|default:x.username }}` does: a filter's argument that cannot be resolved raises."""

from typing import Any

from django import template

register = template.Library()

SYSTEM = "系统自动"


@register.filter
def person(user: Any, empty: str = SYSTEM) -> str:
    if user is None or user == "":
        return empty
    return user.get_full_name() or user.username
