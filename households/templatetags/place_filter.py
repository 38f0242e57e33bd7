"""{% place_filter %}: the 范围 line of a list narrowed to a township or a village (households.place_filter)."""

from typing import Any

from django import template

from households.place_filter import place_filter as find_place

register = template.Library()


@register.inclusion_tag("partials/place_filter.html", takes_context=True)
def place_filter(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"place": None}
    return {"place": find_place(actor=request.user, path=request.path, query=request.GET)}
