"""Which outcomes a case's open step may take, beyond its kind's own (the form's choices): 不通过 once the county
has approved, and a return (退回村级补正, 退回乡镇补正) on a green-channel case. services.cases.case_act refuses with
these messages; the step's form (forms_steps.StepActForm) offers only the outcomes none of them refuses.

act_refusals is the one question case_act asks before it records a pass or a 不通过 (services.pass_rules for a pass):
a meeting (services.meetings) asks it of every case before its confirmation page and again when it records, so that
what the page said would pass is what case_act records."""

import datetime as dt

from workflow.choices import CaseKind, CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseStep, Step
from workflow.services.case_return import green_return_refusal
from workflow.services.pass_rules import pass_refusals

MSG_REJECT_AFTER_APPROVAL = "县级已审批同意，不能再作“不通过”终止本案；如有错误，请另行发起风险消除程序。"


def approvals_passed(case_ids: list[int]) -> dict[int, CaseStep]:
    """Per case, its county approval when it has passed."""
    approved = CaseStep.objects.filter(
        case_id__in=case_ids, step__kind=StepKind.COUNTY_APPROVAL, status=CaseStepStatus.DONE, outcome=Outcome.PASS
    )
    return {case_step.case_id: case_step for case_step in approved.select_related("step")}


def approval_passed(case: Case) -> CaseStep | None:
    """The case's county approval, when it has passed."""
    return approvals_passed([case.pk]).get(case.pk)


def reject_revokes(case: Case, step: Step, approved: CaseStep | None) -> bool:
    """A green channel's owed review or publicity may still refuse after the county went ahead (001 §四: 先开展帮扶
    救助，后履行评议公示等认定程序): the inclusion is then revoked."""
    return (
        approved is not None and case.green_channel and case.kind != CaseKind.EXIT and step.order < approved.step.order
    )


def reject_refusal(case: Case, step: Step, approved: CaseStep | None) -> str:
    """Why `step` may not end the case with 不通过: the county approved (other than reject_revokes' owed steps)."""
    if approved is not None and not reject_revokes(case, step, approved):
        return MSG_REJECT_AFTER_APPROVAL
    return ""


def outcome_refusals(case: Case, case_step: CaseStep) -> dict[str, str]:
    """The outcomes case_act would refuse at `case_step` whatever else is filled in, each with its message."""
    refusals = {Outcome.REJECT.value: reject_refusal(case, case_step.step, approval_passed(case))}
    if case_step.step.kind in (StepKind.TOWNSHIP_AUDIT, StepKind.COUNTY_APPROVAL):
        refusals[Outcome.RETURN.value] = green_return_refusal(case, case_step)
    return {outcome: message for outcome, message in refusals.items() if message}


def act_refusals(
    cases: list[Case], steps: dict[int, CaseStep], outcomes: dict[int, str], today: dt.date
) -> dict[int, str]:
    """Why each case's open step `steps[case.pk]` may not take `outcomes[case.pk]` today, in case_act's words: a pass
    by services.pass_rules, a 不通过 once the county approved; a case that may is not in the answer."""
    refusals = pass_refusals([case for case in cases if outcomes[case.pk] == Outcome.PASS], steps, today)
    rejecting = [case for case in cases if outcomes[case.pk] == Outcome.REJECT]
    approved = approvals_passed([case.pk for case in rejecting])
    for case in rejecting:
        if refusal := reject_refusal(case, steps[case.pk].step, approved.get(case.pk)):
            refusals[case.pk] = refusal
    return refusals
