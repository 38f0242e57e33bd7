"""The quarters of the labour employment ledger (脱贫劳动力就业台账, seed 004 (六)): which quarter a day is in, how
many months of the year have passed by a quarter's end, and the day a quarter's labourers are counted on."""

import datetime as dt
import re

from django.utils import timezone

# The years a quarter may be of (the ledger's, as employment_record_save checks them): a quarter of year 9999 or 0000
# in ?quarter= overflowed the date arithmetic of its last day (a 500).
FIRST_YEAR, LAST_YEAR = 2000, 2100
QUARTER_FORMAT = re.compile(r"([0-9]{4})Q([1-4])")


def parse_quarter(raw: str) -> tuple[int, int] | None:
    """A quarter written as 2026Q4: (2026, 4); None for anything else, and for a year outside FIRST_YEAR–LAST_YEAR."""
    found = QUARTER_FORMAT.fullmatch(raw.strip())
    if found is None or not FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
        return None
    return int(found[1]), int(found[2])


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def current_quarter() -> tuple[int, int]:
    return quarter_of(timezone.localdate())


def months_by_end(quarter: int) -> int:
    """The months of the year up to the quarter's end: what 本年务工时间 can be at most (Q1: 3, Q4: 12)."""
    return 3 * quarter


def quarter_end(year: int, quarter: int) -> dt.date:
    return dt.date(year + quarter // 4, 3 * quarter % 12 + 1, 1) - dt.timedelta(days=1)


def ledger_day(quarter: tuple[int, int] | None = None) -> dt.date:
    """The day a quarter's labourers are counted on (their age): the quarter's last day, or today while the quarter
    runs (a past quarter keeps whom it had: a member who turned 65 since was still a labourer then)."""
    today = timezone.localdate()
    if quarter is None:
        return today
    return min(quarter_end(*quarter), today)
