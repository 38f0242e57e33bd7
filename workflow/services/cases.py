"""The one state machine of cases (STYLE.md habit 4): opening a case and acting on its steps.

Every move locks the case's household, then the case row (services.case_locks: one order everywhere), checks the
actor's role and scope and the step is open, then records the step and moves the case on (services.case_moves: the
next stage, or its close), writing the case event, the audit event and — when the case closes — the household's
history row, in one transaction. Follow-ups on commit."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.scoping import user_scope_prefix
from config.errors import ApplicationError
from households.models import Household
from households.services.common import ensure_can_edit, record_event
from workflow.advisories import decision_advisories
from workflow.choices import WITHDRAW_PREFIX, CaseKind, CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseEvent, CaseStep, Step
from workflow.roles import acts_step
from workflow.selectors import case_withdrawable
from workflow.services.application_followup import follow_new_case
from workflow.services.approval_records import (  # noqa: F401 (MSG_DOCUMENT_NUMBER is read from here too)
    DOCUMENT_NUMBER_LIMIT,
    MSG_DOCUMENT_NUMBER,
    MSG_TOO_LONG,
    approval_note,
    decision_number_problem,
    records_decision,
    single_batch_record,
    single_decision,
)
from workflow.services.attachments import upload_check
from workflow.services.case_locks import PAGE, ReadBy, case_lock, deadlock_retried, version_check
from workflow.services.case_moves import _close, _record
from workflow.services.case_opening import (
    MSG_BAD_CHOICE,
    MSG_OPEN_EXISTS,
    open_refusal,
    opening_kind,
    opening_summary,
    procedure_for,
    take_up_screening_hit,
    unsecure_declared,
    validate_open,
)
from workflow.services.case_records import _event, _open_stage, _stages
from workflow.services.case_return import outcome_words, return_check
from workflow.services.outcome_rules import act_refusals, approval_passed, reject_revokes
from workflow.services.outcomes import case_outcome_revoke
from workflow.services.pass_rules import (  # noqa: F401 (the messages are read from here too)
    MSG_COMPARISON_FIRST,
    MSG_GREEN_TOWNSHIP_FIRST,
    MSG_LATE_OBJECTION_OPEN,
    MSG_OBJECTION_OPEN,
    MSG_PUBLICITY_RUNNING,
    MSG_PUBLICITY_UNPOSTED,
)
from workflow.services.proposers import exit_proposer_refusal
from workflow.services.review_rules import (  # noqa: F401 (MSG_REVIEW_EVIDENCE is read from here too)
    MSG_REVIEW_EVIDENCE,
    review_evidence_message,
    review_minutes_missing,
    reviews_in,
)
from workflow.services.skip_rules import skip_check
from workflow.services.step_waits import WAIT_REASON, opener_refusal, steps_waiting
from workflow.services.withdrawal import ensure_may_withdraw

MSG_CASE_CLOSED = "该案件已办结或已撤回，不能继续办理。"
MSG_NO_STEP = "该案件没有“{step}”环节。"
MSG_STEP_DONE = "“{step}”环节已由他人办理，请刷新后查看。"
MSG_STEP_NOT_YET = "尚未轮到“{step}”环节，请先完成前面的环节。"
MSG_WRONG_ROLE = "“{step}”环节须由{role}办理。"
MSG_OUT_OF_SCOPE = "该案件不在您的管辖范围内。"
MSG_NOTE_REQUIRED = "不通过时请填写理由。"
# A step's opinion goes into the case record's summary (CaseEvent.summary, 500 characters) after the step's name,
# its outcome and, for an approval, its 批复文号 and date (services.approval_records.approval_note).
NOTE_LIMIT = 300
WITHDRAW_REASON_LIMIT = 400  # with "撤回：" it fits the case record's 500 characters
SUMMARY_LIMIT = CaseEvent._meta.get_field("summary").max_length
MSG_AFTER_APPROVAL = "县级已审批同意，不能再退回；如有错误，请另行发起风险消除程序。"
MSG_NO_DOCUMENT_NUMBER = "“{step}”环节由{role}审定，不填批复文号。"

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
    channel: str = "",
    risk_types: list[str] | None = None,
    category: str = "",
    discovered_on: dt.date | None = None,
    national_risk_types: list[str] | None = None,
    confirm_advisories: bool = False,
    no_measure_reason: str = "",
) -> Case:
    ensure_can_edit(actor, household.region_path)
    if kind == CaseKind.EXIT and (refusal := exit_proposer_refusal(actor)):
        raise PermissionDenied(refusal)  # the village proposes an exit (services.proposers)
    no_measure_reason = no_measure_reason.strip() if kind == CaseKind.EXIT else ""
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
        confirm_advisories=confirm_advisories,  # an exit's (services.case_opening.unconfirmed_advisories)
        no_measure_reason=no_measure_reason,  # an exit's with no measure in place (services.exit_rules)
    )
    # Lock the household so two cadres opening cases at once are serialised.
    household = Household.objects.select_for_update().get(pk=household.pk)
    kind = opening_kind(household, kind)
    if refusal := open_refusal(household, kind):
        raise ApplicationError(refusal)
    procedure = procedure_for(household, kind)
    steps = list(procedure.steps.order_by("order"))
    try:
        with transaction.atomic():
            case = Case.objects.create(
                kind=kind,
                household=household,
                procedure=procedure,
                # An exit is proposed, not discovered: no discovery channel. It records the category and risks the
                # household is monitored under, the ones it closes (a later re-mark changes the household's).
                channel=channel if kind != CaseKind.EXIT else "",
                risk_types=risk_types if kind != CaseKind.EXIT else list(household.risk_types),
                national_risk_types=national,
                category=category if kind != CaseKind.EXIT else household.monitoring_category,
                discovered_on=discovered_on,
                no_measure_reason=no_measure_reason,
                region_path=household.region_path,
                opened_by=actor,
            )
    except IntegrityError as error:
        raise ApplicationError(MSG_OPEN_EXISTS.format(kind=CaseKind(kind).label)) from error
    CaseStep.objects.bulk_create([CaseStep(case=case, step=step) for step in steps])
    _open_stage(case, _stages(steps)[0])
    summary = opening_summary(case)
    # The history row of the household (an unsafe house or water declared); the case event is the act's audit event
    # and names the row (services.guarantee_restore reads what the opening switched off from it).
    changes = unsecure_declared(household, case)
    history = record_event(
        actor=actor,
        household=household,
        action="workflow.case_open",
        target=case,
        summary=summary,
        changes=changes,
        audited=True,
    )
    _event(case=case, actor=actor, action="case_open", summary=summary, detail={"household_event": history.pk})
    if case.kind != CaseKind.EXIT:
        # Whatever the channel: a case opened as a screening hit outside the worklist (the API, a seeded county)
        # takes its hit off the worklist too; one opened from the worklist has proposed it already.
        take_up_screening_hit(actor=actor, case=case)
    # A self-application whose identification case was withdrawn follows the household's new one.
    follow_new_case(actor=actor, case=case)
    return case


def _ensure_may_act(actor: Any, case: Case, step: Step) -> None:
    prefix = user_scope_prefix(actor)
    if prefix is None or not case.region_path.startswith(prefix):
        raise PermissionDenied(MSG_OUT_OF_SCOPE)
    if not acts_step(actor, step.role):
        raise PermissionDenied(MSG_WRONG_ROLE.format(step=step.name, role=step.get_role_display()))


def _actable_step(actor: Any, case: Case, step_code: str) -> CaseStep:
    """The case's step the actor may act on now, or the refusal: out of scope, another role's, closed, done."""
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
    # Open but not the county's yet (it acts after the township), or a green channel's audit by its own opener
    # (services.step_waits), whatever the outcome.
    if refusal := WAIT_REASON if steps_waiting([case_step.pk]) else opener_refusal(actor, case, step):
        raise ApplicationError(refusal)
    return case_step


def _actable_step_as_read(
    actor: Any, case: Case, step_code: str, expected_version: str = "", read_by: ReadBy = PAGE
) -> CaseStep:
    """_actable_step, for a page (or API client) that read the case at `expected_version`: a case changed since is
    refused as changed (MSG_CHANGED) before what its step's state now refuses — a page opened before the case was
    returned to the village is told so, not that the step is "not yet" its turn. Scope and role are said first."""
    try:
        case_step = _actable_step(actor, case, step_code)
    except ApplicationError:
        version_check(case, expected_version, read_by)
        raise
    version_check(case, expected_version, read_by)
    return case_step


def act_refusal(*, actor: Any, case: Case, step_code: str, expected_version: str = "") -> str:
    """Why the actor may not act on the step now, in case_act's words ("" when they may): the case page says it to
    a submission from a form rendered before someone else acted (a stale tab) instead of dropping it; with the
    version the form was rendered with, a case changed since is said to have changed (MSG_CHANGED)."""
    case = Case.objects.get(pk=case.pk)
    try:
        _actable_step_as_read(actor, case, step_code, expected_version)
    except ApplicationError as error:
        return error.message
    except PermissionDenied as error:
        return str(error)
    return ""


@deadlock_retried
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
    decided_on: dt.date | None = None,
    batch: bool = False,
    expected_version: str = "",
    read_by: ReadBy = PAGE,
) -> Case:
    """Act on an open step. A county approval that passes or refuses carries its 批复文号 (DOMAIN.md "People": the
    leading group's final approval with a document number; services.approval_records.records_decision: a 批复 either
    way), written at the head of the step's note as a batch writes it, and is recorded as a one-case batch
    (services.approval_records: dated `decided_on` if given, else found) unless a `batch` (services.batches, passing
    its `decided_on`) records it. A village review is a meeting (seed 000
    §三(三)2, 003 §二2(4)): it passes through the meeting page (services.meetings, which passes `meeting` and counts
    the votes) or with its minutes attached, never on a cadre's word: either way with the minutes on file.
    `expected_version`: the case's version (services.case_locks.case_version) the page was rendered with; a case
    changed since (returned and passed again to this very step, say) is refused with CaseChanged, said to `read_by`.
    A county approval whose step asks no number (Step.needs_approval_number unset: 001 §五, the county bureau's
    审定) passes with none, dated the day it is recorded, and no batch; a number or date given to it is refused."""
    note = (note or "").strip()
    document_number = (document_number or "").strip()
    if len(document_number) > DOCUMENT_NUMBER_LIMIT:
        raise ValidationError({"document_number": MSG_TOO_LONG.format(limit=DOCUMENT_NUMBER_LIMIT)})
    case = case_lock(case.pk, "household", "procedure")
    case_step = _actable_step_as_read(actor, case, step_code, expected_version, read_by)
    step = case_step.step
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": MSG_BAD_CHOICE})
    if outcome == Outcome.REJECT and not note:
        raise ValidationError({"note": MSG_NOTE_REQUIRED})
    skip_check(case=case, step=step, outcome=outcome, note=note, today=timezone.localdate())
    if outcome == Outcome.RETURN:
        return_check(case=case, case_step=case_step, note=note)
    # A publicity that is the village's review too (001 §三 村级评议公示, Step.with_review) needs the minutes as well.
    minutes = attachment if meeting is None else meeting.minutes
    if reviews_in(step) and review_minutes_missing(passes=outcome == Outcome.PASS, minutes=minutes):
        raise ValidationError({"attachment": review_evidence_message(step)})
    opinion = note
    if step.kind == StepKind.COUNTY_APPROVAL and not step.needs_approval_number and document_number:
        raise ValidationError(
            {"document_number": MSG_NO_DOCUMENT_NUMBER.format(step=step.name, role=step.get_role_display())}
        )
    deciding = records_decision(step, outcome)
    # None typed, or no document number: it prints on the 公告 and the 批复's records, for good.
    if deciding and (problem := decision_number_problem(document_number)):
        raise ValidationError({"document_number": problem})
    if not batch:  # the 批复 of a single decision: its number as on file, its date given (checked) or found
        single = {"deciding": deciding, "number": document_number, "on": decided_on}
        document_number, decided_on = single_decision(actor=actor, case=case, case_step=case_step, **single)
    if deciding:
        note = approval_note(document_number, note, decided_on)
    # The case's record keeps the opinion whole after the step, its outcome and any 批复文号 (CaseEvent.summary):
    # what the pages and the API let through (NOTE_LIMIT) always fits; a service's composed note is checked here.
    room = SUMMARY_LIMIT - len(f"{step.name}：{outcome_words(step, outcome)}，") - (len(note) - len(opinion))
    if len(opinion) > room:
        raise ValidationError({"note": MSG_TOO_LONG.format(limit=max(room, 0))})
    upload_check(attachment, "attachment")
    # A pass by the rules a county batch approval applies too (services.pass_rules); after the county's approval
    # only a green channel's owed step may still refuse, revoking the inclusion. A meeting asks the same beforehand.
    today = timezone.localdate()
    if refusal := act_refusals([case], {case.pk: case_step}, {case.pk: outcome}, today).get(case.pk):
        raise ApplicationError(refusal)
    revoke = outcome == Outcome.REJECT and reject_revokes(case, step, approval_passed(case))
    # What the page told the township or county deciding an exit (its advisories) is kept with the decision.
    advised = decision_advisories([case], {case.pk: case_step}, today).get(case.pk)
    case = _record(
        actor=actor,
        case=case,
        case_step=case_step,
        outcome=outcome,
        note=note,
        attachment=attachment,
        on=decided_on,
        advisories=advised,
    )
    if deciding and not batch:
        single_batch_record(
            actor=actor,
            prefix=user_scope_prefix(actor) or "",
            case=case,
            outcome=outcome,
            document_number=document_number,
            decided_on=decided_on or timezone.localdate(),
            note=opinion,
        )
    if revoke:
        case_outcome_revoke(actor=actor, case=case, step_name=step.name)
    return case


def case_note(*, actor: Any, case: Case, summary: str) -> None:
    """A note in the case's record (and the audit log) by another service acting on the case, e.g. a farmer's
    self-application joined to it; the caller holds the transaction."""
    _event(case=case, actor=actor, action="case_note", summary=summary)


@transaction.atomic
def case_withdraw(*, actor: Any, case: Case, note: str) -> Case:
    """The case's opener (or its village, for a village-opened case: services.withdrawal) withdraws an open case
    before the county's approval: opened by mistake (the wrong household, kind or category), or the household's
    risk resolved at once. The township and county decide at their own steps (不通过, 退回村级补正)."""
    case = case_lock(case.pk, "household", "opened_by")
    ensure_can_edit(actor, case.region_path)
    ensure_may_withdraw(actor, case)
    if case.status != CaseStatus.OPEN:
        raise ApplicationError(MSG_CASE_CLOSED)
    if not case_withdrawable(case):
        raise ApplicationError(MSG_AFTER_APPROVAL)
    if not (note or "").strip():
        raise ValidationError({"note": "请填写撤回理由。"})
    if len(note.strip()) > WITHDRAW_REASON_LIMIT:
        raise ValidationError({"note": MSG_TOO_LONG.format(limit=WITHDRAW_REASON_LIMIT)})
    _event(case=case, actor=actor, action="case_note", summary=f"{WITHDRAW_PREFIX}{note.strip()}")
    _close(case=case, actor=actor, status=CaseStatus.WITHDRAWN)
    return case
