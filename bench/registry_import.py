"""Benchmark: the go-live import of a county registry file of N households (default 150,000, ~3.4 members each).

    python bench/registry_import.py [--n 150000] [--seed 2026]

Creates a throwaway database `shouwang_bench_import` on the server named by DATABASE_URL, migrates it, builds
the demo county's region tree and logins (`seed_demo --households 0`), writes a UTF-8 CSV of N synthetic
households (households.demo) in the upload layout, and times:

- ours: `registry_import_create` + `registry_import_run`, end to end (checksum, row checks, staging, the
  household and database checks, the batched load of households, members and history rows);
- baseline: a bare `COPY … FROM STDIN (FORMAT csv)` of the same file into an UNLOGGED table of as many text
  columns, in the same run.

Prints `BENCH registry_import n=<households> ours_s=… baseline_s=… ratio=… peak_rss_mb=…`, then drops the database.
"""

import argparse
import csv
import datetime as dt
import io
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from support import recreate_database, url_for_database  # noqa: E402 - after the path setup above

BENCH_DB = "shouwang_bench_import"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouwang"


# Optional columns the national system's export does not carry: a newborn's typed sex and birth date (filled only
# where the ID number is blank) and 参加职工医保. The file leaves them out, as a county's first file would.
NOT_EXPORTED = {"sex", "birth_date", "employee_medical_insurance"}


def headers(columns: Any) -> list[str]:
    return [column.header for column in columns if column.key not in NOT_EXPORTED]


def write_registry_csv(path: Path, households: int, seed: int) -> int:
    """The demo county's population as the national system would export it: one row per member, the monitored
    households with their category, start and risk types, and every household's income of the year."""
    from households.choices import (
        AssistanceStatus,
        DisabilityGrade,
        Education,
        EmploymentPlace,
        Health,
        HouseholdType,
        LabourSkill,
        MonitoringCategory,
        RegionLevel,
        Relation,
        RiskType,
        StudentStage,
    )
    from households.demo import DemoPopulation
    from households.models import Region
    from households.registry_import.columns import COLUMNS
    from households.services.income import AMOUNT_FIELDS

    def label(choices: Any, value: str) -> str:
        return str(choices(value).label) if value else ""

    rng = random.Random(seed)
    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).order_by("path"))
    groups: dict[int, list[Region]] = {}
    for group in Region.objects.filter(level=RegionLevel.GROUP):
        groups.setdefault(group.parent_id or 0, []).append(group)
    population = DemoPopulation(rng=rng, division=villages[0].code, reference=dt.date(dt.date.today().year, 1, 1))
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers(COLUMNS))
        for index in range(households):
            village = villages[index % len(villages)]
            number = f"{village.path}{index // len(villages) + 1:04d}"
            place = rng.choice(groups[village.pk]).code if rng.random() < 0.9 else village.code
            demo = population.household()
            for position, m in enumerate(demo.members):
                head = position == 0
                writer.writerow([
                    number, place if head or rng.random() < 0.5 else "", "是" if head else "否", m.name,
                    m.id_number, label(Relation, m.relation), m.ethnicity, label(Education, m.education),
                    label(StudentStage, m.student_stage), label(Health, m.health),
                    label(DisabilityGrade, m.disability_grade), label(LabourSkill, m.labour_skill),
                    label(EmploymentPlace, m.employment_place), str(m.employment_months),
                    "是" if m.medical_insurance else "否", "是" if m.pension_insurance else "否",
                    label(AssistanceStatus, m.assistance_status),
                    # 人员状态, 状态变更日期, 减少原因: the national system's export writes 正常 for the living
                    "正常", "", "",
                    label(HouseholdType, demo.household_type) if head else "", demo.phone if head else "",
                    f"{village.name}{rng.randint(1, 150)}号" if head else "",
                    # The national system's monitoring status (about 4% of households), on the head's row.
                    label(MonitoringCategory, demo.monitoring_category) if head else "",
                    demo.monitoring_start.isoformat() if head and demo.monitoring_start else "",
                    "、".join(label(RiskType, risk) for risk in demo.risk_types) if head else "",
                    "", "",  # 风险是否消除, 风险消除时间: the demo county has no household marked 风险消除
                    # The year's income on the head's row (收入年度 and the amounts in yuan), as the national system
                    # exports it; member rows leave it blank.
                    *([str(population.reference.year), *(f"{demo.income[name] / 100:.2f}" for name in AMOUNT_FIELDS)]
                      if head else [""] * (1 + len(AMOUNT_FIELDS))),
                ])  # fmt: skip
                rows += 1
    return rows


def time_baseline(path: Path, columns: int) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE UNLOGGED TABLE bench_raw ({', '.join(f'c{i} text' for i in range(columns))})")
        started = time.perf_counter()
        with path.open("rb") as handle:
            cursor.copy_expert("COPY bench_raw FROM STDIN (FORMAT csv, HEADER true)", handle)
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw")
    return elapsed


def time_ours(path: Path) -> tuple[float, Any]:
    from django.core.files import File

    from accounts.models import User
    from households.registry_import import registry_import_create, registry_import_run

    user = User.objects.get(username="county")
    started = time.perf_counter()
    with path.open("rb") as handle:
        record = registry_import_create(actor=user, upload=File(handle, name=path.name), enqueue=False)
    record = registry_import_run(import_id=record.pk)
    return time.perf_counter() - started, record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=150_000, help="households in the file")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    bench_url = url_for_database(server_url, BENCH_DB)
    recreate_database(server_url, BENCH_DB)
    os.environ["DATABASE_URL"] = bench_url
    with tempfile.TemporaryDirectory(prefix="bench_import_") as workdir:
        os.environ["MEDIA_ROOT"] = workdir
        try:
            import django
            from django.core.management import call_command
            from django.db import connections

            django.setup()
            from households.registry_import.columns import COLUMNS

            call_command("migrate", verbosity=0)
            call_command("seed_demo", households=0, seed=args.seed, stdout=io.StringIO())
            path = Path(workdir) / "registry.csv"
            rows = write_registry_csv(path, args.n, args.seed)
            size_mb = path.stat().st_size / 1e6
            print(f"file: {args.n} households, {rows} rows, {size_mb:.0f} MB", file=sys.stderr)
            baseline = time_baseline(path, len(headers(COLUMNS)))
            ours, record = time_ours(path)
            print(
                f"import {record.get_status_display()}: {record.households_created} households, "
                f"{record.rows_ok} members, {record.rows_bad} bad rows; {record.message}",
                file=sys.stderr,
            )
            if record.households_created != args.n:
                print("the import did not create every household", file=sys.stderr)
                return 1
            connections.close_all()
        finally:
            recreate_database(server_url, BENCH_DB, drop_only=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(
        f"BENCH registry_import n={args.n} ours_s={ours:.2f} baseline_s={baseline:.2f} "
        f"ratio={ours / baseline:.2f} peak_rss_mb={peak_mb:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
