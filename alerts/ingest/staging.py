"""The set-based half of ingestion, over the staging table `feed_raw` (alerts.ingest.reading).

One statement (alerts.ingest.cleaning) turns the raw cells into `feed_rows`: cleaned text (full-width digits, a
lower-case x, 元 and thousands separators), typed amounts and dates, the member the ID number names (a hash join
on the registry) and each row's errors as "列名：原因". Then duplicate rows, the alert rules (one INSERT …
SELECT per rule, deduplicated by the (person, rule, period) unique constraint and held back for a person and
rule already alerted, see alerts.ingest.raising), the persons the registry does not hold, and the error rows for the
workbook. Nothing here loops over rows in Python.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from alerts.choices import ColumnKind, RuleKind
from alerts.ingest import period_dates, rawtable, triage
from alerts.ingest.cleaning import Sql, _q, duplicate_keys, rows_statement
from alerts.ingest.layout import FeedLayout
from alerts.models import FeedUpload
from households.choices import LivingStatus

if TYPE_CHECKING:
    from alerts.ingest.reading import Staged

MSG_DUPLICATE = "与第%s行完全相同（重复行，无需再次上传）"
# The columns each set-based INSERT names (model field names). A NOT NULL column without a database default must be
# among them, or the insert fails (tests/config/test_raw_inserts.py checks these against the database).
ALERT_COLUMNS = (
    "feed_type", "rule", "rule_name", "upload", "department", "member", "household", "region_path", "id_number",
    "person_name", "detail", "line", "period_key", "raised_on", "due_on", "verify_by", "level", "escalated_on",
    "status", "outcome", "outcome_note", "case", "visit", "verified_by", "verified_on", "created_at",
)  # fmt: skip
PERSON_COLUMNS = (
    "upload", "feed_type", "line", "id_number", "person_name", "detail", "region_path", "registry_member",
    "created_at",
)  # fmt: skip
RULE_COLUMNS = ("person_id", "rule_id", "detail")
EXCLUSION_COLUMNS = (
    "household_id", "member_id", "child_name", "child_id_number", "region_path", "kind", "note", "source",
    "recorded_by_id", "recorded_on", "is_active", "withdraw_reason",
)  # fmt: skip
ENTRY_COLUMNS = (
    "region_path", "id_number", "person_name", "detail", "latest_id", "feed_types", "appearances", "first_seen",
    "last_seen", "outcome", "note", "registry_member_id",
)  # fmt: skip


@dataclass(frozen=True)
class Counts:
    rows_read: int
    rows_error: int
    rows_matched: int
    rows_unmatched: int
    # Whether alerts.ingest.file_repeats must look for ID numbers on several rows: some ID number is on several rows
    # of feed_rows, or the triage ran (the rows then are in feed_triage and the staging table, feed_rows holds only
    # those kept, and a kept row's person may be on rows the triage left out). How, not what: not compared.
    ids_repeated: bool = dataclasses.field(default=False, compare=False)
    triaged: bool = dataclasses.field(default=False, compare=False)  # how, not what: not compared
    # Valid rows dated after the end of the upload's period (alerts.ingest.period_dates): a warning.
    rows_after_period: int = 0


_COUNTS = """count(*), count(*) FILTER (WHERE error IS NOT NULL),
    count(*) FILTER (WHERE error IS NULL AND member_id IS NOT NULL),
    count(*) FILTER (WHERE error IS NULL AND member_id IS NULL)"""


def counts(cursor: Any, after: str = "0") -> Counts:
    cursor.execute(f"SELECT {_COUNTS}, {after} FROM feed_rows")
    *values, after_period = cursor.fetchone()
    return Counts(*values, rows_after_period=after_period)


def build_rows(
    cursor: Any,
    layout: FeedLayout,
    columns: dict[str, int],
    width: int,
    *,
    scope: str,
    today: dt.date,
    clean: bool = False,
    triage_rows: bool = True,
    heads: dict[str, str] | None = None,
    step: Callable[[float], None] = lambda fraction: None,
    period_end: dt.date | None = None,
) -> Counts:
    """feed_rows (alerts.ingest.cleaning), then its duplicate rows marked; returns its counts. A clean file is
    triaged first (alerts.ingest.triage): feed_rows then holds only the rows with an error, a rule that fires or
    a possible duplicate, and the counts add the others (`triage_rows` False: every row, for the tests that hold
    the two to the same result). `heads`: the columns' names as the errors quote them (cleaning.rows_statement).
    `step`: told how far through it is (0–1) after each statement over the whole file (alerts.ingest.progress).
    `period_end`: the upload's period's last day, for the rows dated after it (alerts.ingest.period_dates)."""
    cursor.execute("DROP TABLE IF EXISTS pg_temp.feed_rows, pg_temp.feed_dups, pg_temp.feed_triage")
    after = period_dates.count_sql(layout, period_end)
    if clean and triage_rows and triage.applies(layout, columns):
        raw = rawtable.name(cursor)
        statement, params = triage.triage_statement(
            layout,
            columns,
            raw=raw,
            scope=scope,
            today=today,
            fires=lambda sql: _fires_sql(layout, sql),
            also_keep=lambda sql: period_dates.keep_sql(layout, period_end, sql),
        )
        cursor.execute(statement, params)
        step(0.5)
        kept, others, others_matched = triage.kept(cursor)
        step(0.7)
        if kept <= triage.MAX_KEPT_SHARE * (kept + others):
            triage.stage_kept(cursor, raw)
            statement, params = rows_statement(
                layout, columns, width, scope=scope, today=today, clean=True, source="feed_kept", heads=heads
            )
            with transaction.atomic():
                if kept <= triage.LOOKUP_ROWS:
                    cursor.execute("SET LOCAL enable_hashjoin = off")
                    cursor.execute("SET LOCAL enable_mergejoin = off")
                cursor.execute(statement, params)
                # SET LOCAL lasts to the end of an outer transaction, should the ingestion run inside one.
                cursor.execute("RESET enable_hashjoin")
                cursor.execute("RESET enable_mergejoin")
            found = build_counts(cursor, layout, after)
            return Counts(
                rows_read=found.rows_read + others,
                rows_error=found.rows_error,
                rows_matched=found.rows_matched + others_matched,
                rows_unmatched=found.rows_unmatched + others - others_matched,
                ids_repeated=True,
                triaged=True,
                rows_after_period=found.rows_after_period,
            )
    statement, params = rows_statement(layout, columns, width, scope=scope, today=today, clean=clean, heads=heads)
    cursor.execute(statement, params)
    step(0.7)
    return build_counts(cursor, layout, after)


def build_counts(cursor: Any, layout: FeedLayout, after: str = "0") -> Counts:
    """The counts of feed_rows, its duplicate rows marked first."""
    # The counts and whether any 64-bit row hash (feed_rows.__dup_hash) occurs twice, in one pass. A DISTINCT
    # aggregate sorts the hashes: a million sort in about a third of the time the planner's hash aggregate takes
    # (its table of a million groups misses the CPU caches at every row). And whether some ID number is on several
    # rows (alerts.ingest.file_repeats), by its 64-bit hash: one more sort in the same pass.
    cursor.execute(
        f"""SELECT {_COUNTS}, count(__dup_hash) > count(DISTINCT __dup_hash),
            count(nullif(id_number, '')) > count(DISTINCT hashtextextended(nullif(id_number, ''), 0)), {after}
        FROM feed_rows"""
    )
    *values, repeated, ids_repeated, after_period = cursor.fetchone()
    if repeated:
        _mark_duplicates(cursor, layout)
        recount = counts(cursor, after)
        values, after_period = list(dataclasses.astuple(recount)[:4]), recount.rows_after_period
    return Counts(*values, ids_repeated=ids_repeated, rows_after_period=after_period)


def _mark_duplicates(cursor: Any, layout: FeedLayout) -> None:
    """Rows identical in every column of the feed (and with an ID number): the later ones are errors naming the
    first. The rows' 64-bit hashes (feed_rows.__dup_hash) are aggregated first, so only the rows whose hash occurs
    twice (the duplicates, and the rare collision) are then grouped on all their columns."""
    keys = duplicate_keys(layout)
    with transaction.atomic():
        cursor.execute("SET LOCAL enable_hashagg = off")  # grouping the million hashes: sorting is faster (above)
        cursor.execute(
            f"""CREATE TEMP TABLE feed_dups AS
            SELECT min(r.line) AS first, {", ".join(f"r.{k}" for k in keys)}
            FROM feed_rows r
            WHERE r.__dup_hash IN (
                SELECT __dup_hash FROM feed_rows WHERE __dup_hash IS NOT NULL GROUP BY 1 HAVING count(*) > 1)
            GROUP BY {", ".join(f"r.{k}" for k in keys)} HAVING count(*) > 1"""
        )
        cursor.execute("RESET enable_hashagg")  # SET LOCAL would last to the end of an outer transaction
    cursor.execute("SELECT EXISTS (SELECT 1 FROM feed_dups)")
    if not cursor.fetchone()[0]:
        return
    cursor.execute(
        f"""UPDATE feed_rows r SET error = concat_ws('；', r.error, format(%s, d.first))
        FROM feed_dups d WHERE {" AND ".join(f"r.{k} = d.{k}" for k in keys)} AND r.line > d.first""",
        [MSG_DUPLICATE],
    )


def _fires_sql(layout: FeedLayout, sql: Sql) -> str:
    """SQL over the row r: some rule of the feed fires on it (errors aside)."""
    return " OR ".join(f"({_rule_sql(layout, rule, sql)[0]})" for rule in layout.rules) or "false"


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
        return "true", f"{prefix} || {_cells_sql(layout, sql)}"
    return "false", "''"  # a rule whose column the feed type no longer has raises nothing


def _cells_sql(layout: FeedLayout, sql: Sql) -> str:
    """SQL: the row's filled cells other than the ID number and the name, as "列名：值；列名：值"."""
    parts = [
        f"CASE WHEN r.{_q(c.key)} <> '' THEN {sql.bind(c.header + '：')} || r.{_q(c.key)} END"
        for c in layout.columns
        if c.kind not in (ColumnKind.ID_NUMBER, ColumnKind.NAME)
    ]
    return f"concat_ws('；', {', '.join(parts) or 'NULL'})"


