"""The statement that turns the staged cells (`feed_raw`) into `feed_rows` (alerts.ingest.staging): cleaned text,
typed amounts and dates, the member the ID number names and each row's errors as "列名：原因".

Text functions cost about a microsecond a call here (translate() and regular expressions walk the text
character by character in a multibyte database), so a row written the usual way (18-character ID number, plain
amounts, an ISO date) takes a fast path: one regular expression with character classes only, over the ID, amount
and date cells joined by commas, plus length and position tests, decides for the whole row that every such cell
is already clean; then those cells are used as they are (no btrim, translate or regexp_match) and the date's
parts are cast once. A row that fails the test is cleaned by the general expressions, cell by cell, exactly as
before. The fast test accepts only cells the general expressions would leave unchanged, so both paths give the
same values and the same errors.

Even that test costs a microsecond a row (about 1.2 s for a million rows). A CSV file whose every record passes
it is recognised before any row is staged: while each COPY piece is sent, Python matches its bytes against one
regular expression built from the file's columns (clean_records_pattern, never looser than the test), at a few
hundred MB/s and beside PostgreSQL parsing the block before. Such a file is cleaned by the same statement with the
fast flag a constant true (rows_statement(clean=True)): the test is not run and PostgreSQL folds away the branches
and the error tests that flag makes unreachable. Any other file (one odd cell is enough, and XLSX) takes the
per-row test as before.

An ID number found in the registry was checked when it was registered, so its birth date and check digit are
computed only for the rows that match no one (the check digit from the bytes of the number, not 17 casts).

An ID number as department systems export it so that Excel keeps it as text (="…", which COPY reads as =…, or a
leading apostrophe), or with a tab or a full-width space copied along, is none of the plain cells the fast test,
the per-cell fast path or the clean-records pattern accept, so it is always cleaned in full: the wrapper and
the whitespace come off (_ID_TRIM, _ID_SPACES) before the number is checked. A date or amount that had to be
cleaned is written back in its plain form (2026-11-24, 25000.00), the form the alerts' 预警内容 quotes; a choice
column's cell may be one of its value aliases (alerts.ingest.layout.value_aliases), written as that value.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import connection

from alerts.choices import ColumnKind
from alerts.ingest.layout import FeedLayout, accepted_values
from alerts.models import FeedColumn
from alerts.presets import TEMPLATE_EXAMPLE_IDS
from households.choices import LivingStatus
from households.idnumber import _CHECK_CHARS, _WEIGHTS, MSG_ID_BIRTH, MSG_ID_CHECK, MSG_ID_FUTURE, MSG_ID_LENGTH
from households.registry_import.reader import NUMERIC_ID
from households.registry_import.rows import MSG_NUMERIC_CODE, MSG_REQUIRED, MSG_TOO_LONG, MSG_UNKNOWN_VALUE

MSG_AMOUNT = "“%s”不是有效的金额（元），应为数字，最多两位小数"
MSG_NEGATIVE = "金额不能为负数"
MSG_DATE = "“%s”不是有效的日期，应按 年-月-日 填写，如 2026-10-08"
MSG_FUTURE = "日期 %s 晚于今天"
MSG_EXAMPLE_ROW = "这是模板中的填写示例，不是真实人员，请删除该行"
MSG_NOT_ABOVE = "{head}（%s）大于{other}（%s）"
NAME_LENGTH = 50

_AMOUNT_ANY = r"^-?[0-9]{1,10}(\.[0-9]{1,2})?$"
_DATE_ANY = r"^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?(?:[T ][0-9:.]*)?$"
_DATE_COMPACT = r"^([0-9]{4})([0-9]{2})([0-9]{2})$"
_ID_SHAPE, _ID_EXCEL_NUMBER = r"^[0-9]{17}[0-9X]$", r"^[0-9.]+E[+]?[0-9]+$"  # Excel's 3.60425E+17, typed as text
_FULL_DIGITS, _DIGITS = "０１２３４５６７８９", "0123456789"
# Whitespace taken out of an ID number anywhere (tabs, no-break, full-width spaces); off its ends ="…" and ' too.
_ID_SPACES = " \t\r\n\u3000\u00a0\ufeff\u200b"
_ID_TRIM = _ID_SPACES + "=\"'"
_FAST = "f.__fast"  # the row passed the fast test (NULL counts as not)
# Per kind: the characters a fast cell may hold (no counted repetition, no groups: those make PostgreSQL's
# regular expressions several times slower) and the tests that complete it to "the cleaning leaves it as it is".
_FAST_CLASS = {ColumnKind.ID_NUMBER: "[0-9X]*", ColumnKind.AMOUNT: "[0-9.]*", ColumnKind.DATE: "[0-9-]*"}


# Per kind, a cell as the fast test accepts it, in the bytes of the file (the same ASCII in UTF-8, GBK and
# GB18030, none of whose multi-byte characters holds a comma, a quote or a line break): never looser than the test,
# stricter where that is simpler (an amount has 1–9 digits and at most 2 decimals). Any other cell: unquoted.
_FAST_BYTES = {
    ColumnKind.ID_NUMBER: rb"[0-9X]{18}",
    ColumnKind.AMOUNT: rb"[0-9]{1,9}+(?:\.[0-9]{1,2}+)?",
    ColumnKind.DATE: rb"[0-9]{4}-[0-9]{2}-[0-9]{2}",
}
_OTHER_BYTES = rb'[^,"\r\n]*+'


def _fast_checks(kind: str, cell: str) -> str:
    if kind == ColumnKind.ID_NUMBER:
        return f"octet_length({cell}) = 18"
    if kind == ColumnKind.AMOUNT:
        return f"octet_length({cell}) BETWEEN 1 AND 12 AND {cell} <> '.' AND {cell} NOT LIKE '%%.%%.%%'"
    return (
        f"octet_length({cell}) = 10 AND substr({cell}, 5, 1) = '-' AND substr({cell}, 8, 1) = '-'"
        f" AND {cell} NOT LIKE '%%-%%-%%-%%'"
    )


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _valid_ymd(y: str, m: str, d: str) -> str:
    """SQL: y, m, d (integers) form a real date from 1900 on (no exception can be raised, unlike a cast)."""
    leap = f"(({y}) %% 4 = 0 AND (({y}) %% 100 <> 0 OR ({y}) %% 400 = 0))"
    days = f"CASE WHEN {m} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END WHEN {m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    return f"({y} BETWEEN 1900 AND 2999 AND {m} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND {days})"


def _checksum_sql(digits: str) -> str:
    """SQL: the check character of an ID number given as bytea whose first 17 bytes are ASCII digits."""
    total = " + ".join(f"(get_byte({digits}, {i}) - 48) * {w}" for i, w in enumerate(_WEIGHTS))
    return f"substr('{_CHECK_CHARS}', (({total}) %% 11) + 1, 1)"


@dataclass
class Sql:
    params: dict[str, Any]

    def bind(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"


def _fast_test(layout: FeedLayout, columns: dict[str, int]) -> str:
    cells, classes, checks = [], [], []
    for column in layout.columns:
        index = columns.get(column.key)
        if index is None or column.kind not in _FAST_CLASS:
            continue
        cells.append(f"c{index}")
        classes.append(_FAST_CLASS[column.kind])
        checks.append(_fast_checks(column.kind, f"c{index}"))
    if not cells:
        return "false"
    joined = " || ',' || ".join(cells)
    return " AND ".join([*checks, f"({joined}) ~ '^{','.join(classes)}$'"])


def clean_records_pattern(layout: FeedLayout, columns: dict[str, int], width: int) -> re.Pattern[bytes] | None:
    """A regular expression that CSV records (as COPY pieces of the file, alerts.ingest.reading) match only if
    every one of them passes the fast test, so that the cleaning can skip it (rows_statement(clean=True)).
    Python's engine runs over the bytes of a piece at a few hundred MB/s, several times faster than the test
    over the staged rows. None when the file has no column the test looks at."""
    kinds = {index: column.kind for column in layout.columns if (index := columns.get(column.key)) is not None}
    if not any(kind in _FAST_BYTES for kind in kinds.values()):
        return None
    cells = [_FAST_BYTES.get(kinds[i], _OTHER_BYTES) if i in kinds else _OTHER_BYTES for i in range(width)]
    return re.compile(rb"(?:" + b",".join(cells) + rb"\r?\n)*+")


def _clean(column: FeedColumn, index: int | None, fast: str, sql: Sql, aliases: dict[str, str]) -> list[str]:
    """Cleaned text of one column over the subquery f, where `fast` says the row passed the fast test. Each kind
    also has a per-cell fast path for the way cells are normally written, for rows that missed the whole-row
    test; only odd cells (元, separators, full-width digits, 2026年1月5日) take the regular expressions.
    `aliases`: a choice column's other accepted cells and the values they stand for."""
    cell = f"c{index}" if index is not None else "NULL::text"
    fast = fast if index is not None else "false"  # a column the file lacks is '' (NULL when typed)
    raw = f"btrim({cell})"
    k = _q(column.key)
    text = f"CASE WHEN {fast} THEN {cell} ELSE coalesce({raw}, '') END"
    if column.kind == ColumnKind.ID_NUMBER:
        return [f"CASE WHEN {fast} THEN {cell} ELSE coalesce(btrim({cell}, {sql.bind(_ID_TRIM)}), '') END AS id_raw"]
    if column.kind == ColumnKind.AMOUNT:
        plain = (
            f"char_length({cell}) BETWEEN 1 AND 12 AND translate({cell}, '{_DIGITS}', '') IN ('', '.')"
            f" AND {cell} <> '.'"
        )
        digits = f"translate({raw}, '{_FULL_DIGITS}．－', '{_DIGITS}.-')"
        cleaned = f"regexp_replace({digits}, '[,，元¥￥[:space:]]', '', 'g')"
        number = (
            f"CASE WHEN {fast} THEN {cell}::numeric(14, 2) WHEN {plain} THEN {cell}::numeric(14, 2)"
            f" WHEN {cleaned} ~ '{_AMOUNT_ANY}' THEN {cleaned}::numeric(14, 2) END"
        )
        # An amount that had to be cleaned is written as cleaned (２５,０００元 → 25000); one that is no amount
        # stays as written, for the message that quotes it.
        amount = (
            f"CASE WHEN {fast} THEN {cell} WHEN {plain} THEN {cell}"
            f" WHEN {cleaned} ~ '{_AMOUNT_ANY}' THEN {cleaned} ELSE coalesce({raw}, '') END"
        )
        return [f"{amount} AS {k}", f"{number} AS {_q(column.key + '__num')}"]
    if column.kind == ColumnKind.DATE:
        iso = f"translate({raw}, '{_FULL_DIGITS}', '{_DIGITS}')"
        plain = (
            f"char_length({cell}) = 10 AND substr({cell}, 5, 1) = '-' AND substr({cell}, 8, 1) = '-'"
            f" AND translate({cell}, '{_DIGITS}-', '') = ''"
        )
        parts = (
            f"CASE WHEN {fast} THEN NULL WHEN {plain}"
            f" THEN ARRAY[substr({cell}, 1, 4), substr({cell}, 6, 2), substr({cell}, 9, 2)]"
            f" ELSE coalesce(regexp_match({iso}, '{_DATE_ANY}'), regexp_match({iso}, '{_DATE_COMPACT}')) END"
        )
        # A fast date is YYYY-MM-DD in digits: yyyymmdd as one integer (replace() works on bytes, substr() and
        # the three casts it replaces walk the characters).
        ymd = f"CASE WHEN {fast} THEN replace({cell}, '-', '')::int END AS {_q(column.key + '__ymd')}"
        return [f"{text} AS {k}", f"{parts} AS {_q(column.key + '__parts')}", ymd]
    trimmed = f"coalesce({raw}, '')"
    return [f"{alias_sql(trimmed, aliases, sql) if aliases else trimmed} AS {k}"]


