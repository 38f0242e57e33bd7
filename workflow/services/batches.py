"""County batch approval (issue 6 item 7): the county approver approves or rejects many cases at their county
approval step with one document number (批复文号) and date, all or nothing.

Every case goes through the one transition service (services.cases.case_act), in one transaction: the households
and then the cases are locked, each in primary-key order (services.case_locks: neither two batches over overlapping
cases nor a batch and a household's edit deadlock), then every case is checked against the version its page was
rendered with; if any case changed, nothing is written and the error names each such case. The household data as
approved is snapshotted into the batch."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.scoping import user_scope_prefix
from config.errors import ApplicationError, Conflict
from workflow.choices import CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import Batch, BatchDecision, BatchItem, Case, CaseStep
from workflow.roles import acts_step
from workflow.services.approval_records import (
    DOCUMENT_NUMBER_LIMIT,
    MSG_DATE_FUTURE,
    MSG_TOO_LONG,
    approval_note,
    number_date,
    number_form_problem,
    number_on_file,
    record_checks,
    same_number,
)
from workflow.services.batch_fast import approve_plain, plain_cases
from workflow.services.batch_snapshots import case_snapshots
from workflow.services.case_locks import (
    PAGE,
    REASON_CHANGED,
    ReadBy,
    cases_lock,
    deadlock_retried,
    version_matches,
)
from workflow.services.case_locks import case_version as case_version  # re-exported for the batch queue
from workflow.services.cases import MSG_WRONG_ROLE, NOTE_LIMIT, case_act
from workflow.services.pass_rules import pass_refusals
from workflow.services.step_waits import WAIT_REASON, steps_waiting

MAX_CASES = 2000
MSG_NO_CASES = "请至少选择一户。"
MSG_TOO_MANY = f"一次最多审批 {MAX_CASES} 户，请分批办理。"
MSG_DUPLICATE = "同一案件被重复选择。"
MSG_DOCUMENT_REQUIRED = "请填写批复文号。"
MSG_NOTE_REQUIRED = "不予批准时请填写理由。"
MSG_BAD_DECISION = "审批结论无效。"
# Said to whoever read the versions (services.case_locks.ReadBy): a page's user, or an API client.
MSG_CONFLICT = "以下 {n} 户在{since}已发生变化，本批次未作任何审批，{recheck}：{names}"
MSG_REFUSED = "以下 {n} 户不符合批准条件，本批次未作任何审批：{names}。请取消勾选后重新提交，异议成立的可“不予批准”。"
TITLE_CONFLICT = "本批次未办理：以下农户已发生变化"
TITLE_REFUSED = "本批次未办理：以下农户不符合批准条件"
# A case the caller cannot see (outside the county, or none): not one that changed since the list was read.
MSG_FAILED = "以下农户不能在此审批，本批次未作任何审批：{names}"
TITLE_FAILED = "本批次未办理：以下农户不能在此审批"
REASON_MISSING = "案件不存在或不在您的管辖范围内"
REASON_CLOSED = "案件{status}"  # a closed status reads 已通过, 未通过 or 已撤回
# A county approval that asks no 批复文号 (Step.needs_approval_number unset) is no leading group's 批复 to batch.
REASON_NO_NUMBER = "“{step}”由{role}在案件页逐户审定，不填批复文号"
REASON_NOT_AT_APPROVAL = "当前不在县级审批环节（可能已由他人办理）"

DECISION_OUTCOME = {BatchDecision.APPROVE: Outcome.PASS, BatchDecision.REJECT: Outcome.REJECT}


@dataclass(frozen=True)
class CaseRef:
    """A selected case and the version (services.batches.case_version) its page was rendered with."""

    case_id: int
    version: str


class BatchConflict(ApplicationError):
    """Some selected cases changed, or a rule refuses them: nothing was written. extra["cases"]: [{id, head_name,
    reason}], extra["title"]. The API answers a refusal 400 and a change (BatchChanged) 409."""


class BatchChanged(BatchConflict, Conflict):
    """Some selected cases changed since the list was read (acted on meanwhile, closed): the stale-version refusal,
    a 409 on the API as a single case's (services.case_locks.CaseChanged)."""


