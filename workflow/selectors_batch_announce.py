"""Reads for the township batch announcement (批量公告, services.batch_announce): the township's approved inclusions
and exits waiting at its announcement step, with their 批复, the category shown (an exit's, the one being lifted:
workflow.selectors_exit_shown) and what would refuse each of them, by the single step's rules."""

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from households.choices import MonitoringCategory
from workflow.choices import CaseStatus, CaseStepStatus, StepKind
from workflow.decisions import approval_date, approval_number
from workflow.models import Case, CaseStep
from workflow.roles import acts_step
from workflow.selectors import case_filter, role_step_kinds
from workflow.selectors_cases import notice_order
from workflow.selectors_exit_shown import shown_category
from workflow.services.batch_announce import ANNOUNCING_ROLE, open_announcement_steps
from workflow.services.batches import case_version
from workflow.services.pass_rules import blocking_objections, objection_flag, pass_refusals

SHARED_FILTERS = ("village", "kind")


def uses_batch_announce(actor: Any) -> bool:
    """Whom the batch announcement (批量公告) is for: a role acting the township's announcement step of an active
    procedure (a district's filing, acted by the county officer, is its own decision and not on this page)."""
    return StepKind.ANNOUNCEMENT in role_step_kinds(actor) and acts_step(actor, ANNOUNCING_ROLE)


def _open_announcement(field: str) -> Subquery:
    return Subquery(
        CaseStep.objects.filter(
            case=OuterRef("pk"),
            step__kind=StepKind.ANNOUNCEMENT,
            step__role=ANNOUNCING_ROLE,
            status=CaseStepStatus.OPEN,
        )
        .order_by("step__order")
        .values(field)[:1]
    )


def announce_queue(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """Open cases in scope whose township announcement step is open, in the printed 公告's order (inclusions before
    exits, each by place then 户编号: selectors_cases.notice_order), filtered by village (a region path prefix) and
    kind, as 我的任务 filters them (selectors.case_filter)."""
    filters = filters or {}
    shared = {name: filters[name] for name in SHARED_FILTERS if filters.get(name)}
    return (
        case_filter(actor=actor, filters=shared)
        .filter(status=CaseStatus.OPEN)
        .annotate(
            announce_opened_at=_open_announcement("opened_at"),
            announce_name=_open_announcement("step__name"),
            announce_role=_open_announcement("step__role"),
        )
        .filter(announce_opened_at__isnull=False)
        .annotate(
            shown_category=shown_category(),
            approved_on=approval_date(pk=OuterRef("pk")),
            document_number=approval_number(pk=OuterRef("pk")),
        )
        .select_related("household", "household__village", "household__village__parent", "procedure")
        .order_by(*notice_order())
    )


def announce_rows(cases: Any) -> list[Case]:
    """The queue's rows with the version the action carries back, the category label shown, the days waiting, the
    objection flag and what would refuse the pass (services.pass_rules)."""
    today = timezone.localdate()
    rows = list(cases)
    steps = open_announcement_steps([case.pk for case in rows])
    passing = pass_refusals([case for case in rows if case.pk in steps], steps, today)
    objections = blocking_objections([case.pk for case in rows])
    for case in rows:
        case.version = case_version(case)  # type: ignore[attr-defined]
        category = case.shown_category  # type: ignore[attr-defined]
        labels = dict(MonitoringCategory.choices)
        case.category_label = labels.get(category, "")  # type: ignore[attr-defined]
        opened = case.announce_opened_at  # type: ignore[attr-defined]
        case.waiting_days = (today - timezone.localdate(opened)).days if opened else 0  # type: ignore[attr-defined]
        case.objection_flag = objection_flag(objections.get(case.pk, []))  # type: ignore[attr-defined]
        case.pass_refusal = passing.get(case.pk, "")  # type: ignore[attr-defined]
    return rows
