"""A feed file into the session's staging table (alerts.ingest.rawtable, seen as `feed_raw`: line, c0 … cN as
text), one column per header cell.

A CSV file goes straight from disk into PostgreSQL: its header is found in the first few rows (a title row may
stand above it), then the rest is sent to `COPY … (FORMAT csv, ENCODING …)` in pieces cut at record ends, so
PostgreSQL parses and transcodes (GBK/GB18030 or UTF-8) and Python never touches a row: this is what lets a
million-row file be ingested in a few times a bare COPY. While the pieces are sent, one regular expression over
their bytes tells whether every record is written plainly enough for the cleaning to skip its per-row test
(Staged.clean, alerts.ingest.cleaning). A CSV that COPY cannot take as it is (ragged rows, blank
lines, a broken quote) is read again through the go-live import's reader, as is every XLSX file; the rows then
reach the same table as COPY text. Either way the row numbers are the ones Excel or a text editor shows.

An XLSX file's data need not be on its first sheet (a 说明 sheet often comes first): the header is looked for on
every visible worksheet in order, and the first that has it is read. When none has, the message names them.
"""

import codecs
import contextlib
import csv
import io
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

import psycopg2
from django.db import DataError, transaction

from alerts.ingest import delimiters, rawtable, totals
from alerts.ingest.cleaning import clean_records_pattern
from alerts.ingest.layout import FeedLayout, other_feed_hint
from households.registry_import.reader import (
    CSV_EXTENSIONS,
    MSG_BROKEN_XLSX,
    MSG_EMPTY,
    MSG_ENCODING,
    MSG_FORMAT,
    MSG_OLD_XLS,
    XLSX_EXTENSIONS,
    SheetRows,
    Table,
    UnreadableFile,
    cell_text,
    check_xlsx,
    find_header,
    open_table,
)
from households.registry_import.rows import copy_text

logger = logging.getLogger(__name__)

HEAD_BYTES = 256 * 1024  # the header must be within the first rows, so within this much of the file
CHUNK = 8 << 20  # bytes per COPY piece (progress is reported between pieces)
_ZIP, _OLE, _BOM = b"PK\x03\x04", b"\xd0\xcf\x11\xe0", codecs.BOM_UTF8
_PG_ENCODING = {"utf-8": "UTF8", "gb18030": "GB18030"}
Progress = Callable[[float, int], None]
MSG_SHEET = "工作表“{sheet}”：{message}"
MSG_SHEETS = "{n}个工作表（{sheets}）的{message}"


@dataclass(frozen=True)
class Staged:
    header: list[str]
    columns: dict[str, int]  # column key → index (c0 … cN)
    rows: int  # records staged, blank ones included
    clean: bool = False  # every record passed the cleaning's fast test (a CSV staged by COPY only)
    totals: int = 0  # trailing footer rows (合计、填表人…) skipped, not staged (alerts.ingest.totals)
    workbook: bool = False  # read from an XLSX sheet, whose cells have types (the error workbook writes numbers)


def _cell_list(width: int) -> str:
    return ", ".join(f"c{i}" for i in range(width))


def stage_file(cursor: Any, stream: IO[bytes], name: str, layout: FeedLayout, progress: Progress) -> Staged:
    suffix = PurePath(name).suffix.lower()
    magic = stream.read(8)
    stream.seek(0)
    if magic.startswith(_OLE):
        raise UnreadableFile(MSG_OLD_XLS)
    if suffix in XLSX_EXTENSIONS or magic.startswith(_ZIP):
        return _stage_table(cursor, stream, name, layout, progress)
    if suffix not in CSV_EXTENSIONS:
        raise UnreadableFile(MSG_FORMAT)
    try:
        return _stage_csv(cursor, stream, layout, progress)
    except (DataError, psycopg2.DataError):
        # COPY refused the file as it is: read it row by row instead, which also names what is wrong.
        stream.seek(0)
        return _stage_table(cursor, stream, name, layout, progress)


# --- CSV straight into COPY ----------------------------------------------------------------------------------


def _head_encoding(head: bytes, complete: bool) -> str:
    """Detected from the first 256 KB; COPY then checks every byte of the rest in that encoding."""
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=complete)
        except UnicodeDecodeError:
            continue
        return encoding
    raise UnreadableFile(MSG_ENCODING)


