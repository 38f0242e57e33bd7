"""A feed type's columns as a header layout for households.registry_import.reader."""

from dataclasses import dataclass

from alerts.choices import ColumnKind
from alerts.models import AlertRule, FeedColumn, FeedType
from households.registry_import.columns import normalize_header
from households.registry_import.reader import Layout, UnreadableFile, find_header

MSG_OTHER_FEED = "该文件的表头与“{feed}”一致，请在该数据类型下上传。"


@dataclass(frozen=True)
class FeedLayout:
    feed: FeedType
    columns: list[FeedColumn]
    rules: list[AlertRule]
    reader: Layout

    def column(self, key: str) -> FeedColumn | None:
        return next((c for c in self.columns if c.key == key), None)


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


def feed_layout(feed: FeedType) -> FeedLayout:
    columns = list(feed.columns.order_by("order", "id"))
    rules = list(feed.rules.filter(is_active=True).order_by("id"))
    return FeedLayout(feed=feed, columns=columns, rules=rules, reader=reader_layout(columns))


def other_feed_hint(head: list[list[str]], feed: FeedType) -> str:
    """When a file's header misses this feed type's columns: the feed type whose header it does have, if any."""
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
    return MSG_OTHER_FEED.format(feed=str(best[1])) if best else ""
