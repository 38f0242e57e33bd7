from typing import Any

from django.db.models import QuerySet

from households.models import Region


def region_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Region]:
    filters = filters or {}
    regions = Region.objects.visible_to(actor)
    if filters.get("level"):
        regions = regions.filter(level=filters["level"])
    if filters.get("parent"):
        regions = regions.filter(parent__code=filters["parent"])
    if filters.get("q"):
        regions = regions.filter(name__contains=filters["q"])
    return regions.select_related("parent")


def region_by_path(path: str) -> Region | None:
    """An unscoped lookup for account administration: which region does a scope path name."""
    return Region.objects.filter(path=path).first()


def region_choices_for_scope() -> list[tuple[str, str]]:
    """County, township and village paths with indented names, for choosing a user's scope."""
    rows = Region.objects.exclude(level="group").order_by("path").values_list("path", "name", "level")
    indent = {"county": "", "township": "　", "village": "　　"}
    return [(path, f"{indent.get(level, '')}{name}（{path}）") for path, name, level in rows]
