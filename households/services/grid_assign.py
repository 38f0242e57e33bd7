"""分配网格: several households of a village put in one of its grids at once.

After the go-live import (or any registration that left the grid blank) a village's households belong to no grid,
and a cadre limited to one grid (accounts.scoping) sees none of them. Editing each household would take a village
an afternoon; here the village cadre (not one limited to a grid: they see only their own grid's households), the
township or the county ticks them and chooses the grid. All or nothing, in one transaction; each household's
change is its history row and audit event, as an edit's (households.services.registry.household_update)."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.permissions import user_can
from accounts.roles import Capability
from accounts.scoping import user_grid_id
from households.choices import RegionLevel
from households.models import Grid, Household, Region
from households.services.common import MSG_NO_EDIT, ensure_can_edit, record_events_many

MSG_GRID_LIMITED = "您的管辖范围限定为一个网格，看不到本村其他农户，不能分配网格；请由村干部、乡镇或县乡村振兴局办理。"
MSG_NOT_A_VILLAGE = "请选择一个村。"
MSG_VILLAGE_RETIRED = "{name}（{code}）已撤销，不能再分配网格。"
MSG_NO_GRID = "请选择要分配到的网格。"
MSG_GRID_OTHER_VILLAGE = "所选网格不属于{village}，请选择本村的网格。"
MSG_NONE_CHOSEN = "请勾选要分配网格的农户。"
MSG_GONE = "所选农户中有 {n} 户已不在{village}或不在您的管辖范围内，本次未作分配，请刷新页面后重新勾选。"
MSG_CLOSED = "所选农户中 {names} 已注销，不能分配网格，本次未作分配，请取消勾选后重新提交。"
MSG_DONE = "{n} 户已分配到{grid}。"
MSG_ALREADY = "{n} 户原已在{grid}，未作变动。"
SUMMARY = "分配网格"
ACTION = "household.grid_assign"


@dataclass(frozen=True)
class GridAssignOutcome:
    grid: Grid
    moved: int  # households put in the grid now
    unchanged: int  # ticked, but in it already

    @property
    def message(self) -> str:
        parts = [MSG_DONE.format(n=self.moved, grid=self.grid.name)] if self.moved else []
        if self.unchanged:
            parts.append(MSG_ALREADY.format(n=self.unchanged, grid=self.grid.name))
        return "".join(parts)


def grid_assign_refusal(actor: Any) -> str:
    """Why the actor may not assign grids ("" when they may): a registry editor who sees the whole village."""
    if not user_can(actor, Capability.REGISTRY_EDIT):
        return MSG_NO_EDIT
    if user_grid_id(actor) is not None:
        return MSG_GRID_LIMITED
    return ""


@transaction.atomic
def households_grid_assign(
    *, actor: Any, village: Region, grid: Grid | None, household_ids: Collection[int]
) -> GridAssignOutcome:
    """Put the ticked households of `village` in `grid`, a grid of that village. Refused whole when one of them
    is no longer in the village, out of the actor's scope, or closed."""
    if refusal := grid_assign_refusal(actor):
        raise PermissionDenied(refusal)
    if village.level != RegionLevel.VILLAGE:
        raise ValidationError({"village": MSG_NOT_A_VILLAGE})
    if not village.is_active:  # 撤销: the page offers none (selectors_grids.grid_assign_villages); the API may name one
        raise ValidationError({"village": MSG_VILLAGE_RETIRED.format(name=village.name, code=village.code)})
    ensure_can_edit(actor, village.path)
    errors: dict[str, str] = {}
    if grid is None:
        errors["grid"] = MSG_NO_GRID
    elif grid.village_id != village.pk:
        errors["grid"] = MSG_GRID_OTHER_VILLAGE.format(village=village.name)
    ids = set(household_ids)
    if not ids:
        errors["households"] = MSG_NONE_CHOSEN
    if errors:
        raise ValidationError(errors)
    assert grid is not None
    # Locked in primary-key order, so two assignments over the same households wait for each other, not deadlock.
    households = list(
        Household.objects.visible_to(actor)
        .filter(pk__in=ids, village=village)
        .select_for_update()
        .order_by("pk")
        .only("pk", "number", "head_name", "grid_id", "region_path", "is_active")
    )
    if len(households) != len(ids):
        raise ValidationError({"households": MSG_GONE.format(n=len(ids) - len(households), village=village.name)})
    closed = [h for h in households if not h.is_active]
    if closed:
        names = "、".join(f"{h.head_name or '（无户主）'}户（{h.number}）" for h in closed[:5])
        raise ValidationError({"households": MSG_CLOSED.format(names=names + ("等" if len(closed) > 5 else ""))})
    moving = [h for h in households if h.grid_id != grid.pk]
    old_names = {
        g.pk: str(g)
        for g in Grid.objects.select_related("village").filter(pk__in={h.grid_id for h in moving if h.grid_id})
    }
    Household.objects.filter(pk__in=[h.pk for h in moving]).update(grid=grid, updated_at=timezone.now())
    record_events_many(
        actor=actor,
        rows=[
            {
                "household": household,
                "summary": SUMMARY,
                "action": ACTION,
                "changes": [
                    {"field": "grid", "label": "网格", "old": old_names.get(household.grid_id, ""), "new": str(grid)}
                ],
            }
            for household in moving
        ],
    )
    return GridAssignOutcome(grid=grid, moved=len(moving), unchanged=len(households) - len(moving))
