"""Township batch announcement (批量公告): after the county approves a list, the township records its 公告 (seed 000
§三(三)6 乡镇对县级批复的名单在乡村两级公告……录入、标识) for many cases at once — inclusions at 公告并标识, Yongxiu's
exits at 公告并标注风险消除 — with one 公告日期 and an optional note.

Modelled on the township batch audit (services.township_batch): households then cases are locked in primary-key
order (services.case_locks), each case is checked against the version its page was rendered with (a case acted on or
changed meanwhile refuses the whole action and is named), and each case passes through services.cases.case_act, so
its step, case record, household history and audit event are a single announcement's. Unlike the audit, a case the
single step's rules refuse (services.pass_rules) does not stop the others: it is left at its step and named with
its reason, and the rest pass in the one transaction. The 公告日期 is not in the future and not before any selected
case's 批复日期 (workflow.decisions.approval_date); it heads each step's note as "公告日期：YYYY-MM-DD" and is
kept in the record of each step's pass as a fact (CaseEvent.detail "announced_on", ISO), which the case page shows."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef
from django.utils import timezone

from accounts.audit import audit_record
from accounts.choices import Role
from accounts.scoping import user_scope_prefix
from config.errors import ApplicationError
from workflow.choices import CaseStepStatus, Outcome, StepKind
from workflow.decisions import approval_date
from workflow.models import Case, CaseEvent, CaseStep
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
from workflow.services.cases import NOTE_LIMIT, case_act
from workflow.services.pass_rules import pass_refusals

MAX_CASES = 200
MSG_TOO_MANY = f"一次最多公告 {MAX_CASES} 户，请分批办理。"
MSG_DATE_REQUIRED = "请填写公告日期。"
MSG_DATE_FUTURE = "公告日期不能晚于今天。"
MSG_DATE_BEFORE = "公告日期 {day} 早于以下农户的县级批复日期，请核对：{names}"
MSG_DATE_NOT_HERE = "公告日期只在乡镇办理公告环节“通过”时填写，本环节不填。"
# A case that never reached its announcement (still before the county's approval, say) is bad input, not a change
# since the list was read; one announced by someone else since is such a change. Either is said as what it is.
REASON_NOT_AT_ANNOUNCEMENT = "该户案件不在公告环节"
REASON_ANNOUNCED = "该户已办理公告"
NOTE_HEAD = "公告日期：{day}"
MSG_CONFLICT = "以下 {n} 户在{since}已发生变化，本次未作任何公告，{recheck}：{names}"
TITLE_CONFLICT = "本次未办理：以下农户已发生变化"
MSG_FAILED = "以下农户不能办理公告，本次未作任何公告：{names}"
TITLE_FAILED = "本次未办理：以下农户不能办理公告"
MSG_DONE = "已办理 {n} 户公告。"
MSG_SKIPPED = "以下 {n} 户不能办理，未作公告：{names}"
AUDIT_ACTION = "workflow.batch_announce"
# The township's own announcement steps; a district's 区级备案公告 (Taogou) is its decision, made by the district.
ANNOUNCING_ROLE = Role.TOWNSHIP_OFFICER


@dataclass
class AnnounceResult:
    done: list[Case] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)  # [{id, head_name, reason}], left at their step


def open_announcement_steps(case_ids: list[int]) -> dict[int, CaseStep]:
    """Each case's open township announcement step (the first in the procedure's order)."""
    steps: dict[int, CaseStep] = {}
    rows = (
        CaseStep.objects.select_related("step")
        .filter(
            case_id__in=case_ids,
            step__kind=StepKind.ANNOUNCEMENT,
            step__role=ANNOUNCING_ROLE,
            status=CaseStepStatus.OPEN,
        )
        .order_by("case_id", "step__order")
    )
    for case_step in rows:
        steps.setdefault(case_step.case_id, case_step)
    return steps


def approval_dates(case_ids: list[int]) -> dict[int, dt.date]:
    """Each case's 批复日期 (workflow.decisions.approval_date: the batch's, else the day the approval was recorded)."""
    rows = Case.objects.filter(pk__in=case_ids).annotate(approved=approval_date(pk=OuterRef("pk")))
    return {pk: day for pk, day in rows.values_list("pk", "approved") if day is not None}


def announce_note(announced_on: dt.date, note: str) -> str:
    head = NOTE_HEAD.format(day=announced_on.isoformat())
    return head + (f"，{note}" if note else "")


def announced_fact(case_step: CaseStep, announced_on: dt.date) -> None:
    """The 公告日期 in the structured facts (CaseEvent.detail) of the step's pass just recorded, for the case page
    and any ledger to read instead of the note's words."""
    event = CaseEvent.objects.filter(case_id=case_step.case_id, action="case_act", detail__case_step=case_step.pk)
    latest = event.order_by("-pk").first()
    assert latest is not None, "case_act recorded the step's pass"
    latest.detail = {**latest.detail, "announced_on": announced_on.isoformat()}
    latest.save(update_fields=["detail"])


