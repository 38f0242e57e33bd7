"""A screening run: every active rule evaluated together in one statement, compared with the stored results, and only
the difference written (screening.services.run_apply), all in one transaction (nothing partial is ever visible).

One bad household never stops a run: when the evaluation fails, each rule is tried alone, a failing rule over
batches of households and then household by household inside savepoints, and the run goes on without the
(rule, household) pairs that still fail, which are recorded as failures."""

import datetime as dt
import logging
from dataclasses import replace
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from households.models import Household, HouseholdIncome
from households.selectors import deployment_county_path
from screening.choices import ChangeKind, RuleKind, RunKind, RunStatus
from screening.engine import (
    Line,
    Rule,
    Scope,
    county,
    evaluation_sql,
    one_household,
    some_households,
)
from screening.models import MonitoringLine, ScreeningResult, ScreeningRule, ScreeningRun
from screening.rule_params import validate_params
from screening.services import in_procedure, run_apply

logger = logging.getLogger(__name__)

BATCH = 2000
# The planner settings of a county's run (SET LOCAL: its transaction only; bench/screening.py times its baseline
# under the same).
COUNTY_RUN_SETTINGS = {
    # The sorts and hashes (the member aggregates, the comparison with 150,000 households' results) in memory.
    "work_mem": "64MB",
    # The evaluation's statistics are estimates over temporary results; a JIT compile costs more than it saves.
    "jit": "off",
    # The registry is read from memory (a county's is some hundred megabytes): an index page costs about what a
    # table page does. At this cost the planner reads the households through their narrow screening index
    # (households migration 0008) rather than the table's wide rows, in id order, and joins the member aggregates
    # by merging.
    "random_page_cost": "1.1",
    # Parallel workers cost more to start than they save on these scans of a few megabytes (a county server has
    # few cores, shared with the web and the worker).
    "max_parallel_workers_per_gather": "0",
}
MSG_HOUSEHOLD_FAILED = "该户数据无法按此规则计算，请核对收支与成员信息"
MSG_BAD_PARAMS = "规则参数有误：{error}"


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
        scope = _scope(household_id, on_date.year)
        base = {"year": on_date.year, "on_date": on_date, "household_id": household_id, "run_id": run.pk}
        failures: list[dict[str, Any]] = []
        rules = _active_rules(failures)
        lines = _lines(on_date)
        params = {**base, "stable_decline": _stable_decline(rules)}
        with connection.cursor() as cursor:
            if household_id is None:
                for name, value in COUNTY_RUN_SETTINGS.items():
                    cursor.execute(f"SET LOCAL {name} = '{value}'")
            _create_diff(cursor, rules, lines, scope, params, failures)
            counts = run_apply.apply_results(cursor, params)
            run_apply.apply_flags(cursor, params)
            cursor.execute(f"SELECT count(*) FROM households_household h WHERE {scope.households}", params)
            run.households_evaluated = cursor.fetchone()[0]
        # A hit this run made while the household's inclusion case is open is the case's: 已提议纳入监测, not 待处理
        # (services.in_procedure; the opening itself may have changed the household, e.g. an unsafe house declared).
        # Its change row says so and names the case, and it counts as handed over, not as new or changed.
        taken = in_procedure.results_take_up(results=ScreeningResult.objects.filter(run_id=run.pk))
        if taken:
            with connection.cursor() as cursor:
                was = run_apply.log_taken_up(cursor, params, taken)
            for kind in (ChangeKind.NEW, ChangeKind.CHANGED):
                counts[kind] = counts.get(kind, 0) - was.get(kind, 0)
            run.results_taken_up = sum(was.values())
        run.hits = ScreeningResult.objects.filter(
            is_current=True, **({} if household_id is None else {"household_id": household_id})
        ).count()
        run.results_new = counts.get(ChangeKind.NEW, 0)
        run.results_changed = counts.get(ChangeKind.CHANGED, 0)
        run.results_dropped = counts.get(ChangeKind.DROPPED, 0)
        run.failures = failures
        run.status = RunStatus.DONE_WITH_FAILURES if failures else RunStatus.DONE
        run.finished_at = timezone.now()
        run.save(
            update_fields=[
                "households_evaluated",
                "hits",
                "results_new",
                "results_changed",
                "results_dropped",
                "results_taken_up",
                "failures",
                "status",
                "finished_at",
            ]
        )
    return run


def _scope(household_id: int | None, year: int) -> Scope:
    """The county, or the one household; with the region path all of its households start with, and whether any
    income row is after the screening year (one look at the income year index)."""
    if household_id is None:
        scope = county(deployment_county_path())
    else:
        path = Household.objects.filter(pk=household_id).values_list("region_path", flat=True).first()
        scope = one_household(path or "")
    return replace(scope, incomes_after=HouseholdIncome.objects.filter(year__gt=year).exists())


