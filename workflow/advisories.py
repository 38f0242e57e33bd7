"""What to know before a household's risk is marked eliminated (风险消除), shown to whoever proposes, reviews or
approves the exit: it normally comes no earlier than about six months after inclusion, with at least one measure
in place (DOMAIN.md "Code lists"; seed 000 §四), with income steadily above the monitoring line and 两不愁三保障
and drinking water secured (seed 003 §二2(5); workflow.exit_checks). The seed says "normally", so these inform
and never block; each says what the record shows.

Checks come from the apps that hold the facts: this module checks the months since inclusion, the household's
income and findings (workflow.exit_checks, with the screening app's monitoring line), and an app above
workflow (assistance, the measures) registers its own in its AppConfig.ready(), as the household panels do. Each
check takes the households at once, so a page of an approval batch costs one query per check.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from households.models import Household
from workflow.exit_checks import guarantees_failed, income_against_line

EXIT_MIN_MONTHS = 6
MSG_TOO_SOON = "纳入监测仅 {months} 个月（{start:%Y-%m-%d} 纳入），风险消除一般在纳入满 {minimum} 个月后进行。"

Check = Callable[[list[Household], dt.date], dict[int, str]]
_checks: list[Check] = []


def register(check: Check) -> None:
    if check not in _checks:
        _checks.append(check)


def months_between(start: dt.date, today: dt.date) -> int:
    """Whole months from `start` to `today` (1 March → 31 March is 0, → 1 April is 1)."""
    return (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)


def _months_monitored(households: list[Household], today: dt.date) -> dict[int, str]:
    found = {}
    for household in households:
        start = household.monitoring_start
        if start is not None and (months := months_between(start, today)) < EXIT_MIN_MONTHS:
            found[household.pk] = MSG_TOO_SOON.format(months=max(months, 0), start=start, minimum=EXIT_MIN_MONTHS)
    return found


def exit_advisories_many(households: Iterable[Household], today: dt.date) -> dict[int, list[str]]:
    """Household pk → its advisories (households with none are left out)."""
    households = list(households)
    found: dict[int, list[str]] = {}
    for check in [_months_monitored, income_against_line, guarantees_failed, *_checks]:
        for pk, message in check(households, today).items():
            found.setdefault(pk, []).append(message)
    return found


def exit_advisories(household: Household, today: dt.date) -> list[str]:
    return exit_advisories_many([household], today).get(household.pk, [])
