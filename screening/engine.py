"""Screening rules as set-based SQL over the registry (no Python loop over households).

Each rule kind compiles to a condition and a Chinese reason over one row of the registry: the household `h`, its
latest income `i` (up to the screening year; the household row carries a copy), the monitoring line of its place
`pl`, and, for the rules about members, an aggregate of the members it fires on (`m<n>`, one per rule). All active
rules are evaluated together in one statement (`evaluation_sql`): one pass over the households, and the members
read through partial indexes that match the member rules' fixed conditions. It yields one row per household hit, with
the codes of the rules that fired and their reasons in rule-code order, so nothing has to be grouped afterwards.

The kinds themselves are compiled in screening.engine_kinds.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from screening.choices import RuleKind
from screening.engine_kinds import Compiled, Rule, compile_rule
from screening.rule_params import GUARANTEE_ITEMS

REASON_LENGTH = 300


@dataclass(frozen=True)
class Scope:
    """Which households a run evaluates: `households`, a condition on `h` (households_household), and `rows`, the
    same condition for a table's `household_id` column (format it with the table's alias), so that the incomes,
    members and results read are narrowed to the same households. `within` is a region path every household of
    the scope starts with (the county's, or the household's own), which lets the lines be chosen once (lines_within).
    """

    households: str
    rows: str
    within: str = ""
    # Whether a household may have an income row after the screening year. When none can (every nightly run: the
    # income service takes no future year), each household's copy of its latest income row is its latest up to
    # the screening year, read as it is; otherwise each value is chosen per household (_latest_income).
    incomes_after: bool = True

    def on(self, alias: str) -> str:
        return self.rows.format(a=alias)


COUNTY = Scope("h.is_active", "true")


def county(within: str = "") -> Scope:
    return Scope(COUNTY.households, COUNTY.rows, within)


def one_household(within: str = "") -> Scope:
    return Scope("h.is_active AND h.id = %(household_id)s", "{a}.household_id = %(household_id)s", within)


def some_households(within: str = "") -> Scope:
    return Scope("h.is_active AND h.id = ANY(%(batch_ids)s)", "{a}.household_id = ANY(%(batch_ids)s)", within)


@dataclass(frozen=True)
class Line:
    """A monitoring line of a year not after the screening date's (screening.services.runs._lines), as the SQL needs
    it, with the warning line in force on the date (if any)."""

    prefix: str
    year: int
    amount: Decimal
    warning: Decimal | None
    inclusive: bool = False


def lines_within(lines: list[Line], within: str) -> list[Line]:
    """The lines that can be a household's when its region path starts with `within`, in the same order: those whose
    prefix `within` starts with (every household's) and those whose prefix is inside `within` (some households'),
    less one that a line of the same year covering every household comes before (it can never be chosen)."""
    kept: list[Line] = []
    everyones: set[int] = set()  # the years whose line covers every household of the scope
    for line in lines:
        if line.year in everyones:
            continue
        if within.startswith(line.prefix):
            everyones.add(line.year)
            kept.append(line)
        elif line.prefix.startswith(within):
            kept.append(line)
    return kept


def _line_sql(lines: list[Line], within: str, params: dict[str, Any]) -> str:
    """The line of each household's place for the year of its income, `pl` (line_year, line_amount, warning_amount,
    line_inclusive): DOMAIN.md, lines are set per province per year, so an income is compared with its own year's
    line. Of the lines whose prefix the household's region path starts with, the newest of a year not after the
    income's (the most specific prefix first within a year); where none is, the earliest later one. A household
    without an income gets the newest (no income is compared). The reason says when the line is not the income's
    year's (engine_kinds._income_below_line). The lines are few, so this is a CASE per household, no join and no
    query per row; the lines that cannot be chosen within the scope are left out before (lines_within)."""
    lines = lines_within(sorted(lines, key=lambda line: (-line.year, -len(line.prefix), line.prefix)), within)
    if not lines:
        return (
            "SELECT NULL::int AS line_year, NULL::numeric AS line_amount, NULL::numeric AS warning_amount,"
            " NULL::boolean AS line_inclusive"
        )
    values = {
        "line_year": ("year", "int"),
        "line_amount": ("amount", "numeric"),
        "warning_amount": ("warning", "numeric"),
        "line_inclusive": ("inclusive", "boolean"),
    }
    for n, line in enumerate(lines):
        params.update(
            {f"line{n}_prefix": line.prefix, f"line{n}_year": line.year, f"line{n}_amount": line.amount,
             f"line{n}_warning": line.warning, f"line{n}_inclusive": line.inclusive}
        )  # fmt: skip

    def place(n: int) -> str:
        return "true" if within.startswith(lines[n].prefix) else f"starts_with(h.region_path, %(line{n}_prefix)s)"

    # Newest first, each of a year not after the income's; then, oldest first, a later one.
    order = [(n, f"(i.income_year IS NULL OR %(line{n}_year)s <= i.income_year)") for n in range(len(lines))]
    order += [(n, "true") for n in sorted(range(len(lines)), key=lambda n: (lines[n].year, -len(lines[n].prefix)))]
    columns = []
    for name, (value, cast) in values.items():
        whens = " ".join(f"WHEN {place(n)} AND {year} THEN %(line{n}_{value})s::{cast}" for n, year in order)
        columns.append(f"CASE {whens} ELSE NULL END AS {name}")
    return "SELECT " + ", ".join(columns)


# Each household's latest income up to the screening year, with the sums the rules compare. The household row
# carries a copy of its latest income row (households migration 0008, kept by a trigger on the income table), so
# the run reads it from the row it scans anyway instead of finding the latest of all the income rows (a third of a
# county's run). Only a household with an income row after the screening year (a run for an earlier date) looks
# its row up, in a subquery the CASE runs for it alone; when no household has one (Scope.incomes_after), there is
# no CASE either.
LATEST_INCOME = {
    "income_year": ("latest_income_year", "i.year"),
    "per_capita_net_income": ("latest_income_per_capita", "i.per_capita_net_income"),
    "total_income": (
        "latest_income_total",
        "i.wage_income + i.business_income + i.property_income + i.transfer_income",
    ),
    "rigid": (
        "latest_rigid_expenses",
        "i.medical_expenses + i.education_expenses + i.disaster_expenses + i.other_rigid_expenses",
    ),
    # The year before's, by which a run tells a stable income from a falling one (run_apply.create_diff).
    "previous_per_capita": (
        "latest_income_previous_per_capita",
        "(SELECT p.per_capita_net_income FROM households_householdincome p"
        " WHERE p.household_id = i.household_id AND p.year = i.year - 1)",
    ),
}


def _latest_income(column: str, expression: str, incomes_after: bool) -> str:
    if not incomes_after:
        return f"h.{column}"
    return f"""CASE WHEN h.latest_income_year IS NULL OR h.latest_income_year <= %(year)s THEN h.{column}
        ELSE (SELECT {expression} FROM households_householdincome i
              WHERE i.household_id = h.id AND i.year <= %(year)s ORDER BY i.year DESC LIMIT 1) END"""


ALL_GUARANTEES = " AND ".join(f"h.{column}" for column, _ in GUARANTEE_ITEMS.values())


def _guarded(compiled: Compiled, skip: dict[int, list[int]]) -> str:
    """The rule's condition (or, for a rule read per household, its names), minus the households it failed on
    (found by runs._isolate)."""
    value, skipped = (compiled.names, "NULL") if compiled.names else (compiled.condition, "false")
    if compiled.rule.pk not in skip:
        return f"({value})"
    compiled.params[f"r{compiled.rule.pk}_skip"] = skip[compiled.rule.pk]
    # A CASE, so that the condition is not even computed for them (AND would not promise the order).
    return f"(CASE WHEN h.id = ANY(%(r{compiled.rule.pk}_skip)s) THEN {skipped} ELSE {value} END)"


@dataclass(frozen=True)
class Evaluation:
    """The evaluation statement (`sql`, with `params`) and the expressions that turn one of its rows, named `e`, into
    the hit's rule codes, reasons and risk types. They are built only for the households whose outcome changed
    (run_apply.create_diff): the statement gives each hit an `outcome_digest` instead, a 64-bit hash of everything
    they are made of (which rules fired, the values the reasons quote), seeded with the expressions and their
    parameters, so a change to a rule, a line or a reason's wording changes every digest. `rule_risks` runs beside
    `rule_codes`: the risk types each fired rule gave (comma-separated codes), from which the rule-sourced risk
    flags are set (run_apply.apply_flags)."""

    sql: str
    params: dict[str, Any]
    rule_codes: str = "'{}'::text[]"
    reasons: str = "'{}'::text[]"
    risk_types: str = "'{}'::text[]"
    rule_risks: str = "'{}'::text[]"


def _seed(*parts: Any) -> int:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _risks(c: Compiled) -> str:
    """The risk types a fired rule gives: its lookup's, if it has them, else its configured one."""
    configured = f"%(r{c.rule.pk}_risk)s::text"
    return f"coalesce(e.{c.alias}_risks, {configured})" if "risks" in c.lookup_columns else configured


