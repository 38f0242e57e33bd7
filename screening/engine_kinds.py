"""The rule kinds, each compiled to a condition and a Chinese reason over one row of the screening evaluation
(screening.engine, which evaluates them all in one statement): the household `h`, its latest income `i`, the line of
its place `pl`, and, for the rules about members, an aggregate of the members it fires on.

Parameters are declared per kind in screening.rule_params; they reach the SQL as query parameters, never as text,
except a guarantee item's column, which comes from the fixed table there (GUARANTEE_ITEMS)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from households.choices import HouseholdType, RiskType
from screening.choices import RuleKind
from screening.rule_params import GUARANTEE_ITEMS

if TYPE_CHECKING:
    from screening.engine import Scope


@dataclass(frozen=True)
class Rule:
    """A rule as the run needs it: its row id, code, risk type and kind, and its validated parameters."""

    pk: int
    code: str
    kind: str
    risk_type: str
    params: dict[str, Any]


@dataclass
class Compiled:
    """One rule compiled: its condition and reason over the evaluation row, the columns of that row its reason
    quotes (`reads`), the members aggregate it reads (a SELECT household_id, names …, joined as `alias`) and its
    query parameters."""

    rule: Rule
    condition: str
    reason: str
    members: str | None = None
    alias: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    reads: tuple[str, ...] = ()
    # Or, read per household: an expression over `h` and `i` giving the names it fires on (no `condition`: it fires
    # where they are not NULL), computed once per household as a column of the inner query.
    names: str = ""
    # A lookup for the households it hit only: a SELECT over the inner query's row `e` (guarded by the rule's flag,
    # so the others cost nothing) giving one row, joined in the outer query; its `lookup_columns` become the
    # evaluation row's columns <alias>_<column>. A `risks` column there is the hit's risk types (comma-separated
    # codes), replacing the rule's configured one.
    lookup: str = ""
    lookup_columns: tuple[str, ...] = ()


MONEY = "to_char({}, 'FM999,999,990.00')"


# The two terms of the income rule, each in SQL for the run and in Python for the registry's texts about one
# household (screening.selectors.income_line: the income page, the visit notice, the screening form), side by side
# so that they are changed together (tests/screening/test_line_terms.py holds them to the same answers).


def _under_line(income: str, line: str) -> str:
    """Whether the per-capita net income of the row `income` is inside the line of the row `line`: below it, or equal
    to a line that includes its figure (MonitoringLine.inclusive). In Python: inside_line."""
    income, amount = f"{income}.per_capita_net_income", f"{line}.line_amount"
    return f"({income} < {amount} OR coalesce({line}.line_inclusive AND {income} = {amount}, false))"


def inside_line(per_capita: Decimal, amount: Decimal, *, inclusive: bool) -> bool:
    """_under_line for one income."""
    return per_capita < amount or (inclusive and per_capita == amount)


# Seed 004 (三) "对…低于10600元…的脱贫人口和监测对象进行预警": whom a warning line (预警线) is for. In Python:
# warning_applies.
WARNED_HOUSEHOLD = f"(h.household_type = '{HouseholdType.LIFTED_OUT}' OR h.monitoring_category <> '')"


def warning_applies(*, household_type: str, monitoring_category: str) -> bool:
    """WARNED_HOUSEHOLD for one household: lifted out (脱贫户) or monitored (any monitoring category)."""
    return household_type == HouseholdType.LIFTED_OUT or monitoring_category != ""


# An income reason quotes the line it was measured against ("低于 2021 年监测标准 …"). Where that is not the line of
# the income's own year (not entered: the run takes the latest earlier one, or the earliest later one), the reason
# says which year's is missing and which was used, so that a 2025 income under 2021's 6,000 元 does not read as under
# 2025's line (DOMAIN.md "Who is monitored": lines are set per province per year; review township finding 13).
MSG_OLD_LINE_REASON = "（{year}年监测标准尚未录入，暂按{line_year}年标准比较）"


def _line_note(c: Compiled, p: str) -> str:
    """MSG_OLD_LINE_REASON in SQL over the row `e`, '' where the line is of the income's year. Its words are
    parameters, so that they are written once (above)."""
    before, rest = MSG_OLD_LINE_REASON.split("{year}")
    middle, after = rest.split("{line_year}")
    c.params.update({f"{p}_note0": before, f"{p}_note1": middle, f"{p}_note2": after})
    return (
        f"CASE WHEN e.line_year <> e.income_year THEN %({p}_note0)s || e.income_year || %({p}_note1)s"
        f" || e.line_year || %({p}_note2)s ELSE '' END"
    )


def _income_below_line(c: Compiled, p: str) -> None:
    """Seed 004 (二)/(三): the monitoring line (监测范围) is everyone's; a warning line (预警线, for a period) is only
    for lifted-out and monitored households ("对…低于10600元…的脱贫人口和监测对象进行预警"), so an ordinary household
    above the line is not hit by it. An income under the line quotes the line, one between the line and the warning
    line quotes the warning line. A line marked inclusive (MonitoringLine.inclusive, "…元以下") takes in an income
    equal to it; a warning line never does ("低于10600元")."""
    c.reads = ("per_capita_net_income", "income_year", "line_year", "line_amount", "warning_amount", "line_inclusive")
    c.params[f"{p}_warn"] = c.rule.params["use_warning_lines"]
    warned = f"%({p}_warn)s AND {WARNED_HOUSEHOLD}"
    c.condition = (
        f"{_under_line('i', 'pl')} OR coalesce({warned} AND i.per_capita_net_income < pl.warning_amount, false)"
    )
    at = "e.per_capita_net_income = e.line_amount"
    c.reason = f"""'人均纯收入 ' || {MONEY.format("e.per_capita_net_income")} || ' 元，'
       || CASE WHEN {_under_line("e", "e")}
               THEN CASE WHEN {at} THEN '等于 ' ELSE '低于 ' END || e.line_year || ' 年监测标准 '
                    || {MONEY.format("e.line_amount")} || ' 元' || CASE WHEN {at} THEN '（标准以下含本数）' ELSE '' END
               ELSE '低于 ' || e.line_year || ' 年预警线 ' || {MONEY.format("e.warning_amount")} || ' 元' END
       || {_line_note(c, p)}"""


# The rigid expenses' components and the risk type each stands for (000 §三(一): 5 large medical costs → 因病;
# 6 disaster or accident losses → 因灾; education costs and other rigid costs have no type of their own → 其他).
RIGID_COMPONENTS = (
    ("medical_expenses", "医疗", RiskType.MEDICAL_COST),
    ("education_expenses", "教育", RiskType.OTHER),
    ("disaster_expenses", "灾害", RiskType.DISASTER_LOSS),
    ("other_rigid_expenses", "其他", RiskType.OTHER),
)


def _rigid_expense_share(c: Compiled, p: str) -> None:
    """The hit's risk types are its components' (rule_params.KIND_NOTES): each component that alone is over the
    share of income, or, when none is, the largest; a household with only disaster costs is 因灾, not 因病. They and
    the components named in the reason are read from the income row of the households it hit only."""
    c.alias = p
    c.reads = ("rigid", "total_income", f"{p}_risks", f"{p}_parts")
    c.params[f"{p}_share"] = Decimal(str(c.rule.params["share"]))
    c.params[f"{p}_min"] = Decimal(str(c.rule.params["min_amount"]))
    c.condition = f"i.rigid >= %({p}_min)s AND i.rigid > %({p}_share)s * i.total_income"
    parts = ", ".join(
        f"({n}, '{risk}', '{label}', x.{column})" for n, (column, label, risk) in enumerate(RIGID_COMPONENTS)
    )
    largest = f"greatest({', '.join(f'x.{column}' for column, _, _ in RIGID_COMPONENTS)})"
    c.lookup = f"""SELECT string_agg(DISTINCT v.risk, ',' ORDER BY v.risk)
               FILTER (WHERE v.amount > 0 AND (v.amount > %({p}_share)s * e.total_income OR v.amount = {largest}))
               AS risks,
           string_agg(v.label || ' ' || {MONEY.format("v.amount")} || ' 元', '，' ORDER BY v.n)
               FILTER (WHERE v.amount > 0) AS parts
        FROM households_householdincome x CROSS JOIN LATERAL (VALUES {parts}) v(n, risk, label, amount)
        WHERE e.f{c.rule.pk} AND x.household_id = e.household_id AND x.year = e.income_year"""
    c.lookup_columns = ("risks", "parts")
    c.reason = f"""'刚性支出 ' || {MONEY.format("e.rigid")} || ' 元'
       || coalesce('（' || e.{p}_parts || '）', '')
       || CASE WHEN e.total_income > 0
               THEN '，为家庭收入的 ' || round(100 * e.rigid / e.total_income) || '%%（超过 '
                    || round(100 * %({p}_share)s) || '%%）'
               ELSE '，家庭无收入' END"""


def _guarantee_finding(c: Compiled, p: str) -> None:
    column, label = GUARANTEE_ITEMS[c.rule.params["item"]]
    c.condition = f"NOT h.{column}"
    c.reason = f"'最近一次走访发现：{label}'"


# The serious-illness rule's fixed condition, also the condition of a partial index on households_member
# (households.models.registry.Member.Meta.indexes), so a run reads only the few members that can match.
SERIOUSLY_ILL_UNINSURED = (
    "m.living_status = 'living' AND m.health = 'serious' AND NOT m.medical_insurance"
    " AND NOT m.employee_medical_insurance"
)  # in neither the residents' nor the employees' (职工医保) insurance

# 000 §三 type 3 "主要就业务工劳动力失岗 6 个月以上，造成家庭收入骤减", as the registry can tell it (in Chinese:
# rule_params.KIND_NOTES): a main labourer is a living member aged 16–64, skilled or ordinary, not in school; out of
# work means the months of this year already over (this month not counted) minus the months worked this year
# ("未务工": 0) reach `months_out` (only this year's count is recorded, not the last 12 months); and the household's
# latest income (this year's or last year's) fell by `income_drop` on the year before's. Without that year's row no
# fall is seen and the rule does not fire: a labourer at home who never worked reads like one who lost a job.
MAIN_LABOURER = (
    "m.living_status = 'living' AND m.labour_skill IN ('skilled', 'ordinary') AND m.student_stage = 'none'"
    " AND m.birth_date <= (%(on_date)s::date - interval '16 years')::date"
    " AND m.birth_date > (%(on_date)s::date - interval '65 years')::date"
)
MONTHS_WORKED = "CASE WHEN m.employment_place = 'none' THEN 0 ELSE m.employment_months END"
MONTHS_OVER = "(extract(month FROM %(on_date)s::date)::int - 1)"


def _serious_illness_uninsured(c: Compiled, p: str, scope: Scope) -> None:
    c.alias = p
    c.reads = (f"{p}_names",)
    c.members = f"""SELECT m.household_id, string_agg(m.name, '、' ORDER BY m.id) AS names
        FROM households_member m WHERE {SERIOUSLY_ILL_UNINSURED} AND {scope.on("m")} GROUP BY m.household_id"""
    c.condition = f"{p}.names IS NOT NULL"
    c.reason = f"'家庭成员 ' || e.{p}_names || ' 患有大病且未参加基本医疗保险'"


def _labourer_out_of_work(c: Compiled, p: str) -> None:
    """See MAIN_LABOURER. The members are looked up only for a household whose income fell (a CASE around the
    lookup): the others cost one comparison, with no aggregate over the county's labourers."""
    c.alias = p
    c.reads = (f"{p}_names", "income_year", "per_capita_net_income", "previous_per_capita")
    c.params[f"{p}_months"] = int(c.rule.params["months_out"])
    c.params[f"{p}_drop"] = Decimal(str(c.rule.params["income_drop"]))
    fell = (
        f"i.previous_per_capita > 0 AND i.income_year >= %(year)s - 1"
        f" AND i.per_capita_net_income <= (1 - %({p}_drop)s) * i.previous_per_capita"
    )
    worked = f"CASE WHEN {MONTHS_WORKED} = 0 THEN '未务工' ELSE '务工' || {MONTHS_WORKED} || '个月' END"
    c.names = f"""CASE WHEN {fell} THEN (
            SELECT string_agg(m.name || '（本年前' || {MONTHS_OVER} || '个月' || {worked} || '）', '、' ORDER BY m.id)
            FROM households_member m
            WHERE m.household_id = h.id AND {MAIN_LABOURER} AND {MONTHS_OVER} - {MONTHS_WORKED} >= %({p}_months)s
        ) END"""
    c.reason = f"""'主要劳动力 ' || e.{p}_names || '，失岗 ' || %({p}_months)s || ' 个月以上；' || e.income_year
       || ' 年人均纯收入 ' || {MONEY.format("e.per_capita_net_income")} || ' 元，比上年 '
       || {MONEY.format("e.previous_per_capita")} || ' 元下降 '
       || round(100 * (1 - e.per_capita_net_income / e.previous_per_capita)) || '%%'"""


