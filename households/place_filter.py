"""范围: the place (乡镇 or 村) a list is narrowed to by its township and village parameters, as a dashboard tile
opens it, so that every such list names it the same way (templates/partials/place_filter.html) with the way back
to the whole of the user's scope.

The lists take the place in two spellings: a region's 12-digit code (the household, case, alert, overdue and duty
lists; the case and alert lists take a township's code in their "village" parameter too) or its region path (the
return visits' "township"). A region's code and path never name two regions (a village's path is its code, a
township's code ends in 000 where its path stops), so either is read as the region it names."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q

from households.choices import RegionLevel
from households.models import Region

PLACE_PARAMS = ("township", "village")
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


def place_filter(*, actor: Any, path: str, query: Mapping[str, Any]) -> PlaceFilter | None:
    """The place the query narrows the list at `path` to, if it names one in the actor's scope; None for no place,
    one out of scope or places that do not nest (a village outside the township given), which the list itself
    refuses or answers with nothing, so no place is named for it."""
    values = {str(query.get(name) or "").strip()[:20] for name in PLACE_PARAMS} - {""}
    if not values:
        return None
    regions = list(
        Region.objects.visible_to(actor).filter(Q(code__in=values) | Q(path__in=values)).select_related("parent")
    )
    named = {value for region in regions for value in (region.code, region.path) if value in values}
    if not regions or named != values:
        return None
    place = max(regions, key=lambda region: len(region.path))
    if any(not place.path.startswith(region.path) for region in regions):
        return None
    kept = [(name, value) for name in query if name not in CLEARED for value in _values(query, name)]
    return PlaceFilter(place, place_label(place), f"{path}?{urlencode(kept)}" if kept else path)


def _values(query: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(query, "getlist", None)
    return list(getlist(name)) if getlist is not None else [str(query[name])]
