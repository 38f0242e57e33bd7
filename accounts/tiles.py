"""Home-page tiles that apps register in their AppConfig.ready(): the home page of each role shows the tiles its
capabilities allow, each with a live count in the user's scope. accounts knows none of the apps above it.

What comes first is decided here, once, from each tile's definition (Tile.urgency), never in the template: the
warnings, then what is overdue or sent back, then what falls due soon, then the rest; a tile whose count is 0 has
nothing to act on and goes to the end, quiet (review cadre-on-phone finding 1)."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from django.urls import reverse

from accounts.permissions import user_can


class Urgency(IntEnum):
    """How soon a tile's count asks for action; the home page shows the lower first."""

    OVERDUE = 1  # past its deadline, or sent back to be done again (退回补正)
    DUE = 2  # waiting on the user, or falling due soon
    ROUTINE = 3  # a list or a page to work from


# The CSS class of a tile with something to act on, per urgency (static/css/app.css).
URGENCY_CLASS = {Urgency.OVERDUE: "tile-overdue", Urgency.DUE: "tile-due", Urgency.ROUTINE: ""}


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
    # A quiet line above the tiles instead of a tile: something the user should know but not act on (its items).
    note: bool = False
    urgency: Urgency = Urgency.ROUTINE


def _rank(tile: Tile, count: int | None) -> tuple[int, int, int]:
    """The one ordering rule of the home page: warnings first; a tile with a count of 0 last, whatever its urgency;
    otherwise by urgency, then by the app's order."""
    if tile.warn:
        return (0, 0, tile.order)
    if count == 0:
        return (2, 0, tile.order)
    return (1, tile.urgency, tile.order)


_tiles: dict[str, Tile] = {}


def register(tile: Tile) -> None:
    _tiles[tile.key] = tile


def tiles_for(user: Any) -> list[dict[str, Any]]:
    """The user's tiles, in the order to act on them. Each says whether it is quiet (a count of 0: nothing to do)
    and its urgency class (empty when quiet)."""
    shown = []
    for tile in _tiles.values():
        if not user_can(user, tile.capability) or (tile.shown is not None and not tile.shown(user)):
            continue
        count = tile.count(user) if tile.count else None
        quiet = count == 0 and not tile.warn
        shown.append(
            (
                _rank(tile, count),
                {
                    "key": tile.key,
                    "label": tile.label,
                    "hint": tile.hint,
                    "url": reverse(tile.url_name) + tile.query,
                    "count": count,
                    "items": tile.items(user) if tile.items else [],
                    "warn": tile.warn,
                    "note": tile.note,
                    "quiet": quiet,
                    "urgency": "" if quiet or count is None else URGENCY_CLASS[tile.urgency],
                },
            )
        )
    return [tile for _, tile in sorted(shown, key=lambda pair: pair[0])]
