"""What to know before a household's risk is marked eliminated (风险消除), shown to whoever proposes, reviews or
approves the exit: it normally comes no earlier than about six months after inclusion (DOMAIN.md "Code lists"; seed
000 §四; the county's figure: Procedure.exit_min_months), and each risk it was included for answered by its measure
(缺什么补什么); an income steadily above the line, neither just above it nor under the warning line, shown over more
than one year, with rigid expenses under control (seed 003 §二2(5): 收入不稳定、刚性支出不可控的 keep being helped;
workflow.exit_checks). These are judgement
calls: they inform and never block, and each says what the record shows. The objective conditions (an income at or
below the line or not recorded, a failed 两不愁三保障 or water finding, no labour capacity, no measure in place
without a reason recorded) are hard rules, refused by workflow.services.exit_rules at the opening and at the
township's and county's steps.

Checks come from the apps that hold the facts: this module checks the months since inclusion, the household's
income (workflow.exit_checks, with the screening app's monitoring line), a fall in income its visits recorded since
the yearly figures that leaves it above the line (workflow.exit_visit_checks; inside the line it refuses), an exit
of the household refused lately (workflow.exit_history), and an app above workflow (assistance,
the measures) registers its own in its AppConfig.ready(), as the household panels do. Each check takes the
households at once, so a page of an approval batch costs one query per check.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from households.models import Household
from workflow.exit_checks import income_advisories
from workflow.exit_history import refused_exits
from workflow.exit_visit_checks import visit_income_advisories
from workflow.models.procedures import EXIT_MIN_MONTHS
from workflow.selectors_procedures import exit_procedures_of

MSG_TOO_SOON = "纳入监测仅 {months} 个月（{start:%Y-%m-%d} 纳入），风险消除一般在纳入满 {minimum} 个月后进行。"

# A check says one advisory per household, or several (each its own bullet: one per risk left unanswered).
Check = Callable[[list[Household], dt.date], dict[int, str] | dict[int, list[str]]]
_checks: list[Check] = []


def register(check: Check) -> None:
    if check not in _checks:
        _checks.append(check)


def months_between(start: dt.date, today: dt.date) -> int:
    """Whole months from `start` to `today` (1 March → 31 March is 0, → 1 April is 1)."""
    return (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)


def _months_monitored(households: list[Household], today: dt.date) -> dict[int, str]:
    """The months since inclusion against the county's figure (its exit procedure's exit_min_months)."""
    procedures = exit_procedures_of(households)
    found = {}
    for household in households:
        start, procedure = household.monitoring_start, procedures.get(household.pk)
        minimum = procedure.exit_min_months if procedure is not None else EXIT_MIN_MONTHS
        if start is not None and (months := months_between(start, today)) < minimum:
            found[household.pk] = MSG_TOO_SOON.format(months=max(months, 0), start=start, minimum=minimum)
    return found


def exit_advisories_many(households: Iterable[Household], today: dt.date) -> dict[int, list[str]]:
    """Household pk → its advisories (households with none are left out)."""
    households = list(households)
    found: dict[int, list[str]] = {}
    for pk, message in refused_exits(households, today).items():
        found.setdefault(pk, []).append(message)
    for pk, message in _months_monitored(households, today).items():
        found.setdefault(pk, []).append(message)
    for pk, messages in income_advisories(households, today).items():
        found.setdefault(pk, []).extend(messages)
    for pk, message in visit_income_advisories(households, today).items():
        found.setdefault(pk, []).append(message)
    for check in _checks:
        for pk, said in check(households, today).items():
            found.setdefault(pk, []).extend([said] if isinstance(said, str) else said)
    return found


def exit_advisories(household: Household, today: dt.date) -> list[str]:
    return exit_advisories_many([household], today).get(household.pk, [])
