"""What the staging table tells once checked (households.registry_import.staging): the rows of rejected households
for the error workbook, and the imported rows to verify (households.registry_import.family) for the page and the
workbook's second sheet. Read set-based, streamed through server-side cursors."""

from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction

from households.registry_import.staging import MSG_SIBLING

WARNING_PREFIX = "已导入，请核实："
CHECKED_WARNING_PREFIX = "导入后请核实："  # a check-only run: nothing is imported yet
WARNINGS_SHOWN = 50  # on the import's page; the result workbook lists them all


def error_rows(batch: int = 5000) -> Iterator[tuple[int, str, str]]:
    """The rows of rejected households in file order: (line, original cells joined, reason). Streamed through
    a server-side cursor, so a file that is wrong throughout does not have to fit in memory."""
    connection.ensure_connection()
    with transaction.atomic(), connection.connection.cursor(name="registry_import_errors") as cursor:
        cursor.itersize = batch
        cursor.execute(
            """SELECT r.line, r.raw, coalesce(r.error, %s)
               FROM import_rows r LEFT JOIN import_households h USING (number)
               WHERE r.number IS NULL OR h.bad ORDER BY r.line""",
            [MSG_SIBLING],
        )
        yield from cursor


def warning_summary(cursor: Any) -> tuple[int, list[str]]:
    """The households imported with something to verify, and the first WARNINGS_SHOWN warnings ("第N行 …")."""
    cursor.execute(
        """SELECT (SELECT count(DISTINCT r.number) FROM import_warnings w JOIN import_rows r USING (line)),
                  coalesce((SELECT array_agg(text ORDER BY line, id) FROM (
                      SELECT line, id, format('第%%s行 %%s', line, message) AS text FROM import_warnings
                      ORDER BY line, id LIMIT %s) s), '{}')""",
        [WARNINGS_SHOWN],
    )
    count, shown = cursor.fetchone()
    return int(count), list(shown)


def warning_rows(batch: int = 5000, *, check_only: bool = False) -> Iterator[tuple[int, str, str]]:
    """The rows to verify in file order, for the result workbook: (line, original cells joined, what to verify)."""
    connection.ensure_connection()
    with transaction.atomic(), connection.connection.cursor(name="registry_import_warnings") as cursor:
        cursor.itersize = batch
        cursor.execute(
            """SELECT r.line, r.raw, %s || '第' || r.line || '行 ' || string_agg(w.message, '；' ORDER BY w.id)
               FROM import_warnings w JOIN import_rows r USING (line) GROUP BY r.line, r.raw ORDER BY r.line""",
            [CHECKED_WARNING_PREFIX if check_only else WARNING_PREFIX],
        )
        yield from cursor
