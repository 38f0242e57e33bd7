"""The staging table of feed ingestion (alerts.ingest.rawtable): a regular unlogged table per database session,
which parallel workers can read, dropped when the run ends and swept when its session died."""

import io

import psycopg2
import pytest
from django.db import connection

from alerts.choices import UploadStatus
from alerts.ingest import rawtable, reading, staging, triage
from alerts.ingest.layout import feed_layout
from alerts.ingest.services import MSG_HEADER_ONLY
from alerts.services.due import what_is_due
from tests.alerts.conftest import TODAY, csv_file, feed, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "medical-cost-monitored"


def _stage_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s",
            [rawtable.SCHEMA],
        )
        return sorted(row[0] for row in cursor.fetchall())


def test_a_run_with_rows_or_only_a_header_leaves_no_staging_table_behind(clerks, people):
    header = header_of(CODE)
    good = csv_file([["张大山", people["zhang"].id_number, "30000", "20000", "2026-10-01"]], header=header)
    empty = csv_file([], header=header, name="只有表头.csv")  # staged, no data rows: refused

    done = ingest(clerks["medical_insurance"], CODE, good)
    nil = ingest(clerks["medical_insurance"], CODE, empty)

    assert (done.status, done.alerts_raised) == (UploadStatus.DONE, 1)
    assert (nil.status, nil.message) == (UploadStatus.FAILED, MSG_HEADER_ONLY)
    assert _stage_tables() == []


def test_the_triage_of_a_staged_file_can_run_in_parallel_workers(people):
    layout = feed_layout(feed(CODE))
    rows = [["张大山", people["zhang"].id_number, "30000", "20000", "2026-10-01"]] * 3
    data = "".join(",".join(row) + "\n" for row in [header_of(CODE), *rows]).encode("gbk")
    with connection.cursor() as cursor:
        staged = reading.stage_file(cursor, io.BytesIO(data), "feed.csv", layout, lambda *_: None)
        assert staged.clean
        statement, params = triage.triage_statement(
            layout, staged.columns, raw=rawtable.name(cursor), scope="360425", today=TODAY, fires=lambda sql: "false"
        )
        # Parallel plans made cheap, as they are for a million rows. A temporary staging table (which only its
        # own session can read) would keep the statement in one process whatever the costs.
        for setting in ("parallel_setup_cost", "parallel_tuple_cost", "min_parallel_table_scan_size"):
            cursor.execute(f"SET LOCAL {setting} = 0")
        cursor.execute("EXPLAIN " + statement, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        staging.drop(cursor)
    assert "Gather" in plan and "Parallel Seq Scan" in plan, plan


@pytest.mark.django_db(transaction=True)
def test_the_staging_table_of_a_session_that_died_is_swept_and_a_live_ones_is_kept(audit_log_flushable):
    with connection.cursor() as cursor:
        rawtable.sweep(cursor)  # what an earlier test's killed worker may have left
    other = psycopg2.connect(**connection.get_connection_params())
    other.autocommit = True
    with other.cursor() as cursor:
        dead = rawtable.create(cursor, 2, 1)
    with connection.cursor() as cursor:
        live = rawtable.create(cursor, 2, 1)
    other.close()  # the session ends without dropping its table, as a killed worker's does

    with connection.cursor() as cursor:
        for _ in range(50):  # the server notices the closed connection at once, or nearly
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [int(dead.rsplit("_", 1)[1])])
            if not cursor.fetchone()[0]:
                break
        assert what_is_due()["staging_swept"] == 1  # the periodic task sweeps
        assert _stage_tables() == [live.split(".")[1], live.split(".")[1] + "_line_seq"]
        rawtable.drop(cursor)
    assert _stage_tables() == []