def head_rows(stream: IO[bytes], name: str, n: int = 5) -> list[list[str]]:
    """The first rows of a file as text, for saying which feed type a refused file looks like."""
    stream.seek(0)
    try:
        if PurePath(name).suffix.lower() in XLSX_EXTENSIONS:
            from python_calamine import load_workbook

            rows = load_workbook(stream).get_sheet_by_index(0).iter_rows()
            return [[cell_text(v) for v in row] for _, row in zip(range(n), rows, strict=False)]
        head = stream.read(HEAD_BYTES)
        text = head.decode(_head_encoding(head, False), errors="ignore").lstrip("\ufeff")
        return [row for _, row in zip(range(n), csv.reader(io.StringIO(text)), strict=False)]
    except Exception:
        # Only a hint for the message of a file already refused: that file's own error is what the clerk is told.
        logger.info("could not read the first rows of %s for a feed type hint", name, exc_info=True)
        return []
    finally:
        stream.seek(0)


def _stage_csv(cursor: Any, stream: IO[bytes], layout: FeedLayout, progress: Progress) -> Staged:
    stream.seek(0, io.SEEK_END)
    size = stream.tell() or 1
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    bom = len(_BOM) if head.startswith(_BOM) else 0
    encoding = _head_encoding(head[bom:], len(head) < HEAD_BYTES)
    text = head[bom:].decode(encoding, errors="ignore")
    lines = re.split(r"(?<=\n)", text)
    if len(head) == HEAD_BYTES:
        lines = lines[:-1]  # the last line may be cut off
    try:
        found = delimiters.csv_header(lines, layout)
    except csv.Error as error:
        raise DataError("unreadable head") from error
    except UnreadableFile as error:
        # Not with commas: a tab- or semicolon-separated export under a .csv name (alerts.ingest.delimiters).
        if (other := delimiters.other_delimiter_header(lines, layout)) is None:
            hint = other_feed_hint(
                [row for _, row in zip(range(5), csv.reader(io.StringIO(text)), strict=False)], layout.feed
            )
            raise UnreadableFile(f"{error.message}{delimiters.not_comma_hint(text)}{hint}") from error
        found = other
    header, columns, delimiter = found.header, found.columns, found.delimiter
    offset = bom + len(found.consumed.encode(encoding))
    width = len(header)
    table = rawtable.create(cursor, width, found.records + 1)
    options = f"FORMAT csv, ENCODING '{_PG_ENCODING[encoding]}'{delimiters.COPY_DELIMITERS[delimiter]}"
    sql = f"COPY {table} ({_cell_list(width)}) FROM STDIN WITH ({options})"
    # The clean-records pattern reads commas: another separator takes the cleaning's per-row test.
    pattern = clean_records_pattern(layout, columns, width) if delimiter == "," else None
    clean = pattern is not None
    stream.seek(offset)
    carry, rows, skipped = b"", 0, 0
    id_at = totals.id_index(layout, columns)
    while True:
        chunk = stream.read(CHUNK)
        data = carry + chunk
        if not chunk:
            # The file's last records, held back below: trailing footer rows are cut off here (alerts.ingest.totals).
            trimmed, skipped = totals.csv_tail_trim(data, encoding, id_at, delimiter)
            piece = trimmed.rstrip(b"\r\n")
            if piece.strip():
                # Ended as its other lines are: COPY refuses a file whose line endings differ.
                first = data.find(b"\n")
                eol = b"\r\n" if first > 0 and data[first - 1 : first] == b"\r" else b"\n"
                copied, clean = _copy_piece(cursor, sql, _Piece(piece + eol, len(piece) + len(eol), pattern, clean))
                rows += copied
            break
        cut = _record_end(data, len(data) - totals.TAIL_BYTES)
        carry = data[cut:]
        if cut:
            copied, clean = _copy_piece(cursor, sql, _Piece(data, cut, pattern, clean))
            rows += copied
            progress(stream.tell() / size, rows)
    header = [cell.strip() for cell in header]
    return Staged(header=header, columns=columns, rows=rows, clean=clean, totals=skipped)


