"""Reading an uploaded registry file as a stream of rows: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or XLSX.

Rows come out as lists of cell text with their row number as Excel or a text editor shows it (title and
header rows count, blank rows count), so that the error workbook points at the row the clerk will open.
A file that cannot be read at all raises UnreadableFile with a Chinese message; nothing is imported then.
"""

import codecs
import csv
import datetime as dt
import gc
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from pathlib import PurePath
from typing import IO

from households.registry_import.columns import (
    COLUMNS,
    HEADER_KEYS,
    LINE_HEADER,
    REASON_HEADER,
    WEAK_STATUS_HEADER,
    normalize_header,
)
from households.registry_import.header_row import MSG_EMPTY as MSG_EMPTY
from households.registry_import.header_row import Layout as Layout
from households.registry_import.header_row import UnreadableFile as UnreadableFile
from households.registry_import.header_row import find_header as find_layout_header

MSG_FORMAT = "仅支持 .xlsx 或 .csv 文件（从国家系统导出的 Excel 请另存为 .xlsx）。"
MSG_OLD_XLS = "不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后重新上传。"
MSG_BROKEN_XLSX = "无法打开该 Excel 文件：文件已损坏、不完整或不是 .xlsx 格式。"
MSG_ENCODING = "无法识别 CSV 文件的编码，请保存为 UTF-8 或 GBK 编码。"
MSG_CSV = "CSV 文件格式错误（第{line}行附近）：请检查引号是否成对、文件是否完整。"
MSG_BOMB = "该 Excel 文件解压后异常庞大（疑似“压缩炸弹”），已拒绝。请另存为 CSV 或拆分后重新上传。"
MSG_ENTITY = (
    "该 Excel 文件含有 XML 实体声明（DOCTYPE/ENTITY），可能是恶意文件，已拒绝。请用 Excel 另存为新的 .xlsx 后上传。"
)

CSV_EXTENSIONS = {".csv", ".txt"}
XLSX_EXTENSIONS = {".xlsx", ".xlsm"}
# What a registry import may be (page and command alike): what MSG_FORMAT names, a .txt is refused.
EXTENSIONS = {".csv", *XLSX_EXTENSIONS}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"
_CHUNK = 1 << 20
XLSX_UNPACKED_LIMIT = 2 << 30  # a real 1,048,576-row sheet unpacks to well under this
XLSX_RATIO_LIMIT = 200  # deflate reaches ~1000:1 on a bomb; real sheets stay below ~50:1


@dataclass
class Table:
    """The file's header and a one-pass iterator over its data rows (line number, cells as text)."""

    header: list[str]  # the header row as written (stripped), for the error workbook
    columns: dict[str, int]  # column key → index in a row
    rows: Iterator[tuple[int, list[str]]]
    progress: Callable[[], float] = field(default=lambda: 0.0)  # fraction of the file read so far


def find_header(
    rows: Iterator[tuple[int, list[str]]], layout: Layout | None = None
) -> tuple[list[str], dict[str, int]]:
    """The header row and its columns (header_row.find_header), by the registry's layout unless another is given."""
    return find_layout_header(rows, layout or REGISTRY_LAYOUT)


def open_table(stream: IO[bytes], name: str, layout: Layout | None = None) -> Table:
    layout = layout or REGISTRY_LAYOUT
    suffix = PurePath(name).suffix.lower()
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(_OLE):
        raise UnreadableFile(MSG_OLD_XLS)
    if suffix in XLSX_EXTENSIONS or head.startswith(_ZIP):
        if not head.startswith(_ZIP):
            raise UnreadableFile(MSG_BROKEN_XLSX)
        return _xlsx_table(stream, layout)
    if suffix in CSV_EXTENSIONS:
        return _csv_table(stream, layout)
    raise UnreadableFile(MSG_FORMAT)


def _table(rows: Iterator[tuple[int, list[str]]], progress: Callable[[], float], layout: Layout) -> Table:
    header, columns = find_header(rows, layout)
    return Table(header=header, columns=columns, rows=rows, progress=progress)


# --- CSV ----------------------------------------------------------------------------------------------------


