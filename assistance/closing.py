"""A household with a 防贫保 claim still pending (已申报 or 已核准, neither paid nor refused) is not closed
(households.services.closing): the claim is decided first, 赔付 or 不予赔付, so that no claim is left to be paid to a
household no longer on file (seed 001 §五: 防贫保 pays monitored households only, and closing ends monitoring).

A closing ends the help contact's assignment on the closing day (the plan page reads 至 <day>（农户注销）, and the
household leaves the contact's 我联系的农户): nobody is left to help. Undoing the closing brings that assignment back
as it was, unless someone else was assigned since. Both are rows of the household's 变更记录 (and audit events), by
whoever closed or reopened it: 帮扶联系人张三的联系因农户注销结束, 撤销注销后恢复帮扶联系人张三."""

import datetime as dt
from typing import Any

from django.utils import timezone

from assistance.choices import ClaimStatus
from assistance.models import HelpContactAssignment, InsuranceClaim
from households.models import Household
from households.services.common import record_event

PRE_HISTORY_REASON = "原有帮扶联系人（系统启用前安排）"

MSG_PENDING_CLAIM = "该户有防贫保理赔“{claim}”{state}{more}，请先{todo}，再注销农户。"
STATES = {
    ClaimStatus.SUBMITTED: ("已申报，尚未核定", "核定（核准或不予赔付）"),
    ClaimStatus.APPROVED: ("已核准，尚未赔付", "赔付或选择“不予赔付”"),
}
ENDED_SUMMARY = "帮扶联系人{name}的联系因农户注销结束"
RESTORED_SUMMARY = "撤销注销后恢复帮扶联系人{name}"


def pending_claim_refusal(household: Household) -> str:
    pending = list(
        InsuranceClaim.objects.filter(household=household, status__in=list(STATES))
        .select_related("member")
        .order_by("occurred_on", "pk")
    )
    if not pending:
        return ""
    claim = pending[0]
    state, todo = STATES[ClaimStatus(claim.status)]
    member = f"，{claim.member.name}" if claim.member else ""
    return MSG_PENDING_CLAIM.format(
        claim=f"{claim.get_cause_display()}，{claim.occurred_on:%Y-%m-%d}出险{member}",
        state=state,
        more=f"（另有{len(pending) - 1}笔理赔待处理）" if len(pending) > 1 else "",
        todo=todo,
    )


def end_contact_on_close(actor: Any, household: Household, day: dt.date) -> None:
    """End the current assignment on the closing day, marked as ended by the closing (one set before the history
    existed is recorded first, as help_contact_assign does), and clear the household's current contact."""
    current = (
        HelpContactAssignment.objects.select_for_update().filter(household=household, ends_on__isnull=True).first()
    )
    if current is None and household.help_contact_id is None:
        return
    if current is None:
        started = household.monitoring_start or timezone.localdate(household.created_at)
        current = HelpContactAssignment(
            household=household,
            region_path=household.region_path,
            contact_id=household.help_contact_id,
            starts_on=min(started, day),
            reason=PRE_HISTORY_REASON,
            assigned_by=actor,
        )
    current.ends_on, current.ended_by_closing = day, True
    current.save()
    Household.objects.filter(pk=household.pk).update(help_contact=None)
    name = _contact_name(current)
    record_event(
        actor=actor,
        household=household,
        action="assistance.help_contact_closed",
        summary=ENDED_SUMMARY.format(name=name),
        changes=[{"field": "help_contact", "label": "帮扶联系人", "old": name, "new": ""}],
        target=current,
    )


def restore_contact_on_reopen(actor: Any, household: Household) -> None:
    """Bring back the assignment the closing ended (open again, the household's contact again)."""
    if HelpContactAssignment.objects.filter(household=household, ends_on__isnull=True).exists():
        return
    ended = (
        HelpContactAssignment.objects.select_for_update()
        .filter(household=household)
        .order_by("-ends_on", "-starts_on", "-pk")
        .first()
    )
    if ended is None or not ended.ended_by_closing:
        return
    ended.ends_on, ended.ended_by_closing = None, False
    ended.save(update_fields=["ends_on", "ended_by_closing"])
    Household.objects.filter(pk=household.pk).update(help_contact=ended.contact_id)
    name = _contact_name(ended)
    record_event(
        actor=actor,
        household=household,
        action="assistance.help_contact_reopened",
        summary=RESTORED_SUMMARY.format(name=name),
        changes=[{"field": "help_contact", "label": "帮扶联系人", "old": "", "new": name}],
        target=ended,
    )


def _contact_name(assignment: HelpContactAssignment) -> str:
    from assistance.services.contacts import contact_words

    return contact_words(assignment)


def register() -> None:
    from households.services.closing import register_close_blocker, register_close_follower

    register_close_blocker(pending_claim_refusal)
    register_close_follower(end_contact_on_close, restore_contact_on_reopen)