class _Piece:
    """data[:end] (whole records) for COPY, handed to psycopg2 a block at a time, each block matched against the
    clean-records pattern (alerts.ingest.cleaning) just before it is sent: PostgreSQL parses the block before
    while Python matches this one, so on two cores the check adds next to nothing to the staging. A block ends at
    a line break, which in a piece the pattern accepts (no quotes) always ends a record."""

    BLOCK = 1 << 20

    def __init__(self, data: bytes, end: int, pattern: re.Pattern[bytes] | None, clean: bool) -> None:
        self.data, self.end, self.pattern, self.position = data, end, pattern, 0
        self.clean = clean and pattern is not None

    def read(self, size: int) -> bytes:
        start = self.position
        stop = min(start + size, self.end)
        if stop < self.end:
            cut = self.data.rfind(b"\n", start, stop)
            if cut >= 0:
                stop = cut + 1
            else:
                self.clean = False  # a record longer than a block: not one a machine writes plainly
        if self.clean and self.pattern is not None and start < stop:
            self.clean = self.pattern.fullmatch(self.data, start, stop) is not None
        self.position = stop
        return self.data[start:stop]


def _copy_piece(cursor: Any, sql: str, piece: _Piece) -> tuple[int, bool]:
    """(records copied, whether they all passed the clean-records pattern)."""
    # Its own transaction (a savepoint inside one): a refused piece leaves the connection usable for the
    # row-by-row reading that follows, and progress written between pieces is seen by the upload page.
    with transaction.atomic():
        cursor.copy_expert(sql, piece, _Piece.BLOCK)
    return max(cursor.rowcount, 0), piece.clean


def _record_end(data: bytes, limit: int | None = None) -> int:
    """The end of the last whole record before `limit`: after a line break with an even number of quotes before
    it. (In GBK, GB18030 and UTF-8 no multi-byte character contains the bytes of '"' or a line break.)"""
    if limit is not None and limit <= 0:
        return 0
    end = data.rfind(b"\n", 0, limit)
    while end >= 0:
        if data.count(b'"', 0, end) % 2 == 0:
            return end + 1
        end = data.rfind(b"\n", 0, end)
    return 0


# --- any file, row by row ------------------------------------------------------------------------------------


def _stage_table(cursor: Any, stream: IO[bytes], name: str, layout: FeedLayout, progress: Progress) -> Staged:
    magic = stream.read(8)
    stream.seek(0)
    if PurePath(name).suffix.lower() in XLSX_EXTENSIONS or magic.startswith(_ZIP):
        if not magic.startswith(_ZIP):
            raise UnreadableFile(MSG_BROKEN_XLSX)
        table = xlsx_table(stream, layout)
    else:
        try:
            # A tab- or semicolon-separated file (alerts.ingest.delimiters) COPY refused is read with its separator.
            delimiter = delimiters.head_delimiter(stream, layout, HEAD_BYTES)
            if delimiter != ",":
                table = delimiters.delimited_table(stream, layout, delimiter)
            else:
                table = open_table(stream, name, layout.reader)
        except UnreadableFile as error:
            if not error.message.startswith(("表头", "前")):
                raise
            hint = other_feed_hint(head_rows(stream, name), layout.feed)
            raise UnreadableFile(f"{error.message}{hint}") from error
    width = len(table.header)
    if isinstance(table.rows, SheetRows):  # every row after the header, numbered by the table's sequence
        raw = rawtable.create(cursor, width, table.rows.line + 1)
        sql = f"COPY {raw} ({_cell_list(width)}) FROM STDIN"
    else:
        raw = rawtable.create(cursor, width, 1)
        sql = f"COPY {raw} (line, {_cell_list(width)}) FROM STDIN"
    rows = 0
    for buffer, count in copy_chunks(table, width):
        cursor.copy_expert(sql, buffer)
        rows += count
        # After the last chunk the reader has finished and closed its text wrapper over the file.
        with contextlib.suppress(ValueError):
            progress(table.progress(), rows)
    skipped = totals.table_trim(cursor, raw, width, totals.id_index(layout, table.columns))
    workbook = isinstance(table.rows, SheetRows)
    return Staged(header=table.header, columns=table.columns, rows=rows - skipped, totals=skipped, workbook=workbook)


