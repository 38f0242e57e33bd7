"""The second half of a screening run: from what the rules computed to what people see (the results worklist and the
rule-sourced risk flags) and the run's record of what changed.

The evaluation (screening.engine) is compared with the stored results in the same statement, and only the
households whose outcome differs go on: their results are inserted, updated or dropped, their flags follow, and
each change is logged (ScreeningChange). A nightly run over a county where nothing changed writes nothing but its
own run row; a household that changed costs one row of each. Rows are decided inside each UPDATE on the row's
current version, so a cadre dismissing or proposing a result while the run works is never overwritten.
"""

from typing import Any

from screening.choices import BARRING_EXCLUSIONS, RECOMPUTABLE, ChangeKind, ExclusionKind, ResultStatus
from screening.engine import Evaluation, Scope

RUN_DIFF = "screening_run_diff"  # the households whose outcome this run changes, with their computed outcome

KEEP = ", ".join(f"'{s}'" for s in RECOMPUTABLE)
BARRING = ", ".join(f"'{kind}'" for kind in BARRING_EXCLUSIONS)
# A fact {e} that keeps its household from monitoring: as screening.models.results.barring_facts (the one definition,
# which the inclusion's hard rule asks), active, of a barring kind, and not overruled by the county's 不予排除.
BARRED = "{e}.is_active AND {e}.kind IN (" + BARRING + ") AND {e}.overruled_by_id IS NULL"
OVERRULED_NOTE = "（县级不予排除）"
MONITORED_NOTE = "该户已是监测对象。"
# The columns each set-based INSERT names. A NOT NULL column without a database default must be among them, or the
# insert fails (tests/config/test_raw_inserts.py checks these against the database).
RESULT_COLUMNS = (
    "household_id", "region_path", "run_id", "status", "reasons", "rule_codes", "risk_types", "outcome_digest",
    "exclusion_reasons", "is_current", "first_hit_on", "updated_at", "handle_note", "override_reason",
    "override_by_id",
)  # fmt: skip
CHANGE_COLUMNS = ("run_id", "household_id", "region_path", "change", "status", "rule_codes", "reasons")
FLAG_COLUMNS = ("household_id", "region_path", "risk_type", "source", "detected_on", "note", "is_active")


def _exclusion_label_sql() -> str:
    cases = " ".join(f"WHEN '{value}' THEN '{label}'" for value, label in ExclusionKind.choices)
    return f"CASE e.kind {cases} END"


# A result's new status, decided on the stored row `r` against the computed row `c`: a monitored household's is
# 已是监测对象 whatever people decided before (its inclusion case was approved: the proposal is done); otherwise
# proposals stay; a dismissal stays while the reasons are the same ({same}: the outcome digests while the run
# compares, the reasons themselves when it writes, so a result stored before it had a digest keeps its dismissal
# too). (A fact the county overruled does not exclude: c.status already says so, see BARRED.)
_NEW_STATUS = f"""CASE WHEN c.status = '{ResultStatus.MONITORED}' THEN c.status
     WHEN r.status = '{ResultStatus.PROPOSED}' THEN r.status
     WHEN r.status = '{ResultStatus.DISMISSED}' AND {{same}} THEN r.status
     ELSE c.status END"""
# The first hit date stays while the household stays on the list (a proposal becoming 已是监测对象 included); a
# dismissed household hit again for new reasons comes back as a new hit of this run's date.
_NEW_FIRST_HIT = (
    f"CASE WHEN r.status IN ({KEEP}, '{ResultStatus.PROPOSED}') OR ({_NEW_STATUS}) = r.status "
    "THEN r.first_hit_on ELSE %(on_date)s END"
)
# A proposal no rule hits any more whose household is monitored (its case approved before this was followed,
# screening.receivers): done, so dropped as any result no longer hit, not kept as a proposal.
PROPOSAL_DONE = (
    f"(r.status = '{ResultStatus.PROPOSED}' AND EXISTS (SELECT 1 FROM households_household h "
    "WHERE h.id = r.household_id AND h.monitoring_category <> ''))"
)


