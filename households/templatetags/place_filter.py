"""{% place_filter %}: the 范围 line of a list narrowed to a township or a village (households.place_filter), or the
refusal of a place the user may not list (the list then shows nothing); at the top of the list, above its filters.
A list whose rows htmx swaps in renders it again with oob=True, so that the line follows the filters chosen."""

from typing import Any

from django import template
from django.db.models import QuerySet

from households.models import Region
from households.place_filter import MSG_PLACE_REFUSED, PlaceFilter, clear_url, place_label, place_named

register = template.Library()


@register.inclusion_tag("partials/place_filter.html", takes_context=True, name="place_filter")
def place_line(context: template.Context, oob: bool = False, regions: QuerySet[Region] | None = None) -> dict[str, Any]:
    """`regions`: the places the list may narrow to, when they are not the user's registry scope (place_named)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"oob": oob}
    place = place_named(actor=request.user, query=request.GET, regions=regions)
    if place is None:
        return {"oob": oob}
    clear = clear_url(path=request.path, query=request.GET)
    if place is False:
        return {"refused": MSG_PLACE_REFUSED, "clear_url": clear, "oob": oob}
    return {"place": PlaceFilter(place, place_label(place), clear), "oob": oob}
