"""范围: the place (乡镇 or 村) a list is narrowed to by its township and village parameters, as a dashboard tile
opens it, so that every such list names it the same way (templates/partials/place_filter.html) with the way back
to the whole of the user's scope.

The lists take the place in two spellings: a region's 12-digit code (the household, case, alert, overdue and duty
lists; the case and alert lists take a township's code in their "village" parameter too) or its region path (the
return visits' "township"). A region's code and path never name two regions (a village's path is its code, a
township's code ends in 000 where its path stops), so either is read as the region it names."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

from django.db.models import Q, QuerySet

from households.choices import RegionLevel
from households.models import Region
from households.region_filter import NO_REGION

PLACE_PARAMS = ("township", "village")
# The 范围 line of a list whose place the user may not list (place_refused): said, and nothing listed.
MSG_PLACE_REFUSED = "所选乡镇或村不存在或不在您的管辖范围内，未列出任何记录。"
# Dropped with the place: a page number of the narrowed list means nothing in the whole one.
CLEARED = (*PLACE_PARAMS, "page")


@dataclass(frozen=True)
class PlaceFilter:
    region: Region
    label: str  # 涂埠镇城南村: the township and the village, as the place is said on paper
    clear_url: str  # the same list with the same other filters, over the user's whole scope


def place_label(region: Region) -> str:
    """The region's name under its township (a village: 涂埠镇城南村; a township: 涂埠镇)."""
    if region.level == RegionLevel.VILLAGE and region.parent is not None:
        return f"{region.parent.name}{region.name}"
    return region.name


def place_named(
    *, actor: Any, query: Mapping[str, Any], regions: QuerySet[Region] | None = None
) -> Region | Literal[False] | None:
    """The place the query's township and village parameters name: None when they name none, the region (the
    village when both are given) when it is one in the actor's scope, False when they name a place the actor may
    not list: unknown, out of the actor's scope, or a village outside the township given. `regions`: the places
    the list may narrow to when they are not the actor's registry scope (a department clerk sees no registry, but
    the townships and villages of their own region's measures)."""
    values = {str(query.get(name) or "").strip()[:20] for name in PLACE_PARAMS} - {""}
    if not values:
        return None
    scope = Region.objects.visible_to(actor) if regions is None else regions
    found = list(scope.filter(Q(code__in=values) | Q(path__in=values)).select_related("parent"))
    named = {value for region in found for value in (region.code, region.path) if value in values}
    if not found or named != values:
        return False
    place = max(found, key=lambda region: len(region.path))
    if any(not place.path.startswith(region.path) for region in found):
        return False
    return place


def place_narrow(
    filters: dict[str, Any], place: Region | Literal[False] | None, *, key: str = "region", unless: str = "region"
) -> None:
    """Narrow a list's selector filters to the place place_named found: for a place the user may not list, a region
    no path matches (the 范围 line says so; nothing is listed, never every record); for a place in scope, its region
    path under `key` (a path prefix: a township takes in its villages), unless the list's own filter `unless` chose
    a place already (a village picked in the form is narrower than the township a tile named)."""
    if place is False:
        filters[key] = NO_REGION
    elif place is not None and not filters.get(unless):
        filters[key] = place.path


def place_refused(*, actor: Any, query: Mapping[str, Any]) -> bool:
    """Whether the list must show nothing for its place: the query names a township or a village the actor may not
    list (place_named). Never the whole scope instead: the user believes the list is narrowed to the place asked
    for, as a dashboard tile or a link opened it (the case list's rule, workflow.forms_cases)."""
    return place_named(actor=actor, query=query) is False


def place_filter(*, actor: Any, path: str, query: Mapping[str, Any]) -> PlaceFilter | None:
    """The place the query narrows the list at `path` to, if it names one in the actor's scope; None for no place,
    one out of scope or places that do not nest (a village outside the township given), which the list answers
    with nothing (place_refused; {% place_filter %} then says so)."""
    place = place_named(actor=actor, query=query)
    if not isinstance(place, Region):
        return None
    return PlaceFilter(place, place_label(place), clear_url(path=path, query=query))


def clear_url(*, path: str, query: Mapping[str, Any]) -> str:
    """The list at `path` with the query's other filters, over the user's whole scope."""
    kept = [(name, value) for name in query if name not in CLEARED for value in _values(query, name)]
    return f"{path}?{urlencode(kept)}" if kept else path


def _values(query: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(query, "getlist", None)
    return list(getlist(name)) if getlist is not None else [str(query[name])]
