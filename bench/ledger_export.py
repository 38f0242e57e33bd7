"""Benchmark: the monitored-household ledger (监测对象台账, ~30 columns) for N households (default 150,000).

    python bench/ledger_export.py [--n 150000] [--seed 2026] [--repeat 1] [--keep]

Creates a throwaway database `shouwang_bench_ledger` on the server named by DATABASE_URL (kept and reused with
--keep when it already holds N households), seeds it with `seed_demo --households N` in a subprocess (so the
seeding's memory is not counted), marks every household as monitored so the ledger has N rows, and times:

- ours: `reports.writer.write_ledger` over the ledger's own selector (`reports.ledgers.households`) as the county
  officer sees it, end to end: the query through a server-side cursor, every cell converted (Chinese labels,
  formula neutralisation, money and date formats), title and header rows, frozen panes, column widths;
- baseline: the same SQL through a raw psycopg2 named cursor, written with raw xlsxwriter (constant_memory,
  `write_row`, strings left as strings like ours: no URL or formula detection), lists joined so xlsxwriter
  accepts them.

Both write to /tmp and the files are checked to hold the same number of rows. Prints
`BENCH ledger_export n=<rows> ours_s=… baseline_s=… ratio=… peak_rss_mb=…` and drops the database unless --keep.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from support import recreate_database, url_for_database  # noqa: E402 - after the path setup above

BENCH_DB = "shouwang_bench_ledger"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouwang"


def seeded_households(url: str) -> int:
    import psycopg2

    from config.env import database_from_url

    db = database_from_url(url)
    try:
        connection = psycopg2.connect(
            dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"] or None, host=db["HOST"] or None,
            port=db["PORT"] or None,
        )  # fmt: skip
    except psycopg2.OperationalError:
        return -1
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM households_household")
            return int(cursor.fetchone()[0])
    except psycopg2.Error:
        return -1
    finally:
        connection.close()


def prepare(server_url: str, bench_url: str, n: int, seed: int, keep: bool) -> None:
    if keep and seeded_households(bench_url) == n:
        return
    recreate_database(server_url, BENCH_DB)
    env = {**os.environ, "DATABASE_URL": bench_url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], check=True, env=env)
    subprocess.run([*manage, "seed_demo", "--households", str(n), "--seed", str(seed)], check=True, env=env,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    monitored = (
        "UPDATE households_household SET monitoring_category = "
        "(ARRAY['unstable','marginal','sudden_hardship'])[1 + id % 3], "
        "monitoring_start = COALESCE(monitoring_start, DATE '2025-01-01' + (id % 600)::int), "
        "risk_types = CASE WHEN cardinality(risk_types) = 0 THEN ARRAY['medical_cost','unsafe_housing']::varchar[] "
        "ELSE risk_types END; VACUUM ANALYZE;"
    )
    subprocess.run(["psql", bench_url, "-q", "-c", monitored.split("; VACUUM")[0]], check=True)
    subprocess.run(["psql", bench_url, "-q", "-c", "VACUUM ANALYZE"], check=True)


def sheet_rows(path: str) -> int:
    """Rows in the first sheet, from its XML (<row ... elements), without loading the workbook."""
    with zipfile.ZipFile(path) as archive, archive.open("xl/worksheets/sheet1.xml") as sheet:
        count = 0
        tail = b""
        while chunk := sheet.read(1 << 20):
            data = tail + chunk
            count += data.count(b"<row ")
            tail = data[-5:]
            count -= tail.count(b"<row ")
        return count + tail.count(b"<row ")


def time_ours(actor, filters, path: str) -> tuple[float, int]:
    from reports.ledgers import ledger_get
    from reports.services.exports import ledger_rows
    from reports.writer import write_ledger

    ledger = ledger_get(actor=actor, code="monitored_households")
    started = time.perf_counter()
    rows = write_ledger(
        path,
        ledger=ledger,
        actor=actor,
        filters=filters,
        rows=ledger_rows(ledger, actor, filters),
        county_name="永修县",
    )
    return time.perf_counter() - started, rows


def time_baseline(actor, filters, path: str) -> tuple[float, int]:
    import xlsxwriter
    from django.db import connection, transaction

    from reports.ledgers import ledger_get

    ledger = ledger_get(actor=actor, code="monitored_households")
    sql, params = ledger.rows(actor, filters).query.sql_with_params()
    started = time.perf_counter()
    with transaction.atomic(), connection.connection.cursor(name="bench_baseline") as cursor:
        cursor.itersize = 2000
        cursor.execute(sql, params)
        # The same workbook options as ours: without them xlsxwriter tests every string against its URL and
        # formula patterns, which would make the baseline slower than raw writing has to be.
        workbook = xlsxwriter.Workbook(
            path, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ledger.headers)
        count = 0
        for count, row in enumerate(cursor, start=1):
            sheet.write_row(count, 0, [", ".join(v) if isinstance(v, list) else v for v in row])
        workbook.close()
    return time.perf_counter() - started, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=150_000, help="households to seed (all become monitored)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side; the best is kept")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the seeded database")
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    bench_url = url_for_database(server_url, BENCH_DB)
    prepare(server_url, bench_url, args.n, args.seed, args.keep)
    os.environ["DATABASE_URL"] = bench_url
    try:
        import django

        django.setup()
        from accounts.models import User
        from reports.ledgers.base import Filters

        actor = User.objects.get(username="county")
        filters = Filters()
        ours = baseline = float("inf")
        with tempfile.TemporaryDirectory() as folder:
            ours_path, base_path = f"{folder}/ours.xlsx", f"{folder}/baseline.xlsx"
            for _ in range(args.repeat):
                seconds, base_rows = time_baseline(actor, filters, base_path)
                baseline = min(baseline, seconds)
                seconds, our_rows = time_ours(actor, filters, ours_path)
                ours = min(ours, seconds)
            assert our_rows == base_rows, f"ours wrote {our_rows} rows, the baseline {base_rows}"
            # ours: title, filter line and header before the data, and the 合计 row after it where the ledger defines
            # one (reports.writer); the baseline: the header only.
            from reports.ledgers import ledger_get

            total_row = 1 if ledger_get(actor=actor, code="monitored_households").totals else 0
            assert sheet_rows(ours_path) == our_rows + 3 + total_row, "our file does not hold every row"
            sizes = (
                f"ours {os.path.getsize(ours_path) / 1e6:.1f} MB, baseline {os.path.getsize(base_path) / 1e6:.1f} MB"
            )
            print(f"{our_rows} rows × {len(ledger_columns())} columns; {sizes}", file=sys.stderr)
        from django.db import connections

        connections.close_all()
    finally:
        if not args.keep:
            recreate_database(server_url, BENCH_DB, drop_only=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(
        f"BENCH ledger_export n={our_rows} ours_s={ours:.2f} baseline_s={baseline:.2f} "
        f"ratio={ours / baseline:.2f} peak_rss_mb={peak_mb:.0f}"
    )
    return 0


def ledger_columns() -> list[str]:
    from reports.ledgers.households import HOUSEHOLD_COLUMNS

    return [column.header for column in HOUSEHOLD_COLUMNS]


if __name__ == "__main__":
    sys.exit(main())
