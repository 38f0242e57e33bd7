"""一户一方案: one plan per household, for monitored and lifted-out households (and, in the green channel, before
inclusion)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assistance.choices import ReturnCadence
from assistance.following import household_assisted, household_followed
from assistance.models import Plan
from assistance.services.common import ensure_can_assist
from config.errors import ApplicationError
from config.stale import stale_check
from households.models import Household
from households.services.closing import closed_refusal
from households.services.common import diff, record_event

MSG_NOT_MONITORED = (
    "该户既不是监测对象，也不是脱贫户，不能制定帮扶方案。一般农户尚未纳入监测的，只有经乡镇或县按“绿色通道”"
    "发起识别纳入后，方可先行帮扶（先开展帮扶救助，后履行评议公示等认定程序）。"
)
MSG_PLAN_EXISTS = "该户已有帮扶方案，请在原方案中增加措施（一户一方案）。"
MSG_HOUSEHOLD_INACTIVE = "该农户档案已注销。"
MSG_BAD_CADENCE = "回访周期无效。"


def plan_allowed(household: Household) -> bool:
    """May the household have a plan, and its plan new measures: it is monitored, or a lifted-out household (脱贫户,
    monitored or not: 001 §一, 003 §二(三), 004 §(三)), or not (yet) monitored but in an open green channel
    (绿色通道, 001 §四: disaster or epidemic cases are helped first, reviewed and publicised afterwards). An
    ordinary household whose green channel is withdrawn or revoked, or whose risk is eliminated, may not
    (assistance.following.assisted_q, the rule the return visits follow too)."""
    return household_assisted(household)


def plan_refusal(household: Household) -> str:
    """Why the household may not have a new plan now ("" if it may): closed, not allowed one, or has one. The form
    says it on opening instead of after the cadence was chosen (plan_create checks the same, under the lock)."""
    if not household.is_active:
        return closed_refusal(household) or MSG_HOUSEHOLD_INACTIVE
    if not plan_allowed(household):
        return MSG_NOT_MONITORED
    if Plan.objects.filter(household=household).exists():
        return MSG_PLAN_EXISTS
    return ""


def next_due(start: dt.date, cadence: int) -> dt.date:
    return start + dt.timedelta(days=int(cadence))


@transaction.atomic
def plan_create(
    *, actor: Any, household: Household, return_cadence: int = ReturnCadence.MONTHLY, note: str = ""
) -> Plan:
    household = Household.objects.select_for_update().get(pk=household.pk)
    ensure_can_assist(actor, household.region_path)
    if not household.is_active:
        raise ApplicationError(closed_refusal(household) or MSG_HOUSEHOLD_INACTIVE)
    if int(return_cadence) not in ReturnCadence.values:
        raise ValidationError({"return_cadence": MSG_BAD_CADENCE})
    # Helped before inclusion: not monitored, but in an open green channel (a 脱贫户 outside one is helped as such).
    pre_monitoring = not household.monitoring_category and household_followed(household)
    if not plan_allowed(household):
        raise ApplicationError(MSG_NOT_MONITORED)
    if Plan.objects.filter(household=household).exists():
        raise ApplicationError(MSG_PLAN_EXISTS)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                household=household,
                region_path=household.region_path,
                pre_monitoring=pre_monitoring,
                return_cadence=int(return_cadence),
                next_return_due=next_due(timezone.localdate(), return_cadence),
                note=note.strip(),
                created_by=actor,
            )
    except IntegrityError as error:
        raise ApplicationError(MSG_PLAN_EXISTS) from error
    summary = "制定帮扶方案" + ("（绿色通道：纳入前先行帮扶）" if plan.pre_monitoring else "")
    summary += f"，回访周期：{plan.get_return_cadence_display()}"
    record_event(actor=actor, household=household, action="assistance.plan_create", summary=summary, target=plan)
    return plan


PLAN_EDITABLE = ("return_cadence", "note")
# What an edit changes, the next return visit's date following the cadence: recorded old → new.
PLAN_CHANGES = (*PLAN_EDITABLE, "next_return_due")


@transaction.atomic
def plan_update(*, actor: Any, plan: Plan, expected: Mapping[str, Any] | None = None, **changes: Any) -> Plan:
    """Change the plan's return cadence or note: only the fields given are written. ``expected``: what the edit page
    showed of them (config.stale); one changed by someone else since refuses the save (StaleEdit). The history row
    and audit event hold the old and new note, cadence and next return date; no change, no rows."""
    unknown = set(changes) - set(PLAN_EDITABLE)
    if unknown:
        raise ValueError(f"unknown plan fields: {sorted(unknown)}")
    plan = Plan.objects.select_for_update().select_related("household").get(pk=plan.pk)
    ensure_can_assist(actor, plan.region_path)
    if expected is not None:
        stale_check(current={name: getattr(plan, name) for name in PLAN_EDITABLE}, expected=expected)
    if not changes:
        return plan  # a page submitted as it was shown: nothing to write, nothing to record
    return_cadence = int(changes.get("return_cadence", plan.return_cadence))
    if return_cadence not in ReturnCadence.values:
        raise ValidationError({"return_cadence": MSG_BAD_CADENCE})
    before = {name: getattr(plan, name) for name in PLAN_CHANGES}
    if return_cadence != plan.return_cadence:
        last = plan.return_visits.order_by("-visited_on").values_list("visited_on", flat=True).first()
        plan.next_return_due = next_due(last or timezone.localdate(plan.created_at), return_cadence)
    plan.return_cadence = return_cadence
    if "note" in changes:
        plan.note = str(changes["note"]).strip()
    edits = diff(plan, before, list(PLAN_CHANGES))
    if not edits:
        return plan  # the values it has already: nothing to write, nothing to record
    plan.save()
    said = [f"{c['label']}：{c['old']} → {c['new']}" for c in edits if c["field"] == "return_cadence"]
    said += ["方案说明"] if plan.note != before["note"] else []
    record_event(
        actor=actor,
        household=plan.household,
        action="assistance.plan_update",
        summary=f"修改帮扶方案（{'，'.join(said)}）",
        target=plan,
        changes=edits,
    )
    return plan
