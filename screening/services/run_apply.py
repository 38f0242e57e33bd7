"""The second half of a screening run: from this run's hits (a temporary table the rules filled) to what people see,
the results worklist and the rule-sourced risk flags, plus the run's hit log.

Each step compares what the run computed with what is stored and writes only the difference: a nightly run over
a county where nothing changed updates no result and no flag (the stored rows keep the run that last changed them,
`ScreeningResult.run`, and when, `updated_at`). Rows are compared and decided inside the UPDATE itself, on the
row's current version, so a cadre dismissing or proposing a result while the run works is never overwritten.
"""

from typing import Any

from screening.choices import RECOMPUTABLE, ExclusionKind, ResultStatus, RuleKind
from screening.engine import GUARANTEE_ITEMS, RUN_HOUSEHOLDS, run_households_sql

RUN_HITS = "screening_run_hits"  # (household_id, rule_id, region_path, reason): filled rule by rule
RUN_RESULTS = "screening_run_results"  # one row per hit household: what its result should say
RUN_FLAGS = "screening_run_flags"  # one row per (hit household, risk type): the rule flag it should have

KEEP = ", ".join(f"'{s}'" for s in RECOMPUTABLE)
ALL_GUARANTEES = " AND ".join(f"h.{column}" for column, _ in GUARANTEE_ITEMS.values())


def create_run_tables(cursor: Any, scope: str, params: dict[str, Any]) -> None:
    """The run's temporary tables: no WAL, no index, no foreign-key check per row, dropped at commit (and dropped
    first, for a second run inside one outer transaction: a test, a service calling two runs). The hit table starts
    empty; the run's households with their latest income are copied here, once for all rules."""
    tables = ", ".join(f"pg_temp.{name}" for name in (RUN_HITS, RUN_RESULTS, RUN_FLAGS, RUN_HOUSEHOLDS))
    cursor.execute(f"DROP TABLE IF EXISTS {tables}")
    cursor.execute(
        f"CREATE TEMP TABLE {RUN_HITS} (household_id bigint NOT NULL, rule_id bigint NOT NULL, "
        "region_path varchar(15) NOT NULL, reason varchar(300) NOT NULL) ON COMMIT DROP"
    )
    household_filter = "true" if params.get("household_id") is None else "i.household_id = %(household_id)s"
    cursor.execute(run_households_sql(scope, household_filter), params)


def insert_hits_sql(select: str) -> str:
    """The statement a rule's SELECT (household_id, region_path, reason) is run in."""
    return (
        f"INSERT INTO {RUN_HITS} (household_id, rule_id, region_path, reason) "
        f"SELECT s.id, %(rule_id)s, s.region_path, left(s.reason, 300) FROM ({select}) s(id, region_path, reason)"
    )


def _only_household(alias: str, params: dict[str, Any]) -> str:
    """In a single-household run, say so to the planner: the temporary tables' row counts are unknown to it, and
    a join against the whole results or flags table would cost more than the household's own rules."""
    return "true" if params.get("household_id") is None else f"{alias}.household_id = %(household_id)s"


def _exclusion_label_sql() -> str:
    cases = " ".join(f"WHEN '{value}' THEN '{label}'" for value, label in ExclusionKind.choices)
    return f"CASE e.kind {cases} END"


# A result's new status, decided on the stored row `r` against the computed row `c`: proposals stay; a dismissal
# stays while the reasons are the same; an exclusion a county officer overrode no longer excludes.
NEW_STATUS = f"""CASE WHEN r.status = '{ResultStatus.PROPOSED}' THEN r.status
     WHEN r.status = '{ResultStatus.DISMISSED}' AND r.reasons_digest = c.digest THEN r.status
     WHEN r.override_reason <> '' THEN c.overridden_status
     ELSE c.status END"""