def xlsx_table(stream: IO[bytes], layout: FeedLayout) -> Table:
    """The first visible worksheet whose first rows hold the feed's header, as households.registry_import.reader
    opens the first sheet (the same guard against zip bombs and XML entities first). None has it: the reader's
    message, naming the sheets when there are several, and the feed type whose header one of them has."""
    from python_calamine import CalamineError, SheetTypeEnum, SheetVisibleEnum, load_workbook

    check_xlsx(stream)
    failures: list[tuple[str, str, list[list[str]]]] = []  # (sheet, message, its first rows)
    try:
        workbook = load_workbook(stream)
        sheets = [
            (index, meta.name)
            for index, meta in enumerate(workbook.sheets_metadata)
            if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet
        ]
        for index, sheet_name in sheets:
            sheet = workbook.get_sheet_by_index(index)
            rows = SheetRows(sheet.iter_rows(), sheet.total_height or 1)
            head: list[list[str]] = []
            try:
                header, columns = find_header(_recorded(rows, head), layout.reader)
            except UnreadableFile as error:
                failures.append((sheet_name, error.message, head))
                continue
            rows.width = len(header)
            limits = layout.reader.long_codes
            rows.code_columns.extend((columns[key], limit) for key, limit in limits if key in columns)
            return Table(header=header, columns=columns, rows=rows, progress=rows.progress)
    except (CalamineError, ValueError, OSError) as error:
        raise UnreadableFile(MSG_BROKEN_XLSX) from error
    raise UnreadableFile(_sheets_message(failures) + _sheets_hint(failures, layout))


def _recorded(rows: SheetRows, head: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows, one at a time (the header search takes only the first few), each kept in `head`."""
    for line, cells in rows:
        head.append(cells)
        yield line, cells


def _sheets_message(failures: list[tuple[str, str, list[list[str]]]]) -> str:
    """Why no sheet was read: a sheet whose header misses columns says which; else no sheet had a header."""
    if len(failures) == 1:
        return failures[0][1]
    for sheet, message, _ in failures:
        if message.startswith("表头"):
            return MSG_SHEET.format(sheet=sheet, message=message)
    texts = [message for _, message, _ in failures if message != MSG_EMPTY]
    if not texts:
        return MSG_EMPTY
    names = "、".join(f"“{sheet}”" for sheet, _, _ in failures)
    return MSG_SHEETS.format(n=len(failures), sheets=names, message=texts[0].replace("中没有找到", "中都没有找到", 1))


def _sheets_hint(failures: list[tuple[str, str, list[list[str]]]], layout: FeedLayout) -> str:
    for _, _, head in failures:
        if head and (hint := other_feed_hint(head, layout.feed)):
            return hint
    return ""


def copy_chunks(table: Table, width: int, size: int = 50_000) -> Iterator[tuple[io.StringIO, int]]:
    """The table's rows as COPY text, in chunks of `size` rows. An XLSX sheet (SheetRows) gives every row after
    the header, blank ones too (the cleaning passes over them), as one cell per header column and no line
    number: the staging table's sequence numbers them. It comes in whole columns and is written with C loops
    only. Other tables (a CSV that COPY refused, read row by row) give the line number first, then the cells,
    and leave blank rows out (their line numbers simply do not occur)."""
    if isinstance(table.rows, SheetRows):
        texts: list[str] = []
        pending = 0
        for columns in table.rows.batches():
            texts.append(_column_text(columns))
            pending += len(columns[0])
            if pending >= size:
                yield io.StringIO("".join(texts)), pending
                texts, pending = [], 0
        yield io.StringIO("".join(texts)), pending
        return
    buffer, pending = io.StringIO(), 0
    blank = [""] * width
    tabs = width - 1
    write = buffer.write
    for line, cells in table.rows:
        if len(cells) != width:
            cells = (cells + blank)[:width]
        text = "\t".join(cells)
        if text.count("\t") != tabs or "\\" in text or "\n" in text or "\r" in text:
            text = "\t".join(map(copy_text, cells))
        elif not text.strip():
            continue
        write(f"{line}\t{text}\n")
        pending += 1
        if pending == size:
            buffer.seek(0)
            yield buffer, pending
            buffer, pending = io.StringIO(), 0
            write = buffer.write
    buffer.seek(0)
    yield buffer, pending


def _column_text(columns: list[list[str]]) -> str:
    """COPY text of a batch of rows given as columns. It is escaped (cell by cell) only when a cell holds a tab,
    a backslash or a line break, which is seldom; the counts of tabs and line breaks in the text tell."""
    rows, width = len(columns[0]), len(columns)
    text = "\n".join(map("\t".join, zip(*columns, strict=True))) + "\n"
    if text.count("\t") != rows * (width - 1) or text.count("\n") != rows or "\\" in text or "\r" in text:
        columns = [list(map(copy_text, column)) for column in columns]
        text = "\n".join(map("\t".join, zip(*columns, strict=True))) + "\n"
    return text
