"""Benchmark: seed_demo building a county of N households (default 150,000) on a fresh database.

    python bench/seed_demo.py [--n 150000] [--seed 2026]

Creates a throwaway database `shouwang_bench` on the server named by DATABASE_URL, migrates it, times
`manage.py seed_demo`, and drops it again. There is no raw baseline: the command is itself the bulk path
(COPY), so the line reads `baseline_s=- ratio=-`.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from support import recreate_database, url_for_database  # noqa: E402 - after the path setup above

BENCH_DB = "shouwang_bench"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouwang"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=150_000, help="households to generate")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    bench_url = url_for_database(server_url, BENCH_DB)
    recreate_database(server_url, BENCH_DB)
    os.environ["DATABASE_URL"] = bench_url
    try:
        import django
        from django.core.management import call_command
        from django.db import connections

        django.setup()
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_demo", households=args.n, seed=args.seed)
        elapsed = time.perf_counter() - started
        connections.close_all()
    finally:
        recreate_database(server_url, BENCH_DB, drop_only=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"BENCH seed_demo n={args.n} ours_s={elapsed:.2f} baseline_s=- ratio=- peak_rss_mb={peak_mb:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
