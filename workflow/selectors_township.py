"""Reads for the township batch audit (乡镇批量审核, services.township_batch): the township's cases at their township
audit step, with what the township decides on — and what would refuse each of them, by the single audit's rules."""

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from workflow.advisories import exit_advisories_many
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, StepKind
from workflow.household_news import household_news_many
from workflow.models import Case, CaseStep, Step
from workflow.selectors import case_filter
from workflow.selectors_batches import income_contradictions
from workflow.selectors_deadlines import deadlines_of
from workflow.selectors_risks import risk_contradictions
from workflow.selectors_trails import step_trails
from workflow.services.batch_snapshots import case_snapshots
from workflow.services.batches import case_version
from workflow.services.pass_rules import blocking_objections, objection_flag, pass_refusals
from workflow.services.township_batch import audit_refusals, open_audit_steps, return_refusals

# The queue's filters that selectors.case_filter applies (and scopes) as 我的任务 and the case list do.
SHARED_FILTERS = ("village", "kind", "overdue")


def _open_audit(field: str) -> Subquery:
    return Subquery(
        CaseStep.objects.filter(case=OuterRef("pk"), step__kind=StepKind.TOWNSHIP_AUDIT, status=CaseStepStatus.OPEN)
        .order_by("step__order")
        .values(field)[:1]
    )


def township_audit_step_names() -> list[str]:
    """The names the county's procedures give their township audit steps (the queue's ?step=)."""
    return sorted(set(Step.objects.filter(kind=StepKind.TOWNSHIP_AUDIT).values_list("name", flat=True)))


def township_audit_queue(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """Open cases in scope whose township audit step is open, longest waiting first, filtered by: village (a region
    path prefix), kind, overdue (the one 超期 definition), step (the township audit's name: Yongxiu has two,
    乡镇汇总初审 and 乡镇审核)."""
    filters = filters or {}
    shared = {name: filters[name] for name in SHARED_FILTERS if filters.get(name)}
    cases = (
        case_filter(actor=actor, filters=shared)
        .filter(status=CaseStatus.OPEN)
        .annotate(
            audit_opened_at=_open_audit("opened_at"),
            audit_name=_open_audit("step__name"),
            audit_role=_open_audit("step__role"),
        )
        .filter(audit_opened_at__isnull=False)
    )
    if filters.get("step"):
        cases = cases.filter(audit_name=filters["step"])
    return cases.select_related("household", "household__village", "household__village__parent", "procedure").order_by(
        "audit_opened_at", "pk"
    )


def township_audit_get(*, actor: Any, pk: int) -> Case:
    """One case of the queue: out of scope, or not at a township audit, is a 404."""
    return get_object_or_404(township_audit_queue(actor=actor), pk=pk)


def township_audit_rows(cases: Any, *, actor: Any) -> list[Case]:
    """The queue's rows with what the township decides on: the version the action carries back, the step and days
    waiting, 超期, the household as it stands, what the village did, whether the actor may audit it at all (not a
    green-channel case they opened: services.township_batch.audit_refusals) and what would refuse a pass or a return
    (the single audit's rules: services.pass_rules, services.case_return), with the objection flag, the income
    flag (selectors_batches.income_contradictions), the risk flags (selectors_risks) and the household news
    (workflow.household_news)."""
    today = timezone.localdate()
    rows = list(cases)
    ids = [case.pk for case in rows]
    steps = open_audit_steps(ids)
    at_step = [case for case in rows if case.pk in steps]
    passing = pass_refusals(at_step, steps, today)
    returning = return_refusals(at_step, steps)
    own = audit_refusals(actor, at_step, steps)
    objections = blocking_objections(ids)
    snapshots = case_snapshots(rows)
    trails = step_trails(rows)
    deadlines = deadlines_of(ids, today=today)
    # The contradiction the county's batch page flags (selectors_batches), seen here before the township passes it on.
    income_flags = income_contradictions(rows, snapshots, today)
    # A declared risk the household's members do not bear out (a medical cost with nobody ill): an advisory.
    risk_flags = risk_contradictions(rows, today)
    # A member found deceased or moved out since the case opened, as the county's batch page says it: the township
    # passes the household on with its figures, so it is told first.
    news = household_news_many(rows)
    advice = exit_advisories_many([case.household for case in rows if case.kind == CaseKind.EXIT], today)
    for case in rows:
        deadline = deadlines.get(case.pk)
        audit = steps.get(case.pk)
        case.version = case_version(case)  # type: ignore[attr-defined]
        case.audit_step = audit  # type: ignore[attr-defined]
        opened = audit.opened_at if audit is not None else None
        case.waiting_days = (today - timezone.localdate(opened)).days if opened else 0  # type: ignore[attr-defined]
        case.overdue = deadline is not None and deadline.overdue  # type: ignore[attr-defined]
        case.overdue_reasons = deadline.reason_labels if case.overdue else []  # type: ignore[attr-defined, union-attr]
        case.objection_flag = objection_flag(objections.get(case.pk, []))  # type: ignore[attr-defined]
        case.audit_refusal = own.get(case.pk, "")  # type: ignore[attr-defined]
        case.pass_refusal = passing.get(case.pk, "")  # type: ignore[attr-defined]
        case.return_refusal = returning.get(case.pk, "")  # type: ignore[attr-defined]
        case.snapshot = snapshots[case.pk]  # type: ignore[attr-defined]
        case.trail = trails[case.pk]  # type: ignore[attr-defined]
        case.income_flag = income_flags.get(case.pk, "")  # type: ignore[attr-defined]
        case.risk_flags = risk_flags.get(case.pk, [])  # type: ignore[attr-defined]
        case.household_news = news.get(case.pk, [])  # type: ignore[attr-defined]
        case.exit_advisories = advice.get(case.household_id, []) if case.kind == CaseKind.EXIT else []  # type: ignore[attr-defined]
    return rows
