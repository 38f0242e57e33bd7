"""A household with a 防贫保 claim still pending (已申报 or 已核准, neither paid nor refused) is not closed
(households.services.closing): the claim is decided first, 赔付 or 不予赔付, so that no claim is left to be paid to a
household no longer on file (seed 001 §五: 防贫保 pays monitored households only, and closing ends monitoring)."""

from assistance.choices import ClaimStatus
from assistance.models import InsuranceClaim
from households.models import Household

MSG_PENDING_CLAIM = "该户有防贫保理赔“{claim}”{state}{more}，请先{todo}，再注销农户。"
STATES = {
    ClaimStatus.SUBMITTED: ("已申报，尚未核定", "核定（核准或不予赔付）"),
    ClaimStatus.APPROVED: ("已核准，尚未赔付", "赔付或选择“不予赔付”"),
}


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


def register() -> None:
    from households.services.closing import register_close_blocker

    register_close_blocker(pending_claim_refusal)
