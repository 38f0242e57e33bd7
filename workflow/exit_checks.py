"""What the household's own record says about its risk elimination (风险消除): its yearly income against the
monitoring line, its rigid expenses, and its 两不愁三保障 and drinking-water findings.

Seed 003 §二2(5) (and 000 §三(三)8 for 永修县): "对收入持续稳定、'两不愁三保障'和饮水安全持续巩固、返贫致贫风险已经
稳定消除的监测对象…标注'风险消除'…对风险消除稳定性较弱，特别是收入不稳定、刚性支出不可控的，在促进稳定增收等方面
继续给予帮扶，风险稳定消除后再履行相应程序". The product owner's reading: the objective conditions are hard rules
(income_refusals, guarantees_failed: workflow.services.exit_rules refuses the exit with them), the judgement calls
are advisories (income_advisories: workflow.advisories shows them to the proposer, reviewer and approver)."""

import datetime as dt
from decimal import Decimal

from households.models import Household, HouseholdIncome
from households.services.visit_stated import FINDINGS, PROBLEM_LABELS
from screening.choices import RuleKind
from screening.engine_kinds import RIGID_COMPONENTS, inside_line
from screening.models import ScreeningRule
from screening.rule_params import PARAMS
from screening.selectors import LineInForce, lines_in_force

# The rule the refusals cite, in the seeds' words (003 §二2(5); 000 §三(三)8 says the same).
RULE = "依据：收入持续稳定、“两不愁三保障”和饮水安全持续巩固、返贫致贫风险已经稳定消除的，方可标注“风险消除”。"
MSG_NO_INCOME = (
    "尚未录入{last}年或{this}年收支，无法说明收入持续稳定高于监测标准，不能标注“风险消除”：请先在农户档案中录入收支。"
    + RULE
)
MSG_BELOW_LINE = (
    "{year}年人均纯收入 {income:,.0f} 元，{standing}：收入尚未稳定高于监测标准，不能标注“风险消除”，"
    "应继续帮扶，风险稳定消除后再履行程序。" + RULE
)
MSG_GUARANTEES = (
    "两不愁三保障及饮水安全未达标：{failed}（以档案最近记录为准），不能标注“风险消除”：请先落实保障，"
    "并在走访中更新。" + RULE
)

MSG_BELOW_WARNING = (
    "{year}年人均纯收入 {income:,.0f} 元，高于监测标准但低于预警线 {warning:,.0f} 元：收入稳定性较弱，"
    "风险稳定消除后再履行程序。"
)
MSG_NOT_SUSTAINED = (
    "{year}年人均纯收入 {income:,.0f} 元，{previous_year}年仅 {previous:,.0f} 元（{standing}）：收入刚超过标准，"
    "尚未持续稳定。"
)
MSG_RIGID = (
    "{year}年刚性支出 {rigid:,.0f} 元（{parts}），{share}：刚性支出不可控，风险消除稳定性较弱，"
    "宜在促进稳定增收等方面继续帮扶，风险稳定消除后再履行程序。"
)
# 003 §二2(5) 收入持续稳定: one year on file shows a level, not that it lasts.
MSG_ONE_YEAR = "仅有一个年度的收入记录，无法判断收入是否持续稳定（{year}年收支尚未录入）。"
RIGID_SHARE = "为家庭收入 {total:,.0f} 元的 {percent}%"
RIGID_ABOVE = "超过家庭收入 {total:,.0f} 元"
MSG_OLD_LINE = "比对收入所用的是{line_year}年监测标准（{line_label}）：沿用{line_year}年标准，{year}年未设置。"
MSG_NO_LINE = "尚未设置适用的监测标准，无法比对收入。"


def _incomes(households: list[Household], today: dt.date) -> dict[int, tuple[HouseholdIncome, HouseholdIncome | None]]:
    """Per household: its latest yearly income of this year or last year, with the year before that one's."""
    ids = [household.pk for household in households]
    rows: dict[int, dict[int, HouseholdIncome]] = {}
    for row in HouseholdIncome.objects.filter(household_id__in=ids, year__gte=today.year - 2, year__lte=today.year):
        rows.setdefault(row.household_id, {})[row.year] = row
    found = {}
    for pk, years in rows.items():
        latest = max((year for year in years if year >= today.year - 1), default=None)
        if latest is not None:
            found[pk] = (years[latest], years.get(latest - 1))
    return found


def _line(household: Household, lines: list[LineInForce]) -> LineInForce | None:
    """The line in force at the household's place (screening.selectors.line_applicable's order)."""
    return next((line for line in lines if household.region_path.startswith(line.prefix)), None)


def _standing(income: Decimal, in_force: LineInForce, for_year: int) -> str:
    """Where an income inside the line stands, naming the line ("低于2026年江西省监测标准 6,000 元")."""
    line = in_force.line
    said = f"{line.year}年{line.region_label}监测标准 {line.amount:,.0f} 元"
    if line.year < for_year:
        said = f"沿用{said}（{for_year}年未设置）"
    return f"等于{said}（标准以下含本数）" if income == line.amount else f"低于{said}"


