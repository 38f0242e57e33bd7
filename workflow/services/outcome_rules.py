"""Which outcomes a case's open step may take, beyond its kind's own (the form's choices): 不通过 once the county
has approved, and a return (退回村级补正, 退回乡镇补正) on a green-channel case. services.cases.case_act refuses with
these messages; the step's form (forms_steps.StepActForm) offers only the outcomes none of them refuses."""

from workflow.choices import CaseKind, CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseStep, Step
from workflow.services.case_return import green_return_refusal

MSG_REJECT_AFTER_APPROVAL = "县级已审批同意，不能再作“不通过”终止本案；如有错误，请另行发起风险消除程序。"


def approval_passed(case: Case) -> CaseStep | None:
    """The case's county approval, when it has passed."""
    approved = CaseStep.objects.filter(
        case=case, step__kind=StepKind.COUNTY_APPROVAL, status=CaseStepStatus.DONE, outcome=Outcome.PASS
    )
    return approved.select_related("step").first()


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
