"""防贫保 claims. The insurance pays only the three monitored categories (001 §五: 救助对象严格限定为脱贫不稳定户、
边缘易致贫户、突发严重困难户三类防止返贫监测对象), for sudden hardship by illness, disaster, accident or schooling:
an incident of the household's monitoring (or of the year before it, the hardship that brought it in), claimed once
(the same cause, day and member again is refused unless the first was refused), for a plausible amount."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from assistance.choices import CLAIM_TRANSITIONS, ClaimCause, ClaimStatus
from assistance.models import InsuranceClaim
from assistance.services.common import ensure_can_assist
from config.errors import ApplicationError, Conflict
from households.choices import LivingStatus, MonitoringCategory
from households.models import Household, Member
from households.services.closing import closed_refusal
from households.services.common import record_event

MSG_NOT_ELIGIBLE = (
    "该户不是监测对象（脱贫不稳定户、边缘易致贫户、突发严重困难户），不能申报防贫保："
    "防贫保的救助对象严格限定为这三类防止返贫监测对象。"
)
MSG_DECIDE_NOT_ELIGIBLE = (
    "该户现已不是监测对象（如已标注“风险消除”），不能核准防贫保理赔：防贫保的救助对象严格限定为脱贫不稳定户、"
    "边缘易致贫户、突发严重困难户三类监测对象。请选择“不予赔付”并填写理由。"
)
MSG_MEASURE_NOT_ELIGIBLE = (
    "该户不是监测对象，不能安排防贫保：防贫保只赔付脱贫不稳定户、边缘易致贫户、突发严重困难户三类防止返贫监测对象"
    "（绿色通道先行帮扶的农户，纳入监测后才能安排）。"
)
MSG_CLOSED_REJECT = "请选择“不予赔付”并填写理由。"
MSG_AMOUNT = "申请金额须大于0。"
MSG_DATE_FUTURE = "出险日期不能晚于今天。"
MSG_BAD_CAUSE = "出险原因无效。"
MSG_MEMBER = "所选成员不是该户成员。"
MSG_TRANSITION = "理赔当前状态为“{old}”，不能改为“{new}”。"
MSG_CHANGED = "该理赔刚被他人处理，请刷新后重试。"
MSG_DECIDED_MEANWHILE = "您打开页面后，该理赔已被他人处理，现为“{now}”，请核对后再提交。"
MSG_REJECT_NOTE = "不予赔付须填写理由。"
MSG_DECIDE_COUNTY = "防贫保理赔由县乡村振兴局核定。"
MSG_AMOUNT_MAX = "申请金额超过 {max:,} 元，请核实金额。"
MSG_BEFORE_MONITORING = (
    "出险日期 {occurred:%Y-%m-%d} 早于该户纳入监测（{start:%Y-%m-%d}）一年以上，不在防贫保救助范围内。"
)
MSG_APPROVED_REQUIRED = "核准理赔须填写核定金额。"
MSG_APPROVED_POSITIVE = "核定金额须大于0；不予赔付的，请选择“不予赔付”并填写理由。"
MSG_APPROVED_OVER_CLAIMED = "核定金额（{approved:,.2f} 元）不能超过申请金额（{claimed:,.2f} 元）。"
MSG_PAID_REQUIRED = "标记已赔付须填写实际赔付金额。"
MSG_PAID_POSITIVE = "赔付金额须大于0。"
MSG_PAID_OVER_APPROVED = "赔付金额（{paid:,.2f} 元）不能超过核定金额（{approved:,.2f} 元）。"
MSG_DUPLICATE = "该户已申报过同一出险（{cause}，{occurred:%Y-%m-%d}{member}），当前状态为“{status}”，请勿重复申报。"
# The catalogue's 防贫保 measure (assistance.catalogue).
FANGPINBAO = "fangpinbao"
# A sanity bound against a mistyped amount (99,999,999): far above any one household's 防贫保 payment.
MAX_AMOUNT = Decimal("500000")
# The hardship that brought a household into monitoring may precede its inclusion, by the time a case takes.
BEFORE_MONITORING = dt.timedelta(days=365)


def may_decide(actor: Any) -> bool:
    return bool(actor.is_superuser) or getattr(actor, "role", None) == Role.COUNTY_OFFICER


def claim_eligible(household: Household) -> bool:
    """The one test of who 防贫保 covers: a claim is made, approved and a 防贫保 measure arranged (measure_refusal)
    only for a household of the three monitored categories, not yet one helped first in the green channel, and
    not a closed (已注销) one: closing ends its monitoring, and nobody is left to pay."""
    return household.is_active and household.monitoring_category in MonitoringCategory.values


def decisions(claim: InsuranceClaim) -> list[str]:
    """The decisions the claim's page offers: its status's next ones, only 不予赔付 once the household is closed."""
    allowed = sorted(CLAIM_TRANSITIONS.get(claim.status, frozenset()))
    if closed_refusal(claim.household):
        return [status for status in allowed if status == ClaimStatus.REJECTED]
    return allowed


def claim_refusal(household: Household) -> str:
    """Why no claim may be made for the household now, in words ("" when one may): closed, or not monitored."""
    if refusal := closed_refusal(household):
        return refusal
    return "" if claim_eligible(household) else MSG_NOT_ELIGIBLE


def measure_refusal(measure_type: Any, household: Household) -> str:
    """Why the catalogue's 防贫保 measure may not be arranged for this household: "" when it may (claim_eligible).
    A 防贫保 measure no claim could follow would be publicised on the village notice as help the household never
    gets."""
    if measure_type.code == FANGPINBAO and not claim_eligible(household):
        return closed_refusal(household) or MSG_MEASURE_NOT_ELIGIBLE
    return ""


@transaction.atomic
def claim_create(
    *,
    actor: Any,
    household: Household,
    cause: str,
    amount: Decimal,
    occurred_on: dt.date,
    member: Member | None = None,
    description: str = "",
) -> InsuranceClaim:
    household = Household.objects.select_for_update().get(pk=household.pk)
    ensure_can_assist(actor, household.region_path)
    if refusal := claim_refusal(household):
        raise ApplicationError(refusal)
    errors: dict[str, str] = {}
    if cause not in ClaimCause.values:
        errors["cause"] = MSG_BAD_CAUSE
    if amount is None or amount <= 0:
        errors["amount"] = MSG_AMOUNT
    elif amount > MAX_AMOUNT:
        errors["amount"] = MSG_AMOUNT_MAX.format(max=MAX_AMOUNT)
    start = household.monitoring_start
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = MSG_DATE_FUTURE
    elif start is not None and occurred_on < start - BEFORE_MONITORING:
        errors["occurred_on"] = MSG_BEFORE_MONITORING.format(occurred=occurred_on, start=start)
    if member is not None and (member.household_id != household.pk or member.living_status == LivingStatus.MOVED_OUT):
        errors["member"] = MSG_MEMBER
    if errors:
        raise ValidationError(errors)
    same = (
        InsuranceClaim.objects.filter(household=household, cause=cause, occurred_on=occurred_on, member=member)
        .exclude(status=ClaimStatus.REJECTED)
        .first()
    )
    if same is not None:
        raise ApplicationError(
            MSG_DUPLICATE.format(
                cause=same.get_cause_display(),
                occurred=occurred_on,
                member=f"，{member.name}" if member else "",
                status=same.get_status_display(),
            )
        )
    claim = InsuranceClaim.objects.create(
        household=household,
        member=member,
        region_path=household.region_path,
        cause=cause,
        amount=amount,
        occurred_on=occurred_on,
        description=description.strip(),
        created_by=actor,
    )
    record_event(
        actor=actor,
        household=household,
        member=member,
        action="assistance.claim_create",
        summary=f"申报防贫保理赔：{claim.get_cause_display()}，{amount} 元（出险日期 {occurred_on:%Y-%m-%d}）",
        target=claim,
    )
    return claim


def _decided_amounts(
    claim: InsuranceClaim, status: str, approved_amount: Decimal | None, paid_amount: Decimal | None
) -> dict[str, Decimal]:
    """The amount the decision records: approving records what is approved (at most what was claimed), paying what
    was paid (at most what was approved), so that 已赔付 no longer reads as "the amount claimed was paid". A claim
    approved before the amounts were recorded is bounded by what was claimed."""
    if status == ClaimStatus.APPROVED:
        if approved_amount is None:
            raise ValidationError({"approved_amount": MSG_APPROVED_REQUIRED})
        if approved_amount <= 0:
            raise ValidationError({"approved_amount": MSG_APPROVED_POSITIVE})
        if approved_amount > claim.amount:
            raise ValidationError(
                {"approved_amount": MSG_APPROVED_OVER_CLAIMED.format(approved=approved_amount, claimed=claim.amount)}
            )
        return {"approved_amount": approved_amount}
    if status == ClaimStatus.PAID:
        ceiling = claim.approved_amount if claim.approved_amount is not None else claim.amount
        if paid_amount is None:
            raise ValidationError({"paid_amount": MSG_PAID_REQUIRED})
        if paid_amount <= 0:
            raise ValidationError({"paid_amount": MSG_PAID_POSITIVE})
        if paid_amount > ceiling:
            raise ValidationError({"paid_amount": MSG_PAID_OVER_APPROVED.format(paid=paid_amount, approved=ceiling)})
        return {"paid_amount": paid_amount}
    return {}


@transaction.atomic
def claim_decide(
    *,
    actor: Any,
    claim: InsuranceClaim,
    status: str,
    note: str = "",
    approved_amount: Decimal | None = None,
    paid_amount: Decimal | None = None,
    expected_status: str | None = None,
) -> InsuranceClaim:
    """Approve, pay or reject a claim. ``expected_status``: the status the page showed; a claim decided by someone
    else since is refused, not decided again from its new status (approved meanwhile, then rejected unseen)."""
    claim = InsuranceClaim.objects.select_related("household").get(pk=claim.pk)
    if not may_decide(actor):  # said first: to the approver, the rule rather than "no right to arrange measures"
        raise PermissionDenied(MSG_DECIDE_COUNTY)
    ensure_can_assist(actor, claim.region_path)
    old = claim.status
    if expected_status and expected_status != old:
        raise Conflict(MSG_DECIDED_MEANWHILE.format(now=ClaimStatus(old).label))
    if status not in CLAIM_TRANSITIONS.get(old, frozenset()):
        raise ApplicationError(MSG_TRANSITION.format(old=ClaimStatus(old).label, new=ClaimStatus(status).label))
    if status == ClaimStatus.REJECTED and not note.strip():
        raise ValidationError({"note": MSG_REJECT_NOTE})
    # A closed (已注销) household's claim is neither approved nor paid: closing ends its monitoring and nobody is left
    # to pay (a closing leaves no claim pending: assistance.closing; one left by an older closing is refused).
    if status != ClaimStatus.REJECTED and (closed := closed_refusal(claim.household)):
        raise ApplicationError(closed + MSG_CLOSED_REJECT)
    # Seed 001: strictly the three monitored categories. Asked again at the approval: the household may have left
    # monitoring (风险消除) since it claimed; a rejection, and paying what was approved while monitored, still may.
    if status == ClaimStatus.APPROVED and not claim_eligible(claim.household):
        raise ApplicationError(MSG_DECIDE_NOT_ELIGIBLE)
    amounts = _decided_amounts(claim, status, approved_amount, paid_amount)
    decision = (claim.decision_note + "\n" if claim.decision_note else "") + note.strip()
    if not InsuranceClaim.objects.filter(pk=claim.pk, status=old).update(
        status=status, decision_note=decision.strip(), updated_at=timezone.now(), **amounts
    ):
        raise Conflict(MSG_CHANGED)
    claim.refresh_from_db()
    words = {"approved_amount": "核定金额", "paid_amount": "赔付金额"}
    details = [f"{words[name]} {value} 元" for name, value in amounts.items()] + (
        [note.strip()] if note.strip() else []
    )
    record_event(
        actor=actor,
        household=claim.household,
        action="assistance.claim_status",
        summary=f"防贫保理赔：{ClaimStatus(old).label} → {claim.get_status_display()}"
        + (f"（{'，'.join(details)}）" if details else ""),
        target=claim,
    )
    return claim
