"""Where a household's records are seen: every scoped row about a household carries the household's region path
(`visible_to` filters on it), so when the household moves to another group its rows move with it, in every app.

The rows are found through the model registry rather than named here, so that a table added later in any app is
moved too: a model with a `region_path` reached from a household by foreign keys (its `household`, or its case's,
plan's or case step's), at most three steps away. Models about a place rather than a household (a village meeting,
a campaign, a batch of many households) have no such path and stay where they are. A model whose region path is not
its household's place says so (`follows_household = False`: the county-level 未在档人员, filed under the county and
unique per county and ID number, whose member is only the registry's former record of the person).

A household moved to another village (households.services.relocation) takes its rows' `village` columns along too
(village_follow): a 自主申报 joined to it is then the new village's, as its region path is.
"""

from collections.abc import Iterator
from functools import cache

from django.apps import apps
from django.db import models

from households.models import Household, Region

MAX_DEPTH = 3


def _relations(model: type[models.Model]) -> Iterator[models.Field]:
    for field in model._meta.get_fields():
        if (field.many_to_one or field.one_to_one) and field.concrete and field.related_model is not None:
            yield field


def _path_to_household(model: type[models.Model], depth: int = MAX_DEPTH) -> str | None:
    """The shortest lookup from `model` to its household (`household`, `case__household` …), or None."""
    if depth == 0:
        return None
    fields = sorted(_relations(model), key=lambda f: f.name != "household")  # the household's own FK first
    for field in fields:
        if field.related_model is Household:
            return field.name
    found = []
    for field in fields:
        below = _path_to_household(field.related_model, depth - 1)
        if below is not None:
            found.append(f"{field.name}__{below}")
    return min(found, key=lambda lookup: lookup.count("__"), default=None)


@cache
def scoped_household_rows() -> tuple[tuple[type[models.Model], str], ...]:
    """(model, lookup to its household) for every scoped model whose rows belong to one household."""
    rows = []
    for model in apps.get_models():
        if model is Household or not any(f.name == "region_path" for f in model._meta.concrete_fields):
            continue
        if not getattr(model, "follows_household", True):
            continue
        lookup = _path_to_household(model)
        if lookup is not None:
            rows.append((model, lookup))
    return tuple(sorted(rows, key=lambda row: row[0]._meta.label))


def region_path_follow(household: Household) -> int:
    """Give every row about `household` the household's current region path; returns how many rows moved."""
    moved = 0
    for model, lookup in scoped_household_rows():
        moved += (
            model._base_manager.filter(**{lookup: household.pk})
            .exclude(region_path=household.region_path)
            .update(region_path=household.region_path)
        )
    return moved


@cache
def village_household_rows() -> tuple[tuple[type[models.Model], str], ...]:
    """(model, lookup to its household) for the household's rows that name its village in a `village` column."""
    return tuple(
        (model, lookup)
        for model, lookup in scoped_household_rows()
        if any(f.name == "village" and f.related_model is Region for f in _relations(model))
    )


def village_follow(household: Household) -> int:
    """Give every row about `household` that names a village the household's current village; returns how many."""
    moved = 0
    for model, lookup in village_household_rows():
        moved += (
            model._base_manager.filter(**{lookup: household.pk})
            .exclude(village_id=household.village_id)
            .update(village_id=household.village_id)
        )
    return moved
