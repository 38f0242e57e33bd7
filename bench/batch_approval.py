"""Benchmark: the county approves N identification cases (default 1,000) in one batch.

    python bench/batch_approval.py [--n 1000] [--seed 2026]

Creates a throwaway database `shouwang_bench_batch` on the server named by DATABASE_URL, migrates it, seeds a demo
county with `seed_demo --households 1.2N+50`, opens an identification case for N households through
`case_open`, then moves each case to its county approval step with set-based SQL (setup, not timed: the steps
before approval are marked passed), VACUUM ANALYZE, and times:

- baseline: one hand-written UPDATE marking the same N county approval steps passed (acted_by, acted_at, outcome,
  note), in a transaction that is rolled back;
- ours: `batch_decide` (workflow/services/batches.py) approving the N cases with one document number: locks
  every case, checks each version, records for every case what `case_act` records (step, case event, audit row,
  household outcome and its history row, the next step opened; set-based for plain cases, services/batch_fast.py),
  snapshots the households, in one transaction; then the after-commit follow-ups (one message for a worker to announce
  the changed households, households.tasks), which a user's request also waits for. A warm-up batch of one case
  runs first, untimed.

Prints the transaction's share of the time on stderr, then
`BENCH batch_approval n=<cases> ours_s=… baseline_s=… ratio=… peak_rss_mb=…`, and drops the database (also on
failure). The issue's target: ours < 3 s for 1,000 cases.
"""

import argparse
import cProfile
import io
import os
import pstats
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from support import recreate_database, url_for_database  # noqa: E402 - after the path setup above

BENCH_DB = "shouwang_bench_batch"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouwang"
STATEMENT_TIMEOUT = "10min"

BASELINE_SQL = """
UPDATE workflow_casestep cs
SET status = 'done', outcome = 'pass', acted_by_id = %(actor)s, acted_at = now(), note = %(note)s
FROM workflow_step s
WHERE cs.step_id = s.id AND s.kind = 'county_approval' AND cs.status = 'open' AND cs.case_id = ANY(%(ids)s)
"""

# Setup: every step ordered before the county approval step passed, the approval step open.
SETUP_SQL = """
UPDATE workflow_casestep cs
SET status = CASE WHEN s.kind = 'county_approval' THEN 'open'
                  WHEN s."order" < a."order" THEN 'done' ELSE 'pending' END,
    outcome = CASE WHEN s."order" < a."order" THEN 'pass' ELSE '' END,
    opened_at = now(), ends_on = NULL
FROM workflow_step s, workflow_step a
WHERE cs.step_id = s.id AND a.procedure_id = s.procedure_id AND a.kind = 'county_approval'
  AND cs.case_id = ANY(%(ids)s)
"""


def prepare(n: int, seed: int) -> list[int]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from households.choices import HouseholdType
    from households.models import Household
    from screening.choices import BARRING_EXCLUSIONS
    from workflow.choices import CaseKind, Channel
    from workflow.services.cases import case_open

    call_command("migrate", verbosity=0)
    call_command("seed_demo", households=n + n // 5 + 50, seed=seed, stdout=io.StringIO())
    county = get_user_model().objects.get(username="county")
    # Households an inclusion may be opened for: none with a car, a 财政供养 member or an executive on record
    # (workflow.services.exclusion_rules), each with the category its type allows (脱贫户: 脱贫不稳定户).
    households = (
        Household.objects.filter(is_active=True, monitoring_category="")
        .exclude(exclusion_facts__is_active=True, exclusion_facts__kind__in=BARRING_EXCLUSIONS)
        .distinct()
        .order_by("pk")[: n + 1]
    )
    ids = [
        case_open(
            actor=county,
            household=household,
            kind=CaseKind.IDENTIFICATION,
            channel=Channel.CADRE_VISIT,
            risk_types=["medical_cost"],
            national_risk_types=["illness"],
            category="unstable" if household.household_type == HouseholdType.LIFTED_OUT else "marginal",
        ).pk
        for household in households
    ]
    assert len(ids) == n + 1, f"only {len(ids)} households to open cases for"
    with connection.cursor() as cursor:
        cursor.execute(SETUP_SQL, {"ids": ids})
    vacuum_analyze()
    return ids


def vacuum_analyze() -> None:
    from django.db import connection

    connection.ensure_connection()
    autocommit = connection.get_autocommit()
    connection.set_autocommit(True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.set_autocommit(autocommit)


def time_baseline(ids: list[int], actor_id: int) -> float:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(BASELINE_SQL, {"ids": ids, "actor": actor_id, "note": "批复文号：涞巩固〔2026〕1号"})
        elapsed = time.perf_counter() - started
        assert cursor.rowcount == len(ids), cursor.rowcount
        transaction.set_rollback(True)
    return elapsed


def warm_up(case_id: int, approver: object) -> None:
    """One single-case batch first, untimed: a running server has already imported what a first call imports
    (celery's and kombu's publishing code, the modules the services import lazily)."""
    from django.utils import timezone

    from workflow.models import Case
    from workflow.services.batches import CaseRef, batch_decide, case_version

    case = Case.objects.get(pk=case_id)
    batch_decide(
        actor=approver,
        refs=[CaseRef(case.pk, case_version(case))],
        decision="approve",
        document_number="涞巩固〔2026〕0号",
        decided_on=timezone.localdate(),
    )


def time_ours(ids: list[int], approver: object) -> tuple[float, float, int]:
    """Seconds of the whole call, and of its transaction alone: the rest is the after-commit follow-ups."""
    from django.db import transaction
    from django.utils import timezone

    from workflow.models import Case
    from workflow.services.batches import CaseRef, batch_decide, case_version

    refs = [CaseRef(case.pk, case_version(case)) for case in Case.objects.filter(pk__in=ids)]
    committed: list[float] = []
    started = time.perf_counter()
    with transaction.atomic():
        # Registered first, so it runs first once the transaction has committed.
        transaction.on_commit(lambda: committed.append(time.perf_counter()))
        batch = batch_decide(
            actor=approver,
            refs=refs,
            decision="approve",
            document_number="涞巩固〔2026〕1号",
            decided_on=timezone.localdate(),
        )
    finished = time.perf_counter()
    return finished - started, committed[0] - started, batch.count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="cases in the batch")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true", help="print where our side spent its time (stderr)")
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    recreate_database(server_url, BENCH_DB, statement_timeout=STATEMENT_TIMEOUT)
    os.environ["DATABASE_URL"] = url_for_database(server_url, BENCH_DB)
    try:
        import django
        from django.db import connections

        django.setup()
        from django.contrib.auth import get_user_model

        from workflow.models import CaseStep

        *ids, spare = prepare(args.n, args.seed)
        approver = get_user_model().objects.get(username="approver")
        warm_up(spare, approver)
        baseline = time_baseline(ids, approver.pk)
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        ours, in_transaction, count = time_ours(ids, approver)
        if profiler:
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        approved = CaseStep.objects.filter(case_id__in=ids, step__kind="county_approval", status="done").count()
        assert count == approved == len(ids), (count, approved, len(ids))
        print(
            f"approved {count} cases in one batch: transaction {in_transaction:.2f}s, "
            f"after commit {ours - in_transaction:.2f}s (one message announcing the changed households)",
            file=sys.stderr,
        )
        connections.close_all()
    finally:
        recreate_database(server_url, BENCH_DB, drop_only=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(
        f"BENCH batch_approval n={args.n} ours_s={ours:.2f} baseline_s={baseline:.4f} "
        f"ratio={ours / baseline:.0f} peak_rss_mb={peak_mb:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
