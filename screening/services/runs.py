"""A screening run: every active rule as one INSERT … SELECT into a temporary table of this run's hits, then the
results worklist and risk flags derived from them (screening.services.run_apply), all in one transaction (nothing
partial is ever visible).

One bad household never stops a run: when a rule's statement fails, the rule is re-run over batches of
households and then household by household inside savepoints, and only the households that still fail
are recorded as failures."""

import datetime as dt
import logging
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from households.models import Household
from screening.choices import RuleKind, RunKind, RunStatus
from screening.engine import RUN_HOUSEHOLDS, rule_select, sql_params, validate_params
from screening.models import ScreeningHit, ScreeningRule, ScreeningRun
from screening.services import run_apply

logger = logging.getLogger(__name__)

BATCH = 2000
KEEP_FULL_RUN_HITS = 7  # hit rows of the latest full runs are kept for "which rules fired"; results keep reasons
# The run's sorts and hashes (grouping 150,000 households' hits, DISTINCT ON over incomes) stay in memory.
WORK_MEM = "64MB"


def screening_run(
    *,
    kind: str,
    household_id: int | None = None,
    on_date: dt.date | None = None,
    actor: Any = None,
) -> ScreeningRun:
    on_date = on_date or timezone.localdate()
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            kind=kind,
            household_id=household_id,
            on_date=on_date,
            triggered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        scope = "h.is_active" + (" AND h.id = %(household_id)s" if household_id is not None else "")
        base = {"year": on_date.year, "on_date": on_date, "household_id": household_id, "run_id": run.pk}
        failures: list[dict[str, Any]] = []
        rules = list(ScreeningRule.objects.filter(is_active=True).order_by("code"))
        with connection.cursor() as cursor:
            if household_id is None:
                cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            run_apply.create_run_tables(cursor, scope, base)
            for rule in rules:
                _run_rule(cursor, rule, scope, base, failures)
            run_apply.apply_results(cursor, scope, {**base, "stable_decline": _stable_decline(rules)})
            run_apply.apply_flags(cursor, scope, base)
            run.hits = run_apply.log_hits(cursor, base)
            cursor.execute(f"SELECT count(*) FROM {RUN_HOUSEHOLDS} h WHERE {scope}", base)
            run.households_evaluated = cursor.fetchone()[0]
        run.failures = failures
        run.status = RunStatus.DONE_WITH_FAILURES if failures else RunStatus.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["households_evaluated", "hits", "failures", "status", "finished_at"])
        if kind != RunKind.HOUSEHOLD:
            _prune_hits(run)
    return run


def _insert_hits(cursor: Any, rule: ScreeningRule, params: dict[str, Any], scope: str, base: dict[str, Any]) -> None:
    select = rule_select(rule.kind, params, scope)
    cursor.execute(run_apply.insert_hits_sql(select), {**base, **sql_params(params), "rule_id": rule.pk})


def _run_rule(
    cursor: Any, rule: ScreeningRule, scope: str, base: dict[str, Any], failures: list[dict[str, Any]]
) -> None:
    try:
        params = validate_params(rule.kind, rule.params)
    except Exception as error:
        failures.append({"rule": rule.code, "household": None, "error": f"规则参数有误：{error}"})
        return
    try:
        with transaction.atomic():
            _insert_hits(cursor, rule, params, scope, base)
        return
    except DatabaseError as error:
        logger.warning("screening rule %s failed as a whole, isolating households: %s", rule.code, error)
    cursor.execute(f"SELECT h.id FROM {RUN_HOUSEHOLDS} h WHERE {scope} ORDER BY h.id", base)
    ids = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(ids), BATCH):
        _run_rule_batch(cursor, rule, params, scope, base, ids[start : start + BATCH], failures)


def _run_rule_batch(
    cursor: Any,
    rule: ScreeningRule,
    params: dict[str, Any],
    scope: str,
    base: dict[str, Any],
    ids: list[int],
    failures: list[dict[str, Any]],
) -> None:
    batch_scope = f"{scope} AND h.id = ANY(%(batch_ids)s)"
    try:
        with transaction.atomic():
            _insert_hits(cursor, rule, params, batch_scope, {**base, "batch_ids": ids})
        return
    except DatabaseError:
        if len(ids) == 1:
            failures.append(
                {"rule": rule.code, "household": ids[0], "error": "该户数据无法按此规则计算，请核对收支与成员信息"}
            )
            return
    middle = len(ids) // 2
    _run_rule_batch(cursor, rule, params, scope, base, ids[:middle], failures)
    _run_rule_batch(cursor, rule, params, scope, base, ids[middle:], failures)


def _stable_decline(rules: list[ScreeningRule]) -> float:
    for rule in rules:
        if rule.kind == RuleKind.INCOME_BELOW_LINE:
            try:
                return float(validate_params(rule.kind, rule.params)["stable_decline_max"])
            except Exception:
                break
    return 0.1


def _prune_hits(run: ScreeningRun) -> None:
    keep = list(
        ScreeningRun.objects.exclude(kind=RunKind.HOUSEHOLD)
        .order_by("-started_at")
        .values_list("pk", flat=True)[:KEEP_FULL_RUN_HITS]
    )
    old = ScreeningRun.objects.exclude(pk__in=keep).filter(started_at__lt=run.started_at)
    ScreeningHit.objects.filter(run__in=old).delete()


def screening_run_household(*, household: Household, actor: Any = None) -> ScreeningRun:
    """The fast path after a change to one household: the same rules, scoped to that household."""
    return screening_run(kind=RunKind.HOUSEHOLD, household_id=household.pk, actor=actor)
