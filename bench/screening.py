"""Benchmark: the screening run over a demo county of N households (default 150,000).

    python bench/screening.py [--n 150000] [--seed 2026] [--repeat 3] [--singles 20] [--changed 0.01]

Creates a throwaway database `shouwang_bench_screening` on the server named by DATABASE_URL, migrates it, seeds
it with `seed_demo --households N`, adds this year's monitoring line for Jiangxi (prefix "36", the demo county
is 360425) at the 10th percentile of the seeded per-capita net income, runs VACUUM ANALYZE, and times:

- baseline: one hand-written SQL statement computing the same income-line hits (each household's latest
  income row up to this year, the applicable line for that income's year — the newest not after it, else the
  earliest later one, most specific prefix, warning line when in force — and per-capita net income below it),
  materialised with CREATE TEMP TABLE … AS so that it writes its output, under the planner settings our run
  sets for itself (screening.services.runs.COUNTY_RUN_SETTINGS: memory for its sort, no JIT, no parallel
  workers); best of --repeat;
- ours (`ours_s`): the nightly run, `screening_run(kind="nightly")` over the whole county, end to end: every
  active rule (the eleven seeded ones) evaluated and compared with the stored results, and what changed written
  (results, risk flags, the change log) in one transaction. Before each, a day's work is done to the registry:
  --changed (1 %) of the households get a new income (per-capita net income times 0.6–1.4) or a visit finding
  (unsafe housing found, or found safe again), written with the households' own tables, then VACUUM ANALYZE as
  autovacuum would between two nights. Best of --repeat;
- `cold_s` (`cold_ratio`): the first run over the freshly seeded county, where every hit household gets its
  result, flags and change row written (best of --repeat; results, rule flags and changes emptied between);
- `rerun_s` (`rerun_ratio`): a run over a county where nothing changed since the last one (best of --repeat);
- `single_household_ms`: the single-household run (`screening_run_household`), averaged over --singles
  households.

The script checks that the baseline finds exactly the households our INCOME_BELOW_LINE rule hit, that a nightly
run changed results and that a rerun changed none, then prints the final line
`BENCH screening n=<households> ours_s=… baseline_s=… ratio=… peak_rss_mb=… cold_s=… cold_ratio=… rerun_s=…
rerun_ratio=… single_household_ms=…` (the standard fields first) and drops the database (also on failure). Where
the time went is printed on stderr. A statement running longer than STATEMENT_TIMEOUT fails the benchmark instead
of hanging it.
"""

import argparse
import datetime as dt
import io
import os
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from support import recreate_database, url_for_database  # noqa: E402 - after the path setup above

BENCH_DB = "shouwang_bench_screening"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouwang"
LINE_PERCENTILE = 0.10  # share of the seeded households below this year's line
STATEMENT_TIMEOUT = "10min"

# The same income-line hits as the INCOME_BELOW_LINE rule (screening/engine.py), written by hand as one statement.
BASELINE_SQL = """
CREATE TEMP TABLE bench_income_hits AS
WITH latest AS (
    SELECT DISTINCT ON (i.household_id) i.household_id, i.year, i.per_capita_net_income
    FROM households_householdincome i
    WHERE i.year <= %(year)s
    ORDER BY i.household_id, i.year DESC
),
line AS (
    SELECT DISTINCT ON (p.region_path, p.year) p.region_path, p.year, coalesce(w.amount, ml.amount) AS amount
    FROM (SELECT DISTINCT h.region_path, latest.year
          FROM households_household h JOIN latest ON latest.household_id = h.id WHERE h.is_active) p
    JOIN screening_monitoringline ml ON ml.year <= %(year)s AND p.region_path LIKE ml.region_prefix || '%%'
    LEFT JOIN screening_warningline w ON w.line_id = ml.id AND %(on_date)s BETWEEN w.starts_on AND w.ends_on
    ORDER BY p.region_path, p.year, ml.year <= p.year DESC,
             CASE WHEN ml.year <= p.year THEN -ml.year ELSE ml.year END, length(ml.region_prefix) DESC
)
SELECT h.id AS household_id, h.region_path, latest.per_capita_net_income, line.amount
FROM households_household h
JOIN latest ON latest.household_id = h.id
JOIN line ON line.region_path = h.region_path AND line.year = latest.year
WHERE h.is_active AND latest.per_capita_net_income < line.amount
"""


