"""Triage of a clean file: which rows need the full cleaning, and the counts of all the others.

A CSV file whose every record passed the clean-records pattern (alerts.ingest.cleaning) is most often a million
rows of which a few thousand matter after the cleaning: those with an error, those on which a rule fires, and
duplicates. Every other row is only counted, as matched to a member or not. So one narrow statement over the staged
rows matches each ID number to the county's living members (the same hash join as the cleaning's) and decides, for
each row, whether the cleaning must see it. The test is exact for the ID number (only a number no member holds is
checked: its shape, birth date and check digit, and whether it is a template's example), the date (a real day
from 1900 on, not after today), the amount (a clean amount is always valid) and the rules; for the other cells it
is a superset of the cleaning's errors (starts with a space, longer in bytes than allowed, empty where required,
not one of a choice's values: an alias of one is kept). Rows whose 64-bit hash of the cleaned cells another row
shares are kept too, so that the cleaning compares them. Only the kept rows (`feed_kept`, fetched from the staging
table by where they are in it) are cleaned in full by the unchanged cleaning statement, which gives them exactly
the values and reasons it gives any row.

The staging table is a regular unlogged one (alerts.ingest.rawtable) and the statement is not fenced, so
PostgreSQL runs the join and the tests in parallel workers: on two cores in about half the time.

Writing a million rows of cleaned cells only for them to be counted cost more than matching them: the triage writes
four narrow columns a row, and the cleaning runs over a few thousand. tests/alerts/test_triage.py holds a triaged
upload to the same result as the whole cleaning.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction

from alerts.choices import ColumnKind, RuleKind
from alerts.ingest import lateness
from alerts.ingest.cleaning import NAME_LENGTH, Sql, _checksum_sql, _q, alias_sql, duplicate_keys
from alerts.ingest.layout import FeedLayout
from alerts.presets import TEMPLATE_EXAMPLE_IDS
from households.choices import LivingStatus

# Every month and day of a year but 29 February, as a date's last five characters.
_MONTH_DAYS = [d.strftime("%m-%d") for d in (dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(365))]
_MONTH_DAYS_ID = [day.replace("-", "") for day in _MONTH_DAYS]  # as an ID number's MMDD
# Up to this many kept rows, each one's ID number is looked up in the members' index rather than the whole
# registry hashed (30,000 lookups take a third of the time of hashing 500,000 members).
LOOKUP_ROWS = 100_000
# Above this share of the file kept, the triage has saved nothing: the whole file is cleaned as usual.
MAX_KEPT_SHARE = 0.25


def applies(layout: FeedLayout, columns: dict[str, int]) -> bool:
    """The triage reads every column of the feed from the file (a column the file lacks is left to the cleaning),
    and a feed with a rule on every row keeps every row, as does one whose every row's event date is counted
    (alerts.ingest.lateness)."""
    return (
        all(c.key in columns for c in layout.columns)
        and not any(rule.kind == RuleKind.EVERY_ROW for rule in layout.rules)
        and lateness.event_column(layout) is None
    )


def _cells(layout: FeedLayout, columns: dict[str, int], sql: Sql) -> list[str]:
    """The row as the rules and the error expressions read it, for a clean record: a clean ID number, amount or
    date is used as written (the cleaning leaves it unchanged), other cells trimmed and a choice column's alias
    written as its value, as the cleaning writes them (so that a row and its duplicate written with an alias share
    the hash: the alias's row is kept, as no value of the column, and so is the other)."""
    cells = []
    for column in layout.columns:
        cell, k = f"f.c{columns[column.key]}", _q(column.key)
        if column.kind == ColumnKind.ID_NUMBER:
            cells.append(f"{cell} AS id_number")
        elif column.kind == ColumnKind.AMOUNT:
            cells += [f"{cell} AS {k}", f"{cell}::numeric(14, 2) AS {_q(column.key + '__num')}"]
        elif column.kind == ColumnKind.DATE:
            cells.append(f"{cell} AS {k}")
        else:
            trimmed = f"coalesce(btrim({cell}), '')"
            if aliases := layout.aliases.get(column.key):
                trimmed = alias_sql(trimmed, aliases, sql)
            cells += [f"{trimmed} AS {k}", f"{cell} AS {_q(column.key + '__raw')}"]
    return cells


def _may_fail(column: Any, sql: Sql, today: dt.date) -> str | None:
    """SQL over the row r: the column's cell holds an error, exactly as the cleaning would find one in a clean
    record. None: a clean cell of this kind always passes."""
    if column.kind == ColumnKind.ID_NUMBER:
        # Only a number no member holds is checked, as the cleaning checks it: the shape (a clean number is 18
        # of [0-9X], so no X before the last place), the birth date, the check character. The statement is not
        # fenced (triage_statement), so each part of the number is written to be used once: the birth date
        # YYYYMMDD as text between 1900-01-01 and today with its month and day a day of the year (29 February
        # in a leap year only), as the date column's test; the check character from the number's bytes
        # (textsend, the cheapest way to them found: 0.15 s for 200,000 numbers against 0.25 s by convert_to).
        v = "r.id_number"
        year = f"substr({v}, 7, 4)::int"
        leap = f"({year} %% 4 = 0 AND ({year} %% 100 <> 0 OR {year} %% 400 = 0))"
        born = (
            f"substr({v}, 7, 8) COLLATE \"C\" BETWEEN '19000101' AND {sql.bind(today.strftime('%Y%m%d'))}"
            f" AND (substr({v}, 11, 4) = ANY({sql.bind(_MONTH_DAYS_ID)}) OR substr({v}, 11, 4) = '0229' AND {leap})"
        )
        return (
            f"CASE WHEN r.member_id IS NOT NULL THEN false WHEN strpos({v}, 'X') NOT IN (0, 18) THEN true"
            f" WHEN {v} = ANY({sql.bind(list(TEMPLATE_EXAMPLE_IDS))}) THEN true"
            f" WHEN NOT ({born}) THEN true ELSE {_checksum_sql(f'textsend({v})')} <> substr({v}, 18, 1) END"
        )
    if column.kind == ColumnKind.AMOUNT:
        return None
    if column.kind == ColumnKind.DATE:
        # A clean date is YYYY-MM-DD in digits: it is a real day from 1900 on and not after today when it sorts
        # between those two days as text and its month and day are a day of the year (29 February in a leap
        # year only). One comparison and one hashed lookup, against a dozen integer operations a row.
        v = f"r.{_q(column.key)}"
        leap = "(y %% 4 = 0 AND (y %% 100 <> 0 OR y %% 400 = 0))".replace("y", f"left({v}, 4)::int")
        return (
            f"NOT ({v} COLLATE \"C\" BETWEEN '1900-01-01' AND {sql.bind(today.isoformat())}"
            f" AND (right({v}, 5) = ANY({sql.bind(_MONTH_DAYS)}) OR right({v}, 5) = '02-29' AND {leap}))"
        )
    # Other cells are trimmed by the cleaning: one that starts with a space, or is longer in bytes than the
    # column may be in characters, or is not one of a choice column's values, is left to it.
    cell = f"r.{_q(column.key + '__raw')}"
    tests = [f"octet_length({cell}) > {NAME_LENGTH if column.kind == ColumnKind.NAME else 200}", f"{cell} LIKE ' %%'"]
    if column.required:
        tests.append(f"{cell} IS NULL")
    if column.kind == ColumnKind.CHOICE and column.choice_list():
        tests.append(f"NOT ({cell} = ANY({sql.bind(column.choice_list())}))")
    return f"coalesce({' OR '.join(tests)}, {cell} IS NOT NULL)"


def triage_statement(
    layout: FeedLayout,
    columns: dict[str, int],
    *,
    raw: str,
    scope: str,
    today: dt.date,
    fires: Callable[[Sql], str],
    also_keep: Callable[[Sql], str | None] = lambda sql: None,
) -> tuple[str, dict[str, Any]]:
    """CREATE TEMP TABLE feed_triage (raw_tid, matched, keep, __dup_hash): every staged row of a clean file (the
    staging table `raw`, alerts.ingest.rawtable): where it is in that table, whether its ID number names a member,
    whether the cleaning must see it (it may hold an error, or a rule fires on it) and a hash of its cleaned cells.
    Four narrow columns: the leader process writes all million rows.
    `fires`: SQL over the row r (alerts.ingest.staging's rule conditions); `also_keep`: another reason to keep a
    row (SQL over r, never null), or None (alerts.ingest.period_dates: a row dated after the upload's period).

    The subquery is not fenced (no OFFSET 0), so PostgreSQL may run the whole statement in parallel workers over
    the staging table (alerts.ingest.rawtable): a fence kept the per-row tests in the leader. Unfenced, an
    expression of the subquery used twice is computed twice, so the tests use each part of a cell once (_may_fail:
    the ID number's birth date and check character)."""
    sql = Sql({})
    living, scope_like = sql.bind(LivingStatus.LIVING.value), sql.bind(scope + "%")
    id_cell = next(f"f.c{columns[c.key]}" for c in layout.columns if c.kind == ColumnKind.ID_NUMBER)
    tests = [t for c in layout.columns if (t := _may_fail(c, sql, today)) is not None]
    # A cross-column check (FeedColumn.not_above): exact, one comparison of the amounts the rules read too.
    tests += [f"r.{_q(c.key + '__num')} > r.{_q(o.key + '__num')}" for c, o in layout.not_above()]
    keep = f"coalesce({' OR '.join([*tests, f'({fires(sql)})'])}, true)"
    if (extra := also_keep(sql)) is not None:
        keep = f"({keep} OR {extra})"
    # Rows the cleaning would find identical have identical cleaned cells, so identical hashes of those cells:
    # one hash a cell (seeded by its place) combined by XOR. Rows that share it are kept for the cleaning to
    # compare (a collision only keeps a row more). Cheaper than hashing the cells joined by separators, which
    # made three more copies of the row (0.13 s against 0.21 s for a million rows, on one core).
    row = " # ".join(f"hashtextextended(r.{k}, {i})" for i, k in enumerate(duplicate_keys(layout)))
    statement = f"""
        CREATE TEMP TABLE feed_triage AS
        SELECT r.raw_tid, r.member_id IS NOT NULL AS matched, {keep} AS keep, {row} AS __dup_hash,
               hashtextextended(nullif(r.id_number, ''), 0) AS __id_hash
        FROM (
            SELECT f.ctid AS raw_tid, m.id AS member_id, {", ".join(_cells(layout, columns, sql))}
            FROM {raw} f
            LEFT JOIN households_member m
              ON m.id_number = {id_cell} AND m.id_number <> '' AND m.living_status = {living}
             AND m.region_path LIKE {scope_like}
        ) r
    """
    return statement, sql.params


def kept(cursor: Any) -> tuple[int, int, int]:
    """After the triage: (rows kept, rows not kept, of those the ones matched to a member). Rows whose hash
    another row shares are kept too, so that the cleaning compares them (alerts.ingest.staging: duplicates)."""
    query = """SELECT count(*) FILTER (WHERE keep), count(*) FILTER (WHERE NOT keep),
        count(*) FILTER (WHERE matched AND NOT keep), count(__dup_hash) > count(DISTINCT __dup_hash)
        FROM feed_triage"""
    cursor.execute(query)
    *found, repeated = cursor.fetchone()
    if not repeated:
        return tuple(found)
    with transaction.atomic():
        cursor.execute("SET LOCAL enable_hashagg = off")  # grouping a million hashes: sorting is faster
        cursor.execute(
            """UPDATE feed_triage SET keep = true WHERE NOT keep AND __dup_hash IN (
                SELECT __dup_hash FROM feed_triage GROUP BY 1 HAVING count(*) > 1)"""
        )
        cursor.execute("RESET enable_hashagg")  # for the rest of a transaction this may run inside
    cursor.execute(query)
    return tuple(cursor.fetchone()[:3])


def stage_kept(cursor: Any, raw: str) -> None:
    """The kept rows, in the shape of feed_raw, for the cleaning (rows_statement's `source`): fetched by where they
    are in the staging table `raw`, a few thousand reads rather than a scan of the million rows."""
    cursor.execute("DROP TABLE IF EXISTS pg_temp.feed_kept")
    cursor.execute(
        f"""CREATE TEMP TABLE feed_kept AS
        SELECT * FROM {raw} WHERE ctid = ANY(ARRAY(SELECT raw_tid FROM feed_triage WHERE keep))"""
    )
