"""退回村级补正: the township audit sends a case back to the village instead of ending it (review finding 2).

000 §三(三)2-4: the village committee (or villager representatives) "研究确定拟纳入监测的对象" at its review, then
publicises that list and reports it; the township "汇总并初步审核村级报送的名单" and, with the county's comparison,
audits it "会同村委". So the step that produced the list, and holds its minutes and supporting papers, is the village
review (or, in a procedure without one, the household verification): a return reopens it, with the township's note,
for the village to correct and pass again; the returning step goes back to 未开始 and is audited again afterwards.

Whether the publicity runs again: a changed list must be publicised again, a supplied document need not. The
household and the kind are fixed when the case opens (a different household is a new case, publicised in full); the
proposed category and the reasons the notice prints may be corrected by the village while the case is back there
(services.case_correction), which then sends every passed publicity round again (the township's second one too, left
passed by a county's return before the township's). Otherwise a return is a correction of the papers, and a
publicity that already ran its full period stays done, as does the county's comparison of the
family's assets, which a document does not change. A step after the review that had not passed yet (a parallel
publicity still running, say) returns to 未开始 and runs again in order.

退回乡镇补正 (review approver finding 7): the county's approval sends a case back to the township the same way. 000
§三(三)5: the county bureau "汇总、审核后，报县委农村工作领导小组审批，批复相关乡镇"; what the leading group finds
missing (a comparison's evidence, the second publicity's photo) is the township's to supply, so the return reopens the
township's audit before the approval with the county's note. The publicities and the comparison that already passed
stay done, for the same reason; once the township passes its audit again, the approval opens again."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from config.errors import ApplicationError
from workflow.choices import CaseStepStatus, Outcome, StepKind, outcome_label
from workflow.models import Case, CaseStep, Step
from workflow.services.case_records import _event, _open_stage
from workflow.services.step_files import archive_step_attachment

MSG_RETURN_ONLY_TOWNSHIP = "只有乡镇审核环节可以退回村级补正，县级审批环节可以退回乡镇补正。"
MSG_RETURN_NOTE_REQUIRED = "退回村级补正时请填写需要补正的内容。"
MSG_RETURN_NOTE_REQUIRED_COUNTY = "退回乡镇补正时请填写需要补正的内容。"
MSG_RETURN_NO_VILLAGE_STEP = "本程序在“{step}”之前没有村级评议或入户核查环节，不能退回村级补正。"
MSG_RETURN_NO_TOWNSHIP_STEP = "本程序在“{step}”之前没有乡镇审核环节，不能退回乡镇补正。"
MSG_RETURN_NOTHING = "村级尚未办理“{step}”，无需退回补正；请办理通过或不通过。"
MSG_RETURN_NOTHING_TOWNSHIP = "乡镇尚未办理“{step}”，无需退回补正；请办理通过或不通过。"
MSG_RETURN_GREEN = (
    "绿色通道案件不能退回村级补正（退回后将按一般程序重新办理，失去先行帮扶的意义）：请办理通过或不通过。"
)
MSG_RETURN_GREEN_COUNTY = (
    "绿色通道案件不能退回乡镇补正（退回后将按一般程序重新办理，失去先行帮扶的意义）：请办理通过或不通过。"
)
RETURN_NOTE = "{step}退回：{note}"
RETURN_REPUBLISH = "（村级补正时更正风险类型或拟定类别、改变公示内容的，{steps}须按更正后的内容重新公示）"


def outcome_words(step: Step, outcome: str) -> str:
    """An outcome as the case's record and page say it: a county approval's return goes to the township."""
    return outcome_label(step.kind, outcome)


def _township_step(case: Case, case_step: CaseStep) -> CaseStep | None:
    """The latest township audit before the county's approval."""
    return (
        CaseStep.objects.select_related("step")
        .filter(case=case, step__order__lt=case_step.step.order, step__kind=StepKind.TOWNSHIP_AUDIT)
        .order_by("-step__order")
        .first()
    )


def _village_step(case: Case, case_step: CaseStep) -> CaseStep | None:
    """The latest village review before the returning step, else the latest household verification."""
    earlier = list(
        CaseStep.objects.select_related("step")
        .filter(
            case=case,
            step__order__lt=case_step.step.order,
            step__kind__in=[StepKind.VILLAGE_REVIEW, StepKind.HOUSEHOLD_VERIFICATION],
        )
        .order_by("-step__order")
    )
    reviews = [cs for cs in earlier if cs.step.kind == StepKind.VILLAGE_REVIEW]
    return (reviews or earlier or [None])[0]