def _decided(same: str) -> tuple[str, str, str]:
    """The stored and the computed values a result is compared on, and its new status, with `same` the test of
    unchanged reasons."""
    status, first_hit = _NEW_STATUS.format(same=same), _NEW_FIRST_HIT.format(same=same)
    if same == SAME_DIGEST:
        stored = "r.is_current, r.region_path, r.outcome_digest, r.exclusion_reasons, r.status, r.first_hit_on"
        computed = f"true, c.region_path, c.outcome_digest, c.exclusions, {status}, {first_hit}"
    else:
        stored = (
            "r.is_current, r.region_path, r.reasons, r.rule_codes, r.risk_types, r.outcome_digest, "
            "r.exclusion_reasons, r.status, r.first_hit_on"
        )
        computed = (
            "true, c.region_path, c.reasons, c.rule_codes, c.risk_types, c.outcome_digest, c.exclusions, "
            f"{status}, {first_hit}"
        )
    return stored, computed, status


# What a person sees of a result, of the row named {r}.
VISIBLE = (
    "{r}.region_path, {r}.reasons, {r}.rule_codes, {r}.risk_types, {r}.exclusion_reasons, {r}.status, "
    "{r}.is_current, {r}.first_hit_on"
)
SAME_DIGEST = "r.outcome_digest = c.outcome_digest"
SAME_REASONS = "r.reasons = c.reasons"


def create_diff(cursor: Any, evaluation: Evaluation, scope: Scope, params: dict[str, Any]) -> int:
    """Evaluate the rules and keep, in a temporary table, the households whose result must change: new hits,
    changed ones (reasons, rules, risks — by their digest —, exclusions, status, place) and those no longer hit,
    with their codes, reasons and risk types, which are built for these households only. Returns their count."""
    stored, computed, _ = _decided(SAME_DIGEST)
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{RUN_DIFF}")
    cursor.execute(
        f"""
CREATE TEMP TABLE {RUN_DIFF} ON COMMIT DROP AS
WITH computed AS ({evaluation.sql}),
excl AS (
    SELECT e.household_id, array_agg(DISTINCT {_exclusion_label_sql()}
                     || CASE WHEN e.note <> '' THEN '（' || e.note || '）' ELSE '' END
                     || CASE WHEN e.overruled_by_id IS NOT NULL THEN '{OVERRULED_NOTE}' ELSE '' END) AS labels,
           bool_or({BARRED.format(e="e")}) AS barred,
           bool_or(e.kind = '{ExclusionKind.WELL_OFF_CHILD}') AS well_off_child
    FROM screening_exclusionfact e WHERE e.is_active AND {scope.on("e")} GROUP BY e.household_id
),
c AS (
    SELECT k.*, coalesce(x.labels, '{{}}') AS exclusions,
           -- Only the 不得 facts exclude (choices.BARRING_EXCLUSIONS); a stable income below the line with the
           -- guarantees met is not at risk only where a child's good means are on record (003 §二2(2)). The other
           -- facts stay on the result (exclusions) as notes for the decision.
           CASE WHEN k.monitored THEN '{ResultStatus.MONITORED}'
                WHEN x.barred THEN '{ResultStatus.EXCLUDED}'
                WHEN k.stable AND x.well_off_child THEN '{ResultStatus.BELOW_LINE_STABLE}'
                ELSE '{ResultStatus.HIT}' END AS status
    FROM (
        -- Below the line but stable (issue: "below line, not at risk"): the income fell by at most stable_decline
        -- since the year before (and, to be left off the worklist, a well-off child is on record: status below).
        SELECT k.*, coalesce(k.may_be_stable
                   AND k.per_capita_net_income >= k.previous_per_capita * (1 - %(stable_decline)s::numeric),
               false) AS stable
        FROM computed k
        OFFSET 0  -- computed once per row, not once for each CASE that reads it
    ) k
    LEFT JOIN excl x ON x.household_id = k.household_id
)
SELECT coalesce(c.household_id, r.household_id) AS household_id, r.id AS result_id,
       CASE WHEN r.id IS NULL THEN '{ChangeKind.NEW}' WHEN c.household_id IS NULL THEN '{ChangeKind.DROPPED}'
            ELSE '{ChangeKind.CHANGED}' END AS change,
       c.region_path, {evaluation.rule_codes} AS rule_codes, {evaluation.reasons} AS reasons,
       {evaluation.risk_types} AS risk_types, {evaluation.rule_risks} AS rule_risks, c.outcome_digest,
       c.exclusions, c.status
FROM c FULL JOIN (SELECT * FROM screening_screeningresult r WHERE {scope.on("r")}) r
    ON r.household_id = c.household_id
CROSS JOIN LATERAL (SELECT c.*) e  -- the evaluation row, as the codes, reasons and risk types read it
WHERE r.id IS NULL
   OR (c.household_id IS NULL AND (r.status IN ({KEEP}) OR r.is_current OR {PROPOSAL_DONE}))
   OR (c.household_id IS NOT NULL AND r.id IS NOT NULL AND ({stored}) IS DISTINCT FROM ({computed}))
""",
        params,
    )
    return cursor.rowcount


