"""Where an imported account works, from what the sheet says: its region (管辖区划) and, for a village cadre, the grid
(网格) of its village it is limited to (accounts.user_import).

Regions and grids belong to the households app, above this one: the caller passes their directories in
(`RegionEntry`, `GridEntry`; households.selectors.region_directory and grid_directory), so this module never reads
them itself.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from accounts.phones import FULL_WIDTH

MSG_REGION_UNKNOWN = "没有找到区划“{value}”：请填写区划代码（如 360425100201）或“乡镇名村名”（如 涂埠镇城南村）"
MSG_REGION_AMBIGUOUS = "区划名称“{value}”对应多个区划（{names}），请填写区划代码或带上乡镇名"
MSG_REGION_GROUP = "“{value}”是村民小组，管辖区划只能是县、乡镇或村"
MSG_REGION_RETIRED = "区划“{value}”（{name}）已撤销，请填写现用的区划"
MSG_GRID_UNKNOWN = "“{village}”没有名为“{value}”的网格，可填：{allowed}"
MSG_GRID_NONE = "“{village}”还没有网格，请先在“网格”中建立，或把此列留空"

_SEPARATORS = re.compile(r"[\s/／\\\-－—·・,，、]+")
_NUMBER = re.compile(r"\d+|[〇零一二两三四五六七八九十百]+")
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def key(text: str) -> str:
    """Text as the sheet's lookups compare it: without spaces and separators, in lower case."""
    return _SEPARATORS.sub("", text).lower()


@dataclass(frozen=True)
class RegionEntry:
    """One county, township or village as the region directory gives it: scope path, 12-digit code, name, level
    and the names of the regions above it below the county (for 涂埠镇城南村); `retired` for a village retired
    (撤销), found only to be refused by name."""

    path: str
    code: str
    name: str
    level: str
    parent_names: tuple[str, ...] = ()
    retired: bool = False


@dataclass(frozen=True)
class GridEntry:
    """One grid as the grid directory gives it: its id, its village's path and its name (第一网格)."""

    pk: int
    village_path: str
    name: str


class RegionDirectory:
    """Finds a scope from what the sheet says: a path or 12-digit code (a township's and a county's codes end
    in zeros), a unique name, or a name with the township (and county) before it."""

    def __init__(self, entries: Iterable[RegionEntry]) -> None:
        self.by_path: dict[str, RegionEntry] = {}
        self.by_code: dict[str, RegionEntry] = {}
        self.by_name: dict[str, list[RegionEntry]] = {}
        for entry in entries:
            self.by_path[entry.path] = entry
            self.by_code[entry.code] = entry
            names = {entry.name, "".join((*entry.parent_names, entry.name))}
            names |= {"".join((*entry.parent_names[i:], entry.name)) for i in range(len(entry.parent_names))}
            for name in names:
                self.by_name.setdefault(key(name), []).append(entry)

    def find(self, text: str) -> tuple[RegionEntry | None, str]:
        entry, message = self._find(text)
        if entry is not None and entry.retired:
            return None, MSG_REGION_RETIRED.format(value=text.strip(), name="".join((*entry.parent_names, entry.name)))
        return entry, message

    def _find(self, text: str) -> tuple[RegionEntry | None, str]:
        value = text.translate(FULL_WIDTH).strip()
        if value.isdigit():
            entry = self.by_path.get(value) or self.by_code.get(value)
            if entry is None and len(value) == 12:
                entry = self.by_path.get(value[:9]) if value.endswith("000") else None
                entry = entry or (self.by_path.get(value[:6]) if value.endswith("000000") else None)
            if entry is None and len(value) == 15 and value[:12] in self.by_path:
                return None, MSG_REGION_GROUP.format(value=text)
            return entry, "" if entry else MSG_REGION_UNKNOWN.format(value=text)
        found = self.by_name.get(key(value), [])
        unique = list({entry.path: entry for entry in found}.values())
        # A retired village's name may have passed to the one that took it over (撤并): the current one is meant.
        unique = [entry for entry in unique if not entry.retired] or unique[:1]
        if len(unique) == 1:
            return unique[0], ""
        if len(unique) > 1:
            names = "、".join(f"{''.join(e.parent_names)}{e.name}" for e in unique[:5])
            return None, MSG_REGION_AMBIGUOUS.format(value=text, names=names)
        return None, MSG_REGION_UNKNOWN.format(value=text)


class GridDirectory:
    """Finds a grid by its name within one village (grid names repeat from village to village: 第一网格); the
    village's name before it (城南村第一网格) is accepted too."""

    def __init__(self, entries: Iterable[GridEntry]) -> None:
        self.by_village: dict[str, dict[str, GridEntry]] = {}
        for entry in entries:
            self.by_village.setdefault(entry.village_path, {})[key(entry.name)] = entry

    def find(self, text: str, village: RegionEntry) -> tuple[GridEntry | None, str]:
        grids = self.by_village.get(village.path, {})
        if not grids:
            return None, MSG_GRID_NONE.format(village=village.name)
        value = key(text.translate(FULL_WIDTH))
        for name in (value, value.removeprefix(key(village.name))):
            if name in grids:
                return grids[name], ""
        allowed = "、".join(entry.name for entry in sorted(grids.values(), key=grid_order))
        return None, MSG_GRID_UNKNOWN.format(village=village.name, value=text.strip(), allowed=allowed)


def chinese_number(text: str) -> int:
    """A number written in digits or in Chinese numerals below a thousand (十二 12, 二十 20, 一百零五 105)."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char == "百":
            total, digit = total + (digit or 1) * 100, 0
        elif char == "十":
            total, digit = total + (digit or 1) * 10, 0
        else:
            digit = _DIGITS[char]
    return total + digit


def grid_order(entry: GridEntry) -> tuple[bool, int, int]:
    """Grids by the number in their name (第一网格, 第二网格 … 第十网格, or 第1网格 … 第10网格), not by the text, which
    puts 第三 before 第二; grids named without a number after them, in the order they were made."""
    found = _NUMBER.search(entry.name)
    return (found is None, chinese_number(found.group()) if found else 0, entry.pk)
