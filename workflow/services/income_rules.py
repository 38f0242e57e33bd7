"""What an inclusion proposed for 人均纯收入低于监测范围 needs on file before the village's review passes it: the
household's yearly income of the year whose monitoring line it is compared with.

Seed 000 §三(一)1 defines the type by the per-capita net income against that year's line ("人均纯收入…低于…监测范围,
以后每年度…调整确定"); seed 003 §二2(2) "对收入低于监测范围…的农户，必须纳入监测对象". A village that passed such a
case with no income row had proposed the household on a figure nobody entered: the township and the county read
"未录入" and could not compare anything (services.pass_rules asks this before the review passes, on every path:
the step's own form, the review meeting, the API).

The income is the household's latest yearly income of this year or the last (income_years): a year's income is
known only as it goes, so in January the year just ended is the one on file (it asked for the new year's from
1 January and stopped every low-income inclusion at the review). The case page compares it with the line in force
on the day (screening.selectors.income_line), as the screening run does with the latest income (screening.engine)."""

import datetime as dt
from collections.abc import Iterable

from households.choices import RiskType
from households.models import HouseholdIncome
from workflow.choices import CaseKind
from workflow.models import Case

MSG_INCOME_MISSING = (
    "该户以“人均纯收入低于监测范围”申报，但尚未录入{last}年或{year}年收支，无法与监测标准比较人均纯收入，"
    "“{step}”不能通过：请先在农户档案“收支”中录入该户{year}年（年初可录{last}年）各项收入和生产经营性支出。"
)
# What the cadre who opens such a case is told (the opening is not refused: the income may be entered meanwhile).
MSG_INCOME_MISSING_AT_OPENING = (
    "该户尚未录入{last}年或{year}年收支：以“人均纯收入低于监测范围”申报的，村级评议通过前须在农户档案“收支”中录入。"
)
INCLUSION_KINDS = (CaseKind.IDENTIFICATION, CaseKind.REMARK)


def income_years(today: dt.date) -> tuple[int, int]:
    """The years whose income a low-income inclusion may rest on, the latest first: this year and the last."""
    return today.year, today.year - 1


def claims_low_income(case: Case) -> bool:
    """An inclusion whose risk types include 人均纯收入低于监测范围 (an exit's risks are the ones it closes)."""
    return case.kind in INCLUSION_KINDS and RiskType.LOW_INCOME in (case.risk_types or [])


def households_missing_income(household_ids: Iterable[int], today: dt.date) -> set[int]:
    """Which of these households have no yearly income row of income_years(today), in one query."""
    ids = set(household_ids)
    if not ids:
        return set()
    entered = HouseholdIncome.objects.filter(household_id__in=ids, year__in=income_years(today))
    return ids - set(entered.values_list("household_id", flat=True))


def cases_missing_income(cases: Iterable[Case], today: dt.date) -> set[int]:
    """Which of these cases claim 人均纯收入低于监测范围 while their household's income of the year is not entered."""
    claiming = [case for case in cases if claims_low_income(case)]
    missing = households_missing_income((case.household_id for case in claiming), today)
    return {case.pk for case in claiming if case.household_id in missing}


def income_missing_message(step_name: str, today: dt.date) -> str:
    year, last = income_years(today)
    return MSG_INCOME_MISSING.format(year=year, last=last, step=step_name)


def opening_income_warning(household_id: int, risk_types: list[str], kind: str, today: dt.date) -> str:
    """The warning for a low-income inclusion opened with no income of the year on file ("" otherwise)."""
    if kind not in INCLUSION_KINDS or RiskType.LOW_INCOME not in (risk_types or []):
        return ""
    if not households_missing_income([household_id], today):
        return ""
    year, last = income_years(today)
    return MSG_INCOME_MISSING_AT_OPENING.format(year=year, last=last)
