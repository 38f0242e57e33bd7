"""The hard rules of a risk elimination (风险消除): what refuses opening an exit case (services.case_opening) and
passing its township audit and county approval (services.pass_rules, which the single step, the township's and the
county's batches, their pages and the API all ask). Asked again at each of those steps, since the household's
record can change while the procedure runs (a new income row, a visit finding the house unsafe, a member's labour).

A fall in income recorded at visits since the yearly figures, putting the visit's estimate inside the line, refuses
too (workflow.exit_visit_checks): the figures are to be updated first.

Seed 003 §二2(5), and 000 §三(三)8 for 永修县: only a household whose income is stably above the line and whose
两不愁三保障 and drinking water are secured is marked 风险消除; one without labour capacity is not marked, it stays
monitored once social security is in place. The product owner's decision: these objective conditions refuse; the
judgement calls (income just above the line or under the warning line, rigid expenses, measures, months since
inclusion) stay advisories (workflow.advisories).

DOMAIN.md "Exit": at least one measure in place (实施中 or 已完成). With none, the exit is refused unless its proposer
recorded why (Case.no_measure_reason, e.g. 风险自然消除): a reason that a reviewer reads on the case and the exit
ledger. The measures are the assistance app's, above this one: it registers the check (register_measure_check).

Seed 000 §三(三)8: the exit runs 风险稳定消除后. A department alert on the household (any member) still waiting for
its verification visit (a new serious illness, a house graded unsafe) says the risk may not be gone: the exit is
refused, at the opening too, until it is verified (核实) — the village that proposes is the one that verifies. The
alerts are the alerts app's, above this one: it registers the check (register_refusal_check)."""

import datetime as dt
from collections.abc import Callable, Container, Iterable

from households.labour import without_labour
from households.models import Household
from workflow.choices import StepKind
from workflow.exit_checks import guarantees_failed, income_refusals
from workflow.exit_visit_checks import visit_income_refusals

# An exit's steps that ask its hard rules again (services.pass_rules): the township's audit and the decision (the
# county's approval, or a district's filing where no county approval precedes it: services.procedure_config). The
# advisories shown there are kept with the decision (workflow.advisories.decision_advisories).
EXIT_RULE_KINDS = (StepKind.TOWNSHIP_AUDIT, StepKind.COUNTY_APPROVAL, StepKind.ANNOUNCEMENT)

MSG_EXIT_NO_LABOUR = (
    "该户无劳动能力，不能发起风险消除：对无劳动能力的，落实社会保障措施后，暂不标注“风险消除”，持续跟踪监测。"
)

NO_MEASURE_REASON_LABEL = "未落实帮扶措施的原因"
MSG_EXIT_NO_MEASURE = (
    "该户帮扶方案中没有实施中或已完成的帮扶措施，不能标注“风险消除”：请先落实帮扶措施；"
    "确未落实措施而风险已消除的（如风险自然消除），请填写“" + NO_MEASURE_REASON_LABEL + "”。"
)
NO_MEASURE_REASON_LIMIT = 200
MSG_NO_MEASURE_REASON_SHORT = "请写明未落实帮扶措施的原因（不少于 4 个字），如“风险自然消除：家庭成员已稳定务工”。"

# Household pks with no measure in place today (registered by the assistance app; none registered: none missing).
MeasureCheck = Callable[[list[Household], dt.date], set[int]]
_measure_checks: list[MeasureCheck] = []


def register_measure_check(check: MeasureCheck) -> None:
    if check not in _measure_checks:
        _measure_checks.append(check)


# Household pk → why its exit is refused (registered by an app above workflow: alerts, the unverified alerts).
RefusalCheck = Callable[[list[Household], dt.date], dict[int, str]]
_refusal_checks: list[RefusalCheck] = []


def register_refusal_check(check: RefusalCheck) -> None:
    if check not in _refusal_checks:
        _refusal_checks.append(check)


def without_measure(households: list[Household], today: dt.date) -> set[int]:
    """The households with no measure under way or done (the registered checks')."""
    found: set[int] = set()
    for check in _measure_checks:
        found |= check(households, today)
    return found


def exit_refusals(households: Iterable[Household], today: dt.date, *, reasons: Container[int] = ()) -> dict[int, str]:
    """Household pk → why its risk may not be marked eliminated today (the first reason: labour, income, the
    guarantees, the registered checks (an alert not yet verified), then no measure in place, unless the household's
    pk is in `reasons`: its exit records why); households that may are left out. A few queries for all of them."""
    households = list(households)
    if not households:
        return {}
    found = dict.fromkeys(without_labour(household.pk for household in households), MSG_EXIT_NO_LABOUR)
    for check in (income_refusals, visit_income_refusals, guarantees_failed, *_refusal_checks):
        for pk, message in check(households, today).items():
            found.setdefault(pk, message)
    for pk in without_measure(households, today):
        if pk not in reasons:
            found.setdefault(pk, MSG_EXIT_NO_MEASURE)
    return found


def exit_refusal(household: Household, today: dt.date, *, measures: bool = True) -> str:
    """exit_refusals for one household ("" when its exit may go on); without `measures`, leaving out the measure
    rule (an opening asks it at its field: services.case_opening.open_errors)."""
    reasons = () if measures else {household.pk}
    return exit_refusals([household], today, reasons=reasons).get(household.pk, "")