def return_target_name(case: Case, case_step: CaseStep) -> str:
    """The name of the step a return from `case_step` would reopen (the page's confirmation says it), "" if none."""
    if case_step.step.kind == StepKind.COUNTY_APPROVAL:
        target = _township_step(case, case_step)
    else:
        target = _village_step(case, case_step)
    return target.step.name if target is not None else ""


def green_return_refusal(case: Case, case_step: CaseStep) -> str:
    """Why a green-channel case may not be returned from `case_step` ("" when it is not a green-channel case).
    The township audit and the county's approval ran ahead of the village (services.green_channel); a return would
    put them back to 未开始 behind the ordinary steps, and the household would wait as if no green channel had been
    opened. The step's form does not offer it (services.outcome_rules)."""
    if not case.green_channel:
        return ""
    return MSG_RETURN_GREEN_COUNTY if case_step.step.kind == StepKind.COUNTY_APPROVAL else MSG_RETURN_GREEN


def return_check(*, case: Case, case_step: CaseStep, note: str) -> CaseStep:
    """The checks of a return, made before anything is written; returns the village step it reopens (the township
    audit, for a county approval's return)."""
    if case_step.step.kind == StepKind.COUNTY_APPROVAL:
        return _county_return_check(case=case, case_step=case_step, note=note)
    if case_step.step.kind != StepKind.TOWNSHIP_AUDIT:
        raise ApplicationError(MSG_RETURN_ONLY_TOWNSHIP)
    if refusal := green_return_refusal(case, case_step):
        raise ApplicationError(refusal)
    if not note:
        raise ValidationError({"note": MSG_RETURN_NOTE_REQUIRED})
    target = _village_step(case, case_step)
    if target is None:
        raise ApplicationError(MSG_RETURN_NO_VILLAGE_STEP.format(step=case_step.step.name))
    if target.status != CaseStepStatus.DONE or target.outcome != Outcome.PASS:
        # A green-channel case audited before its owed review: there is nothing of the village's to correct yet.
        raise ApplicationError(MSG_RETURN_NOTHING.format(step=target.step.name))
    return target


def _county_return_check(*, case: Case, case_step: CaseStep, note: str) -> CaseStep:
    if refusal := green_return_refusal(case, case_step):
        raise ApplicationError(refusal)
    if not note:
        raise ValidationError({"note": MSG_RETURN_NOTE_REQUIRED_COUNTY})
    target = _township_step(case, case_step)
    if target is None:
        raise ApplicationError(MSG_RETURN_NO_TOWNSHIP_STEP.format(step=case_step.step.name))
    if target.status != CaseStepStatus.DONE or target.outcome != Outcome.PASS:
        raise ApplicationError(MSG_RETURN_NOTHING_TOWNSHIP.format(step=target.step.name))
    return target


def return_to_village(*, actor: Any, case: Case, case_step: CaseStep, note: str) -> CaseStep:
    """Reopen the village step with the note; the caller (services.case_moves._record) holds the case's lock and has
    recorded the return on the returning step, left 未开始. Returns the reopened step."""
    target = return_check(case=case, case_step=case_step, note=note)
    later = CaseStep.objects.filter(case=case, step__order__gt=target.step.order).select_related("step")
    passed = [
        cs
        for cs in later
        if cs.status == CaseStepStatus.SKIPPED or (cs.status == CaseStepStatus.DONE and cs.outcome == Outcome.PASS)
    ]
    later.exclude(pk__in=[cs.pk for cs in passed]).update(
        status=CaseStepStatus.PENDING, opened_at=None, ends_on=None, posted_on=None
    )
    # The file the village passed with (its meeting's minutes) is kept, the correction comes beside it.
    archive_step_attachment(target)
    CaseStep.objects.filter(pk=target.pk).update(
        status=CaseStepStatus.PENDING, acted_by=None, acted_at=None, outcome="", note="", attachment=""
    )
    _open_stage(case, [target.step])
    CaseStep.objects.filter(pk=target.pk).update(
        return_note=RETURN_NOTE.format(step=case_step.step.name, note=note), returned_at=timezone.now()
    )
    summary = f"{outcome_words(case_step.step, Outcome.RETURN)}：“{target.step.name}”重新办理"
    if passed:
        passed.sort(key=lambda cs: cs.step.order)
        summary += f"；{'、'.join(cs.step.name for cs in passed)}的结果保留"
        # Kept only while what they printed holds: a village correction that changes the notice runs every passed
        # publicity again, the township's second one too (services.case_correction.republish_steps).
        if publicities := [f"“{cs.step.name}”" for cs in passed if cs.step.kind == StepKind.PUBLICITY]:
            summary += RETURN_REPUBLISH.format(steps="、".join(publicities))
    _event(case=case, actor=actor, action="case_return", summary=summary)
    target.refresh_from_db()
    return target
