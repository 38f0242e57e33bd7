"""An open step that is not anyone's to act on yet: the one rule that acting (services.cases), 我的任务
(selectors), the case page's forms, reminders and the county's approval queue (selectors_batches) all read, so that
no page offers what the service refuses.

The one such wait: a green channel (services.green_channel) opens the county approval together with the township
audit just before it, but the county approves after the township (001 §四 "县乡审核"): the approval step stays
open, and waits, until that audit is done."""

from typing import Any

from django.db.models import Exists, OuterRef, Q

from workflow.choices import CaseStepStatus, StepKind
from workflow.models import Case, CaseStep, Step

MSG_GREEN_TOWNSHIP_FIRST = "绿色通道案件须先经乡镇审核通过，再由县级审批。"
WAIT_REASON = MSG_GREEN_TOWNSHIP_FIRST  # why a waiting step may not be acted on (services.cases refuses with it)
# A waiting step's status on the case page, in place of CaseStepStatus.OPEN's 办理中: what it waits for.
WAIT_LABEL = "待乡镇审核通过后办理"
MSG_GREEN_OPENER_AUDIT = "绿色通道案件须由发起人以外的乡镇人员审核。"


def waiting_steps() -> Q:
    """A CaseStep filter: the green-channel county approvals whose township audit is not done yet."""
    # The township audit a green channel runs ahead (services.green_channel.ahead_steps): the last one before the
    # approval, i.e. one with no other township audit between it and the approval.
    between = CaseStep.objects.filter(
        case=OuterRef("case"),
        step__kind=StepKind.TOWNSHIP_AUDIT,
        step__order__gt=OuterRef("step__order"),
        step__order__lt=OuterRef(OuterRef("step__order")),
    )
    undone = (
        CaseStep.objects.filter(case=OuterRef("case"), step__kind=StepKind.TOWNSHIP_AUDIT)
        .filter(step__order__lt=OuterRef("step__order"))
        .exclude(status=CaseStepStatus.DONE)
        .exclude(Exists(between))
    )
    return Q(step__kind=StepKind.COUNTY_APPROVAL, case__green_channel=True) & Q(Exists(undone))


def steps_waiting(case_step_ids: list[int]) -> set[int]:
    """Which of these case steps wait (waiting_steps), in one query."""
    if not case_step_ids:
        return set()
    return set(CaseStep.objects.filter(pk__in=case_step_ids).filter(waiting_steps()).values_list("pk", flat=True))


def opener_steps(actor: Any) -> Q:
    """A CaseStep filter: the township audits of the green-channel cases the actor opened, which are not theirs to
    decide (opener_refusal): not in their 我的任务 either, where they could only be refused."""
    return Q(step__kind=StepKind.TOWNSHIP_AUDIT, case__green_channel=True, case__opened_by_id=actor.pk)


def opener_refusal(actor: Any, case: Case, step: Step) -> str:
    """Why the actor may not decide this step of a green-channel case, or "". The channel skips the village's
    review and publicity until after the approval (001 §四: 经入户核查、村"两委"研究、县乡审核通过后，先开展帮扶救助);
    its 乡镇审核 is then the township's only check on the opening, so not the opener's own: another township user
    audits it, as the county approver is another person again. Waiting for them, the step is not the opener's."""
    opener = case.green_channel and step.kind == StepKind.TOWNSHIP_AUDIT and case.opened_by_id == actor.pk
    return MSG_GREEN_OPENER_AUDIT if opener else ""
