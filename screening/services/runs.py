"""A screening run: every active rule as one INSERT … SELECT over the registry, then the per-household
results and risk flags derived from the hits, all in one transaction (nothing partial is ever visible).

One bad household never stops a run: when a rule's statement fails, the rule is re-run over batches of
households and then household by household inside savepoints, and only the households that still fail
are recorded as failures."""

import datetime as dt
import logging
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from households.models import Household
from screening.choices import RECOMPUTABLE, ExclusionKind, ResultStatus, RuleKind, RunKind, RunStatus
from screening.engine import GUARANTEE_ITEMS, rule_select, sql_params, validate_params
from screening.models import ScreeningHit, ScreeningRule, ScreeningRun

logger = logging.getLogger(__name__)

BATCH = 2000
KEEP_FULL_RUN_HITS = 7  # hit rows of the latest full runs are kept for "which rules fired"; results keep reasons


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
            for rule in rules:
                _run_rule(cursor, rule, scope, base, failures)
            stable_decline = _stable_decline(rules)
            _apply_results(cursor, scope, {**base, "stable_decline": stable_decline})
            _apply_flags(cursor, scope, base)
            cursor.execute(f"SELECT count(*) FROM households_household h WHERE {scope}", base)
            run.households_evaluated = cursor.fetchone()[0]
            cursor.execute(
                "SELECT count(DISTINCT household_id) FROM screening_screeninghit WHERE run_id = %s", [run.pk]
            )
            run.hits = cursor.fetchone()[0]
        run.failures = failures
        run.status = RunStatus.DONE_WITH_FAILURES if failures else RunStatus.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["households_evaluated", "hits", "failures", "status", "finished_at"])
        if kind != RunKind.HOUSEHOLD:
            _prune_hits(run)
    return run


def _insert_hits(cursor: Any, rule: ScreeningRule, params: dict[str, Any], scope: str, base: dict[str, Any]) -> None:
    select = rule_select(rule.kind, params, scope)
    cursor.execute(
        "INSERT INTO screening_screeninghit (run_id, household_id, rule_id, region_path, reason) "
        "SELECT %(run_id)s, s.id, %(rule_id)s, s.region_path, left(s.reason, 300) "
        f"FROM ({select}) s(id, region_path, reason)",
        {**base, **sql_params(params), "rule_id": rule.pk},
    )


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
    cursor.execute(f"SELECT h.id FROM households_household h WHERE {scope} ORDER BY h.id", base)
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


def _exclusion_label_sql() -> str:
    cases = " ".join(f"WHEN '{value}' THEN '{label}'" for value, label in ExclusionKind.choices)
    return f"CASE e.kind {cases} END"


ALL_GUARANTEES = " AND ".join(f"h.{column}" for column, _ in GUARANTEE_ITEMS.values())


