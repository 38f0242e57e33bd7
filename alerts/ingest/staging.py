"""The set-based half of ingestion, over the staging table `feed_raw` (alerts.ingest.reading).

One statement turns the raw cells into `feed_rows`: cleaned text (full-width digits, a lower-case x, 元 and
thousands separators), typed amounts and dates, the member the ID number names (a hash join on the registry) and
each row's errors as "列名：原因". An ID number found in the registry was checked when it was registered, so the
check digit is computed only for the rows that match no one. Then duplicate rows, the alert rules (one INSERT …
SELECT per rule, deduplicated by the (person, rule, period) unique constraint), the persons the registry does
not hold, and the error rows for the workbook. Nothing here loops over rows in Python.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from alerts.choices import AlertLevel, AlertStatus, ColumnKind, RuleKind
from alerts.ingest.layout import FeedLayout
from alerts.models import Alert, FeedColumn, FeedUpload, UnregisteredPerson
from households.choices import LivingStatus
from households.idnumber import _CHECK_CHARS, _WEIGHTS, MSG_ID_BIRTH, MSG_ID_CHECK, MSG_ID_FUTURE, MSG_ID_LENGTH
from households.registry_import.reader import NUMERIC_ID
from households.registry_import.rows import MSG_NUMERIC_CODE, MSG_REQUIRED, MSG_TOO_LONG, MSG_UNKNOWN_VALUE

MSG_AMOUNT = "“%s”不是有效的金额（元），应为数字，最多两位小数"
MSG_NEGATIVE = "金额不能为负数"
MSG_DATE = "“%s”不是有效的日期，应写作 2026-10-08"
MSG_FUTURE = "日期 %s 晚于今天"
MSG_DUPLICATE = "与第%s行完全相同（重复行）"
NAME_LENGTH = 50

_AMOUNT_OK = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"
_AMOUNT_ANY = r"^-?[0-9]{1,10}(\.[0-9]{1,2})?$"
_DATE_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATE_ANY = r"^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?(?:[T ][0-9:.]*)?$"
_DATE_COMPACT = r"^([0-9]{4})([0-9]{2})([0-9]{2})$"
_ID_SHAPE = r"^[0-9]{17}[0-9X]$"
_FULL_DIGITS, _DIGITS = "０１２３４５６７８９", "0123456789"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _valid_ymd(y: str, m: str, d: str) -> str:
    """SQL: y, m, d (integers) form a real date from 1900 on (no exception can be raised, unlike a cast)."""
    leap = f"(({y}) %% 4 = 0 AND (({y}) %% 100 <> 0 OR ({y}) %% 400 = 0))"
    days = f"CASE WHEN {m} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END WHEN {m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    return f"({y} BETWEEN 1900 AND 2999 AND {m} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND {days})"


def _checksum_sql(v: str) -> str:
    total = " + ".join(f"substr({v}, {i + 1}, 1)::int * {w}" for i, w in enumerate(_WEIGHTS))
    return f"substr('{_CHECK_CHARS}', (({total}) %% 11) + 1, 1)"


@dataclass
class Sql:
    params: dict[str, Any]

    def bind(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"


def _clean(column: FeedColumn, index: int | None) -> list[str]:
    """Cleaned text of one column. Each kind has a fast path for the way cells are normally written (plain
    digits, an ISO date) that avoids regular expressions and multibyte translate(), which cost microseconds a
    row; only odd cells (元, separators, full-width digits, 2026年1月5日) take the slow path."""
    cell = f"c{index}" if index is not None else "NULL::text"
    raw = f"btrim({cell})"
    k = _q(column.key)
    if column.kind == ColumnKind.ID_NUMBER:
        return [f"{cell} AS id_cell", f"coalesce({raw}, '') AS id_raw"]
    if column.kind == ColumnKind.AMOUNT:
        plain = (
            f"char_length({cell}) BETWEEN 1 AND 12 AND translate({cell}, '{_DIGITS}', '') IN ('', '.')"
            f" AND {cell} <> '.'"
        )
        digits = f"translate({raw}, '{_FULL_DIGITS}．－', '{_DIGITS}.-')"
        cleaned = f"regexp_replace({digits}, '[,，元¥￥[:space:]]', '', 'g')"
        number = (
            f"CASE WHEN {plain} THEN {cell}::numeric(14, 2)"
            f" WHEN {cleaned} ~ '{_AMOUNT_ANY}' THEN {cleaned}::numeric(14, 2) END"
        )
        return [f"coalesce({raw}, '') AS {k}", f"{number} AS {_q(column.key + '__num')}"]
    if column.kind == ColumnKind.DATE:
        iso = f"translate({raw}, '{_FULL_DIGITS}', '{_DIGITS}')"
        plain = (
            f"char_length({cell}) = 10 AND substr({cell}, 5, 1) = '-' AND substr({cell}, 8, 1) = '-'"
            f" AND translate({cell}, '{_DIGITS}-', '') = ''"
        )
        return [
            f"coalesce({raw}, '') AS {k}",
            f"CASE WHEN {plain} THEN ARRAY[substr({cell}, 1, 4), substr({cell}, 6, 2), substr({cell}, 9, 2)]"
            f" ELSE coalesce(regexp_match({iso}, '{_DATE_ANY}'), regexp_match({iso}, '{_DATE_COMPACT}')) END"
            f" AS {_q(column.key + '__parts')}",
        ]
    return [f"coalesce({raw}, '') AS {k}"]


def _typed(column: FeedColumn) -> list[str]:
    """Over the cleaned subquery n (qualified: the member table joined beside it has columns of its own)."""
    k = "n." + _q(column.key)
    if column.kind == ColumnKind.ID_NUMBER:
        return []
    if column.kind == ColumnKind.AMOUNT:
        return [k, f"n.{_q(column.key + '__num')}"]
    if column.kind == ColumnKind.DATE:
        p = "n." + _q(column.key + "__parts")
        y, m, d = (f"{p}[{i}]::int" for i in (1, 2, 3))
        return [k, f"CASE WHEN {p} IS NOT NULL AND {_valid_ymd(y, m, d)} THEN make_date({y}, {m}, {d}) END AS "
                   f"{_q(column.key + '__date')}"]  # fmt: skip
    return [k]


def _errors(column: FeedColumn, sql: Sql, today: dt.date) -> str | None:
    k, head = _q(column.key), column.header
    required = sql.bind(f"{head}：{MSG_REQUIRED}") if column.required else "NULL"
    if column.kind == ColumnKind.ID_NUMBER:
        y, m, d = "substr(id_number, 7, 4)::int", "substr(id_number, 11, 2)::int", "substr(id_number, 13, 2)::int"
        return (
            f"CASE WHEN id_raw = '' THEN {required}"
            f" WHEN starts_with(id_raw, {sql.bind(NUMERIC_ID)}) THEN {sql.bind(f'{head}：{MSG_NUMERIC_CODE}')}"
            " WHEN member_id IS NOT NULL THEN NULL"
            f" WHEN id_number !~ '{_ID_SHAPE}' THEN {sql.bind(f'{head}：' + MSG_ID_LENGTH.rstrip('。'))}"
            f" WHEN NOT {_valid_ymd(y, m, d)} THEN {sql.bind(f'{head}：' + MSG_ID_BIRTH.rstrip('。'))}"
            f" WHEN make_date({y}, {m}, {d}) > {sql.bind(today)}"
            f" THEN {sql.bind(f'{head}：' + MSG_ID_FUTURE.rstrip('。'))}"
            f" WHEN {_checksum_sql('id_number')} <> substr(id_number, 18, 1)"
            f" THEN {sql.bind(f'{head}：' + MSG_ID_CHECK.rstrip('。'))} END"
        )
    if column.kind == ColumnKind.AMOUNT:
        n = _q(column.key + "__num")
        return (
            f"CASE WHEN {k} = '' THEN {required} WHEN {n} IS NULL THEN format({sql.bind(f'{head}：{MSG_AMOUNT}')}, {k})"
            f" WHEN {n} < 0 THEN {sql.bind(f'{head}：{MSG_NEGATIVE}')} END"
        )
    if column.kind == ColumnKind.DATE:
        v = _q(column.key + "__date")
        return (
            f"CASE WHEN {k} = '' THEN {required} WHEN {v} IS NULL THEN format({sql.bind(f'{head}：{MSG_DATE}')}, {k})"
            f" WHEN {v} > {sql.bind(today)} THEN format({sql.bind(f'{head}：{MSG_FUTURE}')}, {v}) END"
        )
    if column.kind == ColumnKind.CHOICE and column.choice_list():
        allowed = "、".join(column.choice_list())
        message = f"{head}：" + MSG_UNKNOWN_VALUE.replace("{value}", "%s").replace("{allowed}", allowed)
        return (
            f"CASE WHEN {k} = '' THEN {required} WHEN NOT ({k} = ANY({sql.bind(column.choice_list())}))"
            f" THEN format({sql.bind(message)}, {k}) END"
        )
    limit = NAME_LENGTH if column.kind == ColumnKind.NAME else 200
    too_long = sql.bind(f"{head}：{MSG_TOO_LONG.format(n=limit)}")
    return f"CASE WHEN {k} = '' THEN {required} WHEN char_length({k}) > {limit} THEN {too_long} END"


def build_rows(
    cursor: Any, layout: FeedLayout, columns: dict[str, int], width: int, *, scope: str, today: dt.date
) -> None:
    """feed_rows: one row per non-blank record, typed, matched to a living member of the county, with its errors.

    The ID number is normalised (spaces, full-width digits, a lower-case x) only when it is not already 18 plain
    characters, then matched in one hash join against the county's living members."""
    sql = Sql({})
    clean = ["line"] + [part for c in layout.columns for part in _clean(c, columns.get(c.key))]
    if not any(c.kind == ColumnKind.ID_NUMBER for c in layout.columns):
        clean += ["NULL::text AS id_cell", "''::text AS id_raw"]
    living, scope_like = sql.bind(LivingStatus.LIVING.value), sql.bind(scope + "%")
    id_column = next((c for c in layout.columns if c.kind == ColumnKind.ID_NUMBER), None)
    index = columns.get(id_column.key) if id_column is not None else None
    cell = f"c{index}" if index is not None else "NULL::text"
    normalised = (
        f"CASE WHEN char_length({cell}) = 18 AND translate({cell}, '{_DIGITS}X', '') = '' THEN {cell}"
        f" ELSE translate(upper(replace(coalesce(btrim({cell}), ''), ' ', '')), '{_FULL_DIGITS}Ｘ', '{_DIGITS}X') END"
    )
    typed = [
        "n.line",
        "n.id_raw",
        "n.id_number",
        "m.id AS member_id",
        "m.household_id",
        "m.region_path",
    ] + [part for c in layout.columns for part in _typed(c)]
    outputs = ["t.line", "t.id_number", "t.member_id", "t.household_id", "t.region_path"]
    for c in layout.columns:
        if c.kind == ColumnKind.ID_NUMBER:
            continue
        outputs.append(f"t.{_q(c.key)}")
        if c.kind == ColumnKind.AMOUNT:
            outputs.append(f"t.{_q(c.key + '__num')}")
        if c.kind == ColumnKind.DATE:
            outputs.append(f"t.{_q(c.key + '__date')}")
    errors = [e for c in layout.columns if (e := _errors(c, sql, today)) is not None]
    # COPY reads an empty CSV cell as NULL; the row-by-row path leaves blank rows out and writes empty cells.
    not_blank = " OR ".join(f"c{i} <> ''" for i in range(width)) or "false"
    statement = f"""
        CREATE TEMP TABLE feed_rows AS
        SELECT {", ".join(outputs)}, nullif(concat_ws('；', {", ".join(errors)}), '') AS error
        FROM (
            SELECT {", ".join(typed)}
            FROM (SELECT {", ".join(clean)}, {normalised} AS id_number FROM feed_raw WHERE {not_blank} OFFSET 0) n
            LEFT JOIN households_member m
              ON m.id_number = n.id_number AND m.living_status = {living} AND m.region_path LIKE {scope_like}
            OFFSET 0
        ) t
    """
    cursor.execute("DROP TABLE IF EXISTS pg_temp.feed_rows, pg_temp.feed_dups")
    cursor.execute(statement, sql.params)
    _mark_duplicates(cursor, layout)