def _active_rules(failures: list[dict[str, Any]]) -> list[Rule]:
    """The active rules with their parameters checked; a misconfigured rule is a failure and the others run."""
    rules = []
    for row in ScreeningRule.objects.filter(is_active=True).order_by("code"):
        try:
            params = validate_params(row.kind, row.params)
        except Exception as error:
            failures.append({"rule": row.code, "household": None, "error": MSG_BAD_PARAMS.format(error=error)})
            continue
        rules.append(Rule(pk=row.pk, code=row.code, kind=row.kind, risk_type=row.risk_type, params=params))
    return rules


def _lines(on_date: dt.date) -> list[Line]:
    """Every line of a year not after `on_date`'s (the engine picks each household's by its income's year), with the
    warning line in force on `on_date`."""
    lines = MonitoringLine.objects.filter(year__lte=on_date.year).prefetch_related("warnings")
    return [
        Line(
            prefix=line.region_prefix,
            year=line.year,
            amount=line.amount,
            warning=next((w.amount for w in line.warnings.all() if w.starts_on <= on_date <= w.ends_on), None),
            inclusive=line.inclusive,
        )
        for line in lines
    ]


def _create_diff(
    cursor: Any,
    rules: list[Rule],
    lines: list[Line],
    scope: Scope,
    params: dict[str, Any],
    failures: list[dict[str, Any]],
) -> None:
    evaluation = evaluation_sql(rules, scope, lines)
    try:
        with transaction.atomic():
            run_apply.create_diff(cursor, evaluation, scope, {**params, **evaluation.params})
        return
    except DatabaseError as error:
        logger.warning("screening evaluation failed as a whole, isolating rules and households: %s", error)
    skip = _isolate(cursor, rules, lines, scope, params, failures)
    evaluation = evaluation_sql(rules, scope, lines, skip)
    run_apply.create_diff(cursor, evaluation, scope, {**params, **evaluation.params})


def _evaluates(cursor: Any, rule: Rule, lines: list[Line], scope: Scope, params: dict[str, Any]) -> bool:
    """Whether the rule alone evaluates over the scope. Every reason is computed (summed into one number), so an
    error anywhere in the rule's condition, reason or members aggregate shows."""
    evaluation = evaluation_sql([rule], scope, lines)
    try:
        with transaction.atomic():
            cursor.execute(
                f"SELECT sum(length(array_to_string({evaluation.reasons}, ''))) FROM ({evaluation.sql}) e",
                {**params, **evaluation.params},
            )
        return True
    except DatabaseError:
        return False


def _isolate(
    cursor: Any,
    rules: list[Rule],
    lines: list[Line],
    scope: Scope,
    params: dict[str, Any],
    failures: list[dict[str, Any]],
) -> dict[int, list[int]]:
    """Which households each rule fails on: rule by rule, then halving batches of households. Returns
    {rule pk: [household ids]} for the evaluation to leave out."""
    skip: dict[int, list[int]] = {}
    ids: list[int] | None = None
    for rule in rules:
        if _evaluates(cursor, rule, lines, scope, params):
            continue
        if ids is None:
            cursor.execute(f"SELECT h.id FROM households_household h WHERE {scope.households} ORDER BY h.id", params)
            ids = [row[0] for row in cursor.fetchall()]
        failed: list[int] = []
        for start in range(0, len(ids), BATCH):
            batch = replace(some_households(scope.within), incomes_after=scope.incomes_after)
            _bisect(cursor, rule, lines, batch, params, ids[start : start + BATCH], failed)
        for household in failed:
            failures.append({"rule": rule.code, "household": household, "error": MSG_HOUSEHOLD_FAILED})
        skip[rule.pk] = failed
    return skip


def _bisect(
    cursor: Any, rule: Rule, lines: list[Line], scope: Scope, params: dict[str, Any], ids: list[int], failed: list[int]
) -> None:
    if not ids or _evaluates(cursor, rule, lines, scope, {**params, "batch_ids": ids}):
        return
    if len(ids) == 1:
        failed.append(ids[0])
        return
    middle = len(ids) // 2
    _bisect(cursor, rule, lines, scope, params, ids[:middle], failed)
    _bisect(cursor, rule, lines, scope, params, ids[middle:], failed)


def _stable_decline(rules: list[Rule]) -> float:
    for rule in rules:
        if rule.kind == RuleKind.INCOME_BELOW_LINE:
            return float(rule.params["stable_decline_max"])
    return 0.1


def screening_run_household(*, household: Household, actor: Any = None) -> ScreeningRun:
    """The fast path after a change to one household: the same rules, scoped to that household."""
    return screening_run(kind=RunKind.HOUSEHOLD, household_id=household.pk, actor=actor)
