"""Benchmark: a department's 1,000,000-row GBK CSV feed, upload → alerts through the real task and a real worker,
against a 150,000-household demo county.

    python bench/feed_ingest.py [--n 1000000] [--households 150000]

Creates a throwaway database `shouwang_bench_feeds` on the server named by DATABASE_URL, migrates it and seeds
the demo county (`seed_demo --households H`, then VACUUM ANALYZE, the state autovacuum keeps a registry in),
writes a GBK CSV of N rows in the layout of the 医保 feed (高额医疗费用, every 10 days) with a title row: 80 % of
the rows name registered members (several rows a person, different amounts), 20 % persons the registry does not
hold, about 3 % of the amounts above the alert threshold. Then, in
the same run:

- ours: `feed_upload_create` (checksum, stored file) and the Celery task in a real worker process (`celery worker
  -P solo`, started here against the same database and REDIS_URL) until the upload is done: streaming COPY into
  staging, the set-based checks and matching, the rules, the alerts, the unregistered persons;
- baseline: a bare `COPY … FROM STDIN (FORMAT csv, HEADER, ENCODING 'GBK')` of the same file into an UNLOGGED table
  of as many text columns.

Prints `BENCH feed_ingest n=<rows> ours_s=… baseline_s=… ratio=… peak_rss_mb=<the worker's peak RSS>`, then drops
the database.
"""

import argparse
import csv
import datetime as dt
import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from support import recreate_database, url_for_database  # noqa: E402 - after the path setup above

BENCH_DB = "shouwang_bench_feeds"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouwang"
FEED = "medical-cost-monitored"


def write_feed_csv(path: Path, n: int, seed: int) -> None:
    from households import idnumber
    from households.models import Member

    rng = random.Random(seed)
    members = list(Member.objects.values_list("name", "id_number"))
    rng.shuffle(members)
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["涞源县医疗保障局 脱贫人口和监测对象高额医疗费用预警信息"])
        writer.writerow(["姓名", "身份证号", "累计医疗总费用", "累计个人自付费用", "结算日期"])
        for i in range(n):
            if i % 5:
                name, number = members[i % len(members)]
            else:
                birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(25000))
                name, number = "未登记人员", idnumber.make("130630", birth, rng.randrange(1000))
            own = rng.randrange(1_000_100, 5_000_000) if rng.random() < 0.03 else rng.randrange(0, 900_000)
            total = own * 3 + rng.randrange(100)
            settled = dt.date(2026, 1, 1) + dt.timedelta(days=i % 280)
            writer.writerow([name, number, f"{total / 100:.2f}", f"{own / 100:.2f}", settled.isoformat()])


def time_baseline(path: Path) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE UNLOGGED TABLE bench_raw (c0 text, c1 text, c2 text, c3 text, c4 text)")
        started = time.perf_counter()
        with path.open("rb") as handle:
            handle.readline()  # the title row
            cursor.copy_expert("COPY bench_raw FROM STDIN (FORMAT csv, HEADER true, ENCODING 'GBK')", handle)
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw")
    return elapsed


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    out = log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-c", "1", "--without-gossip",
         "--without-mingle", "--loglevel", "INFO"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while "ready." not in log.read_text() and time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text())
        time.sleep(0.2)
    return process


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def time_ours(path: Path) -> tuple[float, object]:
    from django.core.files import File

    from accounts.choices import Role
    from accounts.models import User
    from alerts.ingest.services import feed_upload_create
    from alerts.models import FeedType, FeedUpload

    clerk = User.objects.get(username="bench_clerk", role=Role.DEPARTMENT_CLERK)
    feed = FeedType.objects.get(code=FEED)
    started = time.perf_counter()
    with path.open("rb") as handle:
        record = feed_upload_create(actor=clerk, feed_type=feed, upload=File(handle, name=path.name))
    while not (record := FeedUpload.objects.get(pk=record.pk)).finished:
        time.sleep(0.01)
    return time.perf_counter() - started, record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="rows in the file")
    parser.add_argument("--households", type=int, default=150_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    bench_url = url_for_database(server_url, BENCH_DB)
    recreate_database(server_url, BENCH_DB)
    os.environ["DATABASE_URL"] = bench_url
    os.environ["CELERY_QUEUE"] = f"bench-{os.getpid()}"  # its own queue: no other worker on this Redis takes the task
    worker = None
    with tempfile.TemporaryDirectory(prefix="bench_feeds_") as workdir:
        os.environ["MEDIA_ROOT"] = workdir
        try:
            import django
            from django.core.management import call_command
            from django.db import connections

            django.setup()
            call_command("migrate", verbosity=0)
            call_command("seed_demo", households=args.households, seed=args.seed, stdout=io.StringIO())
            with connections["default"].cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a county's registry between two uploads
            from households.models import Region

            county = Region.objects.get(level="county").path
            path = Path(workdir) / "医保高额医疗费用.csv"
            write_feed_csv(path, args.n, args.seed)
            print(f"file: {args.n} rows, {path.stat().st_size / 1e6:.0f} MB (GBK), county {county}", file=sys.stderr)
            baseline = time_baseline(path)
            from accounts.models import User

            User.objects.filter(username="bench_clerk").delete()
            User.objects.create(
                username="bench_clerk", role="department_clerk", department="medical_insurance", region_path=county
            )
            worker = start_worker(os.environ | {"DATABASE_URL": bench_url}, Path(workdir) / "worker.log")
            ours, record = time_ours(path)
            rss = peak_rss_mb(worker.pid)
            print(f"upload {record.get_status_display()}: {record.message}", file=sys.stderr)
            for line in (Path(workdir) / "worker.log").read_text().splitlines():
                if "feed upload" in line:
                    print(line, file=sys.stderr)
            if record.status != "done":
                print((Path(workdir) / "worker.log").read_text()[-3000:], file=sys.stderr)
                return 1
            connections.close_all()
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=60)
            recreate_database(server_url, BENCH_DB, drop_only=True)
    print(
        f"BENCH feed_ingest n={args.n} ours_s={ours:.2f} baseline_s={baseline:.2f} "
        f"ratio={ours / baseline:.2f} peak_rss_mb={rss:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