def alias_sql(text: str, aliases: dict[str, str], sql: Sql) -> str:
    """SQL: the text, or the value it stands for when it is one of a choice column's aliases (`text` is read once:
    a simple CASE evaluates its argument once)."""
    whens = " ".join(f"WHEN {sql.bind(alias)} THEN {sql.bind(value)}" for alias, value in aliases.items())
    return f"CASE {text} {whens} ELSE {text} END"


def _typed(column: FeedColumn, fast: str) -> list[str]:
    """Over the cleaned subquery n (qualified: the member table joined beside it has columns of its own)."""
    k = "n." + _q(column.key)
    if column.kind == ColumnKind.ID_NUMBER:
        return []
    if column.kind == ColumnKind.AMOUNT:
        return [k, f"n.{_q(column.key + '__num')}"]
    if column.kind == ColumnKind.DATE:
        p = "n." + _q(column.key + "__parts")
        y, m, d = (f"{p}[{i}]::int" for i in (1, 2, 3))
        v = f"n.{_q(column.key + '__ymd')}"
        fy, fm, fd = f"({v} / 10000)", f"({v} / 100 %% 100)", f"({v} %% 100)"
        # A date that had to be cleaned (2026/11/21, ２０２６-１１-２４, 2026年11月22日) is written YYYY-MM-DD; a fast
        # one is already; one that is no date stays as written, for the message that quotes it.
        text = (
            f"CASE WHEN {fast} THEN {k} WHEN {p} IS NOT NULL AND {_valid_ymd(y, m, d)}"
            f" THEN to_char(make_date({y}, {m}, {d}), 'YYYY-MM-DD') ELSE {k} END AS {_q(column.key)}"
        )
        return [text, f"CASE WHEN {fast} THEN CASE WHEN {_valid_ymd(fy, fm, fd)} THEN make_date({fy}, {fm}, {fd}) END"
                      f" WHEN {p} IS NOT NULL AND {_valid_ymd(y, m, d)} THEN make_date({y}, {m}, {d}) END AS "
                      f"{_q(column.key + '__date')}"]  # fmt: skip
    return [k]


