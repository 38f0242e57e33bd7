"""Township batch audit (乡镇批量审核): township staff pass many cases at their township audit step
(StepKind.TOWNSHIP_AUDIT), or return them to the village (退回村级补正), with one opinion, all or nothing.

The county's batch approval (services.batches) is the model, and its choices are kept: the households and then the
cases are locked, each in primary-key order (services.case_locks: two staff submitting overlapping selections queue
instead of deadlocking, and so does a household's edit), every case is checked against the version its page was
rendered with (a case acted on meanwhile, in another tab or by a colleague, refuses the whole action and is named
with who acted), and the rules of a single audit are asked about every case before anything is written:
services.pass_rules for a pass, services.case_return.return_check for a return. A case a rule refuses is named with
its reason and nothing is written; the township unticks it and submits the rest. Each case then goes through
services.cases.case_act, so its step, case record, household history and audit event are exactly those of a single
audit; one more audit event records the batch itself."""

import datetime as dt
from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.scoping import user_scope_prefix
from config.errors import ApplicationError
from workflow.choices import CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseStep, Step
from workflow.roles import acting_roles, acts_step
from workflow.services.approval_records import MSG_TOO_LONG
from workflow.services.batches import (
    MSG_DUPLICATE,
    MSG_NO_CASES,
    REASON_MISSING,
    BatchChanged,
    BatchConflict,
    CaseRef,
    selection_problems,
)
from workflow.services.case_locks import (
    PAGE,
    REASON_CHANGED,
    ReadBy,
    cases_lock,
    deadlock_retried,
    version_matches,
)
from workflow.services.case_return import MSG_RETURN_NOTE_REQUIRED, return_check
from workflow.services.cases import NOTE_LIMIT, case_act
from workflow.services.pass_rules import pass_refusals
from workflow.services.procedures import procedures_in_scope
from workflow.services.step_waits import opener_refusal

MAX_CASES = 200  # a township's month is a few dozen cases; a larger selection is a mistake, not a workload
# The outcomes a township audit offers besides 不通过, which is a reason of its own for each household.
OUTCOME_LABELS = {Outcome.PASS: "通过", Outcome.RETURN: "退回村级补正"}
MSG_NOT_TOWNSHIP_AUDITOR = "乡镇审核环节由乡镇干部办理，您可以查看待审核名单，不能审核。"
MSG_TOO_MANY = f"一次最多审核 {MAX_CASES} 户，请分批办理。"
MSG_BAD_OUTCOME = "请选择“通过”或“退回村级补正”。"
# Said to whoever read the versions (services.case_locks.ReadBy): a page's user, or an API client.
MSG_CONFLICT = "以下 {n} 户在{since}已发生变化，本次未作任何审核，{recheck}：{names}"
MSG_REFUSED = "以下 {n} 户不能{action}，本次未作任何审核：{names}。请取消勾选后重新提交。"
TITLE_CONFLICT = "本次未办理：以下农户已发生变化"
TITLE_REFUSED = "本次未办理：以下农户不能{action}"
# A case the caller cannot see (another township's, or none): not one that changed since the list was read.
MSG_FAILED = "以下农户不能在此审核，本次未作任何审核：{names}"
TITLE_FAILED = "本次未办理：以下农户不能在此审核"
REASON_NOT_AT_AUDIT = "当前不在乡镇审核环节，{look}。"
# A green-channel case its viewer opened: theirs to see in the queue, not to tick (services.step_waits.opener_refusal).
REASON_OWN_GREEN = "本人发起的绿色通道案件，须由其他乡镇人员审核"
# The single step page's stale-tab message (services.cases.MSG_STEP_DONE), saying who acted.
REASON_DONE_BY = "“{step}”环节已由{who}办理，{look}。"
# What the township is told once done: a return names the step each case went back to, which is the procedure's
# village review or, without one, its household verification (services.case_return.return_check): not always a
# step called 村级评议.
MSG_DONE = "已{action} {n} 户乡镇审核。"
MSG_DONE_RETURN = "已退回 {n} 户，{where}重新办理，村级补正后重新报送乡镇审核。"
RETURN_WHERE = "退回至“{step}”环节"
RETURN_WHERE_SOME = "{n} 户退回至“{step}”环节"
AUDIT_ACTION = "workflow.township_batch_audit"


def open_audit_steps(case_ids: list[int]) -> dict[int, CaseStep]:
    """Each case's open township audit step (the first in the procedure's order, should two be open at once)."""
    steps: dict[int, CaseStep] = {}
    rows = (
        CaseStep.objects.select_related("step")
        .filter(case_id__in=case_ids, step__kind=StepKind.TOWNSHIP_AUDIT, status=CaseStepStatus.OPEN)
        .order_by("case_id", "step__order")
    )
    for case_step in rows:
        steps.setdefault(case_step.case_id, case_step)
    return steps