def detect_encoding(stream: IO[bytes]) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes as UTF-8, else GB18030 (a superset of GBK).
    Checked over the whole file first, because a wrong guess found at row 400,000 would be too late."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        stream.seek(0)
        try:
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        stream.seek(0)
        return encoding
    raise UnreadableFile(MSG_ENCODING)


def _csv_table(stream: IO[bytes], layout: Layout) -> Table:
    encoding = detect_encoding(stream)
    stream.seek(0, io.SEEK_END)
    size = stream.tell() or 1
    stream.seek(0)
    reader = csv.reader(io.TextIOWrapper(stream, encoding=encoding, newline=""))

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            # A record is one spreadsheet row even when a quoted cell holds a line break.
            yield from enumerate(reader, start=1)
        except csv.Error as error:
            raise UnreadableFile(MSG_CSV.format(line=reader.line_num)) from error

    return _table(rows(), lambda: min(1.0, stream.tell() / size), layout)


# --- XLSX ---------------------------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person sees: 12-digit codes typed as numbers lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= 1e15:
            # A long number as Excel shows it, its 15 significant digits then zeros (360425198112170000), not the
            # binary float's exact value (360425198112169984), which no one ever typed.
            return str(int(Decimal(repr(value))))
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


NUMERIC_ID = "__numeric__"  # marks a code cell stored as a number whose last digits Excel has already lost
# Excel keeps 15 significant digits: an 18-digit ID number or a 16-digit household number typed as a number is
# already wrong in the file, and only the cell's type still shows it.
_LONG_CODES = {"id_number": 0, "number": 10**15}


class SheetRows:
    """An XLSX sheet's rows as (line number, cell text), one at a time; or the rest of them as whole columns of
    cell text, `size` rows at a time (`batches`), for a caller that writes them on in bulk. Both give the same
    text; a column is converted at once (C loops: one type test, one repr per float) instead of cell by cell,
    which is what keeps reading a 200,000-row feed close to python-calamine's own time."""

    def __init__(self, source: Iterator[list[object]], height: int) -> None:
        self.source, self.height, self.line = source, height, 0
        self.width = 0
        self.code_columns: list[tuple[int, int]] = []  # (index, smallest number that cannot be exact)
        self.merged: dict[int, list[tuple[int, int, int]]] = {}  # top row index → (bottom row, left, right)
        self.spans: list[tuple[int, int, int, object]] = []  # merged ranges being read: (bottom, left, right, value)

    def merge_ranges(self, ranges: list[tuple[tuple[int, int], tuple[int, int]]] | None) -> None:
        """The merged ranges of the data area (below the header: a merged title row is left as it is), whose every
        cell then reads as the range's top-left cell, as a person sees it: a 户编号 merged down a household's
        member rows is every member's 户编号. `ranges` as python-calamine gives them: ((top, left), (bottom, right)),
        counted from 0."""
        for (top, left), (bottom, right) in ranges or ():
            if top >= self.line and (bottom > top or right > left):
                self.merged.setdefault(top, []).append((bottom, left, right))

    def _fill(self, index: int, values: list[object]) -> None:
        """Fill row `index` (from 0) in place with the value of each merged range it lies in."""
        for bottom, left, right in self.merged.pop(index, ()):
            if left < len(values):
                self.spans.append((bottom, left, right, values[left]))
        self.spans = [span for span in self.spans if span[0] >= index]
        for _, left, right, value in self.spans:
            for column in range(left, min(right + 1, len(values))):
                values[column] = value

    def __iter__(self) -> "SheetRows":
        return self

    def __next__(self) -> tuple[int, list[str]]:
        # python-calamine yields rows from A1 whatever the used range, so the count is the sheet row number.
        values = next(self.source)
        if self.merged or self.spans:
            self._fill(self.line, values)
        self.line += 1
        cells = [cell_text(v) for v in values]
        for index, limit in self.code_columns:
            if index < len(values) and _is_long_number(values[index], limit):
                cells[index] = NUMERIC_ID + cells[index]
        return self.line, cells

    def progress(self) -> float:
        return min(1.0, self.line / self.height)

    def batches(self, size: int = 5000) -> Iterator[list[list[str]]]:
        """The remaining rows, blank ones included, as `width` columns of cell text, a few thousand rows at a
        time (more would no longer fit in the processor's cache)."""
        limits = dict(self.code_columns)
        blank: list[object] = [""] * self.width
        while True:
            # Thousands of rows held at once would set off the cyclic garbage collector again and again (rows
            # are lists); they hold no cycles, so it is paused while a batch is read and converted.
            with paused_gc():
                rows = list(islice(self.source, size))
                if not rows:
                    return
                if self.merged or self.spans:
                    for offset, row in enumerate(rows):
                        self._fill(self.line + offset, row)
                if set(map(len, rows)) != {self.width}:
                    rows = [(row + blank)[: self.width] for row in rows]
                # One transposition in C (zip) rather than one pass over the rows a column.
                columns = [
                    _column_text(list(column), limits.get(i)) for i, column in enumerate(zip(*rows, strict=True))
                ]
                del rows
            self.line += len(columns[0])
            yield columns