def _errors(column: FeedColumn, sql: Sql, today: dt.date, fast: str, head: str) -> str | None:
    """The column's error over the typed subquery t, where `fast` says the row passed the fast test ("false" for a
    column the file lacks). A cell that passed it is not empty, no Excel number, and a fast amount is a number of
    at most 12 characters without a sign: the tests that follow from that are left out for such rows."""
    k = _q(column.key)
    required = sql.bind(f"{head}：{MSG_REQUIRED}") if column.required else "NULL"
    empty = "" if fast == "true" else f"WHEN {k} = '' THEN {required} "
    if column.kind == ColumnKind.ID_NUMBER:
        y, m, d = "id_y", "id_m", "id_d"
        return (
            f"CASE WHEN {fast} AND member_id IS NOT NULL THEN NULL WHEN id_raw = '' THEN {required}"
            f" WHEN starts_with(id_raw, {sql.bind(NUMERIC_ID)}) OR id_number ~ {sql.bind(_ID_EXCEL_NUMBER)}"
            f" THEN {sql.bind(f'{head}：{MSG_NUMERIC_CODE}')}"
            " WHEN member_id IS NOT NULL THEN NULL"
            f" WHEN id_number = ANY({sql.bind(list(TEMPLATE_EXAMPLE_IDS))})"
            f" THEN {sql.bind(f'{head}：{MSG_EXAMPLE_ROW}')}"
            f" WHEN NOT id_shape THEN {sql.bind(f'{head}：' + MSG_ID_LENGTH.rstrip('。'))}"
            f" WHEN NOT {_valid_ymd(y, m, d)} THEN {sql.bind(f'{head}：' + MSG_ID_BIRTH.rstrip('。'))}"
            f" WHEN make_date({y}, {m}, {d}) > {sql.bind(today)}"
            f" THEN {sql.bind(f'{head}：' + MSG_ID_FUTURE.rstrip('。'))}"
            f" WHEN {_checksum_sql('id_bytes')} <> substr(id_number, 18, 1)"
            f" THEN {sql.bind(f'{head}：' + MSG_ID_CHECK.rstrip('。'))} END"
        )
    if column.kind == ColumnKind.AMOUNT:
        if fast == "true":
            return None
        n = _q(column.key + "__num")
        return (
            f"CASE WHEN {fast} THEN NULL WHEN {k} = '' THEN {required}"
            f" WHEN {n} IS NULL THEN format({sql.bind(f'{head}：{MSG_AMOUNT}')}, {k})"
            f" WHEN {n} < 0 THEN {sql.bind(f'{head}：{MSG_NEGATIVE}')} END"
        )
    if column.kind == ColumnKind.DATE:
        v = _q(column.key + "__date")
        return (
            f"CASE {empty}WHEN {v} IS NULL THEN format({sql.bind(f'{head}：{MSG_DATE}')}, {k})"
            f" WHEN {v} > {sql.bind(today)} THEN format({sql.bind(f'{head}：{MSG_FUTURE}')}, {v}) END"
        )
    if column.kind == ColumnKind.CHOICE and column.choice_list():
        allowed = accepted_values(column)
        message = f"{head}：" + MSG_UNKNOWN_VALUE.replace("{value}", "%s").replace("{allowed}", allowed)
        return (
            f"CASE WHEN {k} = '' THEN {required} WHEN NOT ({k} = ANY({sql.bind(column.choice_list())}))"
            f" THEN format({sql.bind(message)}, {k}) END"
        )
    limit = NAME_LENGTH if column.kind == ColumnKind.NAME else 200
    too_long = sql.bind(f"{head}：{MSG_TOO_LONG.format(n=limit)}")
    # A text no longer in bytes than the limit is no longer in characters (char_length walks the characters).
    return (
        f"CASE WHEN {k} = '' THEN {required}"
        f" WHEN octet_length({k}) > {limit} AND char_length({k}) > {limit} THEN {too_long} END"
    )