def apply_results(cursor: Any, params: dict[str, Any]) -> dict[str, int]:
    """Write the diff: insert the new results, update the changed ones, drop those no longer hit (a person's
    decision, proposed or dismissed, stays and is marked no longer hit), and log each change. Returns the number
    of changes of each kind."""
    stored, computed, status = _decided(SAME_REASONS)
    first_hit = _NEW_FIRST_HIT.format(same=SAME_REASONS)
    cursor.execute(
        f"""
WITH updated AS (
    UPDATE screening_screeningresult r SET
        region_path = c.region_path, run_id = %(run_id)s, reasons = c.reasons, rule_codes = c.rule_codes,
        risk_types = c.risk_types, outcome_digest = c.outcome_digest, exclusion_reasons = c.exclusions,
        is_current = true, updated_at = now(), status = {status}, first_hit_on = {first_hit},
        -- A decision's note ("…正在办理，筛查结果随案件办理") is stale once the household is monitored.
        handle_note = CASE WHEN r.status <> '{ResultStatus.MONITORED}' AND {status} = '{ResultStatus.MONITORED}'
                           THEN '{MONITORED_NOTE}' ELSE r.handle_note END
    FROM {RUN_DIFF} c JOIN screening_screeningresult old ON old.id = c.result_id
    WHERE c.change = '{ChangeKind.CHANGED}' AND r.id = c.result_id AND ({stored}) IS DISTINCT FROM ({computed})
    -- A result whose digest alone changed (written before it had one, or a rule's wording changed to the same
    -- text) is updated but is no change to log: what a person sees of it stayed the same.
    RETURNING r.household_id, r.region_path, r.status, r.rule_codes, r.reasons,
              ({VISIBLE.format(r="old")}) IS DISTINCT FROM ({VISIBLE.format(r="r")}) AS visible
),
inserted AS (
    -- A single-household run may insert the same household meanwhile: its row stands. A household hit anew shows
    -- the county's latest 不予排除 again (the decision is its own record: screening.services.overrides).
    INSERT INTO screening_screeningresult ({", ".join(RESULT_COLUMNS)})
    SELECT c.household_id, c.region_path, %(run_id)s, c.status, c.reasons, c.rule_codes, c.risk_types,
           c.outcome_digest, c.exclusions, true, %(on_date)s, now(), '', coalesce(o.reason, ''), o.decided_by_id
    FROM {RUN_DIFF} c
    LEFT JOIN LATERAL (
        SELECT o.reason, o.decided_by_id FROM screening_exclusionoverride o WHERE o.household_id = c.household_id
        ORDER BY o.decided_at DESC, o.id DESC LIMIT 1
    ) o ON true
    WHERE c.change = '{ChangeKind.NEW}'
    ON CONFLICT (household_id) DO NOTHING
    RETURNING household_id, region_path, status, rule_codes, reasons
),
deleted AS (
    DELETE FROM screening_screeningresult r USING {RUN_DIFF} c
    WHERE c.change = '{ChangeKind.DROPPED}' AND r.id = c.result_id AND (r.status IN ({KEEP}) OR {PROPOSAL_DONE})
    RETURNING r.household_id, r.region_path, r.status
),
kept AS (
    UPDATE screening_screeningresult r SET is_current = false, run_id = %(run_id)s, updated_at = now()
    FROM {RUN_DIFF} c
    WHERE c.change = '{ChangeKind.DROPPED}' AND r.id = c.result_id AND r.status NOT IN ({KEEP}) AND r.is_current
      AND NOT {PROPOSAL_DONE}
    RETURNING r.household_id, r.region_path, r.status
),
logged AS (
    INSERT INTO screening_screeningchange ({", ".join(CHANGE_COLUMNS)})
    SELECT %(run_id)s, household_id, region_path, '{ChangeKind.CHANGED}', status, rule_codes, reasons FROM updated
    WHERE visible
    UNION ALL
    SELECT %(run_id)s, household_id, region_path, '{ChangeKind.NEW}', status, rule_codes, reasons FROM inserted
    UNION ALL
    SELECT %(run_id)s, household_id, region_path, '{ChangeKind.DROPPED}', status, '{{}}', '{{}}' FROM deleted
    UNION ALL
    SELECT %(run_id)s, household_id, region_path, '{ChangeKind.DROPPED}', status, '{{}}', '{{}}' FROM kept
    RETURNING change
)
SELECT change, count(*) FROM logged GROUP BY change
""",
        params,
    )
    return dict(cursor.fetchall())


