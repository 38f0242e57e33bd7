"""The region a dashboard or performance page looks at, and its children for the drill-down."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.scoping import user_scope_prefix
from households.choices import RegionLevel
from households.models import Region

CHILD_LEVEL = {
    RegionLevel.COUNTY: RegionLevel.TOWNSHIP,
    RegionLevel.TOWNSHIP: RegionLevel.VILLAGE,
}


def focus_region(*, actor: Any, code: str = "") -> Region | None:
    """The chosen region (in scope, else 404), or the root of the actor's scope."""
    regions = Region.objects.visible_to(actor).select_related("parent")
    if code:
        return get_object_or_404(regions, code=code)
    prefix = user_scope_prefix(actor)
    if prefix:
        return regions.filter(path=prefix).first()
    return regions.filter(level=RegionLevel.COUNTY).order_by("path").first()


def child_regions(region: Region | None) -> QuerySet[Region]:
    if region is None or region.level not in CHILD_LEVEL:
        return Region.objects.none()
    return Region.objects.filter(parent=region, level=CHILD_LEVEL[region.level]).order_by("path")


def breadcrumbs(region: Region | None, actor: Any) -> list[Region]:
    """From the top of the actor's scope down to the region (links of the drill-down)."""
    prefix = user_scope_prefix(actor) or ""
    trail: list[Region] = []
    while region is not None and region.path.startswith(prefix):
        trail.append(region)
        region = region.parent
    return list(reversed(trail))