def duplicate_keys(layout: FeedLayout) -> list[str]:
    """The columns of feed_rows two rows must agree on to be duplicates: every cleaned column of the feed."""
    return ["id_number"] + [_q(c.key) for c in layout.columns if c.kind != ColumnKind.ID_NUMBER]


def rows_statement(
    layout: FeedLayout,
    columns: dict[str, int],
    width: int,
    *,
    scope: str,
    today: dt.date,
    clean: bool = False,
    source: str = "feed_raw",
    heads: dict[str, str] | None = None,
) -> tuple[str, dict[str, Any]]:
    """CREATE TEMP TABLE feed_rows: one row per non-blank record, typed, matched to a living member of the county,
    with its errors. The ID number is normalised (whitespace, the ="…" or ' wrapper, full-width digits, a lower-case
    x) only when it is not already 18 plain characters, then matched in one hash join against the county's living
    members.

    `clean`: the reading found every record of the file to pass the fast test (clean_records_pattern), so the test
    is not run and every row takes the fast path: the same statement with the fast flag a constant true, which
    PostgreSQL folds away with the branches it no longer needs.

    `source`: the staged rows to clean, all of them (feed_raw) or the few the triage kept (alerts.ingest.triage).

    `heads`: each column's name as its errors quote it (alerts.ingest.layout.error_heads), by default the
    template's header."""
    sql = Sql({})
    fast_f, fast_n, fast_t = ("true", "true", "true") if clean else (_FAST, "n.__fast", "__fast")

    def present(column: FeedColumn, fast: str) -> str:
        return fast if columns.get(column.key) is not None else "false"

    clean_cells = ["line", f"{fast_f} AS __fast"] + [
        part
        for c in layout.columns
        for part in _clean(c, columns.get(c.key), fast_f, sql, layout.aliases.get(c.key, {}))
    ]
    if not any(c.kind == ColumnKind.ID_NUMBER for c in layout.columns):
        clean_cells += ["''::text AS id_raw"]
    living, scope_like = sql.bind(LivingStatus.LIVING.value), sql.bind(scope + "%")
    id_column = next((c for c in layout.columns if c.kind == ColumnKind.ID_NUMBER), None)
    index = columns.get(id_column.key) if id_column is not None else None
    cell = f"c{index}" if index is not None else "NULL::text"
    # Trimmed of the wrapper and whitespace at its ends, whitespace inside taken out (translate drops the
    # characters it has no counterpart for), full-width digits and a lower-case x made plain.
    stripped = f"upper(coalesce(btrim({cell}, {sql.bind(_ID_TRIM)}), ''))"
    normalised = (
        f"CASE WHEN char_length({cell}) = 18 AND translate({cell}, '{_DIGITS}X', '') = '' THEN {cell}"
        f" ELSE translate({stripped}, {sql.bind(_FULL_DIGITS + 'Ｘ' + _ID_SPACES)}, '{_DIGITS}X') END"
    )
    fast = fast_f if index is not None else "false"
    clean_cells += [
        f"CASE WHEN {fast} THEN {cell} ELSE {normalised} END AS id_number",
        # A fast ID number is 18 of [0-9X]; it has the shape when no X stands before the last place.
        f"CASE WHEN {fast} THEN strpos({cell}, 'X') IN (0, 18) ELSE {normalised} ~ '{_ID_SHAPE}' END AS id_shape",
    ]
    unmatched = "m.id IS NULL AND n.id_shape"
    typed = [
        "n.line",
        "n.__fast",
        "n.id_raw",
        "n.id_number",
        "n.id_shape",
        "m.id AS member_id",
        "m.household_id",
        "m.region_path",
        *(f"CASE WHEN {unmatched} THEN substr(n.id_number, {s}, {n})::int END AS id_{p}" for p, s, n in
          (("y", 7, 4), ("m", 11, 2), ("d", 13, 2))),
        f"CASE WHEN {unmatched} THEN convert_to(n.id_number, 'UTF8') END AS id_bytes",
    ] + [part for c in layout.columns for part in _typed(c, present(c, fast_n))]  # fmt: skip
    outputs = ["t.line", "t.id_number", "t.member_id", "t.household_id", "t.region_path"]
    for c in layout.columns:
        if c.kind == ColumnKind.ID_NUMBER:
            continue
        outputs.append(f"t.{_q(c.key)}")
        if c.kind == ColumnKind.AMOUNT:
            outputs.append(f"t.{_q(c.key + '__num')}")
        if c.kind == ColumnKind.DATE:
            outputs.append(f"t.{_q(c.key + '__date')}")
    # A 64-bit hash of the row's cleaned cells, computed once here, lets the duplicate check (alerts.ingest.staging)
    # group all rows by one number and compare whole rows only where a hash occurs twice. The cleaned cells are
    # never NULL (a missing or empty cell is ''), so || joins them as concat_ws would, in less time.
    keys = " || chr(31) || ".join(f"t.{k}" for k in duplicate_keys(layout))
    outputs.append(f"CASE WHEN t.id_number <> '' THEN hashtextextended({keys}, 0) END AS __dup_hash")
    heads = heads or {}
    errors = [
        e
        for c in layout.columns
        if (e := _errors(c, sql, today, present(c, fast_t), heads.get(c.key, c.header))) is not None
    ]
    # A cross-column check (FeedColumn.not_above) holds on every path, the clean one too: amounts are compared only
    # when both are numbers (an empty or unreadable cell has no __num; a column the file lacks is NULL).
    for column, other in layout.not_above():
        n, m = _q(column.key + "__num"), _q(other.key + "__num")
        message = MSG_NOT_ABOVE.format(
            head=heads.get(column.key, column.header), other=heads.get(other.key, other.header)
        )
        errors.append(f"CASE WHEN {n} > {m} THEN format({sql.bind(message)}, {_q(column.key)}, {_q(other.key)}) END")
    # COPY reads an empty CSV cell as NULL; the row-by-row path leaves blank rows out and writes empty cells.
    not_blank = " OR ".join(f"c{i} <> ''" for i in range(width)) or "false"
    fast_test = "" if clean else f", {_fast_test(layout, columns)} AS __fast"
    statement = f"""
        CREATE TEMP TABLE feed_rows AS
        SELECT {", ".join(outputs)}, nullif(concat_ws('；', {", ".join(errors) or "NULL"}), '') AS error
        FROM (
            SELECT {", ".join(typed)}
            FROM (
                SELECT {", ".join(clean_cells)}
                FROM (SELECT *{fast_test} FROM {source} WHERE {not_blank} OFFSET 0) f
                OFFSET 0
            ) n
            LEFT JOIN households_member m
              ON m.id_number = n.id_number AND m.id_number <> '' AND m.living_status = {living}
             AND m.region_path LIKE {scope_like}
            OFFSET 0
        ) t
    """
    return statement, sql.params