def _rows_detail(person: str, detail: str, sql: Sql) -> str:
    """SQL: the alert's detail over the person's rows of the file on which the rule fires (window w, by line). One
    row: its detail. Several (a second disease, a second hospital stay; review fx_verify 3): each row's, named by
    its line ("第2行：…；第5行：…"), with the name each row gave when they differ ("第5行（报送姓名：李四）：…"),
    so that the cadre reads every row the alert stands for, and the name the page holds against the registry's
    (Alert.reported_names). The later rows were kept by DISTINCT ON and dropped without a word before. Only the rows
    on which the rule fires reach here (the triage's kept rows), and the window shares the DISTINCT ON's sort."""
    by_line, by_name = sql.bind("第%s行：%s"), sql.bind("第%s行（报送姓名：%s）：%s")
    return f"""left(CASE
        WHEN count(*) OVER w = 1 THEN {detail}
        WHEN min({person}) OVER w = max({person}) OVER w
            THEN string_agg(format({by_line}, r.line, {detail}), '；') OVER w
        ELSE string_agg(format({by_name}, r.line, {person}, {detail}), '；') OVER w END, 300)"""


def _unregistered_add(cursor: Any, layout: FeedLayout, upload: FeedUpload, person: str, names: str, now: Any) -> None:
    """One unregistered person per unmatched row on which a rule fires, its detail joining every rule that fires
    (in the feed's order), and each of those rules with its own detail (UnregisteredRule): the alerts raised should
    a village register the person (alerts.services.unregistered_alerts). One statement for all the rules.

    The matching (alerts.ingest.cleaning, triage) looks at living members only. A person the registry holds as
    deceased or moved away is no stranger to register (a death a cadre recorded is reported again by the next
    cumulative feed, 公安 reports traffic deaths): each row here is looked up among the county's other members,
    the one last marked 已故 or 迁出 (registry_member). Only these rows are looked up, a few index probes on the
    members' ID number, so the million rows of a file pay nothing for it."""
    sql = Sql({})
    rules = [rule for rule in layout.rules if not rule.registers_exclusion]
    parts = [_rule_sql(layout, rule, sql) for rule in rules]
    if not parts:
        return
    condition = " OR ".join(f"({c})" for c, _ in parts)
    detail = "concat_ws('；', " + ", ".join(f"CASE WHEN {c} THEN {d} END" for c, d in parts) + ")"
    met = ", ".join(f"({sql.bind(r.pk)}::bigint, {c}, {d})" for r, (c, d) in zip(rules, parts, strict=True))
    living, scope_like = sql.bind(LivingStatus.LIVING.value), sql.bind(upload.region_path + "%")
    cursor.execute(
        f"""WITH ins AS (
            INSERT INTO alerts_unregisteredperson ({names})
            SELECT {sql.bind(upload.pk)}, {sql.bind(layout.feed.pk)}, r.line, left(r.id_number, 18), {person},
                   left({detail}, 300), {sql.bind(upload.region_path)}, gone.id, {sql.bind(now)}
            FROM feed_rows r
            LEFT JOIN LATERAL (
                SELECT m.id FROM households_member m
                WHERE m.id_number = r.id_number AND m.id_number <> '' AND m.living_status <> {living}
                  AND m.region_path LIKE {scope_like}
                ORDER BY m.status_changed_on DESC NULLS LAST, m.id DESC LIMIT 1
            ) gone ON true
            WHERE r.error IS NULL AND r.member_id IS NULL AND ({condition})
            ORDER BY r.line
            RETURNING id, line
        )
        INSERT INTO alerts_unregisteredrule ({", ".join(RULE_COLUMNS)})
        SELECT ins.id, x.rule_id, left(x.detail, 300)
        FROM ins JOIN feed_rows r ON r.line = ins.line
        CROSS JOIN LATERAL (VALUES {met}) AS x(rule_id, fires, detail)
        WHERE x.fires""",
        sql.params,
    )