def audit_refusals(actor: Any, cases: list[Case], steps: dict[int, CaseStep]) -> dict[int, str]:
    """The cases whose open township audit the actor's role decides but the actor may not, whatever the outcome:
    the green-channel cases the actor opened (services.step_waits.opener_refusal), in the queue's words. The queue
    offers them greyed out with the reason, and the action refuses them by name before anything is written."""
    refusals = {}
    for case in cases:
        step = steps[case.pk].step if case.pk in steps else None
        if step is not None and acts_step(actor, step.role) and opener_refusal(actor, case, step):
            refusals[case.pk] = REASON_OWN_GREEN
    return refusals


def township_batch_validate(*, refs: list[CaseRef], outcome: str, note: str) -> None:
    """The action's own checks (not the cases'): also run before the confirmation page, so a missing note of a
    return is said before the township confirms."""
    errors: dict[str, str] = {}
    if not refs:
        errors["cases"] = MSG_NO_CASES
    elif len(refs) > MAX_CASES:
        errors["cases"] = MSG_TOO_MANY
    elif len({ref.case_id for ref in refs}) != len(refs):
        errors["cases"] = MSG_DUPLICATE
    if outcome not in OUTCOME_LABELS:
        errors["outcome"] = MSG_BAD_OUTCOME
    if len(note) > NOTE_LIMIT:
        errors["note"] = MSG_TOO_LONG.format(limit=NOTE_LIMIT)
    elif outcome == Outcome.RETURN and not note:
        errors["note"] = MSG_RETURN_NOTE_REQUIRED
    if errors:
        raise ValidationError(errors)


def _return_checks(cases: list[Case], steps: dict[int, CaseStep]) -> tuple[dict[int, str], dict[int, CaseStep]]:
    """services.case_return.return_check for each case: why it may not be returned to the village now (in its
    words), else the village step the return reopens. The opinion is checked once for the whole action
    (township_batch_validate), so a placeholder stands in for it."""
    refusals, targets = {}, {}
    for case in cases:
        try:
            targets[case.pk] = return_check(case=case, case_step=steps[case.pk], note="—")
        except ApplicationError as error:
            refusals[case.pk] = error.message
        except ValidationError as error:
            refusals[case.pk] = "；".join(error.messages)
    return refusals, targets


def return_refusals(cases: list[Case], steps: dict[int, CaseStep]) -> dict[int, str]:
    """Why each case may not be returned to the village now ("" for none: services.case_return.return_check)."""
    return _return_checks(cases, steps)[0]


def may_township_audit(actor: Any) -> bool:
    """Whether the actor acts a township audit step of a procedure in its scope: the batch page's ticks and buttons
    are theirs; anyone else (an official, the county) reads the queue only, and a post of theirs is refused before
    its form is read (ensure_may_township_audit), not told to tick a household."""
    steps = Step.objects.filter(
        kind=StepKind.TOWNSHIP_AUDIT, role__in=acting_roles(actor), procedure__in=procedures_in_scope(actor)
    )
    return steps.exists()


def ensure_may_township_audit(actor: Any) -> None:
    if not may_township_audit(actor):
        raise PermissionDenied(MSG_NOT_TOWNSHIP_AUDITOR)


def township_batch_message(*, outcome: str, cases: list[Case]) -> str:
    """What the township is told of a township_batch_audit done: how many it passed, or how many it returned and
    to which step (the `returned_to` the action set on each case)."""
    if outcome != Outcome.RETURN:
        return MSG_DONE.format(action=OUTCOME_LABELS[outcome], n=len(cases))
    counts = Counter(getattr(case, "returned_to", "") for case in cases)
    if len(counts) == 1:
        where = RETURN_WHERE.format(step=next(iter(counts)))
    else:
        where = "其中 " + "、".join(RETURN_WHERE_SOME.format(n=n, step=step) for step, n in counts.items())
    return MSG_DONE_RETURN.format(n=len(cases), where=where)


def _name(case: Case) -> str:
    return case.household.head_name or case.household.number


def _acted_since(case: Case, version: str, read_by: ReadBy) -> str:
    """Who acted on one of the case's township audits after the page was rendered (its version is the time of the
    case's last change), as the stale-tab reason says it; "" when nobody did."""
    try:
        since = dt.datetime.fromisoformat(version)
    except ValueError:
        since = None
    if since is not None and since.tzinfo is None:
        since = None  # not a version this app wrote
    done = CaseStep.objects.select_related("step", "acted_by").filter(
        case=case, step__kind=StepKind.TOWNSHIP_AUDIT, acted_at__isnull=False
    )
    if since is not None:
        done = done.filter(acted_at__gt=since)
    done = done.order_by("-acted_at").first()
    if done is None or done.acted_by is None:
        return ""
    who = done.acted_by.get_full_name() or done.acted_by.get_username()
    return read_by.say(REASON_DONE_BY, step=done.step.name, who=who)


