"""Who may see what: one queryset method, `visible_to(user)`, used by every scoped model.

Regions are materialised paths (households.Region.path: "360425" county, "360425100" township,
"360425100201" village, "360425100201001" group). A user's scope is one such path; a row is visible
when its own path starts with it. Out of scope is simply absent, so views and the API answer 404.

A village cadre may further be limited to one grid of their village (User.grid; 003 §二2(6) 村级网格化管理，
分片管理、定责到人). Each scoped model then says how its rows reach a household's grid, in a class attribute
`grid_scope`: the lookup path to the grid ("grid" on Household, "household__grid" on a visit, "pk" on Grid
itself), or None for a row that belongs to the village rather than to a household (regions, campaigns, the
village's QR link, a county batch), which keeps the village scope. Every model with a ScopedQuerySet declares it
(tests/accounts/test_grid_scope.py checks), so a new table about households cannot forget it.
"""

from typing import Any, Self

from django.db import models

from accounts.roles import sees_registry


def user_scope_prefix(user: Any) -> str | None:
    """The path prefix a user may see, "" for everything (development superuser), None for nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ""
    if not sees_registry(user.role) or not user.region_path:
        return None
    return str(user.region_path)


def user_grid_id(user: Any) -> int | None:
    """The grid a grid-limited user sees inside their village (User.grid), None when their scope is the whole
    region. Taken whatever the role: the account services allow a grid only to a village cadre, and a grid left on
    another account narrows it rather than widening it."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None
    return getattr(user, "grid_id", None)


def user_scope_key(user: Any) -> str:
    """The user's scope as a cache key part: two users with the same key see the same rows."""
    grid = user_grid_id(user)
    return f"{user_scope_prefix(user)}" + (f"#grid{grid}" if grid is not None else "")


def grid_scope_of(model: type[models.Model]) -> str | None:
    """The model's lookup path to a household's grid (see the module docstring), None for village-level rows."""
    return getattr(model, "grid_scope", None)


class ScopedQuerySet(models.QuerySet):
    # The field holding the row's region path; the column carries a varchar_pattern_ops index
    # so that `LIKE 'prefix%'` is an index range scan.
    scope_field = "region_path"

    def visible_to(self, user: Any) -> Self:
        prefix = user_scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        rows = self.filter(**{f"{self.scope_field}__startswith": prefix})
        grid = user_grid_id(user)
        return rows if grid is None else rows.in_grid(grid)

    def in_grid(self, grid_id: int) -> Self:
        """The rows of households in this grid (a join on the household, or none for Household itself): a village
        holds a few hundred households, so the region filter already bounds the join. Village-level rows
        (grid_scope None) are all kept. A model whose rows reach a household another way overrides this."""
        path = grid_scope_of(self.model)
        return self if path is None else self.filter(**{path: grid_id})


def region_path_index(name: str, field: str = "region_path") -> models.Index:
    """The index every scoped table carries for `visible_to`: LIKE 'prefix%' can only use a b-tree index under
    a non-C collation when it is built with varchar_pattern_ops."""
    return models.Index(fields=[field], name=f"{name}_region_path_like", opclasses=["varchar_pattern_ops"])
