"""A department file's own total rows (合计、小计、总计) at its end: not data, so skipped before the cleaning.

Many 报表, and this system's own ledgers, end with a row such as "合计, 2人": its first non-empty cell is one of
TOTAL_WORDS (spaces and a colon aside) and its ID number cell holds no ID number (empty, the word itself, or a
count such as "2人": fewer than 15 digits). Counted as a row it
would be an error row ("身份证号：不能为空…") the clerk is told to fix. Only such rows at the end of the file (with
blank rows among them) are skipped, so a total row in the middle of the data is still an error to look at.

A CSV file's tail is looked at in Python before its last COPY piece is sent (csv_tail_trim: nothing more for
PostgreSQL to do, and a short "合计,2人" row no longer sends the whole file to the row-by-row reading); a table read
row by row (XLSX, a CSV that COPY refused) is trimmed once staged (table_trim). Either way the triage and the
cleaning never see the rows, so the two agree.
"""

import csv
import re
from typing import Any

from alerts.choices import ColumnKind
from alerts.ingest.layout import FeedLayout

TOTAL_WORDS = ("合计", "小计", "总计")
MSG_TOTALS_SKIPPED = "文件末尾的合计行（{words}）{n} 行不是人员数据，已跳过，不计入有误行。"
_NOISE = re.compile(r"[\s\u3000:：]")
_SPACES = " \t\r\n\u3000\u00a0"
_NOT_ID = re.compile(r"[^0-9Xx０-９]")
ID_DIGITS = 15  # an ID number cell with fewer digits than the old 15-digit numbers names no one
TAIL_BYTES = 64 * 1024  # a CSV's last this many bytes are held back to the last piece, whose tail is looked at


def id_index(layout: FeedLayout, columns: dict[str, int]) -> int | None:
    key = next((c.key for c in layout.columns if c.kind == ColumnKind.ID_NUMBER), None)
    return columns.get(key) if key is not None else None


def is_total(cells: list[str], id_at: int | None) -> bool:
    """The row's first non-empty cell is 合计/小计/总计 and its ID number cell holds no ID number."""
    first = next((cell.strip(_SPACES) for cell in cells if cell and cell.strip(_SPACES)), "")
    if _NOISE.sub("", first) not in TOTAL_WORDS:
        return False
    number = (cells[id_at] or "") if id_at is not None and id_at < len(cells) else ""
    return len(_NOT_ID.sub("", number)) < ID_DIGITS


def _blank(cells: list[str]) -> bool:
    return not any(cell and cell.strip(_SPACES) for cell in cells)


def csv_tail_trim(piece: bytes, encoding: str, id_at: int | None, delimiter: str = ",") -> tuple[bytes, int]:
    """The last COPY piece of a CSV (whole records) without its trailing total rows; and how many were cut. A
    line is looked at only when it is a record of its own (an even number of quotes before it and in it)."""
    position, cut, skipped = len(piece), None, 0
    while position > 0:
        line_end = position - 1 if piece[position - 1 : position] == b"\n" else position
        start = piece.rfind(b"\n", 0, line_end) + 1
        line = piece[start:line_end].rstrip(b"\r")
        if line.count(b'"') % 2 or piece.count(b'"', 0, start) % 2:
            break
        try:
            cells = next(csv.reader([line.decode(encoding)], delimiter=delimiter), [])
        except (UnicodeDecodeError, csv.Error):
            break
        if is_total(cells, id_at):
            skipped += 1
        elif not _blank(cells):
            break
        cut = position = start
    if not skipped or cut is None:
        return piece, 0
    return piece[:cut], skipped


def _cell_sql(i: int) -> str:
    return f"nullif(btrim(c{i}, E' \\t\\r\\n\\u3000\\u00a0'), '')"


def table_trim(cursor: Any, table: str, width: int, id_at: int | None) -> int:
    """Delete the staged table's trailing total rows (those after its last row that is neither blank nor a total);
    returns how many. Two scans of the table: only for the row-by-row paths, whose reading costs far more."""
    if not width:
        return 0
    first = f"coalesce({', '.join(_cell_sql(i) for i in range(width))}, '')"
    word = f"regexp_replace({first}, E'[[:space:]\\u3000:：]', '', 'g')"
    number = f"coalesce(c{id_at}, '')" if id_at is not None else "''"
    digits = f"char_length(regexp_replace({number}, '[^0-9Xx０-９]', '', 'g'))"
    total = f"({word} IN ({', '.join(repr(w) for w in TOTAL_WORDS)}) AND {digits} < {ID_DIGITS})"
    cursor.execute(
        f"""WITH last AS (SELECT coalesce(max(line), 0) AS line FROM {table} WHERE {first} <> '' AND NOT {total})
        DELETE FROM {table} WHERE line > (SELECT line FROM last) AND {total}"""
    )
    return max(cursor.rowcount, 0)
