"""Exit advisories (workflow.advisories) from the household's own record: its latest yearly income against the
monitoring line, and its 两不愁三保障 and drinking-water findings. Seed 003 §二2(5): risk is marked eliminated for
households whose "收入持续稳定、'两不愁三保障'和饮水安全持续巩固"; seed 000 §三(三)8: where income is unstable,
help continues and the procedure waits until the risk is stably gone. Like the other advisories they inform the
proposer, reviewer and approver; the seed leaves the judgement to them."""

import datetime as dt
from decimal import Decimal

from households.models import Household, HouseholdIncome
from screening.engine_kinds import inside_line
from screening.selectors import lines_in_force

MSG_NO_INCOME = "尚未录入{last}年或{this}年收支：风险消除前应核实收入是否持续稳定高于监测标准。"
MSG_BELOW_LINE = (
    "{year}年人均纯收入 {income:,.0f} 元，低于监测标准 {line:,.0f} 元（{line_year}年{label}）：收入尚未稳定高于标准。"
)
MSG_AT_LINE = (
    "{year}年人均纯收入 {income:,.0f} 元，等于监测标准 {line:,.0f} 元（{line_year}年{label}，标准以下含本数）："
    "收入尚未稳定高于标准。"
)
MSG_BELOW_WARNING = (
    "{year}年人均纯收入 {income:,.0f} 元，高于监测标准但低于预警线 {warning:,.0f} 元：收入稳定性较弱，"
    "风险稳定消除后再履行程序。"
)
MSG_NO_LINE = "尚未设置适用的监测标准，无法比对收入。"
MSG_GUARANTEES = "两不愁三保障及饮水安全未达标：{failed}（以档案最近记录为准）。"
GUARANTEES = (
    ("food_clothing_ok", "不愁吃穿"),
    ("education_ok", "义务教育有保障"),
    ("medical_ok", "基本医疗有保障"),
    ("housing_ok", "住房安全有保障"),
    ("water_ok", "饮水安全有保障"),
)


def income_against_line(households: list[Household], today: dt.date) -> dict[int, str]:
    """The latest yearly income (this year's or last year's) against the line in force today at the household's
    place (screening.selectors.line_applicable's order, read once for all the households)."""
    ids = [household.pk for household in households]
    latest: dict[int, HouseholdIncome] = {}
    rows = HouseholdIncome.objects.filter(household_id__in=ids, year__gte=today.year - 1, year__lte=today.year)
    for row in rows.order_by("household_id", "-year"):
        latest.setdefault(row.household_id, row)
    lines = lines_in_force(on_date=today)
    found = {}
    for household in households:
        row = latest.get(household.pk)
        if row is None:
            found[household.pk] = MSG_NO_INCOME.format(last=today.year - 1, this=today.year)
            continue
        in_force = next((line for line in lines if household.region_path.startswith(line.prefix)), None)
        if in_force is None:
            found[household.pk] = MSG_NO_LINE
            continue
        income, line = row.per_capita_net_income, in_force.line
        # A line "…元以下" includes its figure (MonitoringLine.inclusive): the screening rule's own test.
        if inside_line(income, line.amount, inclusive=line.inclusive):
            message = MSG_BELOW_LINE if income < line.amount else MSG_AT_LINE
            found[household.pk] = message.format(
                year=row.year, income=income, line=line.amount, line_year=line.year, label=line.region_label
            )
        elif in_force.warning is not None and income < Decimal(in_force.warning):
            found[household.pk] = MSG_BELOW_WARNING.format(year=row.year, income=income, warning=in_force.warning)
    return found


def guarantees_failed(households: list[Household], today: dt.date) -> dict[int, str]:
    found = {}
    for household in households:
        failed = [label for field, label in GUARANTEES if not getattr(household, field)]
        if failed:
            found[household.pk] = MSG_GUARANTEES.format(failed="、".join(failed))
    return found