# 000 §三(一) type 4 "主要劳动力意外死亡，造成家庭主要经济来源中断": a member marked deceased (the date of the mark,
# households.services.member_status.member_set_status, is the date of death) within `months` before the run date
# who was a main labourer at the death (MAIN_LABOURER's terms, the age on that date). The registry records no
# cause of death: whether it was an accident is for the visit (rule_params.KIND_NOTES). A working-age member whose
# 劳动技能 was never filled in (the go-live import carries such blanks, and entry does not require it) counts as a
# possible labourer: missing a type-4 death costs a family its help, listing one costs a visit; the reason says the
# skill is blank, and the data check 劳动年龄成员未填劳动技能 lists the living ones for correction.
DECEASED_LABOURER = (
    "m.living_status = 'deceased' AND m.labour_skill IN ('skilled', 'ordinary', '') AND m.student_stage = 'none'"
    " AND m.birth_date <= (m.status_changed_on - interval '16 years')::date"
    " AND m.birth_date > (m.status_changed_on - interval '65 years')::date"
)


def _labourer_death(c: Compiled, p: str, scope: Scope) -> None:
    c.alias = p
    c.reads = (f"{p}_names",)
    c.params[f"{p}_months"] = int(c.rule.params["months"])
    c.members = f"""SELECT m.household_id,
            string_agg(m.name || '（' || to_char(m.status_changed_on, 'YYYY-MM-DD') || ' 已故'
                || CASE WHEN m.labour_skill = '' THEN '，劳动技能未填' ELSE '' END || '）', '、' ORDER BY m.id)
            AS names
        FROM households_member m
        WHERE {DECEASED_LABOURER} AND m.status_changed_on <= %(on_date)s::date
          AND m.status_changed_on > (%(on_date)s::date - make_interval(months => %({p}_months)s))::date
          AND {scope.on("m")}
        GROUP BY m.household_id"""
    c.condition = f"{p}.names IS NOT NULL"
    c.reason = f"'主要劳动力 ' || e.{p}_names || '，家庭主要经济来源可能中断（是否意外死亡请走访核实）'"


