"""Reads for county batch approval: the queue of cases at their county approval step, the county bureau's
submission list of that queue for the leading group, and past batches."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from households.choices import RiskType
from households.models import Household, HouseholdIncome
from screening.selectors import IncomeLine, lines_in_force
from workflow.advisories import exit_advisories_many
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, StepKind
from workflow.household_news import household_news_many
from workflow.models import Batch, BatchItem, Case, CaseStep
from workflow.selectors_cases import notice_order
from workflow.selectors_risks import risk_contradictions
from workflow.selectors_trails import step_trails
from workflow.services.batch_snapshots import case_snapshots
from workflow.services.batches import MAX_CASES, CaseRef, case_version
from workflow.services.case_locks import version_matches
from workflow.services.pass_rules import blocking_objections, objection_flag, pass_refusals
from workflow.services.step_waits import waiting_steps

# The most days a queue may be asked to have waited (the page's 待审批天数≥ and the API's min_days): ten years is
# longer than any case waits, and a number past it overflowed the date arithmetic below (a 500).
MIN_DAYS_LIMIT = 3650


def _approval_step(field: str) -> Subquery:
    return Subquery(
        CaseStep.objects.filter(
            case=OuterRef("pk"), step__kind=StepKind.COUNTY_APPROVAL, status=CaseStepStatus.OPEN
        ).values(field)[:1]
    )


def _approval_waits() -> Exists:
    """A case whose open county approval still waits (services.step_waits): a green channel's, before the
    township's audit."""
    return Exists(CaseStep.objects.filter(case=OuterRef("pk"), status=CaseStepStatus.OPEN).filter(waiting_steps()))


