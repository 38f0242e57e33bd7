"""The home page says what to do next, in order (review cadre-on-phone finding 1): the warnings, then what is
overdue or sent back, then what falls due soon, then the rest; a tile with a count of 0 goes to the end, quiet and
folded away. The rule is the tiles' (accounts.tiles: Tile.urgency), not the template's."""

import re

import pytest

from accounts import tiles as home_tiles
from accounts.roles import Capability
from accounts.tiles import Tile, Urgency, tiles_for

pytestmark = pytest.mark.django_db


def tile(key, count, order, urgency=Urgency.ROUTINE, **kwargs):
    return Tile(key, key, "", "households:list", Capability.REGISTRY_VIEW, lambda user: count, order=order,
                urgency=urgency, **kwargs)  # fmt: skip


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setattr(home_tiles, "_tiles", {})
    for one in (
        tile("routine", 4, order=1),
        tile("empty_overdue", 0, order=2, urgency=Urgency.OVERDUE),
        tile("due", 3, order=3, urgency=Urgency.DUE),
        tile("overdue", 2, order=9, urgency=Urgency.OVERDUE),
        tile("warning", 1, order=50, warn=True),
        Tile("link", "link", "", "households:list", Capability.REGISTRY_VIEW, order=0),
    ):
        home_tiles.register(one)


def test_warnings_then_overdue_then_due_then_the_rest_and_the_empty_ones_last(registered, personas):
    shown = tiles_for(personas.cadre_a)

    assert [t["key"] for t in shown] == ["warning", "overdue", "due", "link", "routine", "empty_overdue"]
    assert [t["quiet"] for t in shown] == [False, False, False, False, False, True]
    assert [t["urgency"] for t in shown] == ["", "tile-overdue", "tile-due", "", "", ""]


def test_the_page_folds_the_empty_tiles_away_at_the_end(registered, personas, login):
    page = login(personas.cadre_a).get("/").content.decode()

    keys = re.findall(r'data-tile="([a-z_]+)"', page)
    assert keys == ["warning", "overdue", "due", "link", "routine", "empty_overdue"]
    folded = page[page.index("data-tiles-quiet") :]
    assert 'data-tile="empty_overdue"' in folded and 'data-tile="routine"' not in folded
    assert "另有 1 项暂无待办" in folded
    assert 'class="tile tile-overdue"' in page


def test_data_problems_and_contacts_to_change_are_due_not_routine():
    # 003 §二3(2): newly included households get a contact in time; data problems are to be fixed (review finding).
    registered_tiles = home_tiles._tiles

    assert registered_tiles["data_checks"].urgency == Urgency.DUE
    assert registered_tiles["assistance_contacts"].urgency == Urgency.DUE
