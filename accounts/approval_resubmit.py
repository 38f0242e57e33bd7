"""A refused account the system admin corrects goes back to the security admin (三员, accounts.approvals).

The security admin refuses an account with a reason (姓名与任职文件不符, 联系电话有误); the system admin corrects it.
A correction of the role or scope already asked again, but one of the name or the phone left the account refused,
out of the security admin's list of accounts to decide, and it could not sign in however it was corrected. Now any
change the system admin makes to a refused account on the web puts it back before the security admin as
已重新提交待审核 (Approval.RESUBMITTED): it stays closed until approved, its refusal's reason, decider and time stay
on it for the review (上次未通过审核, cleared by the next decision), and the change's audit row records the state and
the reason it leaves. Disabling or re-enabling it corrects nothing and asks nothing."""

from typing import Any

from django.utils import timezone

from accounts.approvals import needs_approval
from accounts.choices import Approval
from accounts.models import User

MSG_RESUBMITTED = "，已重新提交安全管理员审核"
RESUBMIT_FIELDS = ["approval", "approval_requested_at", "approval_requested_by"]
# Not a correction of what was refused: the account's state alone.
NOT_CORRECTIONS = frozenset({"is_active"})


def resubmit_refused(*, actor: Any, user: User, was: str, changed: set[str]) -> dict[str, dict[str, str]] | None:
    """Put the account back before the security admin when it was refused (`was`, its state before the change) and
    the system admin changed more than its active state; the caller saves RESUBMIT_FIELDS. The audit's before and
    after of the approval (the refusal's reason with it), or None when nothing is resubmitted."""
    if was != Approval.REFUSED or not needs_approval(actor=actor, user=user) or not changed - NOT_CORRECTIONS:
        return None
    user.approval = Approval.RESUBMITTED
    user.approval_requested_at = timezone.now()
    user.approval_requested_by = actor if getattr(actor, "pk", None) else None
    user.resubmitted_now = True  # for the change's entry on the admin's 历史 page (accounts.admin_history)
    return {
        "before": {"approval": Approval.REFUSED.value, "approval_reason": user.approval_reason},
        "after": {"approval": Approval.RESUBMITTED.value},
    }


def resubmitted_words(user: User) -> str:
    """The audit summary's words for a resubmission, with the reason it was refused for."""
    reason = f"（上次拒绝理由：{user.approval_reason}）" if user.approval_reason else ""
    return f"{MSG_RESUBMITTED}{reason}"