def _mark_duplicates(cursor: Any, layout: FeedLayout) -> None:
    """Rows identical in every column of the feed: the later ones are errors naming the first. Only the ID
    numbers that occur twice are grouped on all columns, so a clean file costs one hash aggregate."""
    keys = ["id_number"] + [_q(c.key) for c in layout.columns if c.kind != ColumnKind.ID_NUMBER]
    cursor.execute(
        f"""CREATE TEMP TABLE feed_dups AS
        SELECT min(r.line) AS first, {", ".join(f"r.{k}" for k in keys)}
        FROM feed_rows r JOIN (SELECT id_number FROM feed_rows WHERE id_number <> ''
                               GROUP BY id_number HAVING count(*) > 1) twice USING (id_number)
        GROUP BY {", ".join(f"r.{k}" for k in keys)} HAVING count(*) > 1"""
    )
    cursor.execute("SELECT EXISTS (SELECT 1 FROM feed_dups)")
    if not cursor.fetchone()[0]:
        return
    cursor.execute(
        f"""UPDATE feed_rows r SET error = concat_ws('；', r.error, format(%s, d.first))
        FROM feed_dups d WHERE {" AND ".join(f"r.{k} = d.{k}" for k in keys)} AND r.line > d.first""",
        [MSG_DUPLICATE],
    )


