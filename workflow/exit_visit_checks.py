"""What the household's visits say about its income since its yearly figures were entered, for a risk elimination
(风险消除): a fall in income recorded at a visit and not yet carried into the yearly figures
(households.services.visit_since_income).

Seed 003 §二2(5) (000 §三(三)8): only a household whose income is 持续稳定 is marked 风险消除. The yearly figures
(workflow.exit_checks) are the county's word, but a visit that found income falling since is newer: a fall that puts
the estimated per-capita income (the visit's own notice's estimate) inside the monitoring line refuses the exit until
the cadre verifies it and updates the year's figures (a hard rule, workflow.services.exit_rules); a fall that leaves
it above the line is an advisory (workflow.advisories): income is less stable than the figures say."""

import datetime as dt

from households.models import Household
from households.services.visit_since_income import DropSinceIncome, drops_since_income
from screening.engine_kinds import inside_line
from screening.selectors import LineInForce, lines_in_force
from workflow.exit_checks import RULE, _incomes, _line, _standing

MSG_VISIT_BELOW_LINE = (
    "{visited_on:%Y-%m-%d}走访记录的收入变化（{year}年收支录入后累计减少 {drop:,.2f} 元），按此估算人均纯收入约 "
    "{estimate:,.2f} 元，{standing}：收入并未持续稳定，不能标注“风险消除”。请先核实并更新{update_year}年度收支，"
    "再发起风险消除。" + RULE
)
MSG_VISIT_DROP = (
    "{visited_on:%Y-%m-%d}走访记录的收入变化（{year}年收支录入后累计减少 {drop:,.2f} 元），按此估算人均纯收入约 "
    "{estimate:,.2f} 元，仍高于监测标准 {line:,.0f} 元，但收入有所下降、稳定性较弱：请核实并更新{update_year}年度收支。"
)
MSG_VISIT_DROP_NO_LINE = (
    "{visited_on:%Y-%m-%d}走访记录的收入变化（{year}年收支录入后累计减少 {drop:,.2f} 元），按此估算人均纯收入约 "
    "{estimate:,.2f} 元：收入有所下降、稳定性较弱，请核实并更新{update_year}年度收支。"
)


def _drops(households: list[Household], today: dt.date) -> dict[int, DropSinceIncome]:
    """The falls since the yearly figures the exit checks read (this year's, else last year's)."""
    rows = [row for row, _ in _incomes(households, today).values()]
    return drops_since_income(rows)


def _said(drop: DropSinceIncome) -> dict[str, object]:
    return {
        "visited_on": drop.last_visited_on,
        "year": drop.row.year,
        "drop": drop.drop,
        "estimate": drop.estimate,
        "update_year": drop.last_visited_on.year,
    }


def _inside(drop: DropSinceIncome, in_force: LineInForce | None) -> bool:
    return in_force is not None and inside_line(drop.estimate, in_force.line.amount, inclusive=in_force.line.inclusive)


def visit_income_refusals(households: list[Household], today: dt.date) -> dict[int, str]:
    """Hard: a fall recorded at visits since the yearly figures puts the estimate inside the line in force today at
    the household's place, while the figures themselves are outside it (inside: exit_checks.income_refusals)."""
    drops = _drops(households, today)
    lines = lines_in_force(on_date=today) if drops else []
    found = {}
    for household in households:
        drop = drops.get(household.pk)
        if drop is None:
            continue
        in_force = _line(household, lines)
        if _inside(drop, in_force):
            assert in_force is not None
            standing = _standing(drop.estimate, in_force, today.year)
            found[household.pk] = MSG_VISIT_BELOW_LINE.format(**_said(drop), standing=standing)
    return found


def visit_income_advisories(households: list[Household], today: dt.date) -> dict[int, str]:
    """A fall recorded at visits since the yearly figures that leaves the estimate above the line (or no line set)."""
    drops = _drops(households, today)
    lines = lines_in_force(on_date=today) if drops else []
    found = {}
    for household in households:
        drop = drops.get(household.pk)
        if drop is None:
            continue
        in_force = _line(household, lines)
        if in_force is None:
            found[household.pk] = MSG_VISIT_DROP_NO_LINE.format(**_said(drop))
        elif not _inside(drop, in_force):
            found[household.pk] = MSG_VISIT_DROP.format(**_said(drop), line=in_force.line.amount)
    return found
