"""The income a case proposed for 人均纯收入低于监测范围 rests on, as its page shows it to everyone who handles it: the
household's latest per-capita net income of this year or the last (services.income_rules.income_years) and the line
it is compared with (screening.selectors.income_line: the monitoring line of its place, or the warning line where
one applies), or that neither year's income is entered yet, which the village's review refuses (services.pass_rules).
An exit's page shows the same figures beside its guarantees and measures (selectors_exit_evidence)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from households.models import HouseholdIncome
from screening.selectors import income_line
from workflow.choices import CaseKind, CaseStatus
from workflow.models import Case
from workflow.services.income_rules import claims_low_income, income_years


@dataclass(frozen=True)
class CaseIncome:
    year: int
    entered: bool  # a yearly income row of this year or the last is on file (`year`: its year, else this one)
    per_capita: Decimal | None  # None: not entered, or no one on the register (households.services.income)
    line: str  # the line in words ("2026年监测标准 6,000 元"), "" while none is set for the place
    standing: str  # where the income stands against it ("低于2026年监测标准 6,000 元"), "" without both


def case_income(case: Case, today: dt.date) -> CaseIncome | None:
    """The income line of an open inclusion that claims 人均纯收入低于监测范围, and of a 风险消除 (an exit rests on an
    income stably above the line, 003 §二2(5), which its reviewers judge from it): an open one's as it stands today,
    a decided one's as it stood the day it closed. None for any other case: a closed inclusion was decided on its own
    year's figures, which the case record and the township's summary keep."""
    if case.kind == CaseKind.EXIT:
        if case.status == CaseStatus.WITHDRAWN:
            return None
        return _income(case, case.closed_on if case.status != CaseStatus.OPEN and case.closed_on else today)
    if case.status != CaseStatus.OPEN or not claims_low_income(case):
        return None
    return _income(case, today)


def _income(case: Case, on_date: dt.date) -> CaseIncome:
    years = income_years(on_date)
    row = HouseholdIncome.objects.filter(household_id=case.household_id, year__in=years).order_by("-year").first()
    year = row.year if row is not None else years[0]
    per_capita = row.per_capita_net_income if row is not None else None
    line = income_line(household=case.household, on_date=on_date)
    return CaseIncome(
        year=year,
        entered=row is not None,
        per_capita=per_capita,
        line=line.label if line is not None else "",
        standing=line.standing(per_capita) if line is not None and per_capita is not None else "",
    )
