"""The header row of an uploaded table (households.registry_import.reader): found among the first rows by the
layout's column names, or refused with what it lacks, the headers it did not recognise and, for each required
column missing, the file's header most like it (a typo, a synonym). Shared by the go-live import and the
department feeds (alerts.ingest), each with its own Layout."""

from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from households.registry_import.columns import HEADER_SEARCH_ROWS, LINE_HEADER, REASON_HEADER, normalize_header

MSG_EMPTY = "文件是空的，没有找到表头。"
MSG_MISSING_HEADERS = "表头缺少必需的列：{missing}。应有的列为：{expected}{optional}。"
MSG_UNKNOWN_HEADERS = "未识别的列：{headers}。"
MSG_NO_HEADER = "前{n}行中没有找到表头。应有的列为：{expected}{optional}。"
MSG_OPTIONAL = "（可选列：{columns}）"
# A required column the header lacks, and the file's header most like one of its names (a typo, a synonym): said
# beside the columns not recognised, so that the clerk renames one header instead of guessing which.
MSG_NEAR_MISSING = (
    "缺少必需的列“{header}”（可用列名：{names}）；文件中的“{cell}”是否就是此列？如是，请改正列名后重新上传。"
)
NEAR_RATIO = 0.5  # 名字 ~ 姓名, 身分证号 ~ 身份证号, 户主名字 ~ 户主姓名


@dataclass(frozen=True)
class Layout:
    """What a header row must name: normalised header text → column key, and the required columns in order.
    The registry's layout is the default; department feeds (alerts.ingest) bring their own."""

    header_keys: dict[str, str]
    required: tuple[tuple[str, str], ...]  # (key, header as the message names it)
    optional: tuple[str, ...] = ()
    long_codes: tuple[tuple[str, int], ...] = ()  # see reader._LONG_CODES
    # Headers that name their column only when the row has them once and names the column no other way (状态).
    weak_headers: frozenset[str] = frozenset()
    near_misses: bool = True  # suggest a header for a missing column (a layout that says its own leaves it off)

    def names(self, key: str) -> list[str]:
        """Every header text the layout accepts for a column."""
        return [text for text, other in self.header_keys.items() if other == key]


class UnreadableFile(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _missing_message(found: set[str], layout: Layout, cells: list[str] | None = None) -> str:
    """Which required columns the header row lacks, and the headers in it that name no column (未识别的列), as
    often the one the file wrote its way (身份证 for 身份证号)."""
    expected = "、".join(header for _, header in layout.required)
    optional = MSG_OPTIONAL.format(columns="、".join(layout.optional)) if layout.optional else ""
    if not found:
        return MSG_NO_HEADER.format(n=HEADER_SEARCH_ROWS, expected=expected, optional=optional)
    missing = "、".join(header for key, header in layout.required if key not in found)
    message = MSG_MISSING_HEADERS.format(missing=missing, expected=expected, optional=optional)
    unknown = [
        cell.strip()
        for cell in cells or []
        if cell.strip()
        and normalize_header(cell) not in layout.header_keys
        and normalize_header(cell) not in {LINE_HEADER, REASON_HEADER}
    ]
    if unknown:
        message += MSG_UNKNOWN_HEADERS.format(headers="、".join(dict.fromkeys(unknown)))
    if layout.near_misses:
        message += "".join(near_missing(layout, found, list(dict.fromkeys(unknown))))
    return message


def _likeness(text: str, name: str) -> float:
    ratio = SequenceMatcher(None, text, name).ratio()
    if len(text) >= 2 and len(name) >= 2 and (text in name or name in text):
        ratio = max(ratio, 0.75)  # 身份证号码 for 身份证号, 户主 for 是否户主
    return ratio


def near_missing(layout: Layout, found: set[str], unknown: list[str]) -> list[str]:
    """For each required column missing, the unrecognised header of the file most like one of its names, each
    header suggested once (MSG_NEAR_MISSING); nothing for a column no header comes close to."""
    lines, used = [], set()
    for key, header in layout.required:
        if key in found:
            continue
        names = layout.names(key) or [normalize_header(header)]
        scored = [
            (max(_likeness(normalize_header(cell), name) for name in names), cell)
            for cell in unknown
            if cell not in used
        ]
        ratio, cell = max(scored, default=(0.0, ""), key=lambda pair: pair[0])
        if ratio >= NEAR_RATIO:
            used.add(cell)
            lines.append(MSG_NEAR_MISSING.format(header=header, names="、".join(names), cell=cell))
    return lines


def find_header(rows: Iterator[tuple[int, list[str]]], layout: Layout) -> tuple[list[str], dict[str, int]]:
    """The header is the row, among the first few, that names the most known columns."""
    best: tuple[list[str], dict[str, int]] | None = None
    for _ in range(HEADER_SEARCH_ROWS):
        try:
            _, cells = next(rows)
        except StopIteration:
            break
        columns: dict[str, int] = {}
        texts = [normalize_header(cell) for cell in cells]
        for index, text in enumerate(texts):
            key = layout.header_keys.get(text)
            if key is not None and key not in columns and text not in layout.weak_headers:
                columns[key] = index
        for text in layout.weak_headers:
            key = layout.header_keys[text]
            if key not in columns and texts.count(text) == 1:
                columns[key] = texts.index(text)
        if best is None or len(columns) > len(best[1]):
            best = ([cell.strip() for cell in cells], columns)
        if all(key in columns for key, _ in layout.required):
            return best
    if best is None:
        raise UnreadableFile(MSG_EMPTY)
    raise UnreadableFile(_missing_message(set(best[1]), layout, best[0]))