# 000 §三(一) type 2 "生产经营失败，累计经济损失较大，出现负债和家庭基本生活出现困难的", as the registry can tell it (in
# Chinese: rule_params.KIND_NOTES): in the income row of the household's screening year (its latest up to the run's
# year, the row the other rules read), 生产经营性支出 exceeds 生产经营性收入 by at least `min_loss`, and the per-capita
# net income (which nets that loss) is below `line_multiple` times the monitoring line of its place, the measure of
# "家庭基本生活出现困难" (000 §三(一)1 draws the monitoring range itself at 1.5 times a line). Debt and earlier years'
# losses are not recorded: the visit checks them. The loss rows are read through a partial index on the income table
# (households.models.registry.HouseholdIncome.Meta.indexes, income_business_loss), whose condition BUSINESS_LOSS
# repeats: losses are rare, so a run reads a handful of rows, not the whole income table.
BUSINESS_LOSS = "x.business_expenses > x.business_income"


def _business_loss(c: Compiled, p: str, scope: Scope) -> None:
    """Read per household (`names`): the losing (household, year) pairs are a hashed subplan, built once per run
    from the partial index, which each household probes with its screening year; where there are none (a county
    without losses) PostgreSQL answers false without probing. The amounts quoted are read for the hits alone. As a
    members aggregate joined on (household, year), the rule cost every run one more join over all its households,
    with no loss on record too (some 30 ms of a 150,000-household evaluation of ~160 ms: bench/README.md)."""
    c.alias = p
    c.reads = (f"{p}_names", "per_capita_net_income", "income_year", "line_year", "line_amount")
    c.params[f"{p}_loss"] = Decimal(str(c.rule.params["min_loss"]))
    c.params[f"{p}_multiple"] = Decimal(str(c.rule.params["line_multiple"]))
    losing = f"""SELECT x.household_id, x.year FROM households_householdincome x
            WHERE {BUSINESS_LOSS} AND x.business_expenses - x.business_income >= %({p}_loss)s AND {scope.on("x")}"""
    c.names = f"""CASE WHEN (h.id, i.income_year) IN ({losing})
                AND i.per_capita_net_income < %({p}_multiple)s * pl.line_amount THEN (
            SELECT '生产经营性收入 ' || {MONEY.format("x.business_income")} || ' 元，生产经营性支出 '
                || {MONEY.format("x.business_expenses")} || ' 元，亏损 '
                || {MONEY.format("x.business_expenses - x.business_income")} || ' 元'
            FROM households_householdincome x WHERE x.household_id = h.id AND x.year = i.income_year
        ) END"""
    c.reason = f"""e.{p}_names || '（达到设定的 ' || {MONEY.format(f"%({p}_loss)s")} || ' 元）；' || e.income_year
       || ' 年人均纯收入 ' || {MONEY.format("e.per_capita_net_income")} || ' 元，低于 ' || e.line_year
       || ' 年监测标准 ' || {MONEY.format("e.line_amount")} || ' 元的 ' || trim_scale(%({p}_multiple)s::numeric)
       || ' 倍（' || {MONEY.format(f"%({p}_multiple)s * e.line_amount")} || ' 元）' || {_line_note(c, p)}
       || '，是否负债请走访核实'"""


def compile_rule(rule: Rule, scope: Scope) -> Compiled:
    """The rule's condition and reason; `p` prefixes its parameters and names its members aggregate."""
    compiled, p = Compiled(rule=rule, condition="", reason=""), f"r{rule.pk}"
    if rule.kind == RuleKind.INCOME_BELOW_LINE:
        _income_below_line(compiled, p)
    elif rule.kind == RuleKind.RIGID_EXPENSE_SHARE:
        _rigid_expense_share(compiled, p)
    elif rule.kind == RuleKind.GUARANTEE_FINDING:
        _guarantee_finding(compiled, p)
    elif rule.kind == RuleKind.SERIOUS_ILLNESS_UNINSURED:
        _serious_illness_uninsured(compiled, p, scope)
    elif rule.kind == RuleKind.LABOURER_UNDEREMPLOYED:
        _labourer_out_of_work(compiled, p)
    elif rule.kind == RuleKind.LABOURER_DEATH:
        _labourer_death(compiled, p, scope)
    elif rule.kind == RuleKind.BUSINESS_LOSS:
        _business_loss(compiled, p, scope)
    else:
        raise ValueError(f"no evaluator for rule kind {rule.kind}")
    return compiled
