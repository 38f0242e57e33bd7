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
from workflow.choices import CaseKind, StepKind
from workflow.exit_checks import income_advisories
from workflow.exit_history import refused_exits
from workflow.exit_visit_checks import visit_income_advisories
from workflow.models import Case, CaseEvent, CaseStep, Step
from workflow.models.procedures import EXIT_MIN_MONTHS
from workflow.selectors_procedures import exit_procedures_of
from workflow.services.case_records import ADVISORIES
from workflow.services.exit_rules import EXIT_RULE_KINDS

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


def decision_advisories(cases: Iterable[Case], steps: dict[int, CaseStep], today: dt.date) -> dict[int, list[str]]:
    """Case pk → the advisories its page shows whoever decides an exit at `steps[case.pk]`: the township's audit or
    the county's approval (or a filing that decides: services.exit_rules.EXIT_RULE_KINDS), its household still
    monitored (not yet marked 风险消除). What the decision keeps, in its case event and audit rows
    (services.cases.case_act, services.batch_fast), for the record of what the approver was told."""
    exits = [case for case in cases if deciding_exit(case, steps[case.pk].step)]
    found = exit_advisories_many([case.household for case in exits], today)
    return {case.pk: found[case.household_id] for case in exits if found.get(case.household_id)}


def deciding_exit(case: Case, step: Step) -> bool:
    """An exit's step that decides it (decision_advisories), its household still monitored."""
    return case.kind == CaseKind.EXIT and step.kind in EXIT_RULE_KINDS and bool(case.household.monitoring_category)


# The case's record says them under the step's act (templates/workflow/_case_events.html).
ADVISED_WORDS = {StepKind.TOWNSHIP_AUDIT: "审核时提示", StepKind.COUNTY_APPROVAL: "审批时提示"}
ADVISED_OTHER = "办理时提示"
CONFIRM_SHOWN = 3  # the confirmation repeats the first few, each cut to CONFIRM_LINE characters
CONFIRM_LINE = 60
CONFIRM_ASK = "该户有 {n} 条风险消除提示：\n{lines}{more}\n\n已核实上述情况，提交“{step}”的“通过”？提交后不能撤回。"


def mark_advised(events: list[CaseEvent]) -> None:
    """Each case event of a decision that kept the advisories shown (CaseEvent.detail) gets them as `advised`, and
    the words the case's record says them under as `advised_words` (审批时提示 at the county's approval)."""
    kept = [event for event in events if event.detail.get(ADVISORIES)]
    kinds = dict(Step.objects.filter(pk__in={event.detail.get("step") for event in kept}).values_list("pk", "kind"))
    for event in kept:
        event.advised = event.detail[ADVISORIES]  # type: ignore[attr-defined]
        event.advised_words = ADVISED_WORDS.get(kinds.get(event.detail.get("step"), ""), ADVISED_OTHER)  # type: ignore[attr-defined]


def confirm_text(advisories: list[str], step_name: str) -> str:
    """The confirmation of passing an exit's step shown `advisories` (page_actions.js data-confirm-rules): their
    count and first lines, instead of the generic question only."""
    lines = "\n".join(
        f"{i}. {a if len(a) <= CONFIRM_LINE else a[: CONFIRM_LINE - 1] + '…'}"
        for i, a in enumerate(advisories[:CONFIRM_SHOWN], 1)
    )
    left = len(advisories) - CONFIRM_SHOWN
    more = f"\n……另有 {left} 条，见页面上方“风险消除前请核实”" if left > 0 else ""
    return CONFIRM_ASK.format(n=len(advisories), lines=lines, more=more, step=step_name)
