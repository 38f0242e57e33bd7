"""The hard rules of a risk elimination (风险消除): what refuses opening an exit case (services.case_opening) and
passing its township audit and county approval (services.pass_rules, which the single step, the township's and the
county's batches, their pages and the API all ask). Asked again at each of those steps, since the household's
record can change while the procedure runs (a new income row, a visit finding the house unsafe, a member's labour).

Seed 003 §二2(5), and 000 §三(三)8 for 永修县: only a household whose income is stably above the line and whose
两不愁三保障 and drinking water are secured is marked 风险消除; one without labour capacity is not marked, it stays
monitored once social security is in place. The product owner's decision: these objective conditions refuse; the
judgement calls (income just above the line or under the warning line, rigid expenses, measures, months since
inclusion) stay advisories (workflow.advisories)."""

import datetime as dt
from collections.abc import Iterable

from households.labour import without_labour
from households.models import Household
from workflow.exit_checks import guarantees_failed, income_refusals

MSG_EXIT_NO_LABOUR = (
    "该户无劳动能力，不能发起风险消除：对无劳动能力的，落实社会保障措施后，暂不标注“风险消除”，持续跟踪监测。"
)


def exit_refusals(households: Iterable[Household], today: dt.date) -> dict[int, str]:
    """Household pk → why its risk may not be marked eliminated today (the first reason: labour, income, then the
    guarantees); households that may are left out. A few queries for all the households."""
    households = list(households)
    if not households:
        return {}
    found = dict.fromkeys(without_labour(household.pk for household in households), MSG_EXIT_NO_LABOUR)
    for check in (income_refusals, guarantees_failed):
        for pk, message in check(households, today).items():
            found.setdefault(pk, message)
    return found


def exit_refusal(household: Household, today: dt.date) -> str:
    """exit_refusals for one household ("" when its exit may go on)."""
    return exit_refusals([household], today).get(household.pk, "")