def batch_validate(*, refs: list[CaseRef], decision: str, document_number: str, decided_on: dt.date, note: str) -> None:
    """The decision's own checks (not the cases'): also run before the confirmation page, so a missing reason is
    said before the approver confirms, not after."""
    errors: dict[str, str] = {}
    if not refs:
        errors["cases"] = MSG_NO_CASES
    elif len(refs) > MAX_CASES:
        errors["cases"] = MSG_TOO_MANY
    elif len({ref.case_id for ref in refs}) != len(refs):
        errors["cases"] = MSG_DUPLICATE
    if decision not in BatchDecision.values:
        errors["decision"] = MSG_BAD_DECISION
    if not document_number:
        errors["document_number"] = MSG_DOCUMENT_REQUIRED
    elif len(document_number) > DOCUMENT_NUMBER_LIMIT:
        errors["document_number"] = MSG_TOO_LONG.format(limit=DOCUMENT_NUMBER_LIMIT)
    elif problem := number_form_problem(document_number):
        errors["document_number"] = problem
    if len(note) > NOTE_LIMIT:
        errors["note"] = MSG_TOO_LONG.format(limit=NOTE_LIMIT)
    if decided_on > timezone.localdate():
        errors["decided_on"] = MSG_DATE_FUTURE
    if decision == BatchDecision.REJECT and not note:
        errors["note"] = MSG_NOTE_REQUIRED
    if errors:
        raise ValidationError(errors)


def batch_date(*, actor: Any, document_number: str, decided_on: dt.date | None) -> dt.date:
    """The batch's 批复日期 as a single approval's (approval_records.single_decision): the one given, else its
    number's earlier batches' (adding households to an older 批复 needs no date typed), else today."""
    if decided_on is not None:
        return decided_on
    document_number = (document_number or "").strip()
    if not document_number:
        return timezone.localdate()
    return number_date(user_scope_prefix(actor) or "", document_number)


def batch_precheck(*, actor: Any, refs: list[CaseRef], document_number: str, decided_on: dt.date) -> list[Batch]:
    """batch_decide's checks of the 批复 before the confirmation page, on the cases as they stand (unlocked: the
    decision checks again). Returns the batches recorded before under the same number and date, which the
    confirmation says the batch joins."""
    prefix = user_scope_prefix(actor) or ""
    ids = [ref.case_id for ref in refs]
    cases = list(Case.objects.visible_to(actor).select_related("household").filter(pk__in=ids))
    steps = {
        cs.case_id: cs
        for cs in CaseStep.objects.select_related("step").filter(
            case__in=cases, step__kind=StepKind.COUNTY_APPROVAL, status=CaseStepStatus.OPEN
        )
    }
    record_checks(prefix, cases, steps, document_number, decided_on)
    return list(same_number(prefix, document_number))


def selection_problems(
    actor: Any,
    refs: list[CaseRef],
    cases: dict[int, Case],
    steps: dict[int, CaseStep],
    *,
    stale: Callable[[Case, CaseStep | None, str, ReadBy], str],
    read_by: ReadBy,
) -> list[dict]:
    """What keeps each selected case out of a batch (this one and the township's, services.township_batch): out of
    the actor's scope or gone, closed, else what `stale` says changed since the page was rendered (given the case,
    its step from `steps`, the version the page had and who read it; "" for nothing). A wrong role is not a change:
    it refuses the whole batch."""
    visible = set(Case.objects.visible_to(actor).filter(pk__in=list(cases)).values_list("pk", flat=True))
    problems = []
    for ref in refs:
        case = cases.get(ref.case_id)
        if case is None or case.pk not in visible:
            # Nothing about a case out of scope is told, not even its household's name.
            problems.append({"id": ref.case_id, "head_name": f"案件{ref.case_id}", "reason": REASON_MISSING})
            continue
        case_step = steps.get(case.pk)
        if case.status != CaseStatus.OPEN:
            reason = REASON_CLOSED.format(status=CaseStatus(case.status).label)
        else:
            reason = stale(case, case_step, ref.version, read_by)
        if reason:
            problems.append(
                {"id": case.pk, "head_name": case.household.head_name or case.household.number, "reason": reason}
            )
        elif case_step is not None and not acts_step(actor, case_step.step.role):
            step = case_step.step
            raise PermissionDenied(MSG_WRONG_ROLE.format(step=step.name, role=step.get_role_display()))
    return problems


