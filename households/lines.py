"""The income line a household is screened against (监测标准, or the 预警线 in a warning period), as the registry may
ask for it.

The lines are screening's: set per province (or county) and year by the county bureau (screening.models.MonitoringLine,
seed 000 §三(一)1: 以后每年度根据省乡村振兴局统一调整确定监测范围), and chosen as the income rule chooses them
(screening.selectors.income_line, by the household's place and type). The registry knows no screening (DESIGN.md:
dependencies point one way), so screening registers that lookup here in its AppConfig.ready(), as later apps register
the household page's tabs (households.panels). Without it the registry knows no line and asks nothing of one."""

import datetime as dt
import enum
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, Protocol

from django.utils import timezone

if TYPE_CHECKING:
    from households.models import Household


class LinePosition(enum.Enum):
    """Where a per-capita net income stands against a household's line(s), as screening's rule 收入低于监测标准 finds
    it (IncomeLine.position). The first three are inside (IncomeLine.includes), each said in its own words
    (IncomeLine.standing; a visit's notice, households.services.visit_changes)."""

    BELOW = "below"  # under the monitoring line (监测标准)
    AT = "at"  # equal to an inclusive monitoring line: "10420元以下" takes it in (seed 004 (二))
    UNDER_WARNING = "under_warning"  # not inside the monitoring line, under the warning line (预警线, seed 004 (三))
    ABOVE = "above"  # none of these, an income equal to an exclusive line too: the rule does not find it


class IncomeLine(Protocol):
    """The line(s) one household's income is compared with: screening decides which (the warning line only for
    脱贫户 and 监测对象, seed 004 (三)) and how (an inclusive line takes in an income equal to it); the registry only
    asks."""

    @property
    def amount(self) -> Decimal: ...  # the line an income has to reach

    # That line, in words: "2026年监测标准 7,300 元"; an earlier year's line standing in for a year not entered says
    # so, "沿用2021年监测标准 6,000 元（2026年未录入）" (000 §三(一)1: the range is adjusted every year).
    @property
    def label(self) -> str: ...

    def includes(self, per_capita: Decimal) -> bool: ...  # whether screening's rule finds this income inside

    def position(self, per_capita: Decimal) -> LinePosition: ...  # how it finds it (or not)

    # Where an income stands, in screening's words: "低于2026年监测标准 7,300 元", "等于…（标准以下含本数）", "不低于…".
    def standing(self, per_capita: Decimal) -> str: ...


class LineLookup(Protocol):
    def __call__(self, *, household: "Household", on_date: dt.date) -> IncomeLine | None: ...


class PlaceLine(NamedTuple):
    """One place's line as a query compares incomes with it: the region prefix it covers, the amount an income has
    to reach (the warning line where one applies) and whether an income equal to it is inside."""

    prefix: str
    amount: Decimal
    inclusive: bool


class LineTable(Protocol):
    # The lines in force on `on_date`, the one deciding first (a place takes the first whose prefix it starts with);
    # `warned`: for 脱贫户 and 监测对象, whom a warning line applies to.
    def __call__(self, *, on_date: dt.date, warned: bool) -> list[PlaceLine]: ...


_lookups: list[LineLookup] = []
_tables: list[LineTable] = []


def register(lookup: LineLookup, table: LineTable | None = None) -> None:
    _lookups[:] = [lookup]
    _tables[:] = [table] if table is not None else []


def line_table(*, on_date: dt.date, warned: bool) -> list[PlaceLine]:
    """The lines of every place for a query over many households (households.data_check_conditions); [] when none
    is set (or no app registered them)."""
    return _tables[0](on_date=on_date, warned=warned) if _tables else []


def income_line(*, household: "Household", on_date: dt.date) -> IncomeLine | None:
    """The line for `household` (its place and its type) on `on_date`; None when none is set (or no app registered
    one)."""
    return _lookups[0](household=household, on_date=on_date) if _lookups else None


def year_line(*, household: "Household", year: int) -> IncomeLine | None:
    """The line a year's figures are compared with: the one in force at the year's end, or today in the current
    year (the line screening would compare them with now)."""
    return income_line(household=household, on_date=min(dt.date(year, 12, 31), timezone.localdate()))


def below_line(per_capita: Decimal, line: IncomeLine) -> bool:
    """Whether a per-capita net income is inside the line, as screening's rule 收入低于监测标准 finds it (below it, at
    an inclusive line, or below a warning line that applies to the household)."""
    return line.includes(per_capita)