def _name(case: Case) -> str:
    return case.household.head_name or case.household.number


def early_cases(cases: list[Case], announced_on: dt.date) -> str:
    """The households whose 批复日期 is after the 公告日期, as MSG_DATE_BEFORE says them ("" for none)."""
    dates = approval_dates([case.pk for case in cases])
    early = [case for case in cases if case.pk in dates and dates[case.pk] > announced_on]
    if not early:
        return ""
    names = "、".join(f"{_name(case)}（{dates[case.pk]:%Y-%m-%d}）" for case in early)
    return MSG_DATE_BEFORE.format(day=f"{announced_on:%Y-%m-%d}", names=names)


def _announced_on_problem(case: Case, announced_on: dt.date) -> str:
    if announced_on > timezone.localdate():
        return MSG_DATE_FUTURE
    return early_cases([case], announced_on)


@transaction.atomic
def step_act(*, announced_on: dt.date | None = None, **act: Any) -> Case:
    """services.cases.case_act from the case page's step form: a township announcement passed there takes a
    公告日期 as a batch does (today when left empty), checked as the batch checks it (not in the future, not before
    the case's 批复日期), at the head of its note and as a fact of its record. Any other step: case_act as it is, and
    a 公告日期 given there (the API takes one on any step) is refused rather than dropped."""
    case_step = CaseStep.objects.filter(
        case=act["case"], step__code=act["step_code"], step__kind=StepKind.ANNOUNCEMENT, step__role=ANNOUNCING_ROLE
    ).first()
    if case_step is None or act["outcome"] != Outcome.PASS:
        if announced_on is not None:
            raise ValidationError({"announced_on": MSG_DATE_NOT_HERE})
        return case_act(**act)
    announced_on = announced_on or timezone.localdate()
    if problem := _announced_on_problem(act["case"], announced_on):
        raise ValidationError({"announced_on": problem})
    case = case_act(**{**act, "note": announce_note(announced_on, (act.get("note") or "").strip())})
    announced_fact(case_step, announced_on)
    return case


def batch_announce_validate(*, refs: list[CaseRef], announced_on: dt.date | None, note: str) -> None:
    """The action's own checks (not the cases'), also run before the confirmation page."""
    errors: dict[str, str] = {}
    if not refs:
        errors["cases"] = MSG_NO_CASES
    elif len(refs) > MAX_CASES:
        errors["cases"] = MSG_TOO_MANY
    elif len({ref.case_id for ref in refs}) != len(refs):
        errors["cases"] = MSG_DUPLICATE
    if announced_on is None:
        errors["announced_on"] = MSG_DATE_REQUIRED
    elif announced_on > timezone.localdate():
        errors["announced_on"] = MSG_DATE_FUTURE
    if len(note) > NOTE_LIMIT:
        errors["note"] = MSG_TOO_LONG.format(limit=NOTE_LIMIT)
    if errors:
        raise ValidationError(errors)


def batch_announce_precheck(*, actor: Any, refs: list[CaseRef], announced_on: dt.date | None, note: str) -> None:
    """batch_announce's checks of the action and its date, before the confirmation page, on the cases as they stand
    (unlocked: the announcement checks again)."""
    batch_announce_validate(refs=refs, announced_on=announced_on, note=note)
    assert announced_on is not None
    ids = [ref.case_id for ref in refs]
    cases = list(Case.objects.visible_to(actor).select_related("household").filter(pk__in=ids))
    if early := early_cases(cases, announced_on):
        raise ValidationError({"announced_on": early})


def announced_ids(case_ids: list[int]) -> set[int]:
    """The cases whose township announcement step is done (by another user, alone or in a batch)."""
    done = CaseStep.objects.filter(
        case_id__in=case_ids, step__kind=StepKind.ANNOUNCEMENT, step__role=ANNOUNCING_ROLE, status=CaseStepStatus.DONE
    )
    return set(done.values_list("case_id", flat=True))


def _stale(case: Case, case_step: CaseStep | None, version: str, read_by: ReadBy) -> str:
    """An open case not at its announcement (_problems tells one announced meanwhile), or changed otherwise."""
    if case_step is None:
        return REASON_NOT_AT_ANNOUNCEMENT
    return read_by.say(REASON_CHANGED) if not version_matches(case, version) else ""


