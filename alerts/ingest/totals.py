"""A department file's footer (表尾) below its data: total rows (合计、小计、总计) and the sign-off rows (填表人、
审核人、单位（盖章）、备注、说明、注：…). Not data, so skipped before the cleaning.

Many 报表, and this system's own ledgers, end with a row such as "合计, 2人", and a department's printed return
with "填表人：张丽, 审核人：王强". Such a row's first non-empty cell is one of TOTAL_WORDS (spaces and a colon
aside) or starts with one of FOOTER_WORDS (注 only as 注, 注：… or 注1…), and its ID number cell holds no ID number
(empty, the word itself, or a count such as "2人": fewer than 15 digits). Counted as a row it would be an error
row ("身份证号：不能为空…") the clerk is told to fix. Only such rows at the end of the file (with blank rows among
them) are skipped, so a footer row in the middle of the data, or one with an ID number, is still an error to look
at.

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
# What a footer row's first non-empty cell starts with (whitespace aside).
FOOTER_WORDS = (
    "填表人", "制表人", "填报人", "审核人", "审核", "负责人", "单位", "盖章",
    "填表日期", "制表日期", "填报日期", "报送日期", "联系人", "联系电话", "备注", "说明",
)  # fmt: skip
# The same as one regular expression both Python and PostgreSQL read; 注 only alone or before a colon or a digit.
FOOTER_PATTERN = "^(" + "|".join(FOOTER_WORDS) + "|注($|[:：0-9０-９]))"
FOOTER_EXAMPLES = "合计、填表人"  # what the message names
MSG_TOTALS_SKIPPED = "表尾 {n} 行（{words}等）不是人员数据，未作为数据读入，不计入有误行。"
_NOISE = re.compile(r"[\s\u3000:：]")
_WHITESPACE = re.compile(r"[\s\u3000]")
_FOOTER = re.compile(FOOTER_PATTERN)
_SPACES = " \t\r\n\u3000\u00a0"
_NOT_ID = re.compile(r"[^0-9Xx０-９]")
ID_DIGITS = 15  # an ID number cell with fewer digits than the old 15-digit numbers names no one
TAIL_BYTES = 64 * 1024  # a CSV's last this many bytes are held back to the last piece, whose tail is looked at


def id_index(layout: FeedLayout, columns: dict[str, int]) -> int | None:
    key = next((c.key for c in layout.columns if c.kind == ColumnKind.ID_NUMBER), None)
    return columns.get(key) if key is not None else None


def is_total(cells: list[str], id_at: int | None) -> bool:
    """A footer row: its first non-empty cell is 合计/小计/总计 or starts with a footer word (填表人、审核人…), and
    its ID number cell holds no ID number."""
    first = next((cell.strip(_SPACES) for cell in cells if cell and cell.strip(_SPACES)), "")
    if _NOISE.sub("", first) not in TOTAL_WORDS and not _FOOTER.match(_WHITESPACE.sub("", first)):
        return False
    number = (cells[id_at] or "") if id_at is not None and id_at < len(cells) else ""
    return len(_NOT_ID.sub("", number)) < ID_DIGITS


is_footer = is_total


def _blank(cells: list[str]) -> bool:
    return not any(cell and cell.strip(_SPACES) for cell in cells)


def csv_tail_trim(piece: bytes, encoding: str, id_at: int | None, delimiter: str = ",") -> tuple[bytes, int]:
    """The last COPY piece of a CSV (whole records) without its trailing footer rows; and how many were cut. A
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
    """Delete the staged table's trailing footer rows (those after its last row that is neither blank nor a footer
    row); returns how many. Two scans of the table: only for the row-by-row paths, whose reading costs far more.
    A row with an ID number (every data row) is told apart by it before its first cell is looked at."""
    if not width:
        return 0
    first = f"coalesce({', '.join(_cell_sql(i) for i in range(width))}, '')"
    word = f"regexp_replace({first}, E'[[:space:]\\u3000:：]', '', 'g')"
    spaced = f"regexp_replace({first}, E'[[:space:]\\u3000]', '', 'g')"
    number = f"coalesce(c{id_at}, '')" if id_at is not None else "''"
    digits = f"char_length(regexp_replace({number}, '[^0-9Xx０-９]', '', 'g'))"
    total = (
        f"(CASE WHEN {digits} >= {ID_DIGITS} THEN false"
        f" WHEN {word} IN ({', '.join(repr(w) for w in TOTAL_WORDS)}) THEN true ELSE {spaced} ~ %s END)"
    )
    cursor.execute(
        f"""WITH last AS (SELECT coalesce(max(line), 0) AS line FROM {table} WHERE {first} <> '' AND NOT {total})
        DELETE FROM {table} WHERE line > (SELECT line FROM last) AND {total}""",
        [FOOTER_PATTERN, FOOTER_PATTERN],
    )
    return max(cursor.rowcount, 0)
