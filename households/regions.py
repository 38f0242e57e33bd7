"""Region codes and paths (统计用区划代码): pure functions, no database."""

from django.core.exceptions import ValidationError

from households.choices import PATH_LENGTH, RegionLevel

MSG_CODE_DIGITS = "区划代码只能包含数字。"
MSG_CODE_LENGTH = "区划代码长度应为12位（村民小组为15位：村代码加3位组号）。"
MSG_CODE_LEVEL = "区划代码与层级不符：{level}的代码应在第{n}位之后全为0。"
MSG_LEVEL_UNKNOWN = "未知的层级“{level}”，应为：县、乡镇、村、村民小组。"

LEVEL_BY_LABEL = {label: value for value, label in RegionLevel.choices} | {
    "镇": RegionLevel.TOWNSHIP,
    "乡": RegionLevel.TOWNSHIP,
    "组": RegionLevel.GROUP,
    "社区": RegionLevel.VILLAGE,
    "行政村": RegionLevel.VILLAGE,
}


def parse_level(raw: str) -> str:
    raw = raw.strip()
    if raw in RegionLevel.values:
        return raw
    if raw in LEVEL_BY_LABEL:
        return LEVEL_BY_LABEL[raw]
    raise ValidationError(MSG_LEVEL_UNKNOWN.format(level=raw))


def path_for(code: str, level: str) -> str:
    """The significant prefix of a division code at its level: the region's materialised path."""
    if not (code.isascii() and code.isdigit()):
        raise ValidationError(MSG_CODE_DIGITS)
    expected = 15 if level == RegionLevel.GROUP else 12
    if len(code) != expected:
        raise ValidationError(MSG_CODE_LENGTH)
    n = PATH_LENGTH[RegionLevel(level)]
    if level != RegionLevel.GROUP and set(code[n:]) - {"0"}:
        raise ValidationError(MSG_CODE_LEVEL.format(level=RegionLevel(level).label, n=n))
    path = code[:n]
    if level != RegionLevel.VILLAGE and level != RegionLevel.GROUP and path.endswith("000"):
        # a township path ending in 000 would be indistinguishable from its county
        raise ValidationError(MSG_CODE_LEVEL.format(level=RegionLevel(level).label, n=n))
    return path


def level_of_path(path: str) -> str:
    return {6: RegionLevel.COUNTY, 9: RegionLevel.TOWNSHIP, 12: RegionLevel.VILLAGE, 15: RegionLevel.GROUP}[len(path)]


def village_and_group(village: str, group: str = "") -> str:
    """Where a household lives, as a notice or card prints it: the village and its villager group (新山村 四组), or
    the group alone where its name already carries the village's (新山村四组, never 新山村 新山村四组)."""
    if not group:
        return village
    if village and village in group:
        return group
    return f"{village} {group}".strip()