def income_refusals(households: list[Household], today: dt.date) -> dict[int, str]:
    """Hard: no yearly income of this year or last year (income cannot be shown to be stable), or the latest at or
    below the monitoring line in force today at the household's place (MonitoringLine.inclusive: "…元以下"
    includes its figure, as the screening rule tests it). Without a line nothing is compared (an advisory)."""
    incomes = _incomes(households, today)
    lines = lines_in_force(on_date=today)
    found = {}
    for household in households:
        if household.pk not in incomes:
            found[household.pk] = MSG_NO_INCOME.format(last=today.year - 1, this=today.year)
            continue
        row = incomes[household.pk][0]
        in_force = _line(household, lines)
        income = row.per_capita_net_income
        if income is None:
            continue  # no living member: no figure to compare (households.services.income)
        if in_force is not None and inside_line(income, in_force.line.amount, inclusive=in_force.line.inclusive):
            standing = _standing(income, in_force, today.year)
            found[household.pk] = MSG_BELOW_LINE.format(year=row.year, income=income, standing=standing)
    return found


def guarantees_failed(households: list[Household], today: dt.date) -> dict[int, str]:
    """Hard: a 两不愁三保障 or drinking-water finding on the household (its latest visit's) fails."""
    found = {}
    for household in households:
        # Named as what fails (饮水安全无保障), as a visit's record says it: the fields' own labels name what is
        # secured, and "未达标：饮水安全有保障" would say the opposite of the finding.
        failed = [PROBLEM_LABELS[field] for field in FINDINGS if not getattr(household, field)]
        if failed:
            found[household.pk] = MSG_GUARANTEES.format(failed="、".join(failed))
    return found


def _rigid_params() -> tuple[Decimal, Decimal]:
    """The share of income and the floor above which rigid expenses are large: the screening rule 刚性支出占收入
    比例过高's (the county's active one, else its defaults), so that the exit reads them as the screening does."""
    rule = ScreeningRule.objects.filter(kind=RuleKind.RIGID_EXPENSE_SHARE, is_active=True).order_by("code").first()
    params = {name: spec.default for name, spec in PARAMS[RuleKind.RIGID_EXPENSE_SHARE].items()}
    params |= rule.params if rule is not None else {}
    return Decimal(str(params["share"])), Decimal(str(params["min_amount"]))


def _rigid_advice(row: HouseholdIncome, share: Decimal, floor: Decimal) -> str:
    """screening.engine_kinds._rigid_expense_share's test on one income row: the rigid expenses (medical,
    education, disaster, other) reach the floor and exceed the share of the household's total income."""
    parts = [(label, getattr(row, column)) for column, label, _ in RIGID_COMPONENTS]
    rigid = sum((amount for _, amount in parts), Decimal(0))
    total = row.wage_income + row.business_income + row.property_income + row.transfer_income
    if rigid < floor or rigid <= share * total:
        return ""
    if total > 0 and rigid <= total:
        said = RIGID_SHARE.format(total=total, percent=round(100 * rigid / total))
    else:
        said = RIGID_ABOVE.format(total=total)
    named = "，".join(f"{label} {amount:,.0f} 元" for label, amount in parts if amount > 0)
    return MSG_RIGID.format(year=row.year, rigid=rigid, parts=named, share=said)


def income_advisories(households: list[Household], today: dt.date) -> dict[int, list[str]]:
    """Advisories on an income that passes the hard rule: below the warning line in force, the year before at or
    below its own year's line (not yet sustained) or not on file (not known to be), rigid expenses large against
    income (003 §二2(5): 收入不稳定、刚性支出不可控的 continue to be helped), the line compared with an earlier
    year's, or no line at all."""
    incomes = _incomes(households, today)
    lines = lines_in_force(on_date=today)
    by_year: dict[int, list[LineInForce]] = {}
    share, floor = _rigid_params()
    found: dict[int, list[str]] = {}
    for household in households:
        if household.pk not in incomes:
            continue  # income_refusals
        row, previous = incomes[household.pk]
        said = found.setdefault(household.pk, [])
        if rigid := _rigid_advice(row, share, floor):
            said.append(rigid)
        in_force = _line(household, lines)
        if in_force is None:
            said.append(MSG_NO_LINE)
            continue
        line, income = in_force.line, row.per_capita_net_income
        if income is None or inside_line(income, line.amount, inclusive=line.inclusive):
            continue  # income_refusals
        if in_force.warning is not None and income < Decimal(in_force.warning):
            said.append(MSG_BELOW_WARNING.format(year=row.year, income=income, warning=in_force.warning))
        if previous is None:
            said.append(MSG_ONE_YEAR.format(year=row.year - 1))
        else:
            year = previous.year
            # That year's own line; without one entered for it, the line the latest income was compared with.
            before = _line(household, by_year.setdefault(year, lines_in_force(on_date=dt.date(year, 12, 31))))
            before = before or in_force
            amount = previous.per_capita_net_income
            if (
                before is not None
                and amount is not None
                and inside_line(amount, before.line.amount, inclusive=before.line.inclusive)
            ):
                said.append(
                    MSG_NOT_SUSTAINED.format(
                        year=row.year,
                        income=income,
                        previous_year=year,
                        previous=amount,
                        standing=_standing(amount, before, year),
                    )
                )
        if line.year < today.year:
            label = f"{line.region_label} {line.amount:,.0f} 元"
            said.append(MSG_OLD_LINE.format(line_year=line.year, line_label=label, year=today.year))
    return {pk: messages for pk, messages in found.items() if messages}
