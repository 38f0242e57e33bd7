"""A feed type's columns as a header layout for households.registry_import.reader, and the other ways a file may
write a choice column's values (alerts.presets.VALUE_ALIASES)."""

import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils import timezone

from alerts.choices import Cadence, ColumnKind
from alerts.models import AlertRule, FeedColumn, FeedType
from alerts.periods import cadence_on
from alerts.presets import VALUE_ALIASES
from households.registry_import.columns import normalize_header
from households.registry_import.reader import Layout, UnreadableFile, find_header

MSG_OTHER_FEED = "该文件的表头与“{feed}”一致，请在该数据类型下上传。"
# No row among the first names a column (review rev-clerk 4): the cells that look like a header, then for each one
# close to a column's name, the name to write; with some columns found (未识别的列 listed), the names alone.
MSG_HEADER_CELLS = "前几行中像表头的单元格有：{cells}，都不是本数据类型的列名。"
MSG_NEAR_MISSES = "其中{pairs}。请按模板修改表头后重新上传。"
MSG_NEAR_MISS = "“{cell}”应为“{header}”"
MSG_NEAR_ALIAS = "（也可写“{alias}”）"
NEAR_RATIO = 0.5  # 名字 ~ 姓名; 证件 ~ 证件号
# Numbers, dates, ID numbers and amounts are data, not a header; a sentence (说明文字。) is neither.
_DATA_CELL = re.compile(r"^[0-9０-９\s.,:/\-年月日时分XxEe%+＋]*$")
_HEADER_CELL_MAX = 20


@dataclass(frozen=True)
class FeedLayout:
    feed: FeedType
    columns: list[FeedColumn]
    rules: list[AlertRule]
    reader: Layout
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # choice column key → {as written: value}
    # The N of a 发生后N日内推送 cadence in force on the upload day, 0 when another cadence is: a change scheduled
    # on the configuration site applies from its day on (alerts.periods.cadence_on), and the punctuality page shows
    # the N in force. Read once per upload, here; the late rows (alerts.ingest.lateness) are counted by it.
    within_days: int = 0

    def column(self, key: str) -> FeedColumn | None:
        return next((c for c in self.columns if c.key == key), None)

    def not_above(self) -> list[tuple[FeedColumn, FeedColumn]]:
        """The cross-column checks (FeedColumn.not_above): (amount column, the amount column it may not exceed). A
        check naming a column the feed no longer has, or one that is no amount, checks nothing (as a rule would)."""
        pairs = []
        for column in self.columns:
            other = self.column(column.not_above) if column.not_above else None
            if other is not None and other is not column and ColumnKind.AMOUNT == column.kind == other.kind:
                pairs.append((column, other))
        return pairs


def value_aliases(column: FeedColumn) -> dict[str, str]:
    """A choice column's other accepted cells, each mapped to the value it stands for: for a pair 已X/未X (the
    answer to a yes/no header such as 是否X) 是/X and 否/不X, then the presets' aliases of its values. An alias that
    could stand for two of the column's values, or is itself one of them, is left out."""
    if column.kind != ColumnKind.CHOICE:
        return {}
    values = column.choice_list()
    found: dict[str, set[str]] = {}
    if len(values) == 2:
        for yes, no in (values, values[::-1]):
            stem = yes[1:]
            if yes.startswith("已") and stem and no == f"未{stem}":
                for alias, value in (("是", yes), (stem, yes), ("否", no), (f"不{stem}", no)):
                    found.setdefault(alias, set()).add(value)
    for value in values:
        for alias in VALUE_ALIASES.get(value, ()):
            found.setdefault(alias, set()).add(value)
    return {alias: next(iter(v)) for alias, v in found.items() if len(v) == 1 and alias not in values}


def accepted_values(column: FeedColumn) -> str:
    """The values a choice column accepts, as a message or the template names them: "已参保（或 是、参保）、未参保"."""
    aliases = value_aliases(column)
    parts = []
    for value in column.choice_list():
        others = [alias for alias, target in aliases.items() if target == value]
        parts.append(f"{value}（或 {'、'.join(others)}）" if others else value)
    return "、".join(parts)


def reader_layout(columns: list[FeedColumn]) -> Layout:
    keys: dict[str, str] = {}
    for column in columns:
        for text in (column.header, *column.alias_list()):
            keys.setdefault(normalize_header(text), column.key)
    return Layout(
        header_keys=keys,
        required=tuple((c.key, c.header) for c in columns if c.required),
        optional=tuple(c.header for c in columns if not c.required),
        # An ID number typed as a number in Excel has lost its last digits (households.registry_import.reader).
        long_codes=tuple((c.key, 0) for c in columns if c.kind == ColumnKind.ID_NUMBER),
    )