@contextmanager
def paused_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _is_long_number(value: object, limit: int) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= limit


def _column_text(column: list[object], limit: int | None) -> list[str]:
    """cell_text of every cell of a column (and the NUMERIC_ID mark where a code column holds a long number)."""
    with suppress(TypeError):
        "".join(column)  # type: ignore[arg-type]  # succeeds when all are text, the usual case
        return column  # type: ignore[return-value]
    if (
        set(map(type, column)) == {float}
        and limit is None
        and min(column) > -1e16
        and max(column) < 1e16
        and 0.0 not in column
    ):
        # The repr of a float below 1e16 is positional, and an integral one ends in ".0", which cell_text drops.
        # The list's own repr writes them all in one C loop. (Zero is left to cell_text because of -0.0.)
        text = repr(column)[1:-1] + ", "
        return text.replace(".0, ", ", ")[:-2].split(", ")
    cells = [cell_text(v) for v in column]
    if limit is not None:
        cells = [NUMERIC_ID + c if _is_long_number(v, limit) else c for v, c in zip(column, cells, strict=True)]
    return cells


def check_xlsx(stream: IO[bytes]) -> None:
    """Refuse what would hurt the worker before any XML parser sees it: a zip bomb (from the sizes the archive
    declares) and a document type declaration (XML entities: billion laughs, external entities)."""
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
        total = 0
        for info in members:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > XLSX_UNPACKED_LIMIT or (info.file_size > (16 << 20) and ratio > XLSX_RATIO_LIMIT):
                raise UnreadableFile(MSG_BOMB)
        for info in members:
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as member:
                    prolog = member.read(64 * 1024)
                if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
                    raise UnreadableFile(MSG_ENTITY)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as error:
        raise UnreadableFile(MSG_BROKEN_XLSX) from error
    finally:
        stream.seek(0)


def _xlsx_table(stream: IO[bytes], layout: Layout) -> Table:
    from python_calamine import CalamineError, load_workbook

    check_xlsx(stream)
    try:
        workbook = load_workbook(stream)
        sheet = workbook.get_sheet_by_index(0)
        rows = SheetRows(sheet.iter_rows(), sheet.total_height or 1)
        merged = sheet.merged_cell_ranges
    except (CalamineError, ValueError, OSError) as error:
        raise UnreadableFile(MSG_BROKEN_XLSX) from error
    table = _table(rows, rows.progress, layout)
    rows.merge_ranges(merged)  # the header's row read: the ranges below it
    rows.width = len(table.header)
    rows.code_columns.extend((table.columns[key], limit) for key, limit in layout.long_codes if key in table.columns)
    return table


REGISTRY_LAYOUT = Layout(
    header_keys=HEADER_KEYS,
    required=tuple((c.key, c.header) for c in COLUMNS if c.required),
    optional=tuple(c.header for c in COLUMNS if not c.required),
    long_codes=tuple(_LONG_CODES.items()),
    weak_headers=frozenset({WEAK_STATUS_HEADER}),
)


def kept_columns(header: list[str]) -> list[int]:
    """The error workbook keeps the file's own columns, without an earlier error workbook's two extra ones."""
    return [i for i, cell in enumerate(header) if normalize_header(cell) not in {LINE_HEADER, REASON_HEADER}]