# The first hit date stays while the household stays on the list; a dismissed household hit again for new reasons
# comes back as a new hit of this run's date.
NEW_FIRST_HIT = f"CASE WHEN r.status IN ({KEEP}) OR ({NEW_STATUS}) = r.status THEN r.first_hit_on ELSE %(on_date)s END"


def apply_results(cursor: Any, scope: str, params: dict[str, Any]) -> None:
    """Derive each hit household's result (monitored, excluded, below the line but stable, or to act on), then
    update the results that differ, add the new ones and drop the ones no longer hit."""
    cursor.execute(
        f"""
CREATE TEMP TABLE {RUN_RESULTS} ON COMMIT DROP AS
WITH agg AS (
    SELECT t.household_id, array_agg(t.reason ORDER BY r.code) AS reasons,
           array_agg(DISTINCT r.risk_type) AS risks, bool_and(r.kind = '{RuleKind.INCOME_BELOW_LINE}') AS only_income
    FROM {RUN_HITS} t JOIN screening_screeningrule r ON r.id = t.rule_id GROUP BY t.household_id
),
computed AS (
    SELECT h.id AS household_id, h.region_path, agg.reasons, agg.risks, coalesce(excl.labels, '{{}}') AS exclusions,
           h.monitoring_category <> '' AS monitored, excl.labels IS NOT NULL AS excluded,
           agg.only_income AND {ALL_GUARANTEES} AND coalesce(
               h.per_capita_net_income >= previous.per_capita_net_income * (1 - %(stable_decline)s::numeric), false
           ) AS stable
    FROM agg JOIN {RUN_HOUSEHOLDS} h ON h.id = agg.household_id
    -- All joins here are on keys with this run's row counts known from the temporary tables' sizes (never stale
    -- statistics of a permanent hit table, which once made a nested loop over ~1 estimated hit quadratic).
    LEFT JOIN (
        SELECT e.household_id, array_agg(DISTINCT {_exclusion_label_sql()}
                         || CASE WHEN e.note <> '' THEN '（' || e.note || '）' ELSE '' END) AS labels
        FROM screening_exclusionfact e
        WHERE e.is_active AND e.household_id IN (SELECT household_id FROM agg) GROUP BY e.household_id
    ) excl ON excl.household_id = h.id
    LEFT JOIN households_householdincome previous
        ON previous.household_id = h.id AND previous.year = h.income_year - 1
)
SELECT household_id, region_path, to_jsonb(reasons) AS reasons, to_jsonb(risks) AS risks,
       to_jsonb(exclusions) AS exclusions, md5(array_to_string(reasons, '|')) AS digest,
       CASE WHEN monitored THEN '{ResultStatus.MONITORED}' WHEN excluded THEN '{ResultStatus.EXCLUDED}'
            WHEN stable THEN '{ResultStatus.BELOW_LINE_STABLE}' ELSE '{ResultStatus.HIT}' END AS status,
       CASE WHEN monitored THEN '{ResultStatus.MONITORED}'
            WHEN stable THEN '{ResultStatus.BELOW_LINE_STABLE}' ELSE '{ResultStatus.HIT}' END AS overridden_status,
       NOT EXISTS (SELECT 1 FROM screening_screeningresult r WHERE r.household_id = computed.household_id) AS is_new
FROM computed
""",
        params,
    )
    cursor.execute(
        f"""
UPDATE screening_screeningresult r SET
    region_path = c.region_path, run_id = %(run_id)s, reasons = c.reasons, risk_types = c.risks,
    exclusion_reasons = c.exclusions, reasons_digest = c.digest, updated_at = now(),
    status = {NEW_STATUS}, first_hit_on = {NEW_FIRST_HIT}
FROM {RUN_RESULTS} c
WHERE r.household_id = c.household_id AND {_only_household("r", params)}
  AND (r.region_path, r.reasons, r.risk_types, r.exclusion_reasons, r.reasons_digest, r.status, r.first_hit_on)
      IS DISTINCT FROM (c.region_path, c.reasons, c.risks, c.exclusions, c.digest, {NEW_STATUS}, {NEW_FIRST_HIT})
""",
        params,
    )
    # New results, as found before the update: asking the table while inserting into it would scan it once per
    # row. A single-household run may insert the same household meanwhile: its row stands.
    cursor.execute(
        f"""
INSERT INTO screening_screeningresult
    (household_id, region_path, run_id, status, reasons, risk_types, exclusion_reasons, reasons_digest,
     first_hit_on, updated_at, handle_note, override_reason)
SELECT c.household_id, c.region_path, %(run_id)s, c.status, c.reasons, c.risks, c.exclusions, c.digest,
       %(on_date)s, now(), '', ''
FROM {RUN_RESULTS} c WHERE c.is_new
ON CONFLICT (household_id) DO NOTHING
""",
        params,
    )
    # Households no longer hit drop out of the worklist; people's decisions (proposed, dismissed) stay.
    cursor.execute(
        f"""
DELETE FROM screening_screeningresult r USING households_household h
WHERE r.household_id = h.id AND {scope} AND r.status IN ({KEEP})
  AND NOT EXISTS (SELECT 1 FROM {RUN_RESULTS} c WHERE c.household_id = r.household_id)
""",
        params,
    )


