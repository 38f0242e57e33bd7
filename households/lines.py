"""The income line a household is screened against (监测标准, or the 预警线 in a warning period), as the registry may
ask for it.

The lines are screening's: set per province (or county) and year by the county bureau (screening.models.MonitoringLine,
seed 000 §三(一)1: 以后每年度根据省乡村振兴局统一调整确定监测范围), and chosen as the income rule chooses them
(screening.selectors.income_line). The registry knows no screening (DESIGN.md: dependencies point one way), so
screening registers that lookup here in its AppConfig.ready(), as later apps register the household page's tabs
(households.panels). Without it the registry knows no line and asks nothing of one."""

import datetime as dt
from decimal import Decimal
from typing import Protocol

from django.utils import timezone


class IncomeLine(Protocol):
    @property
    def amount(self) -> Decimal: ...

    @property
    def label(self) -> str: ...  # what the line is, in words: "2026年监测标准 7,300 元"


class LineLookup(Protocol):
    def __call__(self, *, region_path: str, on_date: dt.date) -> IncomeLine | None: ...


_lookups: list[LineLookup] = []


def register(lookup: LineLookup) -> None:
    _lookups[:] = [lookup]


def income_line(*, region_path: str, on_date: dt.date) -> IncomeLine | None:
    """The line for a household at `region_path` on `on_date`; None when none is set (or no app registered one)."""
    return _lookups[0](region_path=region_path, on_date=on_date) if _lookups else None


def year_line(*, region_path: str, year: int) -> IncomeLine | None:
    """The line a year's figures are compared with: the one in force at the year's end, or today in the current
    year (the line screening would compare them with now)."""
    return income_line(region_path=region_path, on_date=min(dt.date(year, 12, 31), timezone.localdate()))


def below_line(per_capita: Decimal, line: IncomeLine) -> bool:
    """Whether a per-capita net income is below the line, as screening's rule 收入低于监测标准 compares it in SQL
    (screening.engine._income_below_line: strictly less; at the line is not below). The registry's one copy."""
    return per_capita < line.amount
