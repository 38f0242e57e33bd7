"""A version of the registry rows the data checks read (households, members, incomes), moved on every write, so a
count kept in the cache under it (households.data_checks.kind_totals: the home tile 数据逻辑问题, the reports page)
never outlives a change: right after a cadre saves or corrects a record, the tile agrees with the checks list one
tap away. One version for the registry rather than one per region: a write does not say every row it touched
(a queryset update), and an uncached village count is cheap.

The models write through RegistryRow (save, delete) and RegistryQuerySet (update, bulk writes); a raw SQL write
(the go-live import's batches) calls registry_changed itself."""

import time
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import models, transaction

from accounts.scoping import ScopedQuerySet

KEY = "households:registry_version"


def _fresh() -> int:
    # A version no count was kept under, should the key be evicted: a new start, not 0 again.
    return time.time_ns()


def registry_version() -> int:
    return int(cache.get_or_set(KEY, _fresh, None))


def _move() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # not set (evicted, or never read): counts kept before are under another version
        cache.set(KEY, _fresh(), None)


def registry_changed() -> None:
    """Called on a write: the version moves now (the writer's next page counts afresh) and again at commit (a count
    taken by another request between the two saw the rows before the write, and is not kept under the new one)."""
    _move()
    transaction.on_commit(_move)


class RegistryQuerySet(ScopedQuerySet):
    def update(self, **kwargs: Any) -> int:
        rows = super().update(**kwargs)
        if rows:
            registry_changed()
        return rows

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            registry_changed()
        return created

    def bulk_update(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> int:
        rows = super().bulk_update(objs, *args, **kwargs)
        if rows:
            registry_changed()
        return rows

    def delete(self) -> tuple[int, dict[str, int]]:
        deleted = super().delete()
        if deleted[0]:
            registry_changed()
        return deleted


class RegistryRow(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        registry_changed()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        deleted = super().delete(*args, **kwargs)
        registry_changed()
        return deleted