def apply_flags(cursor: Any, scope: str, params: dict[str, Any]) -> None:
    """Rule-sourced risk flags follow the run (the first rule by code gives the note); flags from visits, alerts
    and cadres are left alone."""
    cursor.execute(
        f"""
CREATE TEMP TABLE {RUN_FLAGS} ON COMMIT DROP AS
SELECT n.*, NOT EXISTS (SELECT 1 FROM screening_riskflag f WHERE f.household_id = n.household_id
                        AND f.risk_type = n.risk_type AND f.source = 'rule' AND f.is_active) AS is_new
FROM (SELECT DISTINCT ON (t.household_id, r.risk_type) t.household_id, t.region_path, r.risk_type, t.reason AS note
      FROM {RUN_HITS} t JOIN screening_screeningrule r ON r.id = t.rule_id
      ORDER BY t.household_id, r.risk_type, r.code) n
"""
    )
    cursor.execute(
        f"""
UPDATE screening_riskflag f SET is_active = false FROM households_household h
WHERE f.household_id = h.id AND {scope} AND f.source = 'rule' AND f.is_active
  AND NOT EXISTS (SELECT 1 FROM {RUN_FLAGS} n WHERE n.household_id = f.household_id AND n.risk_type = f.risk_type)
""",
        params,
    )
    cursor.execute(
        f"""
UPDATE screening_riskflag f SET note = n.note FROM {RUN_FLAGS} n
WHERE f.household_id = n.household_id AND f.risk_type = n.risk_type AND f.source = 'rule' AND f.is_active
  AND f.note IS DISTINCT FROM n.note AND {_only_household("f", params)}
""",
        params,
    )
    cursor.execute(
        f"""
INSERT INTO screening_riskflag AS f (household_id, region_path, risk_type, source, detected_on, note, is_active)
SELECT n.household_id, n.region_path, n.risk_type, 'rule', %(on_date)s, n.note, true
FROM {RUN_FLAGS} n WHERE n.is_new
ON CONFLICT (household_id, risk_type, source) WHERE is_active DO UPDATE SET note = EXCLUDED.note
    WHERE f.note IS DISTINCT FROM EXCLUDED.note
""",
        params,
    )


def log_hits(cursor: Any, params: dict[str, Any]) -> int:
    """Keep this run's hits ("which rules fired", pruned to the latest full runs); return the households hit."""
    cursor.execute(
        "INSERT INTO screening_screeninghit (run_id, household_id, rule_id, region_path, reason) "
        f"SELECT %(run_id)s, household_id, rule_id, region_path, reason FROM {RUN_HITS}",
        params,
    )
    cursor.execute(f"SELECT count(*) FROM {RUN_RESULTS}")
    return int(cursor.fetchone()[0])
