"""The printed 一户一方案 (seed 003 §3): the household, its risks, its plan and every measure with 责任单位 and 责任人,
dates and status, on A4 for the household's file; printing it is audited as the other prints are. No ID number,
phone or health detail: the risks read as the plan page shows them."""

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from accounts.audit import audit_record
from assistance import selectors
from assistance.models import Plan, PlanMeasure
from households import selectors as household_selectors
from households.models import Household

PLAN_PRINT = "assistance.plan_print"


@dataclass
class PlanSheet:
    household: Household
    plan: Plan
    measures: list[PlanMeasure]


def plan_sheet(*, actor: Any, household_pk: int) -> PlanSheet:
    """The plan of a household in the actor's scope; 404 outside it or when the household has no plan yet."""
    household = household_selectors.household_get(actor=actor, pk=household_pk)
    plan = selectors.plan_for_household(actor=actor, household=household)
    if plan is None:
        raise Http404("该户尚未制定帮扶方案。")
    return PlanSheet(household=household, plan=plan, measures=list(selectors.plan_measures(plan)))


def plan_print_record(*, actor: Any, household: Household) -> None:
    audit_record(
        actor=actor,
        action=PLAN_PRINT,
        summary=f"打印户编号 {household.number}（户主 {household.head_name}）的帮扶方案（一户一方案）",
        target=household,
    )


CLAIM_PRINT = "assistance.claim_print"


def claim_print_record(*, actor: Any, claim: Any) -> None:
    """The printed 防贫保理赔申报表 (the claim page's 打印), audited with its household."""
    household = claim.household
    audit_record(
        actor=actor,
        action=CLAIM_PRINT,
        summary=(
            f"打印户编号 {household.number}（户主 {household.head_name}）"
            f"{claim.occurred_on:%Y-%m-%d} 出险的防贫保理赔申报表"
        ),
        target=claim,
    )