def apply_flags(cursor: Any, params: dict[str, Any]) -> None:
    """The rule-sourced risk flags of the changed households follow their new hits: one flag per risk type, noted
    with the reason of the first rule (by code) that gave that type (each fired rule's types: rule_risks, beside
    its code). Flags from visits, alerts and cadres are left alone; the flags of unchanged households are already
    right."""
    wanted = f"""
SELECT DISTINCT ON (c.household_id, t.risk_type) c.household_id, c.region_path, t.risk_type,
       c.reasons[hit.n] AS note
FROM {RUN_DIFF} c
CROSS JOIN LATERAL unnest(c.rule_codes, c.rule_risks) WITH ORDINALITY AS hit(code, risks, n)
CROSS JOIN LATERAL unnest(string_to_array(hit.risks, ',')) AS t(risk_type)
WHERE c.change <> '{ChangeKind.DROPPED}'
ORDER BY c.household_id, t.risk_type, hit.n"""
    cursor.execute(
        f"""
WITH wanted AS ({wanted}),
ended AS (
    UPDATE screening_riskflag f SET is_active = false FROM {RUN_DIFF} c
    WHERE f.household_id = c.household_id AND f.source = 'rule' AND f.is_active
      AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.household_id = f.household_id AND w.risk_type = f.risk_type)
    RETURNING f.id
)
INSERT INTO screening_riskflag AS f ({", ".join(FLAG_COLUMNS)})
SELECT w.household_id, w.region_path, w.risk_type, 'rule', %(on_date)s, w.note, true FROM wanted w
ON CONFLICT (household_id, risk_type, source) WHERE is_active
DO UPDATE SET note = EXCLUDED.note, region_path = EXCLUDED.region_path
    WHERE (f.note, f.region_path) IS DISTINCT FROM (EXCLUDED.note, EXCLUDED.region_path)
""",
        params,
    )


def log_taken_up(cursor: Any, params: dict[str, Any], taken: dict[int, int]) -> dict[str, int]:
    """The run's hits handed to their households' open inclusion cases (`taken`: household id → case id, from
    in_procedure.results_take_up) are logged as such: the run's change row of each becomes TAKEN_UP, 已提议纳入监测,
    naming the case; a household the run changed without a row (what a person sees of it stayed the same) gets one.
    One statement however many. Returns how many rows were of each kind before ("" for the rows added)."""
    cursor.execute(
        f"""
WITH taken AS (
    SELECT * FROM unnest(%(taken_households)s::bigint[], %(taken_cases)s::bigint[]) AS t(household_id, case_id)
),
updated AS (
    UPDATE screening_screeningchange ch SET change = '{ChangeKind.TAKEN_UP}', status = '{ResultStatus.PROPOSED}',
        case_id = t.case_id
    FROM taken t, screening_screeningchange old
    WHERE ch.run_id = %(run_id)s AND ch.household_id = t.household_id AND old.id = ch.id
    RETURNING ch.household_id, old.change AS was
),
inserted AS (
    INSERT INTO screening_screeningchange ({", ".join((*CHANGE_COLUMNS, "case_id"))})
    SELECT %(run_id)s, r.household_id, r.region_path, '{ChangeKind.TAKEN_UP}', '{ResultStatus.PROPOSED}',
           r.rule_codes, r.reasons, t.case_id
    FROM taken t JOIN screening_screeningresult r ON r.household_id = t.household_id
    WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.household_id = t.household_id)
    RETURNING ''::text AS was
)
SELECT was, count(*) FROM (SELECT was FROM updated UNION ALL SELECT was FROM inserted) logged GROUP BY was
""",
        {**params, "taken_households": list(taken), "taken_cases": list(taken.values())},
    )
    return dict(cursor.fetchall())