def _approval_changed(case: Case, case_step: CaseStep | None, version: str, read_by: ReadBy) -> str:
    """An open case no longer at its county approval (someone approved it alone), or changed otherwise."""
    if case_step is None or case_step.status != CaseStepStatus.OPEN:
        return REASON_NOT_AT_APPROVAL
    return read_by.say(REASON_CHANGED) if not version_matches(case, version) else ""


def _numberless(ids: list[int], cases: dict[int, Case], steps: dict[int, CaseStep]) -> list[dict]:
    """The selected cases whose open approval asks no 批复文号: decided one by one on their page (services.cases)."""
    return [
        {
            "id": case_id,
            "head_name": cases[case_id].household.head_name or cases[case_id].household.number,
            "reason": REASON_NO_NUMBER.format(step=step.name, role=step.get_role_display()),
        }
        for case_id in ids
        if case_id in steps and not (step := steps[case_id].step).needs_approval_number
    ]


def _conflict(problems: list[dict], *, refused: bool = False, read_by: ReadBy = PAGE) -> BatchConflict:
    """`refused`: the cases are as the page showed them, but a rule of their own refuses them (services.pass_rules)."""
    names = "；".join(f"{p['head_name']}（{p['reason']}）" for p in problems)
    if refused:
        return BatchConflict(
            MSG_REFUSED.format(n=len(problems), names=names), extra={"cases": problems, "title": TITLE_REFUSED}
        )
    # A case the caller never could see is bad input (400), not a change since the list was read (409): it is said
    # as a case that cannot be approved here, not as one that "已发生变化" (as services.township_batch says it).
    if any(p["reason"] == REASON_MISSING for p in problems):
        return BatchConflict(MSG_FAILED.format(names=names), extra={"cases": problems, "title": TITLE_FAILED})
    message = read_by.say(MSG_CONFLICT, n=len(problems), names=names)
    return BatchChanged(message, extra={"cases": problems, "title": TITLE_CONFLICT})


def _refusals(cases: list[Case], steps: dict[int, CaseStep], outcome: str) -> list[dict]:
    """The cases a decision would refuse one by one (the rules of services.cases.case_act, services.pass_rules): an
    approval step that waits (a green channel's, before the township's audit: services.step_waits) for any
    decision, and an approval's own rules."""
    waiting = steps_waiting([steps[case.pk].pk for case in cases if case.pk in steps])
    refusals = {case_step.case_id: WAIT_REASON for case_step in steps.values() if case_step.pk in waiting}
    if outcome == Outcome.PASS:
        refusals = {**pass_refusals(cases, steps, timezone.localdate()), **refusals}
    return [
        {"id": case.pk, "head_name": case.household.head_name or case.household.number, "reason": refusals[case.pk]}
        for case in cases
        if case.pk in refusals
    ]