def error_heads(layout: FeedLayout, columns: dict[str, int], header: list[str]) -> dict[str, str]:
    """Each column's name as the error messages quote it: the file's own header when it is another of the
    column's names, with the template's after it ("诊断（疾病名称）"), so the clerk finds the column in their file."""
    heads = {}
    for column in layout.columns:
        index = columns.get(column.key)
        written = header[index].strip() if index is not None and index < len(header) else ""
        same = not written or normalize_header(written) == normalize_header(column.header)
        heads[column.key] = column.header if same else f"{written}（{column.header}）"
    return heads


def feed_layout(feed: FeedType, uploaded_on: dt.date | None = None) -> FeedLayout:
    """The feed type's layout for an upload made on `uploaded_on` (default today)."""
    columns = list(feed.columns.order_by("order", "id"))
    rules = list(feed.rules.filter(is_active=True).order_by("id"))
    aliases = {c.key: found for c in columns if (found := value_aliases(c))}
    in_force = cadence_on(feed, uploaded_on or timezone.localdate())
    within_days = in_force.cadence_days if in_force.cadence == Cadence.WITHIN_DAYS else 0
    return FeedLayout(
        feed=feed,
        columns=columns,
        rules=rules,
        reader=reader_layout(columns),
        aliases=aliases,
        within_days=within_days,
    )


def other_feed_hint(head: list[list[str]], feed: FeedType) -> str:
    """When a file's header misses this feed type's columns: the feed type whose header it does have, if any,
    else what its first rows wrote instead of this feed type's column names (header_hint)."""
    best: tuple[tuple[int, int], FeedType] | None = None
    cells = {normalize_header(cell) for row in head for cell in row}
    for other in FeedType.objects.filter(is_active=True).exclude(pk=feed.pk).prefetch_related("columns"):
        layout = reader_layout(list(other.columns.all()))
        try:
            _, columns = find_header(iter(enumerate(head, start=1)), layout)
        except UnreadableFile:
            continue
        # Most columns found, then most found under their own header rather than an alias.
        score = (len(columns), sum(normalize_header(c.header) in cells for c in other.columns.all()))
        if best is None or score > best[0]:
            best = (score, other)
    return MSG_OTHER_FEED.format(feed=str(best[1])) if best else header_hint(head, list(feed.columns.all()))


def _header_like(cell: str) -> bool:
    text = cell.strip()
    return bool(text) and len(text) <= _HEADER_CELL_MAX and not _DATA_CELL.match(text) and "。" not in text


def _near_miss(cell: str, columns: list[FeedColumn]) -> str:
    """The column name the cell comes close to ("“证件”应为“身份证号”（也可写“证件号”）"), "" for none."""
    text = normalize_header(cell)
    best: tuple[float, FeedColumn, str] | None = None
    for column in columns:
        for name in (column.header, *column.alias_list()):
            other = normalize_header(name)
            ratio = SequenceMatcher(None, text, other).ratio()
            if len(text) >= 2 and (text in other or other in text):
                ratio = max(ratio, 0.75)
            if ratio >= NEAR_RATIO and (best is None or ratio > best[0]):
                best = (ratio, column, name)
    if best is None:
        return ""
    _, column, name = best
    alias = MSG_NEAR_ALIAS.format(alias=name) if normalize_header(name) != normalize_header(column.header) else ""
    return MSG_NEAR_MISS.format(cell=cell.strip(), header=column.header) + alias


def header_hint(head: list[list[str]], columns: list[FeedColumn]) -> str:
    """For a file whose header this feed type did not find because no cell of its first rows names a column: the
    cells of the row most like a header, and the column names they come close to."""
    known = reader_layout(columns).header_keys
    if any(normalize_header(cell) in known for row in head for cell in row):
        # A header found with columns missing: the reader's message names, for each, the file's header most like it
        # (households.registry_import.header_row.MSG_NEAR_MISSING), with every name the column may have.
        return ""
    row = max(head, key=lambda r: sum(_header_like(c) for c in r), default=[])
    cells = list(dict.fromkeys(c.strip() for c in row if _header_like(c)))
    listed = MSG_HEADER_CELLS.format(cells="、".join(f"“{c}”" for c in cells)) if cells else ""
    unknown = dict.fromkeys(c.strip() for c in row if _header_like(c) and normalize_header(c) not in known)
    pairs = [pair for cell in unknown if (pair := _near_miss(cell, columns))]
    return listed + (MSG_NEAR_MISSES.format(pairs="，".join(pairs)) if pairs else "")