NO_HITS = (
    "SELECT NULL::bigint AS household_id, NULL::varchar AS region_path, NULL::boolean AS monitored,"
    " NULL::boolean AS may_be_stable, NULL::numeric AS per_capita_net_income, NULL::numeric AS previous_per_capita,"
    " NULL::integer AS income_year, NULL::bigint AS outcome_digest WHERE false"
)


def evaluation_sql(
    rules: list[Rule], scope: Scope, lines: list[Line], skip: dict[int, list[int]] | None = None
) -> Evaluation:
    """One SELECT evaluating `rules` (in code order) over the households of `scope`: a row per household hit with
    region_path, monitored, may_be_stable (only income-line rules fired and no 三保障 or water finding: whether the
    income is stable decides whether the household is at risk), per_capita_net_income, income_year,
    previous_per_capita (the year before's), outcome_digest, and what the Evaluation's expressions read (the rule
    flags f<pk> and the columns each rule's reason quotes). `skip` leaves out (rule pk → household ids) pairs that
    failed."""
    skip = skip or {}
    compiled = [compile_rule(rule, scope) for rule in sorted(rules, key=lambda r: r.code)]
    params: dict[str, Any] = {}
    conditions = {c.rule.pk: _guarded(c, skip) for c in compiled}
    for c in compiled:
        params.update(c.params)
    if not compiled:
        # No active rule (a county that switched them all off): no household is hit, and the run drops the
        # results it had, through the same statement, which reads these columns.
        return Evaluation(NO_HITS, params)
    ctes: list[str] = []
    latest = ", ".join(
        f"{_latest_income(column, sql, scope.incomes_after)} AS {name}" for name, (column, sql) in LATEST_INCOME.items()
    )
    joins = [
        f"CROSS JOIN LATERAL (SELECT {latest}) i",
        f"CROSS JOIN LATERAL ({_line_sql(lines, scope.within, params)}) pl",
    ]
    for c in compiled:
        if c.members:
            ctes.append(f"{c.alias} AS ({c.members})")
            joins.append(f"LEFT JOIN {c.alias} ON {c.alias}.household_id = h.id")
    # Each rule's condition is computed once per household (f<pk>, in the inner query, which OFFSET 0 keeps from
    # being merged into the outer one); the outer query keeps the hits, with the digest of their outcome.
    # A rule read per household has no flag column: it fired where its names are not NULL.
    flags = {c.rule.pk: f"(e.{c.alias}_names IS NOT NULL)" if c.names else f"e.f{c.rule.pk}" for c in compiled}
    inner = "".join(f", {conditions[c.rule.pk]} AS f{c.rule.pk}" for c in compiled if not c.names)
    names = "".join(f", {c.alias}.names AS {c.alias}_names" for c in compiled if c.members)
    names += "".join(f", {conditions[c.rule.pk]} AS {c.alias}_names" for c in compiled if c.names)
    # Codes and risk types are data (a county names its own rules): they reach the SQL as parameters, never as text.
    outcome_params: dict[str, Any] = {}
    for c in compiled:
        outcome_params[f"r{c.rule.pk}_code"] = c.rule.code
        # The rule's own parameters (a reason may quote them), not the households a failing rule skips.
        outcome_params.update({name: value for name, value in c.params.items() if not name.endswith("_skip")})
    codes = ", ".join(f"CASE WHEN {flags[c.rule.pk]} THEN %(r{c.rule.pk}_code)s::text END" for c in compiled)
    reasons = ", ".join(
        f"CASE WHEN {flags[c.rule.pk]} THEN coalesce(left({c.reason}, {REASON_LENGTH}), '') END" for c in compiled
    )
    # A rule's configured risk type, unless it gives the hit's own (a lookup's `risks`: the rigid expenses').
    for c in compiled:
        outcome_params[f"r{c.rule.pk}_risk"] = c.rule.risk_type
    rule_risks = ", ".join(f"CASE WHEN {flags[c.rule.pk]} THEN {_risks(c)} END" for c in compiled)
    rule_risks = f"array_remove(ARRAY[{rule_risks}], NULL)"
    risk_types = f"ARRAY(SELECT DISTINCT t FROM unnest({rule_risks}) r, unnest(string_to_array(r, ',')) t ORDER BY t)"
    outcome = {
        "rule_codes": f"array_remove(ARRAY[{codes}], NULL)",
        "reasons": f"array_remove(ARRAY[{reasons}], NULL)",
        "risk_types": risk_types,
        "rule_risks": rule_risks,
    }
    # The digest hashes which rules fired and what the reasons of those that fired quote: a household hit by one
    # rule whose income changes keeps its digest while the income quotes in no reason of it.
    # A lookup's columns are the outer query's own (<alias>x.<column>), not the inner row's.
    looked_up = {f"{c.alias}_{column}": f"{c.alias}x.{column}" for c in compiled for column in c.lookup_columns}
    hashed = [*flags.values()]
    hashed += [
        f"CASE WHEN {flags[c.rule.pk]} THEN {looked_up.get(column, 'e.' + column)} END"
        for c in compiled
        for column in c.reads
    ]
    lookups = "".join(f"\nLEFT JOIN LATERAL ({c.lookup}) {c.alias}x ON true" for c in compiled if c.lookup)
    params.update(outcome_params)
    params["outcome_seed"] = _seed(outcome, sorted(outcome_params.items(), key=lambda item: item[0]))
    other = [flags[c.rule.pk] for c in compiled if c.rule.kind != RuleKind.INCOME_BELOW_LINE] or ["false"]
    sql = f"""{"WITH " + ", ".join(ctes) if ctes else ""}
SELECT e.*{"".join(f", {expression} AS {name}" for name, expression in looked_up.items())},
       hash_record_extended(ROW({", ".join(hashed)}), %(outcome_seed)s) AS outcome_digest,
       NOT coalesce({" OR ".join(other)}, false) AND e.guarantees_ok AS may_be_stable
FROM (
    SELECT h.id AS household_id, h.region_path, h.monitoring_category <> '' AS monitored,
           {ALL_GUARANTEES} AS guarantees_ok, i.per_capita_net_income, i.total_income, i.rigid, i.income_year,
           i.previous_per_capita, pl.line_year, pl.line_amount, pl.warning_amount,
           pl.line_inclusive{names}{inner}
    FROM households_household h
    {chr(10).join(joins)}
    WHERE {scope.households}
    OFFSET 0
) e{lookups}
WHERE {" OR ".join(flags.values())}"""
    return Evaluation(sql, params, **outcome)