@deadlock_retried
@transaction.atomic
def batch_decide(
    *,
    actor: Any,
    refs: list[CaseRef],
    decision: str,
    document_number: str,
    decided_on: dt.date | None,
    note: str = "",
    read_by: ReadBy = PAGE,
) -> Batch:
    """Approve or reject every selected case with one 批复, or none (BatchConflict naming each case and why, in the
    words of `read_by`: the page's user or the API client that read the versions). No 批复日期: batch_date's."""
    document_number, note = (document_number or "").strip(), (note or "").strip()
    decided_on = batch_date(actor=actor, document_number=document_number, decided_on=decided_on)
    batch_validate(refs=refs, decision=decision, document_number=document_number, decided_on=decided_on, note=note)
    prefix = user_scope_prefix(actor)
    if prefix is None:
        raise PermissionDenied(REASON_MISSING)
    ids = sorted(ref.case_id for ref in refs)
    # The households, then the cases, each in primary-key order: two batches over overlapping cases queue instead
    # of deadlocking, and so does a household edit (case_act locks again, a no-op for rows this transaction holds).
    cases = cases_lock(ids, "household", "household__village", "household__village__parent", "procedure")
    steps = {
        cs.case_id: cs
        for cs in CaseStep.objects.select_related("step").filter(case_id__in=ids, step__kind=StepKind.COUNTY_APPROVAL)
    }
    problems = selection_problems(actor, refs, cases, steps, stale=_approval_changed, read_by=read_by)
    if problems:
        raise _conflict(problems, read_by=read_by)
    if numberless := _numberless(ids, cases, steps):
        names = "；".join(f"{p['head_name']}（{p['reason']}）" for p in numberless)
        raise BatchConflict(MSG_FAILED.format(names=names), extra={"cases": numberless, "title": TITLE_FAILED})

    record_checks(prefix, list(cases.values()), steps, document_number, decided_on)
    # A number on file in another spelling is recorded as on file (services.approval_records.number_on_file).
    document_number = number_on_file(prefix, document_number)
    outcome = DECISION_OUTCOME[BatchDecision(decision)]
    refused = _refusals([cases[case_id] for case_id in ids], steps, outcome)
    if refused:
        raise _conflict(refused, refused=True)
    step_note = approval_note(document_number, note, decided_on)
    # Plain cases in a few statements for the whole batch; the rest one by one through case_act.
    plain = plain_cases([cases[case_id] for case_id in ids], steps, outcome)
    acted = approve_plain(actor=actor, cases=plain, steps=steps, note=step_note, decided_on=decided_on)
    done = {case.pk for case in acted}
    for case_id in ids:
        case = cases[case_id]
        if case_id in done:
            continue
        try:
            case_act(
                actor=actor,
                case=case,
                step_code=steps[case_id].step.code,
                outcome=outcome,
                # Either decision writes its number and date at the head of the note itself (records_decision).
                note=note,
                document_number=document_number,
                decided_on=decided_on,
                batch=True,
            )
        except (ApplicationError, ValidationError) as error:
            # A rule of the case itself (e.g. the household lost its labour capacity during an exit): the whole
            # batch is refused and the transaction rolls back what the cases before it did.
            message = error.message if isinstance(error, ApplicationError) else "；".join(error.messages)
            name = case.household.head_name or case.household.number
            raise _conflict([{"id": case_id, "head_name": name, "reason": message}], refused=True) from error
        acted.append(case)

    batch = Batch.objects.create(
        decision=decision,
        document_number=document_number,
        decided_on=decided_on,
        note=note,
        region_path=prefix,
        actor=actor,
        count=len(acted),
    )
    snapshots = case_snapshots(acted)
    BatchItem.objects.bulk_create(
        [BatchItem(batch=batch, case=case, region_path=case.region_path, snapshot=snapshots[case.pk]) for case in acted]
    )
    audit_record(
        actor=actor,
        action="workflow.batch_decide",
        summary=f"批量审批（{batch.get_decision_display()}）{len(acted)} 户，批复文号 {document_number}",
        target=batch,
        region_path=prefix,
        after={"case_ids": ids, "decided_on": decided_on.isoformat()},
    )
    return batch