def _audit_changed(case: Case, case_step: CaseStep | None, version: str, read_by: ReadBy) -> str:
    """An open case no longer at its township audit, or changed otherwise: said with who acted, where one did."""
    if case_step is not None and version_matches(case, version):
        return ""
    reason = REASON_NOT_AT_AUDIT if case_step is None else REASON_CHANGED
    return _acted_since(case, version, read_by) or read_by.say(reason)


def _conflict(problems: list[dict], *, outcome: str = "", read_by: ReadBy = PAGE) -> BatchConflict:
    """`outcome` given: the cases are as the page showed them, but a rule of their own refuses them."""
    names = "；".join(f"{p['head_name']}（{p['reason']}）" for p in problems)
    if outcome:
        action = OUTCOME_LABELS[outcome]
        message, title = MSG_REFUSED.format(n=len(problems), action=action, names=names), TITLE_REFUSED
        return BatchConflict(message, extra={"cases": problems, "title": title.format(action=action)})
    # A case the caller never could see is bad input (400), not a change since the list was read (409): it is said
    # as a case that cannot be audited here, not as one that "已发生变化" (as services.batch_announce says it).
    if any(p["reason"] == REASON_MISSING for p in problems):
        return BatchConflict(MSG_FAILED.format(names=names), extra={"cases": problems, "title": TITLE_FAILED})
    message = read_by.say(MSG_CONFLICT, n=len(problems), names=names)
    return BatchChanged(message, extra={"cases": problems, "title": TITLE_CONFLICT})


@deadlock_retried
@transaction.atomic
def township_batch_audit(
    *, actor: Any, refs: list[CaseRef], outcome: str, note: str = "", read_by: ReadBy = PAGE
) -> list[Case]:
    """Pass (or return to the village) every selected case at its open township audit step with one opinion, or
    none of them (BatchConflict naming each case and why, in the words of `read_by`: the page's user or the API
    client that read the versions). Returns the cases acted on, in primary-key order; a
    returned one with `returned_to`, the name of the village step it went back to (township_batch_message)."""
    note = (note or "").strip()
    township_batch_validate(refs=refs, outcome=outcome, note=note)
    prefix = user_scope_prefix(actor)
    if prefix is None:
        raise PermissionDenied(REASON_MISSING)
    ids = sorted(ref.case_id for ref in refs)
    # The households, then the cases, each in primary-key order: two staff submitting overlapping selections queue
    # instead of deadlocking; the second then finds the steps done and is told who did them (case_act locks again,
    # a no-op for rows held here).
    cases = cases_lock(ids, "household", "household__village", "procedure")
    steps = open_audit_steps(ids)
    problems = selection_problems(actor, refs, cases, steps, stale=_audit_changed, read_by=read_by)
    if problems:
        raise _conflict(problems, read_by=read_by)
    ordered = [cases[case_id] for case_id in ids]
    # The single audit's rules; for a return, return_check also gives the step each case goes back to.
    targets: dict[int, CaseStep] = {}
    if outcome == Outcome.RETURN:
        refusals, targets = _return_checks(ordered, steps)
    else:
        refusals = pass_refusals(ordered, steps, timezone.localdate())
    refusals |= audit_refusals(actor, ordered, steps)  # the opener's own green-channel case, whatever the outcome
    if refusals:
        refused = [{"id": c.pk, "head_name": _name(c), "reason": refusals[c.pk]} for c in ordered if c.pk in refusals]
        raise _conflict(refused, outcome=outcome)
    for case in ordered:
        try:
            case_act(actor=actor, case=case, step_code=steps[case.pk].step.code, outcome=outcome, note=note)
        except (ApplicationError, ValidationError) as error:
            # A rule the checks above do not foresee: the transaction rolls back the cases before this one.
            message = error.message if isinstance(error, ApplicationError) else "；".join(error.messages)
            raise _conflict([{"id": case.pk, "head_name": _name(case), "reason": message}], outcome=outcome) from error
        if case.pk in targets:
            # The step return_check chose is the one the return reopened (services.case_return.return_to_village).
            case.returned_to = targets[case.pk].step.name  # type: ignore[attr-defined]
    label = OUTCOME_LABELS[outcome]
    audit_record(
        actor=actor,
        action=AUDIT_ACTION,
        summary=f"乡镇批量审核（{label}）{len(ordered)} 户：{'、'.join(_name(case) for case in ordered)}",
        object_type="workflow.case",
        region_path=prefix,
        after={"case_ids": ids, "outcome": outcome, "note": note},
    )
    return ordered
