"""Home-page tiles that apps register in their AppConfig.ready(): the home page of each role shows the tiles its
capabilities allow, each with a live count in the user's scope. accounts knows none of the apps above it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from accounts.permissions import user_can


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    hint: str
    url_name: str
    capability: str
    count: Callable[[Any], int] | None = None
    query: str = ""
    order: int = 100
    # Narrower than the capability: whom the tile is for (the county's staff only, say), asked per request.
    shown: Callable[[Any], bool] | None = None
    # A few lines under the count, each (text, url): what the count is made of, each a link to act on it.
    items: Callable[[Any], list[tuple[str, str]]] | None = None
    # A warning rather than a count (the home page shows it first, across the row, in the notice colours).
    warn: bool = False


_tiles: dict[str, Tile] = {}


def register(tile: Tile) -> None:
    _tiles[tile.key] = tile


def tiles_for(user: Any) -> list[dict[str, Any]]:
    shown = []
    for tile in sorted(_tiles.values(), key=lambda t: t.order):
        if not user_can(user, tile.capability) or (tile.shown is not None and not tile.shown(user)):
            continue
        shown.append(
            {
                "label": tile.label,
                "hint": tile.hint,
                "url": reverse(tile.url_name) + tile.query,
                "count": tile.count(user) if tile.count else None,
                "items": tile.items(user) if tile.items else [],
                "warn": tile.warn,
            }
        )
    return shown
