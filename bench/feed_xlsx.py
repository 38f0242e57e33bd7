"""Benchmark: parsing a department's 200,000-row XLSX feed, against raw python-calamine.

    python bench/feed_xlsx.py [--n 200000]

Writes an XLSX of N rows in the layout of the 医保 feed (姓名, 身份证号 as text, two amounts, a date) with a title
row above the header, then times, in the same run:

- ours: the zip-bomb and XML-entity guard, the go-live import's reader (header search; the cell text a column at
  a time, households.registry_import.reader.SheetRows) and the COPY text the ingestion sends to PostgreSQL
  (households.registry_import.reader.open_table, which runs the guard; alerts.ingest.reading.copy_chunks);
- baseline: python-calamine alone, opening the workbook and iterating every row of the first sheet.

No database is needed. Prints `BENCH feed_xlsx n=<rows> ours_s=… baseline_s=… ratio=… peak_rss_mb=…`.
"""

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

HEADER = ["姓名", "身份证号", "累计医疗总费用", "累计个人自付费用", "结算日期"]


def write_xlsx(path: Path, n: int) -> None:
    import xlsxwriter

    from households import idnumber

    rng = random.Random(2026)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("医保")
    sheet.write_row(0, 0, ["涞源县医疗保障局 高额医疗费用预警名单"])
    sheet.write_row(1, 0, HEADER)
    names = ["张大山", "李秀英", "王五", "赵六", "钱七"]
    for i in range(n):
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(25000))
        total = rng.randrange(100, 80000)
        sheet.write_row(
            i + 2,
            0,
            [names[i % 5], idnumber.make("130630", birth, rng.randrange(1000)), total, round(total * 0.3, 2),
             dt.date(2026, 10, 1 + i % 28).isoformat()],
        )  # fmt: skip
    workbook.close()


def time_baseline(path: Path) -> float:
    from python_calamine import load_workbook

    started = time.perf_counter()
    with path.open("rb") as handle:
        rows = sum(1 for _ in load_workbook(handle).get_sheet_by_index(0).iter_rows())
    elapsed = time.perf_counter() - started
    assert rows > 0
    return elapsed


def time_ours(path: Path) -> tuple[float, int]:
    from alerts.ingest.reading import copy_chunks
    from households.registry_import.columns import normalize_header
    from households.registry_import.reader import Layout, open_table

    # The feed's header layout as alerts.ingest.layout builds it from the database, here without one.
    keys = {normalize_header(h): k for h, k in zip(HEADER, ["name", "id_number", "total", "oop", "on"], strict=True)}
    layout = Layout(
        header_keys=keys, required=(("name", "姓名"), ("id_number", "身份证号")), long_codes=(("id_number", 0),)
    )
    started = time.perf_counter()
    rows = 0
    with path.open("rb") as handle:
        table = open_table(handle, path.name, layout)
        for _, count in copy_chunks(table, len(table.header)):
            rows += count
    return time.perf_counter() - started, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200_000)
    args = parser.parse_args()
    import django

    django.setup()
    with tempfile.TemporaryDirectory(prefix="bench_feed_xlsx_") as workdir:
        path = Path(workdir) / "feed.xlsx"
        write_xlsx(path, args.n)
        print(f"file: {args.n} rows, {path.stat().st_size / 1e6:.0f} MB", file=sys.stderr)
        # Best of three each, alternating, so a burst of load on the shared machine hits both alike.
        baselines, ours_runs = [], []
        for _ in range(3):
            baselines.append(time_baseline(path))
            elapsed, rows = time_ours(path)
            ours_runs.append(elapsed)
            if rows != args.n:
                print(f"read {rows} rows, expected {args.n}", file=sys.stderr)
                return 1
    baseline, ours = min(baselines), min(ours_runs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"BENCH feed_xlsx n={args.n} ours_s={ours:.2f} baseline_s={baseline:.2f} "
        f"ratio={ours / baseline:.2f} peak_rss_mb={peak_mb:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
