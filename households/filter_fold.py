"""Whether the household list's 更多筛选条件 opens, and what its summary says is chosen when folded.

A home or dashboard tile opens the list with its visit filters set (households.tiles: 本月尚未走访; reports'
dashboard: 上月未走访, 从未走访, with the tile's township or village). Opened, the eleven filters come first and a
phone shows the households some 1,300 px down; so for a tile's filters alone the box stays folded on a phone, its
summary naming them, and opens on a wide screen (data-open-wide, static/js/page_actions.js). A filter the user chose
beyond those opens it everywhere, as before."""

from typing import Any

# A tile's link sets only these; the place is said above the filters too (the 范围 line, households.place_filter).
TILE_FIELDS = frozenset({"visited_this_month", "monthly_visit", "visited_last_month", "never_visited"})
PLACE_FIELDS = frozenset({"township", "village", "group", "grid"})
# The search, the sort and the 在册/已注销/全部 tab (households.filter_state) are shown outside the box.
NOT_FILTERS = frozenset({"q", "ordering", "registry_state"})


class FoldedFiltersMixin:
    """For households.forms.HouseholdFilterForm: more_open, open_wide and chosen, read by household_list.html."""

    is_bound: bool
    changed_data: list[str]
    fields: dict[str, Any]
    data: Any

    def _set(self) -> set[str]:
        return set(self.changed_data) - NOT_FILTERS if self.is_bound else set()

    def _tile_only(self) -> bool:
        chosen = self._set()
        return bool(chosen & TILE_FIELDS) and not chosen - TILE_FIELDS - PLACE_FIELDS

    @property
    def more_open(self) -> bool:
        """Open on every screen: a filter is on besides the search, and not a tile's alone."""
        return bool(self._set()) and not self._tile_only()

    @property
    def open_wide(self) -> bool:
        """Open on a wide screen only: a tile's filters (with its place) are all that is on."""
        return self._tile_only()

    @property
    def chosen(self) -> str:
        """The filters on besides the place, as the folded summary names them: 本月已走访：否、只看每月应走访户：是."""
        shown = []
        for name, field in self.fields.items():
            if name in self._set() - PLACE_FIELDS:
                label = str(field.label).split("（")[0]
                value = dict(getattr(field, "choices", [])).get(self.data.get(name), self.data.get(name))
                shown.append(f"{label}：{value}")
        return "、".join(shown)
