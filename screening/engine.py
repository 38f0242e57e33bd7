"""Screening rules as set-based SQL over the registry (no Python loop over households).

Each rule kind is one SELECT that yields (household_id, region_path, reason) for every household the rule
fires on; the run inserts them into its table of hits in one statement per rule. The rules read the run's
households (`RUN_HOUSEHOLDS`, alias `h`): the registry's columns the rules need and each household's latest
income, copied once per run (`run_households_sql`) instead of every rule scanning the wide registry table and
every income rule sorting all income rows. Parameters are declared here per kind, so a rule with unknown or
out-of-range parameters is refused before it is saved.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from screening.choices import RuleKind

MSG_UNKNOWN_PARAM = "规则类型“{kind}”没有参数“{name}”，可用参数：{allowed}。"
MSG_PARAM_TYPE = "参数“{name}”应为{type}。"
MSG_PARAM_RANGE = "参数“{name}”应在{low}到{high}之间。"
MSG_PARAM_CHOICE = "参数“{name}”应为以下之一：{choices}。"

GUARANTEE_ITEMS = {
    "food_clothing": ("food_clothing_ok", "吃穿有困难"),
    "education": ("education_ok", "义务教育无保障"),
    "medical": ("medical_ok", "基本医疗无保障"),
    "housing": ("housing_ok", "住房安全无保障"),
    "water": ("water_ok", "饮水安全无保障"),
}


@dataclass(frozen=True)
class Param:
    type: type
    default: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    label: str = ""


PARAMS: dict[str, dict[str, Param]] = {
    RuleKind.INCOME_BELOW_LINE: {
        "use_warning_lines": Param(bool, True, label="是否使用预警线"),
        "stable_decline_max": Param(float, 0.1, 0, 1, label="收入稳定的最大降幅"),
    },
    RuleKind.RIGID_EXPENSE_SHARE: {
        "share": Param(float, 0.5, 0.05, 5, label="刚性支出占家庭收入的比例"),
        "min_amount": Param(float, 5000, 0, 1_000_000, label="刚性支出最低金额（元）"),
    },
    RuleKind.GUARANTEE_FINDING: {
        "item": Param(str, "housing", choices=tuple(GUARANTEE_ITEMS), label="保障项目"),
    },
    RuleKind.SERIOUS_ILLNESS_UNINSURED: {},
    RuleKind.LABOURER_UNDEREMPLOYED: {
        "months_out": Param(int, 6, 1, 12, label="失岗月数"),
    },
}

_TYPE_NAMES = {bool: "是或否", float: "数字", int: "整数", str: "文本"}


def validate_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Return the parameters with defaults filled in; ValidationError (Chinese) for unknown or bad ones."""
    declared = PARAMS.get(kind)
    if declared is None:
        raise ValidationError({"kind": f"未知的规则类型“{kind}”。"})
    errors: list[str] = []
    for name in params:
        if name not in declared:
            allowed = "、".join(declared) or "无"
            errors.append(MSG_UNKNOWN_PARAM.format(kind=RuleKind(kind).label, name=name, allowed=allowed))
    clean: dict[str, Any] = {}
    for name, spec in declared.items():
        value = params.get(name, spec.default)
        if spec.type is bool and not isinstance(value, bool):
            errors.append(MSG_PARAM_TYPE.format(name=name, type=_TYPE_NAMES[bool]))
            continue
        if spec.type in (int, float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                errors.append(MSG_PARAM_TYPE.format(name=name, type=_TYPE_NAMES[spec.type]))
                continue
            if spec.type is int and not float(value).is_integer():
                errors.append(MSG_PARAM_TYPE.format(name=name, type=_TYPE_NAMES[int]))
                continue
            if not spec.low <= value <= spec.high:  # type: ignore[operator]
                errors.append(MSG_PARAM_RANGE.format(name=name, low=spec.low, high=spec.high))
                continue
        if spec.choices and value not in spec.choices:
            errors.append(MSG_PARAM_CHOICE.format(name=name, choices="、".join(spec.choices)))
            continue
        clean[name] = value
    if errors:
        raise ValidationError({"params": errors})
    return clean


MONEY = "to_char({}, 'FM999,999,990.00')"

# The applicable monitoring line per region path: the newest year not after the screening year, the most
# specific region prefix (county before province). Computed once per distinct path, not per household.
LINE_CTE = """
paths AS (SELECT DISTINCT h.region_path FROM {RUN_HOUSEHOLDS} h WHERE {scope}),
path_line AS (
    SELECT p.region_path, l.id AS line_id, l.year AS line_year, l.amount AS line_amount,
           w.amount AS warning_amount
    FROM paths p
    JOIN LATERAL (
        SELECT ml.id, ml.year, ml.amount FROM screening_monitoringline ml
        WHERE ml.year <= %(year)s AND p.region_path LIKE ml.region_prefix || '%%'
        ORDER BY ml.year DESC, length(ml.region_prefix) DESC LIMIT 1
    ) l ON true
    LEFT JOIN screening_warningline w
        ON w.line_id = l.id AND %(on_date)s BETWEEN w.starts_on AND w.ends_on AND %(use_warning_lines)s
)"""

RUN_HOUSEHOLDS = "screening_run_households"
HOUSEHOLD_COLUMNS = ["id", "region_path", "is_active", "monitoring_category"] + [
    column for column, _ in GUARANTEE_ITEMS.values()
]


def run_households_sql(scope: str, household_filter: str) -> str:
    """CREATE the run's households (those matching `scope`) with their latest income row up to the screening year
    (`household_filter`, a condition on `i`, narrows the incomes read for a single-household run). Plain copying
    and column arithmetic: no household's data can make it fail."""
    columns = ", ".join(f"h.{column}" for column in HOUSEHOLD_COLUMNS)
    return f"""
CREATE TEMP TABLE {RUN_HOUSEHOLDS} ON COMMIT DROP AS
SELECT {columns}, inc.year AS income_year, inc.per_capita_net_income, inc.total_income, inc.rigid
FROM households_household h
LEFT JOIN (
    SELECT DISTINCT ON (i.household_id) i.household_id, i.year, i.per_capita_net_income,
           i.wage_income + i.business_income + i.property_income + i.transfer_income AS total_income,
           i.medical_expenses + i.education_expenses + i.disaster_expenses + i.other_rigid_expenses AS rigid
    FROM households_householdincome i
    WHERE i.year <= %(year)s AND {household_filter}
    ORDER BY i.household_id, i.year DESC
) inc ON inc.household_id = h.id
WHERE {scope}"""


def _income_below_line(scope: str) -> str:
    return f"""
WITH {LINE_CTE.format(scope=scope, RUN_HOUSEHOLDS=RUN_HOUSEHOLDS)}
SELECT h.id, h.region_path,
       '人均纯收入 ' || {MONEY.format("h.per_capita_net_income")} || ' 元，低于 ' || pl.line_year || ' 年'
       || CASE WHEN pl.warning_amount IS NOT NULL
               THEN '预警线 ' || {MONEY.format("pl.warning_amount")}
               ELSE '监测标准 ' || {MONEY.format("pl.line_amount")} END || ' 元'
FROM {RUN_HOUSEHOLDS} h
JOIN path_line pl ON pl.region_path = h.region_path
WHERE {scope} AND h.per_capita_net_income < COALESCE(pl.warning_amount, pl.line_amount)"""


def _rigid_expense_share(scope: str) -> str:
    return f"""
SELECT h.id, h.region_path,
       '刚性支出 ' || {MONEY.format("h.rigid")} || ' 元'
       || CASE WHEN h.total_income > 0
               THEN '，为家庭收入的 ' || round(100 * h.rigid / h.total_income) || '%%（超过 '
                    || round(100 * %(share)s::numeric) || '%%）'
               ELSE '，家庭无收入' END
FROM {RUN_HOUSEHOLDS} h
WHERE {scope} AND h.rigid >= %(min_amount)s AND h.rigid > %(share)s::numeric * h.total_income"""


def _guarantee_finding(scope: str, item: str) -> str:
    column, label = GUARANTEE_ITEMS[item]
    return f"""
SELECT h.id, h.region_path, '最近一次走访发现：{label}'
FROM {RUN_HOUSEHOLDS} h WHERE {scope} AND NOT h.{column}"""


def _serious_illness_uninsured(scope: str) -> str:
    return f"""
SELECT h.id, h.region_path,
       '家庭成员 ' || string_agg(m.name, '、' ORDER BY m.id) || ' 患有大病且未参加基本医疗保险'
FROM {RUN_HOUSEHOLDS} h JOIN households_member m ON m.household_id = h.id
WHERE {scope} AND m.living_status = 'living' AND m.health = 'serious' AND NOT m.medical_insurance
GROUP BY h.id, h.region_path"""


def _labourer_underemployed(scope: str) -> str:
    return f"""
SELECT h.id, h.region_path,
       '务工劳动力 ' || string_agg(m.name || '（本年务工' || m.employment_months || '个月）', '、' ORDER BY m.id)
       || '，失岗 ' || %(months_out)s || ' 个月以上'
FROM {RUN_HOUSEHOLDS} h JOIN households_member m ON m.household_id = h.id
WHERE {scope} AND m.living_status = 'living' AND m.employment_place <> 'none'
  AND m.labour_skill IN ('skilled', 'ordinary') AND m.employment_months <= 12 - %(months_out)s
GROUP BY h.id, h.region_path"""


def rule_select(kind: str, params: dict[str, Any], scope: str) -> str:
    """The SELECT (household_id, region_path, reason) of one rule over the households matching `scope`."""
    if kind == RuleKind.INCOME_BELOW_LINE:
        return _income_below_line(scope)
    if kind == RuleKind.RIGID_EXPENSE_SHARE:
        return _rigid_expense_share(scope)
    if kind == RuleKind.GUARANTEE_FINDING:
        return _guarantee_finding(scope, params["item"])
    if kind == RuleKind.SERIOUS_ILLNESS_UNINSURED:
        return _serious_illness_uninsured(scope)
    if kind == RuleKind.LABOURER_UNDEREMPLOYED:
        return _labourer_underemployed(scope)
    raise ValueError(f"no evaluator for rule kind {kind}")


def sql_params(params: dict[str, Any]) -> dict[str, Any]:
    return {name: Decimal(str(value)) if isinstance(value, float) else value for name, value in params.items()}
