"""退回村级补正: the township audit sends a case back to the village instead of ending it (review finding 2).

000 §三(三)2-4: the village committee (or villager representatives) "研究确定拟纳入监测的对象" at its review, then
publicises that list and reports it; the township "汇总并初步审核村级报送的名单" and, with the county's comparison,
audits it "会同村委". So the step that produced the list, and holds its minutes and supporting papers, is the village
review (or, in a procedure without one, the household verification): a return reopens it, with the township's note,
for the village to correct and pass again; the returning step goes back to 未开始 and is audited again afterwards.

Whether the publicity runs again: a changed list must be publicised again, a supplied document need not. Within a
case the list cannot change: the household, the kind, the proposed category and the reasons the notice prints are
fixed when the case opens, and a different list is a new case, publicised in full. So a return is a correction of the
papers, and a publicity that already ran its full period stays done, as does the county's comparison of the family's
assets, which a document does not change. A step after the review that had not passed yet (a parallel publicity
still running, say) returns to 未开始 and runs again in order."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from config.errors import ApplicationError
from workflow.choices import CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseStep
from workflow.services.case_records import _event, _open_stage

MSG_RETURN_ONLY_TOWNSHIP = "只有乡镇审核环节可以退回村级补正。"
MSG_RETURN_NOTE_REQUIRED = "退回村级补正时请填写需要补正的内容。"
MSG_RETURN_NO_VILLAGE_STEP = "本程序在“{step}”之前没有村级评议或入户核查环节，不能退回村级补正。"
MSG_RETURN_NOTHING = "村级尚未办理“{step}”，无需退回补正；请办理通过或不通过。"
MSG_RETURN_GREEN = (
    "绿色通道案件不能退回村级补正（退回后将按一般程序重新办理，失去先行帮扶的意义）：请办理通过或不通过。"
)
RETURN_NOTE = "{step}退回：{note}"


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


def return_check(*, case: Case, case_step: CaseStep, note: str) -> CaseStep:
    """The checks of a return, made before anything is written; returns the village step it reopens."""
    if case_step.step.kind != StepKind.TOWNSHIP_AUDIT:
        raise ApplicationError(MSG_RETURN_ONLY_TOWNSHIP)
    if case.green_channel:
        # The township audit ran ahead of the village (services.green_channel); a return would put the audit and
        # the county's approval back to 未开始 behind the ordinary steps, and the household would wait as if no
        # green channel had been opened.
        raise ApplicationError(MSG_RETURN_GREEN)
    if not note:
        raise ValidationError({"note": MSG_RETURN_NOTE_REQUIRED})
    target = _village_step(case, case_step)
    if target is None:
        raise ApplicationError(MSG_RETURN_NO_VILLAGE_STEP.format(step=case_step.step.name))
    if target.status != CaseStepStatus.DONE or target.outcome != Outcome.PASS:
        # A green-channel case audited before its owed review: there is nothing of the village's to correct yet.
        raise ApplicationError(MSG_RETURN_NOTHING.format(step=target.step.name))
    return target


def return_to_village(*, actor: Any, case: Case, case_step: CaseStep, note: str) -> CaseStep:
    """Reopen the village step with the note; the caller (services.cases._record) holds the case's lock and has
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
    CaseStep.objects.filter(pk=target.pk).update(
        status=CaseStepStatus.PENDING, acted_by=None, acted_at=None, outcome="", note=""
    )
    _open_stage(case, [target.step])
    CaseStep.objects.filter(pk=target.pk).update(
        return_note=RETURN_NOTE.format(step=case_step.step.name, note=note), returned_at=timezone.now()
    )
    summary = f"退回村级补正：“{target.step.name}”重新办理"
    if passed:
        kept = "、".join(cs.step.name for cs in sorted(passed, key=lambda cs: cs.step.order))
        summary += f"；{kept}的结果保留（补正不改变公示名单，无需重新公示）"
    _event(case=case, actor=actor, action="case_return", summary=summary)
    target.refresh_from_db()
    return target
