"""ID numbers a file names on several rows with different details (4 persons × 75,000 rows, a department's export
joined on the wrong key): a warning in the upload's result, not an error (a person may well have several hospital
stays in one file), and each alert says how many rows of the file named its person (alerts.ingest.raising).

Only the persons an alert can name are looked for: an ID number on a valid row of a registered member on which some
rule fires (feed_rows, whose rows a clean file's triage kept are a superset of those: alerts.ingest.triage). A file
naming each of 300,000 persons on two rows, as a 医保 file of several hospital stays does, is then not grouped whole
for a warning about persons no alert names, and a file gives the same warning whether triaged or cleaned whole.
Their rows are counted among the file's valid rows only: a rejected row (a blank name, a duplicate, 重复行) was
not taken, its reason is in the error workbook, and neither the warning nor an alert counts it as a report of the
person. Where the cleaning read every row (alerts.ingest.staging.build_counts), whether any ID number repeats at
all is found first in the pass the counts already make (one more DISTINCT over a 64-bit hash of the number). The
result is the temporary table feed_repeats (id_number, n, lines).

The warning quotes up to three of the numbers in full, for the department's clerk, whose file it is; the others
who read the upload read them as the registry shows them to them (alerts.privacy.shown_upload_message).
"""

from typing import Any

from alerts.choices import ColumnKind
from alerts.ingest import rawtable
from alerts.ingest.cleaning import Sql
from alerts.ingest.layout import FeedLayout
from alerts.ingest.staging import Counts, _fires_sql

EXAMPLES = 3  # ID numbers the warning names
MSG_REPEATED_IDS = (
    "提示：有 {n} 个身份证号在本文件中出现在多行且内容不同（如 {examples}），请核对是否把同一人重复报送或身份证号填错；"
    "这些行已按各自内容处理，生成的预警中注明了本文件报送此人的行数。"
)


def stage(cursor: Any, counts: Counts, layout: FeedLayout, columns: dict[str, int]) -> tuple[int, str]:
    """feed_repeats for a file whose ID numbers repeat; returns (how many ID numbers, the warning), (0, "") else."""
    cursor.execute("DROP TABLE IF EXISTS pg_temp.feed_repeats")
    if not counts.ids_repeated:
        return 0, ""
    sql = Sql({})
    alerted = f"""SELECT hashtextextended(r.id_number, 0) FROM feed_rows r
        WHERE r.error IS NULL AND r.member_id IS NOT NULL AND r.id_number <> '' AND ({_fires_sql(layout, sql)})"""
    if counts.triaged:
        # feed_rows holds only the rows the triage kept. The rows naming a kept row's person on more than one row
        # (by the hash of the number, feed_triage.__id_hash) are fetched from the staging table by where they are
        # in it (as alerts.ingest.triage.stage_kept): one semi-join of the narrow hashes with the kept persons',
        # then only those rows read. The file is clean, so its cells are as the cleaning would write them. A row
        # the triage left out has no error (its tests are a superset of the cleaning's); a kept one may have, and
        # is then left out by its line: a hash anti-join with the error rows, when there are any (about 0.7 µs a
        # row read here; a file without an error row pays nothing).
        at = next(columns[c.key] for c in layout.columns if c.kind == ColumnKind.ID_NUMBER)
        cells = ", ".join(f"coalesce(c{i}, '')" for i in sorted(columns.values()))
        rejected = "NOT EXISTS (SELECT 1 FROM feed_rows e WHERE e.line = w.line AND e.error IS NOT NULL)"
        source = f"""SELECT c{at} AS id_number, line, ARRAY[{cells}]::text AS cells FROM {rawtable.name(cursor)} w
            WHERE ctid = ANY(ARRAY(SELECT raw_tid FROM feed_triage WHERE __id_hash IN (
                SELECT __id_hash FROM feed_triage WHERE __id_hash IN ({alerted}) GROUP BY 1 HAVING count(*) > 1)))
              AND {rejected if counts.rows_error else "true"}"""
    else:
        # Grouping the rows' ID numbers as text sorts them all (3 s for 300,000 here): the numbers whose 64-bit hash
        # repeats are found first (a hash aggregate of integers), and only their rows grouped.
        hashed = "hashtextextended(id_number, 0)"
        valid = "error IS NULL AND id_number <> ''"
        source = f"""SELECT id_number, line, __dup_hash AS cells FROM feed_rows
            WHERE {valid} AND {hashed} IN (
                SELECT {hashed} FROM feed_rows WHERE {valid} AND {hashed} IN ({alerted})
                GROUP BY 1 HAVING count(*) > 1)"""
    cursor.execute(
        f"""CREATE TEMP TABLE feed_repeats AS
        SELECT id_number, count(*) AS n, (array_agg(line ORDER BY line))[1:3] AS lines
        FROM ({source}) s GROUP BY id_number HAVING count(DISTINCT cells) > 1""",
        sql.params,
    )
    cursor.execute("SELECT count(*) FROM feed_repeats")
    found = cursor.fetchone()[0]
    if not found:
        return 0, ""
    cursor.execute(f"SELECT id_number, n, lines FROM feed_repeats ORDER BY n DESC, id_number LIMIT {EXAMPLES}")
    examples = "；".join(
        f"{number}：{n}行（第{'、'.join(map(str, lines))}{'…' if n > len(lines) else ''}行）"
        for number, n, lines in cursor.fetchall()
    )
    return found, MSG_REPEATED_IDS.format(n=found, examples=examples)
