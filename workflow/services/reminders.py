"""Reminders (催办) of overdue cases by the periodic task: at most one per case and day, addressed to the roles of
the case's open steps and shown in their 我的任务 (selectors_deadlines.my_reminders).

A case is claimed with a conditional UPDATE of Case.reminded_on before its reminder is written, in the same
transaction: a second worker running at once waits on the row, then finds the date already set and skips it
(STYLE.md habit 8). The unique (case, on_date) constraint is the second guard."""

import datetime as dt

from django.db import transaction
from django.db.models import Q

from accounts.audit import audit_record
from accounts.choices import Role
from workflow.choices import CaseStepStatus
from workflow.models import Case, CaseReminder, CaseStep, OverdueReason
from workflow.selectors_deadlines import overdue_cases, reasons_of
from workflow.services.step_waits import waiting_steps

SYSTEM_ACTOR = "系统自动"


def _summary(case: Case, reasons: list[str], open_steps: list[CaseStep], today: dt.date) -> str:
    parts = []
    for reason in reasons:
        label = str(OverdueReason(reason).label)
        if reason == OverdueReason.PAST_LIMIT:
            since = "开辟绿色通道已" if case.green_channel else "发现已"  # where the limit counts from
            label += f"（{since} {(today - case.limit_from).days} 天，时限 {case.procedure.limit_days} 天）"  # type: ignore[attr-defined]
        parts.append(label)
    steps = "、".join(cs.step.name for cs in open_steps) or "—"
    name = case.household.head_name or case.household.number
    return f"{name}户{case.get_kind_display()}：{'；'.join(parts)}。请办理：{steps}"[:500]


def _remind_one(case_id: int, today: dt.date) -> bool:
    with transaction.atomic():
        claimed = (
            Case.objects.filter(pk=case_id)
            .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
            .update(reminded_on=today)
        )
        if not claimed:
            return False
        case = overdue_cases(today=today).select_related("household", "procedure").filter(pk=case_id).first()
        if case is None:
            # Acted on since the list was read: no longer overdue. Rolling back frees today's claim.
            transaction.set_rollback(True)
            return False
        # A step that waits on another (services.step_waits) is not its role's to hurry yet.
        open_steps = list(
            CaseStep.objects.filter(case=case, status=CaseStepStatus.OPEN)
            .exclude(waiting_steps())
            .select_related("step")
            .order_by("step__order")
        )
        roles = sorted({cs.step.role for cs in open_steps if cs.step.role in Role.values})
        reasons = reasons_of(case)
        CaseReminder.objects.create(
            case=case,
            region_path=case.region_path,
            on_date=today,
            reasons=reasons,
            roles=roles,
            summary=_summary(case, reasons, open_steps, today),
        )
        return True


def reminders_send(*, today: dt.date, limit: int = 5000) -> int:
    """Remind every overdue case not yet reminded today; returns how many reminders were written."""
    ids = list(
        overdue_cases(today=today)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = sum(_remind_one(case_id, today) for case_id in ids)
    if sent:
        audit_record(
            actor=None,
            action="workflow.reminders_send",
            summary=f"{SYSTEM_ACTOR}：对 {sent} 件超期案件发出催办（{today.isoformat()}）",
            object_type="workflow.casereminder",
            actor_username=SYSTEM_ACTOR,
        )
    return sent
