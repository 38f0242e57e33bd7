"""ID numbers a file names on several rows with different details (4 persons × 75,000 rows, a department's export
joined on the wrong key): a warning in the upload's result, not an error (a person may well have several hospital
stays in one file), and each alert says how many rows of the file named its person (alerts.ingest.raising).

Whether any ID number repeats is found in the pass the counts already make (alerts.ingest.staging.build_counts,
alerts.ingest.triage.kept: one more DISTINCT over a 64-bit hash of the number). Only a file where one does is then
grouped by ID number, only the rows whose number's hash repeats, into the temporary table feed_repeats (id_number,
n, lines): rows identical in every cell are duplicates, told apart already (重复行), and not counted here.
"""

from typing import Any

from alerts.choices import ColumnKind
from alerts.ingest import rawtable
from alerts.ingest.layout import FeedLayout
from alerts.ingest.staging import Counts

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
    if counts.triaged:
        # feed_rows holds only the rows the triage kept. The rows whose ID number's hash (feed_triage.__id_hash)
        # repeats are fetched from the staging table by where they are in it (as alerts.ingest.triage.stage_kept):
        # one grouping of the narrow hashes, then only those rows read. The file is clean, so its cells are as
        # the cleaning would write them.
        at = next(columns[c.key] for c in layout.columns if c.kind == ColumnKind.ID_NUMBER)
        cells = ", ".join(f"coalesce(c{i}, '')" for i in sorted(columns.values()))
        source = f"""SELECT c{at} AS id_number, line, ARRAY[{cells}]::text AS cells FROM {rawtable.name(cursor)}
            WHERE ctid = ANY(ARRAY(SELECT raw_tid FROM feed_triage WHERE __id_hash IN (
                SELECT __id_hash FROM feed_triage WHERE __id_hash IS NOT NULL GROUP BY 1 HAVING count(*) > 1)))"""
    else:
        # Grouping the rows' ID numbers as text sorts them all (3 s for 300,000 here): the numbers whose 64-bit hash
        # repeats are found first (a hash aggregate of integers), and only their rows grouped.
        hashed = "hashtextextended(id_number, 0)"
        source = f"""SELECT id_number, line, __dup_hash AS cells FROM feed_rows
            WHERE id_number <> '' AND {hashed} IN (
                SELECT {hashed} FROM feed_rows WHERE id_number <> '' GROUP BY 1 HAVING count(*) > 1)"""
    cursor.execute(
        f"""CREATE TEMP TABLE feed_repeats AS
        SELECT id_number, count(*) AS n, (array_agg(line ORDER BY line))[1:3] AS lines
        FROM ({source}) s GROUP BY id_number HAVING count(DISTINCT cells) > 1"""
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
