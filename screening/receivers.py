"""Screening follows the cases its hits opened: a proposal whose case ended without inclusion goes back to 待处理;
one whose case was approved is 已是监测对象 (a run then keeps it so while the household is monitored: run_apply).

Workflow imports screening (it proposes hits and opens cases from them), so screening may not be imported by the
workflow for this: it listens to workflow.signals.case_closed, sent after commit, and reads the closed case here,
lazily, when the app registry is ready."""

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClosedCase:
    """What the screening note says of a case that ended without inclusion: which case, how, why, and who."""

    household_id: int
    note: str
    actor: Any


def unapproved_closing(case_id: int, status: str) -> ClosedCase | None:
    """The closed case as the screening note tells it, or None when the household's proposal should stay: the case
    was approved, was an exit case, or the household is monitored or has another inclusion case open."""
    from workflow.choices import WITHDRAW_PREFIX, CaseKind, CaseStatus, Outcome
    from workflow.models import Case, CaseEvent, CaseStep

    if status not in (CaseStatus.REJECTED, CaseStatus.WITHDRAWN):
        return None
    case = Case.objects.select_related("household").filter(pk=case_id).first()
    if case is None or case.kind == CaseKind.EXIT or case.household.monitoring_category:
        return None
    inclusion_kinds = [CaseKind.IDENTIFICATION, CaseKind.REMARK]
    if Case.objects.filter(household_id=case.household_id, kind__in=inclusion_kinds, status=CaseStatus.OPEN).exists():
        return None
    label = (
        f"{case.get_kind_display()}案件（{timezone.localdate(case.created_at):%Y-%m-%d}发起）{CaseStatus(status).label}"
    )
    actor = None
    if status == CaseStatus.REJECTED:
        refusal = (
            CaseStep.objects.filter(case=case, outcome=Outcome.REJECT)
            .select_related("step", "acted_by")
            .order_by("-acted_at", "-pk")
            .first()
        )
        if refusal is not None:
            actor = refusal.acted_by
            label += f"：{refusal.step.name}不通过" + (f"，{refusal.note.strip()}" if refusal.note.strip() else "")
    else:
        withdrawal = (
            CaseEvent.objects.filter(case=case, summary__startswith=WITHDRAW_PREFIX)
            .select_related("actor")
            .order_by("-created_at", "-pk")
            .first()
        )
        if withdrawal is not None:
            actor = withdrawal.actor
            label += f"：撤回理由：{withdrawal.summary.removeprefix(WITHDRAW_PREFIX)}"
    return ClosedCase(
        household_id=case.household_id, note=f"{label}。请重新核实后提议纳入监测或核实不纳入。", actor=actor
    )


def approved_inclusion(case_id: int, status: str) -> ClosedCase | None:
    """The approved inclusion case as the screening note tells it, or None when the case was not one (an exit case,
    not approved) or the household is not monitored after it."""
    from workflow.choices import CaseKind, CaseStatus
    from workflow.models import Case

    if status != CaseStatus.APPROVED:
        return None
    case = Case.objects.select_related("household").filter(pk=case_id).first()
    if case is None or case.kind == CaseKind.EXIT or not case.household.monitoring_category:
        return None
    category = case.household.get_monitoring_category_display()
    note = (
        f"{case.get_kind_display()}案件（{timezone.localdate(case.created_at):%Y-%m-%d}发起）已通过，"
        f"该户已纳入监测（{category}）。"
    )
    return ClosedCase(household_id=case.household_id, note=note, actor=closed_by(case.pk, status))


def closed_by(case_id: int, status: str) -> Any:
    """Whoever's act closed the case (None: the system), as the case's closing event names them: the township whose
    announcement completed it, say, not the approver who passed the county's approval days before. The screening
    result follows the case under their name, as a consequence of that act (accounts.audit_actions)."""
    from workflow.models import CaseEvent

    closing = CaseEvent.objects.filter(case_id=case_id, action=f"case_{status}").select_related("actor")
    event = closing.order_by("-created_at", "-pk").first()
    return event.actor if event is not None else None


def _on_case_closed(sender: Any, case_id: int, status: str, **kwargs: Any) -> None:
    from screening.services.dismissal import result_monitored
    from screening.services.results import result_reopen

    try:
        closed = unapproved_closing(case_id, status)
        if closed is not None:
            with transaction.atomic():
                result_reopen(actor=closed.actor, household_id=closed.household_id, note=closed.note)
        elif (approved := approved_inclusion(case_id, status)) is not None:
            with transaction.atomic():
                result_monitored(actor=approved.actor, household_id=approved.household_id, note=approved.note)
    except Exception:
        # Sent after the case's commit: the refusal or withdrawal stands; its page must not fail because of this.
        logger.exception("could not bring the screening result of case %s up to the case's end", case_id)


def connect() -> None:
    from workflow.signals import case_closed

    case_closed.connect(_on_case_closed, dispatch_uid="screening.case_closed")
