"""分配网格's reads: the villages an actor may assign grids in, a village's households to tick, and the household
list's prompt (本村有 N 户未分配网格). Writes: households.services.grid_assign."""

from typing import Any

from django.db.models import QuerySet

from households.choices import RegionLevel
from households.models import Grid, Household, Region
from households.selectors_search import household_match
from households.services.grid_assign import grid_assign_refusal


def grid_assign_villages(*, actor: Any) -> QuerySet[Region]:
    """The villages in the actor's scope not retired (撤销), in the order of the tree."""
    villages = Region.objects.visible_to(actor).active().filter(level=RegionLevel.VILLAGE)
    return villages.select_related("parent").order_by("path")


def grid_assign_village(*, actor: Any, code: str = "") -> Region | None:
    """The village the page is about: the one `code` names within the actor's scope, or, unnamed, the actor's own
    when their scope is one village (a village cadre)."""
    villages = grid_assign_villages(actor=actor)
    if code:
        return villages.filter(code=code).first()
    own = list(villages[:2])
    return own[0] if len(own) == 1 else None


def village_grids(village: Region) -> QuerySet[Grid]:
    return Grid.objects.filter(village=village).order_by("pk")


def grid_assign_households(*, actor: Any, village: Region, unassigned: bool = True, q: str = "") -> QuerySet[Household]:
    """The village's households in the registry (closed ones are not assigned), optionally only those in no grid,
    or those whose 户编号 or head's name the query matches (households.selectors_search)."""
    households = Household.objects.visible_to(actor).filter(village=village, is_active=True)
    if unassigned:
        households = households.filter(grid__isnull=True)
    if q:
        households = households.filter(household_match(q))
    return households.select_related("grid", "group").order_by("number")


def grid_assign_prompt(*, actor: Any, village_code: Any = "") -> dict[str, Any] | None:
    """For the household list: the village shown (the one filtered, or the actor's own) and how many of its
    households are in no grid, when some are and the actor may assign them; else None."""
    if grid_assign_refusal(actor) or not isinstance(village_code, str):
        return None
    village = grid_assign_village(actor=actor, code=village_code)
    if village is None:
        return None
    count = grid_assign_households(actor=actor, village=village).count()
    own = getattr(actor, "region_path", "") == village.path  # a village cadre reads 本村
    return {"village": village, "count": count, "own": own} if count else None
