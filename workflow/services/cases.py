"""The one state machine of cases (STYLE.md habit 4): opening a case and acting on its steps.

Every move locks the case row (SELECT ... FOR UPDATE), checks the actor's role and scope and that the step is
open, records the step, opens the next stage and writes the case event, the audit event and — when the case
closes — the household's history row, all in one transaction. Follow-ups are sent on commit."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.scoping import user_scope_prefix
from config.errors import ApplicationError
from households.labour import has_no_labour
from households.models import Household
from households.services.common import ensure_can_edit, record_event
from workflow.choices import WITHDRAW_PREFIX, CaseKind, CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseStep, DepartmentComparison, Objection, Step
from workflow.roles import acts_step
from workflow.selectors import case_withdrawable
from workflow.services.attachments import upload_check
from workflow.services.case_opening import (
    MSG_BAD_CHOICE,
    MSG_EXIT_NO_LABOUR,
    check_household_state,
    procedure_for,
    risk_eliminated,
    take_up_screening_hit,
    validate_open,
)
from workflow.services.case_records import _event, _open_stage, _stages, step_history_row
from workflow.services.case_return import return_check, return_to_village
from workflow.services.outcomes import case_outcome_apply, case_outcome_revoke
from workflow.signals import case_closed

MSG_OPEN_EXISTS = "该户已有办理中的“{kind}”案件，请勿重复发起。"
MSG_CASE_CLOSED = "该案件已办结或已撤回，不能继续办理。"
MSG_NO_STEP = "该案件没有“{step}”环节。"
MSG_STEP_DONE = "“{step}”环节已由他人办理，请刷新后查看。"
MSG_STEP_NOT_YET = "尚未轮到“{step}”环节，请先完成前面的环节。"
MSG_WRONG_ROLE = "“{step}”环节须由{role}办理。"
MSG_OUT_OF_SCOPE = "该案件不在您的管辖范围内。"
MSG_CANNOT_SKIP = "“{step}”环节不能免办。"
MSG_NOTE_REQUIRED = "不通过时请填写理由。"
MSG_AFTER_APPROVAL = "县级已审批同意，不能再退回；如有错误，请另行发起风险消除程序。"
MSG_PUBLICITY_RUNNING = "“{step}”公示期至{ends_on}，期满后方可办理通过。"
MSG_PUBLICITY_UNPOSTED = "请先登记公示张贴日期（公示自张贴之日起不少于{days}天）。"
MSG_OBJECTION_OPEN = "“{step}”有尚未核实或经核实成立的异议，不能通过；异议成立的请办理“不通过”。"
MSG_COMPARISON_FIRST = "请先在“录入部门比对结果”中逐人录入比对结果，“{step}”随比对结果办理。"
MSG_SKIP_OBJECTION = "公示期间有异议的，不能免于比对。"
MSG_DOCUMENT_NUMBER = "县级审批通过须填写批复文号。"
MSG_REVIEW_EVIDENCE = (
    "村级评议须召开会议：请通过“召开民主评议会议”登记到会人员和表决结果，或上传评议会议记录（照片或扫描件）。"
)
MSG_GREEN_TOWNSHIP_FIRST = "绿色通道案件须先经乡镇审核通过，再由县级审批。"

MSG_LATE_OBJECTION_OPEN = "“{step}”公示期间收到的异议尚未核实或经核实成立，本案暂不能通过；异议成立的请办理“不通过”。"
OUTCOME_LABELS = {
    Outcome.PASS: "通过",
    Outcome.REJECT: "不通过",
    Outcome.SKIP: "免于比对",
    Outcome.RETURN: "退回村级补正",
}


@transaction.atomic
def case_open(
    *,
    actor: Any,
    household: Household,
    kind: str,
    channel: str,
    risk_types: list[str] | None = None,
    category: str = "",
    discovered_on: dt.date | None = None,
    national_risk_types: list[str] | None = None,
) -> Case:
    ensure_can_edit(actor, household.region_path)
    risk_types = list(dict.fromkeys(risk_types or []))
    discovered_on = discovered_on or timezone.localdate()
    national = validate_open(
        household=household,
        kind=kind,
        channel=channel,
        risk_types=risk_types,
        category=category,
        discovered_on=discovered_on,
        national_risk_types=national_risk_types,
    )
    # Lock the household so two cadres opening cases at once are serialised.
    household = Household.objects.select_for_update().get(pk=household.pk)
    if kind == CaseKind.IDENTIFICATION and risk_eliminated(household):
        # A new risk of a household marked 风险消除 is a re-mark (000 §三(三)8), whichever channel found it
        # (screening hit, department alert, self-application, cadre visit).
        kind = CaseKind.REMARK
    if Case.objects.filter(household=household, kind=kind, status=CaseStatus.OPEN).exists():
        raise ApplicationError(MSG_OPEN_EXISTS.format(kind=CaseKind(kind).label))
    check_household_state(household, kind)
    procedure = procedure_for(household, kind)
    steps = list(procedure.steps.order_by("order"))
    try:
        with transaction.atomic():
            case = Case.objects.create(
                kind=kind,
                household=household,
                procedure=procedure,
                channel=channel,
                risk_types=risk_types if kind != CaseKind.EXIT else [],
                national_risk_types=national,
                category=category if kind != CaseKind.EXIT else "",
                discovered_on=discovered_on,
                region_path=household.region_path,
                opened_by=actor,
            )
    except IntegrityError as error:
        raise ApplicationError(MSG_OPEN_EXISTS.format(kind=CaseKind(kind).label)) from error
    CaseStep.objects.bulk_create([CaseStep(case=case, step=step) for step in steps])
    _open_stage(case, _stages(steps)[0])
    summary = f"发起{case.get_kind_display()}（{procedure.name}，{case.get_channel_display()}）"
    _event(case=case, actor=actor, action="case_open", summary=summary)
    # The history row of the household; the case event above is the act's audit event.
    record_event(
        actor=actor, household=household, action="workflow.case_open", target=case, summary=summary, audited=True
    )
    if case.kind != CaseKind.EXIT:
        # Whatever the channel: a case opened as a screening hit outside the worklist (the API, a seeded county)
        # takes its hit off the worklist too; one opened from the worklist has proposed it already.
        take_up_screening_hit(actor=actor, case=case)
    return case


def _ensure_may_act(actor: Any, case: Case, step: Step) -> None:
    prefix = user_scope_prefix(actor)
    if prefix is None or not case.region_path.startswith(prefix):
        raise PermissionDenied(MSG_OUT_OF_SCOPE)
    if not acts_step(actor, step.role):
        raise PermissionDenied(MSG_WRONG_ROLE.format(step=step.name, role=step.get_role_display()))


@transaction.atomic
def case_act(
    *,
    actor: Any,
    case: Case,
    step_code: str,
    outcome: str,
    note: str = "",
    attachment: Any = None,
    document_number: str = "",
    meeting: Any = None,
) -> Case:
    """Act on an open step. A county approval that passes carries its 批复文号 (DOMAIN.md "People": the leading
    group's final approval with a document number), written at the head of the step's note as a batch writes it. A
    village review is a meeting (seed 000 §三(三)2, 003 §二2(4)): it passes through the meeting page (services.meetings,
    which passes `meeting` and counts the votes) or with the meeting's minutes attached, never on a cadre's word."""
    note = (note or "").strip()
    document_number = (document_number or "").strip()
    case = Case.objects.select_for_update(of=("self",)).select_related("household", "procedure").get(pk=case.pk)
    try:
        case_step = CaseStep.objects.select_related("step").get(case=case, step__code=step_code)
    except CaseStep.DoesNotExist as error:
        raise ApplicationError(MSG_NO_STEP.format(step=step_code)) from error
    step = case_step.step
    _ensure_may_act(actor, case, step)
    if case.status != CaseStatus.OPEN:
        raise ApplicationError(MSG_CASE_CLOSED)
    if case_step.status in (CaseStepStatus.DONE, CaseStepStatus.SKIPPED):
        raise ApplicationError(MSG_STEP_DONE.format(step=step.name))
    if case_step.status != CaseStepStatus.OPEN:
        raise ApplicationError(MSG_STEP_NOT_YET.format(step=step.name))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": MSG_BAD_CHOICE})
    if outcome == Outcome.SKIP and not step.skippable_when_clear:
        raise ApplicationError(MSG_CANNOT_SKIP.format(step=step.name))
    if outcome == Outcome.REJECT and not note:
        raise ValidationError({"note": MSG_NOTE_REQUIRED})
    if outcome == Outcome.RETURN:
        return_check(case=case, case_step=case_step, note=note)
    if step.kind == StepKind.VILLAGE_REVIEW and outcome == Outcome.PASS and meeting is None and not attachment:
        raise ValidationError({"attachment": MSG_REVIEW_EVIDENCE})
    if step.kind == StepKind.COUNTY_APPROVAL and outcome == Outcome.PASS:
        if not document_number:
            raise ValidationError({"document_number": MSG_DOCUMENT_NUMBER})
        if document_number not in note:
            note = f"批复文号：{document_number}" + (f"，{note}" if note else "")
    upload_check(attachment, "attachment")
    if outcome == Outcome.PASS:
        # 000 §三(三)2/4: the days count from the posting (services.publicity); a notice nobody posted never ran.
        if step.kind == StepKind.PUBLICITY and case_step.posted_on is None:
            raise ApplicationError(MSG_PUBLICITY_UNPOSTED.format(days=step.days or 5))
        if case_step.publicity_running(timezone.localdate()):
            raise ApplicationError(MSG_PUBLICITY_RUNNING.format(step=step.name, ends_on=case_step.ends_on.isoformat()))
        if any(objection.blocks for objection in case_step.objections.all()):
            raise ApplicationError(MSG_OBJECTION_OPEN.format(step=step.name))
        _check_late_objections(case)
        if (
            step.kind == StepKind.DEPARTMENT_COMPARISON
            and not DepartmentComparison.objects.filter(case_step=case_step).exists()
        ):
            # 七严四甄别: a comparison passes only on the findings recorded per member (services.comparisons, which
            # also demands the signed consent); a clear risk may skip it where the procedure allows (001 §三).
            raise ApplicationError(MSG_COMPARISON_FIRST.format(step=step.name))
    approved_steps = CaseStep.objects.filter(
        case=case, step__kind=StepKind.COUNTY_APPROVAL, status=CaseStepStatus.DONE, outcome=Outcome.PASS
    )
    approved = approved_steps.select_related("step").first()
    # A green channel's owed review or publicity may still refuse after the county went ahead (001 §四: 先开展帮扶
    # 救助，后履行评议公示等认定程序): the inclusion is then revoked. Any other step after an approval may not.
    revoke = (
        approved is not None
        and outcome == Outcome.REJECT
        and case.green_channel
        and case.kind != CaseKind.EXIT
        and step.order < approved.step.order
    )
    if outcome == Outcome.REJECT and approved is not None and not revoke:
        raise ApplicationError(MSG_AFTER_APPROVAL)
    if outcome == Outcome.SKIP and Objection.objects.filter(case_step__case=case).exists():
        raise ApplicationError(MSG_SKIP_OBJECTION)
    if case.green_channel and step.kind == StepKind.COUNTY_APPROVAL and outcome == Outcome.PASS:
        # The county went ahead of the village (services.green_channel), never ahead of the township.
        # The township audit just before the approval, the one the green channel ran ahead (green_channel.ahead_steps).
        township = (
            CaseStep.objects.filter(case=case, step__kind=StepKind.TOWNSHIP_AUDIT, step__order__lt=step.order)
            .order_by("-step__order")
            .first()
        )
        if township is not None and township.status != CaseStepStatus.DONE:
            raise ApplicationError(MSG_GREEN_TOWNSHIP_FIRST)
    exit_approval = case.kind == CaseKind.EXIT and step.kind == StepKind.COUNTY_APPROVAL and outcome == Outcome.PASS
    if exit_approval and has_no_labour(case.household):
        # The household lost its labour capacity while the case ran: it stays monitored.
        raise ApplicationError(MSG_EXIT_NO_LABOUR)
    case = _record(actor=actor, case=case, case_step=case_step, outcome=outcome, note=note, attachment=attachment)
    if revoke:
        case_outcome_revoke(actor=actor, case=case, step_name=step.name)
    return case


def _check_late_objections(case: Case) -> None:
    """An objection received during a publicity but recorded after it passed (services.objections) reopens
    nothing; while it is open or upheld, no further step of the case may pass (a refusal or a return may)."""
    late = (
        Objection.objects.filter(case_step__case=case, case_step__status=CaseStepStatus.DONE)
        .filter(Q(resolved_at__isnull=True) | Q(upheld=True))
        .select_related("case_step__step")
        .first()
    )
    if late is not None:
        raise ApplicationError(MSG_LATE_OBJECTION_OPEN.format(step=late.case_step.step.name))


def _record(
    *, actor: Any, case: Case, case_step: CaseStep, outcome: str, note: str = "", attachment: Any = None
) -> Case:
    """Record a checked outcome on an open step and move the case on. The caller holds the case's row lock and
    has made every check; actor None is the system (services.deadlines), written as such in the records."""
    step = case_step.step
    now = timezone.now()
    # A returned step is done again once the village has corrected (services.case_return).
    statuses = {Outcome.SKIP: CaseStepStatus.SKIPPED, Outcome.RETURN: CaseStepStatus.PENDING}
    case_step.status = statuses.get(outcome, CaseStepStatus.DONE)
    case_step.acted_by = actor
    case_step.acted_at = now
    case_step.outcome = outcome
    case_step.note = note
    if attachment is not None:
        case_step.attachment = attachment
    case_step.save()
    summary = f"{step.name}：{OUTCOME_LABELS[outcome]}{('，' + note) if note else ''}"
    _event(case=case, actor=actor, action="case_act", summary=summary)
    step_history_row(case=case, actor=actor, summary=summary).save()

    if outcome == Outcome.RETURN:
        return_to_village(actor=actor, case=case, case_step=case_step, note=note)
        return case
    if outcome == Outcome.REJECT:
        _close(case=case, actor=actor, status=CaseStatus.REJECTED)
        return case
    if step.kind == StepKind.COUNTY_APPROVAL:
        # The county's approval is what changes the household; announcement and marking follow.
        case_outcome_apply(actor=actor, case=case)
    _advance(case=case, actor=actor)
    return case


def _advance(*, case: Case, actor: Any) -> None:
    steps = list(case.procedure.steps.order_by("order"))
    states = dict(CaseStep.objects.filter(case=case).values_list("step_id", "status"))
    finished = {CaseStepStatus.DONE, CaseStepStatus.SKIPPED}
    for stage in _stages(steps):
        statuses = {states[step.pk] for step in stage}
        if statuses <= finished:
            continue
        if CaseStepStatus.PENDING not in statuses:
            return  # the current stage still has an open step (a parallel one)
        names = "、".join(step.name for step in stage if states[step.pk] == CaseStepStatus.PENDING)
        _open_stage(case, stage)
        _event(case=case, actor=actor, action="step_open", summary=f"进入环节：{names}")
        return
    _close(case=case, actor=actor, status=CaseStatus.APPROVED)


def _close(*, case: Case, actor: Any, status: str) -> None:
    today = timezone.localdate()
    CaseStep.objects.filter(case=case, status__in=[CaseStepStatus.PENDING, CaseStepStatus.OPEN]).update(
        status=CaseStepStatus.SKIPPED
    )
    case.status = status
    case.closed_on = today
    case.save(update_fields=["status", "closed_on", "updated_at"])
    label = CaseStatus(status).label
    _event(case=case, actor=actor, action=f"case_{status}", summary=f"{case.get_kind_display()}案件办结：{label}")
    if status == CaseStatus.APPROVED:
        if not case.procedure.steps.filter(kind=StepKind.COUNTY_APPROVAL).exists():
            case_outcome_apply(actor=actor, case=case)  # e.g. Taogou: the district's filing is the decision
    else:
        record_event(
            actor=actor,
            household=case.household,
            action=f"workflow.case_{status}",
            target=case,
            summary=f"{case.get_kind_display()}案件办结：{label}",
            audited=True,  # by the case event above
        )
    case_id = case.pk
    transaction.on_commit(lambda: case_closed.send(sender=Case, case_id=case_id, status=status))


def case_note(*, actor: Any, case: Case, summary: str) -> None:
    """A note in the case's record (and the audit log) by another service acting on the case, e.g. a farmer's
    self-application joined to it; the caller holds the transaction."""
    _event(case=case, actor=actor, action="case_note", summary=summary)


@transaction.atomic
def case_withdraw(*, actor: Any, case: Case, note: str) -> Case:
    """The one who may edit the household withdraws an open case before the county's approval: opened by mistake
    (the wrong household, kind or category), or the household's risk resolved at once."""
    case = Case.objects.select_for_update(of=("self",)).select_related("household").get(pk=case.pk)
    ensure_can_edit(actor, case.region_path)
    if case.status != CaseStatus.OPEN:
        raise ApplicationError(MSG_CASE_CLOSED)
    if not case_withdrawable(case):
        raise ApplicationError(MSG_AFTER_APPROVAL)
    if not (note or "").strip():
        raise ValidationError({"note": "请填写撤回理由。"})
    _event(case=case, actor=actor, action="case_note", summary=f"{WITHDRAW_PREFIX}{note.strip()}")
    _close(case=case, actor=actor, status=CaseStatus.WITHDRAWN)
    return case