def add_exclusions(cursor: Any, layout: FeedLayout, upload: FeedUpload, *, today: dt.date) -> list[tuple[Any, ...]]:
    """七严四甄别 from the feed: each matched member of a rule with an exclusion kind gets that exclusion fact
    (source 部门数据, the row's detail as its note) unless they already hold an active one of that kind. Returns the
    facts added as (fact id, household id, member id, member name, kind, note)."""
    from screening.choices import ExclusionSource

    added: list[tuple[Any, ...]] = []
    for rule in layout.rules:
        if not rule.registers_exclusion:
            continue
        sql = Sql({})
        condition, _ = _rule_sql(layout, rule, sql)
        kind, source = sql.bind(rule.exclusion_kind), sql.bind(ExclusionSource.FEED.value)
        where = sql.bind(f"（{layout.feed.name}，第")
        cursor.execute(
            f"""WITH c AS (
                SELECT DISTINCT ON (r.member_id) r.member_id, r.household_id, r.region_path,
                       left({_cells_sql(layout, sql)} || {where} || r.line || '行）', 300) AS note
                FROM feed_rows r WHERE r.error IS NULL AND r.member_id IS NOT NULL AND ({condition})
                ORDER BY r.member_id, r.line
            ), ins AS (
                INSERT INTO screening_exclusionfact ({", ".join(EXCLUSION_COLUMNS)})
                SELECT c.household_id, c.member_id, '', '', c.region_path, {kind}, c.note, {source},
                       {sql.bind(upload.uploaded_by_id)}, {sql.bind(today)}, true, ''
                FROM c
                WHERE NOT EXISTS (SELECT 1 FROM screening_exclusionfact f
                                  WHERE f.member_id = c.member_id AND f.kind = {kind} AND f.is_active)
                ORDER BY c.household_id, c.member_id
                RETURNING id, household_id, member_id, kind, note
            )
            SELECT ins.id, ins.household_id, ins.member_id, m.name, ins.kind, ins.note
            FROM ins JOIN households_member m ON m.id = ins.member_id ORDER BY ins.id""",
            sql.params,
        )
        added.extend(cursor.fetchall())
    return added