def _problems(
    actor: Any, refs: list[CaseRef], cases: dict[int, Case], steps: dict[int, CaseStep], read_by: ReadBy
) -> list[dict]:
    """services.batches.selection_problems, with a case whose announcement is done (closed by it, as an inclusion's
    公告并标识 closes it, or still open) said as REASON_ANNOUNCED instead of "案件已通过" or not at its step."""
    problems = selection_problems(actor, refs, cases, steps, stale=_stale, read_by=read_by)
    announced = announced_ids([p["id"] for p in problems if p["reason"] != REASON_MISSING])
    for problem in problems:
        if problem["id"] in announced and problem["reason"] != REASON_MISSING:
            problem["reason"] = REASON_ANNOUNCED
    return problems


def _conflict(problems: list[dict], *, failed: bool = False, read_by: ReadBy = PAGE) -> BatchConflict:
    names = "；".join(f"{p['head_name']}（{p['reason']}）" for p in problems)
    # A case the caller never could see, or one never at its announcement, is bad input (400), not a change since
    # the list was read (409): it is said as a case that cannot be announced, not as one that "已发生变化".
    if failed or any(p["reason"] in (REASON_MISSING, REASON_NOT_AT_ANNOUNCEMENT) for p in problems):
        return BatchConflict(MSG_FAILED.format(names=names), extra={"cases": problems, "title": TITLE_FAILED})
    message = read_by.say(MSG_CONFLICT, n=len(problems), names=names)
    return BatchChanged(message, extra={"cases": problems, "title": TITLE_CONFLICT})


def batch_announce_message(result: AnnounceResult) -> str:
    message = MSG_DONE.format(n=len(result.done))
    if result.refused:
        names = "；".join(f"{p['head_name']}（{p['reason']}）" for p in result.refused)
        message += MSG_SKIPPED.format(n=len(result.refused), names=names)
    return message


@deadlock_retried
@transaction.atomic
def batch_announce(
    *, actor: Any, refs: list[CaseRef], announced_on: dt.date | None, note: str = "", read_by: ReadBy = PAGE
) -> AnnounceResult:
    """Record the announcement of every selected case the single step would pass, with one 公告日期 and note; the
    ones its rules refuse stay at their step and come back in `refused`. A case out of scope, closed, no longer at
    its announcement or changed since the page read it refuses the whole action (BatchConflict, nothing written);
    so does a 公告日期 before a selected case's 批复日期 (ValidationError on announced_on)."""
    note = (note or "").strip()
    batch_announce_validate(refs=refs, announced_on=announced_on, note=note)
    assert announced_on is not None
    prefix = user_scope_prefix(actor)
    if prefix is None:
        raise PermissionDenied(REASON_MISSING)
    ids = sorted(ref.case_id for ref in refs)
    cases = cases_lock(ids, "household", "household__village", "procedure")
    steps = open_announcement_steps(ids)
    problems = _problems(actor, refs, cases, steps, read_by)
    if problems:
        raise _conflict(problems, read_by=read_by)
    ordered = [cases[case_id] for case_id in ids]
    if early := early_cases(ordered, announced_on):
        raise ValidationError({"announced_on": early})
    refusals = pass_refusals(ordered, steps, timezone.localdate())
    result = AnnounceResult(
        refused=[{"id": c.pk, "head_name": _name(c), "reason": refusals[c.pk]} for c in ordered if c.pk in refusals]
    )
    full_note = announce_note(announced_on, note)
    for case in ordered:
        if case.pk in refusals:
            continue
        try:
            case_act(actor=actor, case=case, step_code=steps[case.pk].step.code, outcome=Outcome.PASS, note=full_note)
        except (ApplicationError, ValidationError) as error:
            # A rule the checks above do not foresee: the transaction rolls back the cases before this one.
            message = error.message if isinstance(error, ApplicationError) else "；".join(error.messages)
            raise _conflict([{"id": case.pk, "head_name": _name(case), "reason": message}], failed=True) from error
        announced_fact(steps[case.pk], announced_on)
        result.done.append(case)
    if result.done:
        audit_record(
            actor=actor,
            action=AUDIT_ACTION,
            summary=f"批量公告（{announced_on:%Y-%m-%d}）{len(result.done)} 户："
            + "、".join(_name(case) for case in result.done),
            object_type="workflow.case",
            region_path=prefix,
            after={
                "case_ids": [case.pk for case in result.done],
                "refused_ids": [p["id"] for p in result.refused],
                "announced_on": announced_on.isoformat(),
                "note": note,
            },
        )
    return result