def _rule_sql(layout: FeedLayout, rule: Any, sql: Sql) -> tuple[str, str]:
    """(condition, detail) of one rule over feed_rows r."""
    column = layout.column(rule.column_key) if rule.column_key else None
    prefix = sql.bind(f"{rule.name}：")
    if rule.kind == RuleKind.AMOUNT_ABOVE and column is not None and rule.threshold is not None:
        n = f"r.{_q(column.key + '__num')}"
        detail = sql.bind(f"{column.header} %s 元（阈值 {rule.threshold:,.2f} 元）")
        return (
            f"{n} > {sql.bind(rule.threshold)}",
            f"{prefix} || format({detail}, to_char({n}, 'FM999,999,999,990.00'))",
        )
    if rule.kind == RuleKind.VALUE_IN and column is not None:
        v = f"r.{_q(column.key)}"
        return f"{v} = ANY({sql.bind(rule.value_list())})", f"{prefix} || {sql.bind(column.header + '为')} || {v}"
    if rule.kind == RuleKind.EVERY_ROW:
        parts = [
            f"CASE WHEN r.{_q(c.key)} <> '' THEN {sql.bind(c.header + '：')} || r.{_q(c.key)} END"
            for c in layout.columns
            if c.kind not in (ColumnKind.ID_NUMBER, ColumnKind.NAME)
        ]
        return "true", f"{prefix} || concat_ws('；', {', '.join(parts) or 'NULL'})"
    return "false", "''"  # a rule whose column the feed type no longer has raises nothing