def _apply_results(cursor: Any, scope: str, params: dict[str, Any]) -> None:
    """Derive each hit household's result: monitored, excluded, below the line but stable, or to act on."""
    keep = ", ".join(f"'{s}'" for s in RECOMPUTABLE)
    cursor.execute(
        f"""
WITH agg AS (
    SELECT hit.household_id, array_agg(hit.reason ORDER BY r.code) AS reasons,
           array_agg(DISTINCT r.risk_type) AS risks, bool_and(r.kind = 'income_below_line') AS only_income
    FROM screening_screeninghit hit JOIN screening_screeningrule r ON r.id = hit.rule_id
    WHERE hit.run_id = %(run_id)s GROUP BY hit.household_id
),
computed AS (
    SELECT h.id AS household_id, h.region_path, agg.reasons, agg.risks, coalesce(excl.labels, '{{}}') AS exclusions,
           md5(array_to_string(agg.reasons, '|')) AS digest,
           CASE WHEN h.monitoring_category <> '' THEN '{ResultStatus.MONITORED}'
                WHEN excl.labels IS NOT NULL AND coalesce(ex.override_reason, '') = ''
                    THEN '{ResultStatus.EXCLUDED}'
                WHEN agg.only_income AND {ALL_GUARANTEES} AND coalesce(trend.stable, false)
                    THEN '{ResultStatus.BELOW_LINE_STABLE}'
                ELSE '{ResultStatus.HIT}' END AS status
    FROM agg JOIN households_household h ON h.id = agg.household_id
    -- Exclusions and the income trend are looked up per hit household (LATERAL, by index), so the cost stays
    -- linear whatever the planner estimates for this run's hit rows. As joins over all hit households they were
    -- re-evaluated once per household whenever the statistics said the fresh run had ~1 hit (after any ANALYZE
    -- of screening_screeninghit): quadratic, a 150,000-household run did not finish in half an hour.
    LEFT JOIN LATERAL (
        SELECT array_agg(DISTINCT {_exclusion_label_sql()}
                         || CASE WHEN e.note <> '' THEN '（' || e.note || '）' ELSE '' END) AS labels
        FROM screening_exclusionfact e WHERE e.household_id = h.id AND e.is_active
    ) excl ON true
    LEFT JOIN LATERAL (
        SELECT cur.per_capita_net_income >= prev.per_capita_net_income * (1 - %(stable_decline)s::numeric) AS stable
        FROM (SELECT i.year, i.per_capita_net_income FROM households_householdincome i
              WHERE i.household_id = h.id AND i.year <= %(year)s ORDER BY i.year DESC LIMIT 1) cur
        JOIN households_householdincome prev ON prev.household_id = h.id AND prev.year = cur.year - 1
    ) trend ON true
    LEFT JOIN screening_screeningresult ex ON ex.household_id = h.id
)
INSERT INTO screening_screeningresult AS r
    (household_id, region_path, run_id, status, reasons, risk_types, exclusion_reasons, reasons_digest,
     first_hit_on, updated_at, handle_note, override_reason)
SELECT household_id, region_path, %(run_id)s, status, to_jsonb(reasons), to_jsonb(risks), to_jsonb(exclusions),
       digest, %(on_date)s, now(), '', ''
FROM computed
ON CONFLICT (household_id) DO UPDATE SET
    region_path = EXCLUDED.region_path, run_id = EXCLUDED.run_id, reasons = EXCLUDED.reasons,
    risk_types = EXCLUDED.risk_types, exclusion_reasons = EXCLUDED.exclusion_reasons, updated_at = now(),
    reasons_digest = EXCLUDED.reasons_digest,
    first_hit_on = CASE WHEN r.status IN ({keep}) THEN r.first_hit_on ELSE EXCLUDED.first_hit_on END,
    status = CASE
        WHEN r.status = '{ResultStatus.PROPOSED}' THEN r.status
        WHEN r.status = '{ResultStatus.DISMISSED}' AND r.reasons_digest = EXCLUDED.reasons_digest THEN r.status
        ELSE EXCLUDED.status END
""",
        params,
    )
    # Households no longer hit drop out of the worklist; people's decisions (proposed, dismissed) stay.
    cursor.execute(
        f"""
DELETE FROM screening_screeningresult r USING households_household h
WHERE r.household_id = h.id AND {scope} AND r.status IN ({keep})
  AND NOT EXISTS (SELECT 1 FROM screening_screeninghit hit WHERE hit.run_id = %(run_id)s AND hit.household_id = h.id)
""",
        params,
    )


def _apply_flags(cursor: Any, scope: str, params: dict[str, Any]) -> None:
    """Rule-sourced risk flags follow the run; flags from visits, alerts and cadres are left alone."""
    cursor.execute(
        f"""
UPDATE screening_riskflag f SET is_active = false FROM households_household h
WHERE f.household_id = h.id AND {scope} AND f.source = 'rule' AND f.is_active
  AND NOT EXISTS (SELECT 1 FROM screening_screeninghit hit JOIN screening_screeningrule r ON r.id = hit.rule_id
                  WHERE hit.run_id = %(run_id)s AND hit.household_id = f.household_id AND r.risk_type = f.risk_type)
""",
        params,
    )
    cursor.execute(
        """
INSERT INTO screening_riskflag AS f (household_id, region_path, risk_type, source, detected_on, note, is_active)
SELECT DISTINCT ON (hit.household_id, r.risk_type) hit.household_id, hit.region_path, r.risk_type, 'rule',
       %(on_date)s, hit.reason, true
FROM screening_screeninghit hit JOIN screening_screeningrule r ON r.id = hit.rule_id
WHERE hit.run_id = %(run_id)s
ORDER BY hit.household_id, r.risk_type, r.code
ON CONFLICT (household_id, risk_type, source) WHERE is_active DO UPDATE SET note = EXCLUDED.note
    WHERE f.note IS DISTINCT FROM EXCLUDED.note
""",
        params,
    )


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