def approval_queue(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """Open cases in scope whose county approval step is open and may be decided, longest waiting first. A
    green-channel case still waiting on its township audit is left out: the county may not approve it yet, so it
    is neither counted, printed on the submission list nor offered to a batch (where its refusal would refuse the
    whole batch); it joins the queue once the township has audited it. A case whose approval asks no 批复文号
    (Step.needs_approval_number unset: the county bureau's 审定, 001 §五) is decided on its own page, not by a 批复."""
    filters = filters or {}
    cases = (
        Case.objects.visible_to(actor)
        .filter(status=CaseStatus.OPEN)
        .annotate(
            approval_opened_at=_approval_step("opened_at"),
            approval_role=_approval_step("step__role"),
            approval_name=_approval_step("step__name"),
            approval_numbered=_approval_step("step__needs_approval_number"),
        )
        .filter(approval_opened_at__isnull=False, approval_numbered=True)
        .exclude(_approval_waits())
    )
    if filters.get("township"):
        cases = cases.filter(household__village__parent__code=filters["township"])
    if filters.get("kind"):
        cases = cases.filter(kind=filters["kind"])
    if filters.get("channel"):
        cases = cases.filter(channel=filters["channel"])
    if filters.get("min_days"):
        cases = cases.filter(approval_opened_at__lte=timezone.now() - dt.timedelta(days=filters["min_days"]))
    return cases.select_related("household", "household__village", "household__village__parent", "procedure").order_by(
        "approval_opened_at", "pk"
    )


def annotate_rows(cases: Any) -> list[Case]:
    """The queue's rows (approval_queue) with what the approver decides on: the version the decision carries back,
    the days waiting, and what would refuse an approval (services.pass_rules, the rules of a single approval), with
    the objection flag (有未核实异议) that is most often the reason. The batch page, its confirmation, the queue API
    and the printed submission list (approval_submission) all show these rows, so what the leading group reads on
    paper is what the approver reads on the screen."""
    today = timezone.localdate()
    rows = list(cases)
    steps = {
        cs.case_id: cs
        for cs in CaseStep.objects.select_related("step").filter(
            case__in=rows, step__kind=StepKind.COUNTY_APPROVAL, status=CaseStepStatus.OPEN
        )
    }
    refusals = pass_refusals([case for case in rows if case.pk in steps], steps, today)
    objections = blocking_objections(case.pk for case in rows)
    snapshots = case_snapshots(rows)
    trails = step_trails(rows)
    income_flags = income_contradictions(rows, snapshots, today)
    risk_flags = risk_contradictions(rows, today)
    news = household_news_many(rows)
    # An exit's judgement calls (纳入仅 1 个月, a measure not finished): shown, never refusing (workflow.advisories).
    advice = exit_advisories_many([case.household for case in rows if case.kind == CaseKind.EXIT], today)
    for case in rows:
        case.version = case_version(case)  # type: ignore[attr-defined]
        case.waiting_days = (today - timezone.localdate(case.approval_opened_at)).days  # type: ignore[attr-defined]
        case.objection_flag = objection_flag(objections.get(case.pk, []))  # type: ignore[attr-defined]
        case.pass_refusal = refusals.get(case.pk, "")  # type: ignore[attr-defined]
        # What the submission list (提请审批名单) shows of the household, and the contradiction it may hide.
        case.snapshot = snapshots[case.pk]  # type: ignore[attr-defined]
        case.trail = trails[case.pk]  # type: ignore[attr-defined]
        case.income_flag = income_flags.get(case.pk, "")  # type: ignore[attr-defined]
        # A declared risk its members do not bear out (selectors_risks): an advisory, the approver decides.
        case.risk_flags = risk_flags.get(case.pk, [])  # type: ignore[attr-defined]
        # A member found deceased or moved out since the case opened (alerts): the facts above may be out of date.
        case.household_news = news.get(case.pk, [])  # type: ignore[attr-defined]
        case.exit_advisories = advice.get(case.household_id, []) if case.kind == CaseKind.EXIT else []  # type: ignore[attr-defined]
    return rows


@dataclass(frozen=True)
class Selection:
    """The ticked cases as the confirmation finds them (approval_selection)."""

    rows: list[Case]  # at the county approval step as the page showed them: what a 确认提交 would decide
    changed: list[Case]  # at the step, but changed since the page was opened (their version differs)
    missing: int  # no longer at the step (approved or returned meanwhile) or out of the actor's scope

    @property
    def decidable(self) -> bool:
        """Whether a 确认提交 could pass: services.batches.batch_decide refuses the whole batch over one changed
        or missing case, so the confirmation offers it only when every ticked case is still as shown."""
        return bool(self.rows) and not self.changed and not self.missing


def approval_selection(*, actor: Any, refs: list[CaseRef]) -> Selection:
    """The cases ticked on the batch page (refs: their ids and the versions the page showed), read again for the
    confirmation with the batch page's rows (annotate_rows)."""
    versions = {ref.case_id: ref.version for ref in refs}
    found = annotate_rows(approval_queue(actor=actor).filter(pk__in=list(versions)))
    # A case's version is its updated_at (services.batches.case_version), as batch_decide compares it.
    same = [case for case in found if version_matches(case, versions[case.pk])]
    return Selection(
        rows=same,
        changed=[case for case in found if case not in same],
        missing=len(versions) - len(found),
    )


FLAG_INCOME_ABOVE = "以收入低于监测范围申报但收入高于标准"
# The line as screening quotes it (IncomeLine.line_label): "2026年监测标准 6,000 元", or an earlier year's standing in
# while this year's is not entered, "沿用2021年监测标准 6,000 元（2026年未录入）".
MSG_INCOME_ABOVE = "{year}年人均纯收入 {income:,.2f} 元，不低于{line}{warning}。"


def income_contradictions(cases: list[Case], snapshots: dict[int, dict[str, Any]], today: dt.date) -> dict[int, str]:
    """Cases proposed for the risk 人均纯收入低于监测范围 whose household's latest yearly income is not below the
    line in force at its place today (nor below the warning line, when one is in force: screening.engine fires the
    risk below either): what the approver should check before approving, in words."""
    lines = lines_in_force(on_date=today)
    found = {}
    for case in cases:
        if case.kind == CaseKind.EXIT:
            continue  # the risks an exit records are the ones it closes: an income above the line is its point
        snapshot = snapshots[case.pk]
        income = snapshot["per_capita_net_income"]
        args = (case.risk_types or [], case.region_path, snapshot["income_year"], income, lines, today.year)
        if message := _contradiction(*args):
            found[case.pk] = message
    return found


def _contradiction(
    risk_types: list[str], region_path: str, year: Any, income: Any, lines: list[Any], line_year: int
) -> str:
    """MSG_INCOME_ABOVE when the risk 人均纯收入低于监测范围 is among `risk_types` and the income (of `year`) is not
    below the line in force at `region_path` in `line_year` (nor its warning line); "" otherwise or without an income
    or a line."""
    if RiskType.LOW_INCOME not in risk_types or income is None:
        return ""
    in_force = next((line for line in lines if region_path.startswith(line.prefix)), None)
    if in_force is None:
        return ""
    income, warning = Decimal(income), in_force.warning
    line = IncomeLine(
        year=in_force.line.year,
        line=in_force.line.amount,
        inclusive=in_force.line.inclusive,
        warning=warning,
        for_year=line_year,
    )
    if line.includes(income):
        return ""
    return MSG_INCOME_ABOVE.format(
        year=year,
        income=income,
        line=line.line_label,
        warning=f"及预警线 {warning:,.0f} 元" if warning is not None else "",
    )


def case_income_flag(case: Case, today: dt.date) -> str:
    """income_contradictions for one case, as its own page shows it beside the township's audit and the county's
    approval, and to the village while its steps are open ("" when its income does not contradict the risk it was
    proposed for)."""
    return income_contradictions([case], case_snapshots([case]), today).get(case.pk, "")


def household_income_flag(household: Household, risk_types: list[str], today: dt.date) -> str:
    """The same contradiction for a case not opened yet: what the case form tells the cadre who ticks
    人均纯收入低于监测范围 for a household whose latest income is above the line (the township would flag it)."""
    if RiskType.LOW_INCOME not in risk_types:
        return ""
    latest = HouseholdIncome.objects.filter(household=household).order_by("-year").first()
    if latest is None:
        return ""
    lines = lines_in_force(on_date=today)
    income = latest.per_capita_net_income
    return _contradiction(risk_types, household.region_path, latest.year, income, lines, today.year)


def batch_list(*, actor: Any) -> QuerySet[Batch]:
    """The county's approval batches as far as they concern the actor's scope: those with a case of it, the whole
    county's for a county user and, for a township or a village, the 批复 of its own households (read only; its
    cases alone, batch_items). in_scope counts those cases (the batch's count for a county user)."""
    mine = BatchItem.objects.visible_to(actor).filter(batch=OuterRef("pk"))
    in_scope = mine.order_by().values("batch").annotate(n=Count("pk")).values("n")[:1]
    return Batch.objects.filter(Exists(mine)).annotate(in_scope=Subquery(in_scope)).select_related("actor")


def batch_get(*, actor: Any, pk: int) -> Batch:
    """A batch with a case in the actor's scope (404 otherwise)."""
    return get_object_or_404(batch_list(actor=actor), pk=pk)


def batch_items(*, actor: Any, batch: Batch | None = None) -> QuerySet[BatchItem]:
    """The cases in the actor's scope of a batch (of every batch without one, for a prefetch), in the order of the
    printed 批准名单 and 公告 of its 批复 (selectors_cases.notice_order): inclusions before exits, each by place then
    户编号, so that the batch's page (and the API's items) read line by line against the paper."""
    items = BatchItem.objects.visible_to(actor).order_by(*notice_order("case__"))
    return items if batch is None else items.filter(batch=batch)


# The submission list (提请审批名单) the county bureau hands the leading group: at most as many cases as one batch.
SUBMISSION_LIMIT = MAX_CASES


def approval_submission(*, actor: Any, filters: dict[str, Any]) -> tuple[list[Case], int]:
    """The approval queue as the county bureau submits it to the leading group (DOMAIN.md: "batch approval prepared
    for the leading group"): each household as it stands and what the lower levels did, without ID numbers or
    health detail. Returns the rows (at most SUBMISSION_LIMIT) and how many cases the filters matched. The rows are
    the batch page's (annotate_rows): the leading group decides on the printed list, so it carries every warning
    and refusal the approver sees on the screen, from the same reads."""
    queue = approval_queue(actor=actor, filters=filters)
    return annotate_rows(queue[:SUBMISSION_LIMIT]), queue.count()