def entries_merge(cursor: Any, upload_id: int) -> None:
    """The upload's unregistered rows folded into their persons' entries (alerts.models.UnregisteredEntry): a new
    person gets one; a known one is named once more (the latest name and detail, one more feed type). Run once per
    upload, in its final transaction."""
    cursor.execute(
        f"""INSERT INTO alerts_unregisteredentry AS e ({", ".join(ENTRY_COLUMNS)})
        SELECT DISTINCT ON (u.region_path, u.id_number) u.region_path, u.id_number, u.person_name, u.detail, u.id,
               ARRAY[u.feed_type_id], count(*) OVER (PARTITION BY u.region_path, u.id_number), u.created_at,
               u.created_at, '', '', u.registry_member_id
        FROM alerts_unregisteredperson u WHERE u.upload_id = %s
        ORDER BY u.region_path, u.id_number, u.line DESC
        ON CONFLICT (region_path, id_number) DO UPDATE SET
            person_name = excluded.person_name, detail = excluded.detail, latest_id = excluded.latest_id,
            registry_member_id = excluded.registry_member_id,
            appearances = e.appearances + excluded.appearances, last_seen = excluded.last_seen,
            feed_types = CASE WHEN e.feed_types @> excluded.feed_types THEN e.feed_types
                              ELSE e.feed_types || excluded.feed_types END""",
        [upload_id],
    )


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
    cursor.execute(
        "DROP TABLE IF EXISTS pg_temp.feed_rows, pg_temp.feed_dups, pg_temp.feed_triage, pg_temp.feed_kept,"
        " pg_temp.feed_repeats"
    )
    rawtable.drop(cursor)


def number_columns(layout: FeedLayout, staged: "Staged") -> frozenset[int]:
    """The positions, among the error workbook's columns (kept_columns), of the feed's amount columns when the file
    was a workbook (reading.Staged.workbook): staged as text, their cells go back as numbers (当年累计医疗支出 22000,
    not the text '22000', which Excel flags and will not sum). A CSV cell's text is the original and stays text."""
    from households.registry_import.reader import kept_columns

    if not staged.workbook:
        return frozenset()
    amounts = {staged.columns[c.key] for c in layout.columns if c.kind == ColumnKind.AMOUNT and c.key in staged.columns}
    return frozenset(at for at, index in enumerate(kept_columns(staged.header)) if index in amounts)
