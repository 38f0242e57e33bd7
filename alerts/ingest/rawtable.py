"""The staging table a feed file is copied into, and its lifetime.

It is a regular UNLOGGED table in the schema `feed_stage`, named after the database session that owns it
(`raw_<backend pid>`), rather than a temporary table: PostgreSQL's parallel workers cannot read a session's
temporary tables, and the triage of a million rows (alerts.ingest.triage) runs in about half the time on two
cores. Like a temporary table it belongs to one session: it is made afresh by each staging, dropped when the
run ends, and one left behind by a session that died (a killed worker) is dropped by the "what is due" task
once no session with that pid is connected. The rest of ingestion reads it through the session's temporary view
`feed_raw`, as it read the temporary table before. Its rows are never seen by users; an unlogged table's rows are
not written to the WAL (a crash empties it, and a crashed run starts again from the file anyway).
"""

import logging
import re
from typing import Any

logger = logging.getLogger(__name__)

SCHEMA = "feed_stage"
VIEW = "feed_raw"
_OWN = re.compile(r"raw_(\d+)")


def name(cursor: Any) -> str:
    """This session's staging table, schema-qualified."""
    cursor.execute("SELECT pg_backend_pid()")
    return f"{SCHEMA}.raw_{int(cursor.fetchone()[0])}"


def create(cursor: Any, width: int, first_line: int) -> str:
    """A new, empty staging table of `width` text cells (c0 … cN) whose `line` numbers the rows in the order they
    are copied from `first_line` on; returns its name. The view feed_raw shows it."""
    table = name(cursor)
    drop(cursor)
    # Only this session draws from the sequence, so numbers taken a thousand at a time still come one after
    # another (with the default CACHE 1 every row updated the sequence itself: 0.15 s of a million-row COPY).
    cursor.execute(f"CREATE SEQUENCE {table}_line START {int(first_line)} CACHE 1000")
    cells = ", ".join(f"c{i} text" for i in range(width))
    cursor.execute(f"CREATE UNLOGGED TABLE {table} (line bigint NOT NULL DEFAULT nextval('{table}_line'), {cells})")
    cursor.execute(f"ALTER SEQUENCE {table}_line OWNED BY {table}.line")  # dropped with the table
    cursor.execute(f"CREATE TEMP VIEW {VIEW} AS SELECT * FROM {table}")
    return table


def drop(cursor: Any) -> None:
    """This session's staging table and its view, if any."""
    cursor.execute(f"DROP VIEW IF EXISTS pg_temp.{VIEW}")
    cursor.execute(f"DROP TABLE IF EXISTS {name(cursor)}")


def sweep(cursor: Any) -> int:
    """Drop the staging tables of sessions no longer connected (a worker killed mid-run); returns how many."""
    cursor.execute(
        """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %s AND c.relkind = 'r'""",
        [SCHEMA],
    )
    tables = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT pid FROM pg_stat_activity")
    live = {row[0] for row in cursor.fetchall()}
    dropped = 0
    for table in tables:
        match = _OWN.fullmatch(table)
        if match is None or int(match.group(1)) in live:
            continue
        cursor.execute(f"DROP TABLE IF EXISTS {SCHEMA}.{table}")
        logger.info("dropped the staging table %s.%s of a session that is gone", SCHEMA, table)
        dropped += 1
    return dropped