@dataclass(frozen=True)
class Counts:
    rows_read: int
    rows_error: int
    rows_matched: int
    rows_unmatched: int


def counts(cursor: Any) -> Counts:
    cursor.execute(
        """SELECT count(*), count(*) FILTER (WHERE error IS NOT NULL),
                  count(*) FILTER (WHERE error IS NULL AND member_id IS NOT NULL),
                  count(*) FILTER (WHERE error IS NULL AND member_id IS NULL)
           FROM feed_rows"""
    )
    return Counts(*cursor.fetchone())


def raise_alerts(
    cursor: Any, layout: FeedLayout, upload: FeedUpload, *, today: dt.date, due_on: dt.date
) -> tuple[int, int]:
    """Alerts for matched rows, unregistered persons for unmatched ones; returns (raised, already raised)."""
    raised = repeated = 0
    now = timezone.now()
    alert_columns = [
        "feed_type", "rule", "upload", "department", "member", "household", "region_path", "id_number",
        "person_name", "detail", "line", "period_key", "raised_on", "due_on", "level", "escalated_on", "status",
        "outcome", "outcome_note", "case", "visit", "verified_by", "verified_on", "created_at",
    ]  # fmt: skip
    person_columns = ["upload", "feed_type", "line", "id_number", "person_name", "detail", "region_path", "created_at"]
    names = ", ".join(_q(Alert._meta.get_field(n).column) for n in alert_columns)
    person_names = ", ".join(_q(UnregisteredPerson._meta.get_field(n).column) for n in person_columns)
    name_column = next((c for c in layout.columns if c.kind == ColumnKind.NAME), None)
    person = f"left(r.{_q(name_column.key)}, {NAME_LENGTH})" if name_column else "''"
    for rule in layout.rules:
        sql = Sql({})
        condition, detail = _rule_sql(layout, rule, sql)
        cursor.execute(
            f"""WITH c AS (
                SELECT DISTINCT ON (r.id_number) r.*, {person} AS person, left({detail}, 300) AS detail
                FROM feed_rows r WHERE r.error IS NULL AND r.member_id IS NOT NULL AND ({condition})
                ORDER BY r.id_number, r.line
            ), ins AS (
                INSERT INTO alerts_alert ({names})
                SELECT {sql.bind(layout.feed.pk)}, {sql.bind(rule.pk)}, {sql.bind(upload.pk)},
                       {sql.bind(upload.department)}, member_id, household_id, region_path, id_number, person, detail,
                       line, {sql.bind(upload.period_key)}, {sql.bind(today)}, {sql.bind(due_on)},
                       {sql.bind(AlertLevel.VILLAGE.value)}, NULL, {sql.bind(AlertStatus.PENDING.value)}, '', '',
                       NULL, NULL, NULL, NULL, {sql.bind(now)}
                FROM c ORDER BY line
                ON CONFLICT (id_number, rule_id, period_key) DO NOTHING
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM ins)""",
            sql.params,
        )
        candidates, inserted = cursor.fetchone()
        raised += inserted
        repeated += candidates - inserted
        cursor.execute(
            f"""INSERT INTO alerts_unregisteredperson ({person_names})
            SELECT {sql.bind(upload.pk)}, {sql.bind(layout.feed.pk)}, r.line, left(r.id_number, 18), {person},
                   left({detail}, 300), {sql.bind(upload.region_path)}, {sql.bind(now)}
            FROM feed_rows r
            WHERE r.error IS NULL AND r.member_id IS NULL AND ({condition})
              AND NOT EXISTS (SELECT 1 FROM alerts_unregisteredperson u
                              WHERE u.upload_id = {sql.bind(upload.pk)} AND u.line = r.line)""",
            sql.params,
        )
    return raised, repeated


def error_rows(keep: list[int], batch: int = 5000) -> Iterator[tuple[int, str, str]]:
    """The rejected rows in file order: (line, original cells joined by the registry's separator, reason),
    streamed through a server-side cursor."""
    from households.registry_import.rows import CELL_SEPARATOR

    cells = ", ".join(f"coalesce(w.c{i}, '')" for i in keep) or "''"
    connection.ensure_connection()
    with transaction.atomic(), connection.connection.cursor(name="feed_errors") as cursor:
        cursor.itersize = batch
        cursor.execute(
            f"""SELECT r.line, array_to_string(ARRAY[{cells}], %s), r.error
                FROM feed_rows r JOIN feed_raw w USING (line) WHERE r.error IS NOT NULL ORDER BY r.line""",
            [CELL_SEPARATOR],
        )
        yield from cursor


def drop(cursor: Any) -> None:
    cursor.execute("DROP TABLE IF EXISTS pg_temp.feed_raw, pg_temp.feed_rows, pg_temp.feed_dups")
    cursor.execute("DROP SEQUENCE IF EXISTS pg_temp.feed_raw_line")