def prepare(households: int, seed: int, year: int) -> Decimal:
    """Seed the county, add this year's line for Jiangxi at the seed's 10th percentile, VACUUM ANALYZE."""
    from django.core.management import call_command
    from django.db import connection

    from screening.models import MonitoringLine

    call_command("migrate", verbosity=0)
    call_command("seed_demo", households=households, seed=seed, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_disc(%s) WITHIN GROUP (ORDER BY per_capita_net_income) "
            "FROM households_householdincome WHERE year = %s",
            [LINE_PERCENTILE, year],
        )
        amount = cursor.fetchone()[0]
    amount = Decimal(amount or 7300).quantize(Decimal("1"))
    MonitoringLine.objects.update_or_create(
        year=year, region_prefix="36", defaults={"region_label": "江西省", "amount": amount, "basis": "bench"}
    )
    vacuum_analyze()
    return amount


def vacuum_analyze() -> None:
    from django.db import connection

    connection.ensure_connection()
    autocommit = connection.get_autocommit()
    connection.set_autocommit(True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.set_autocommit(autocommit)


PHASES = (  # (phase, fragments of its SQL in screening/services/run_apply.py and runs.py), for stderr
    ("evaluate_compare", ("CREATE TEMP TABLE screening_run_diff",)),
    ("results_log", ("WITH updated AS",)),
    ("flags", ("WITH wanted AS",)),
    ("count", ("SELECT count(*) FROM households_household",)),
)


class PhaseTimer:
    """A database execute wrapper adding up the seconds spent in each phase's statements."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            phase = next((name for name, fragments in PHASES if any(f in sql for f in fragments)), "other")
            self.phases[phase] = self.phases.get(phase, 0.0) + time.perf_counter() - started


Timed = tuple[float, Any, dict[str, float]]


def time_run(kind: str) -> Timed:
    """One county run, with where it spent its time (the rest is mostly the commit, where PostgreSQL checks the
    foreign keys of every result and flag row written)."""
    from django.db import connection

    from screening.services.runs import screening_run

    timer = PhaseTimer()
    started = time.perf_counter()
    with connection.execute_wrapper(timer):
        run = screening_run(kind=kind)
    elapsed = time.perf_counter() - started
    return elapsed, run, {**timer.phases, "commit_and_rest": elapsed - sum(timer.phases.values())}


def best(runs: list[Timed]) -> Timed:
    """The fastest run's time and breakdown, with the last run (whose outcome is still there to check)."""
    fastest = min(runs, key=lambda r: r[0])
    return fastest[0], runs[-1][1], fastest[2]


def time_cold_runs(repeat: int) -> Timed:
    """Best of `repeat` first runs (the county as seeded, with no result, rule flag or change yet)."""
    from django.db import connection

    from screening.choices import RunKind

    runs = []
    for attempt in range(repeat):
        if attempt:
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE screening_screeningresult, screening_screeningchange")
                cursor.execute("DELETE FROM screening_riskflag WHERE source = 'rule'")
            vacuum_analyze()
        runs.append(time_run(RunKind.FULL))
    return best(runs)


def a_days_work(share: float, seed: int) -> int:
    """What cadres do to a county in a day: `share` of the households get a new income (per-capita net income
    times 0.6–1.4) or, one in four, a visit finding (unsafe housing found, or found safe again). Returns how many."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        cursor.execute(
            "CREATE TEMP TABLE bench_day AS SELECT id, random() AS r FROM households_household "
            "WHERE is_active AND random() < %s",
            [share],
        )
        factor = "(0.6 + 0.8 * d.r / 0.75)::numeric"
        cursor.execute(
            f"UPDATE households_householdincome i SET wage_income = round(i.wage_income * {factor}, 2), "
            f"per_capita_net_income = round(i.per_capita_net_income * {factor}, 2) "
            "FROM bench_day d WHERE d.id = i.household_id AND d.r < 0.75"
        )
        cursor.execute(
            "UPDATE households_household h SET housing_ok = NOT h.housing_ok FROM bench_day d "
            "WHERE d.id = h.id AND d.r >= 0.75"
        )
        cursor.execute("SELECT count(*) FROM bench_day")
        changed = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_day")
    return changed


def time_nightly_runs(repeat: int, share: float, seed: int) -> tuple[Timed, int]:
    """Best of `repeat` nightly runs, each after a day's work on the registry and a VACUUM ANALYZE."""
    from screening.choices import RunKind

    runs, changed = [], 0
    for attempt in range(repeat):
        changed = a_days_work(share, seed + attempt)
        vacuum_analyze()
        runs.append(time_run(RunKind.NIGHTLY))
    return best(runs), changed


def time_reruns(repeat: int) -> Timed:
    """Best of `repeat` runs over the unchanged county, each after a VACUUM ANALYZE."""
    from screening.choices import RunKind

    runs = []
    for _ in range(repeat):
        vacuum_analyze()
        runs.append(time_run(RunKind.NIGHTLY))
    return best(runs)


def changes_of(run: Any) -> int:
    return run.results_new + run.results_changed + run.results_dropped + run.results_taken_up


def time_baseline(repeat: int, on_date: dt.date) -> tuple[float, int]:
    from django.db import connection, transaction

    from screening.services.runs import COUNTY_RUN_SETTINGS

    params = {"year": on_date.year, "on_date": on_date}
    best, hits = float("inf"), -1
    for _ in range(repeat):
        with transaction.atomic(), connection.cursor() as cursor:
            for name, value in COUNTY_RUN_SETTINGS.items():  # the planner settings our run has
                cursor.execute(f"SET LOCAL {name} = '{value}'")
            started = time.perf_counter()
            cursor.execute(BASELINE_SQL, params)
            best = min(best, time.perf_counter() - started)
            cursor.execute("SELECT count(*) FROM bench_income_hits")
            hits = cursor.fetchone()[0]
            cursor.execute("DROP TABLE bench_income_hits")
    return best, hits


def income_rule_hits() -> int:
    """Households whose current result says the income-line rule fired."""
    from screening.models import ScreeningResult, ScreeningRule

    codes = ScreeningRule.objects.filter(kind="income_below_line", is_active=True).values_list("code", flat=True)
    return sum(ScreeningResult.objects.filter(is_current=True, rule_codes__contains=[code]).count() for code in codes)


def time_single_households(count: int) -> float:
    """Mean milliseconds of `screening_run_household` over `count` households spread across the county."""
    from households.models import Household
    from screening.services.runs import screening_run_household

    ids = list(Household.objects.filter(is_active=True).order_by("id").values_list("id", flat=True))
    step = max(1, len(ids) // max(1, count))
    picked = list(Household.objects.filter(id__in=ids[::step][:count]))
    started = time.perf_counter()
    for household in picked:
        screening_run_household(household=household)
    return (time.perf_counter() - started) * 1000 / max(1, len(picked))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=150_000, help="households to seed")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind; the best is kept")
    parser.add_argument("--singles", type=int, default=20, help="households for the single-household re-run")
    parser.add_argument("--changed", type=float, default=0.01, help="share of households changed in a day")
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    bench_url = url_for_database(server_url, BENCH_DB)
    recreate_database(server_url, BENCH_DB, statement_timeout=STATEMENT_TIMEOUT)
    os.environ["DATABASE_URL"] = bench_url
    try:
        import django
        from django.db import connections
        from django.utils import timezone

        django.setup()
        on_date = timezone.localdate()
        amount = prepare(args.n, args.seed, on_date.year)
        baseline, baseline_hits = time_baseline(args.repeat, on_date)
        cold, cold_run, cold_breakdown = time_cold_runs(args.repeat)
        income_hits = income_rule_hits()
        (ours, run, breakdown), changed = time_nightly_runs(args.repeat, args.changed, args.seed)
        rerun, rerun_run, rerun_breakdown = time_reruns(args.repeat)
        for label, phases in (("cold", cold_breakdown), ("nightly", breakdown), ("rerun", rerun_breakdown)):
            print(f"{label}: " + " ".join(f"{name}={sec:.2f}s" for name, sec in phases.items()), file=sys.stderr)
        print(
            f"line {on_date.year} 36 = {amount} yuan; first run: {cold_run.households_evaluated} households, "
            f"{cold_run.hits} hit, {income_hits} below the line (baseline {baseline_hits}), "
            f"{len(cold_run.failures)} failures; a day's work changed {changed} households, the nightly run then "
            f"{run.results_new} new, {run.results_changed} changed, {run.results_dropped} dropped results; "
            f"the rerun changed {changes_of(rerun_run)}",
            file=sys.stderr,
        )
        assert baseline_hits == income_hits, f"baseline found {baseline_hits} households, our run {income_hits}"
        assert not cold_run.failures, cold_run.failures
        assert changes_of(run) > 0 and changes_of(rerun_run) == 0
        single_ms = time_single_households(args.singles)
        connections.close_all()
    finally:
        recreate_database(server_url, BENCH_DB, drop_only=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(
        f"BENCH screening n={args.n} ours_s={ours:.2f} baseline_s={baseline:.2f} "
        f"ratio={ours / baseline:.2f} peak_rss_mb={peak_mb:.0f} cold_s={cold:.2f} cold_ratio={cold / baseline:.2f} "
        f"rerun_s={rerun:.2f} rerun_ratio={rerun / baseline:.2f} single_household_ms={single_ms:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
