"""The header of a CSV file, and the cell separator when it is not a comma (review rev-clerk 8).

Many government systems export text with tabs (or semicolons) under a .csv name. The header is looked for with a
comma first, exactly as before, so a comma file costs nothing more; only when no header is found that way are the
first rows read again with a tab, then with a semicolon. A file that has the header with none of them, but whose
first rows are cut by tabs or semicolons rather than commas, is told so (MSG_NOT_COMMA).
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from alerts.ingest.layout import FeedLayout
from households.registry_import.reader import MSG_CSV, Table, UnreadableFile, detect_encoding, find_header

OTHER_DELIMITERS = ("\t", ";")
MSG_NOT_COMMA = "文件不是逗号分隔的 CSV，请另存为 CSV（逗号分隔）或 .xlsx 后重新上传。"
# COPY's DELIMITER option for each separator (alerts.ingest.reading).
COPY_DELIMITERS = {",": "", "\t": ", DELIMITER E'\\t'", ";": ", DELIMITER ';'"}


@dataclass(frozen=True)
class CsvHeader:
    header: list[str]
    columns: dict[str, int]
    consumed: str  # the text up to the end of the header record
    records: int  # records read, the header's included
    delimiter: str = ","


def csv_header(lines: list[str], layout: FeedLayout, delimiter: str = ",") -> CsvHeader:
    """The header among the first records of `lines` (households.registry_import.reader.find_header)."""
    consumed: list[str] = []
    records = [0]

    def feed() -> Iterator[str]:
        for line in lines:
            consumed.append(line)
            yield line

    def numbered() -> Iterator[tuple[int, list[str]]]:
        for index, row in enumerate(csv.reader(feed(), delimiter=delimiter), start=1):
            records[0] = index
            yield index, row

    header, columns = find_header(numbered(), layout.reader)
    return CsvHeader(header, columns, "".join(consumed), records[0], delimiter)


def other_delimiter_header(lines: list[str], layout: FeedLayout) -> CsvHeader | None:
    """The header read with a tab or a semicolon as the separator, the first that finds it; else None."""
    for delimiter in OTHER_DELIMITERS:
        try:
            return csv_header(lines, layout, delimiter)
        except (UnreadableFile, csv.Error):
            continue
    return None


def not_comma_hint(text: str) -> str:
    """MSG_NOT_COMMA when the first lines hold tabs or semicolons and no comma, else ""."""
    head = "".join(text.splitlines(keepends=True)[:5])
    if "," not in head and any(d in head for d in OTHER_DELIMITERS):
        return MSG_NOT_COMMA
    return ""


def head_delimiter(stream: IO[bytes], layout: FeedLayout, head_bytes: int) -> str:
    """The separator with which the first rows of the file hold the header: a comma when they do with one, or with
    none; else a tab or a semicolon. The stream is left at its start."""
    stream.seek(0)
    head = stream.read(head_bytes)
    stream.seek(0)
    head = head.removeprefix(codecs.BOM_UTF8)
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("gb18030", errors="ignore")  # a cut character at the end, or a GBK file
    lines = text.splitlines(keepends=True)[:-1] if len(head) == head_bytes else text.splitlines(keepends=True)
    try:
        csv_header(lines, layout)
        return ","
    except (UnreadableFile, csv.Error):
        other = other_delimiter_header(lines, layout)
    return other.delimiter if other is not None else ","


def delimited_table(stream: IO[bytes], layout: FeedLayout, delimiter: str) -> Table:
    """A CSV file read row by row with another separator (head_delimiter), as households.registry_import.reader
    reads a comma file: for a file the COPY path refused."""
    encoding = detect_encoding(stream)
    stream.seek(0, io.SEEK_END)
    size = stream.tell() or 1
    stream.seek(0)
    reader = csv.reader(io.TextIOWrapper(stream, encoding=encoding, newline=""), delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as error:
            raise UnreadableFile(MSG_CSV.format(line=reader.line_num)) from error

    numbered = rows()
    header, columns = find_header(numbered, layout.reader)
    return Table(header=header, columns=columns, rows=numbered, progress=lambda: min(1.0, stream.tell() / size))
