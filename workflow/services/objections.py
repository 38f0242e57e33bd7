"""Objections raised during a publicity: recorded by a cadre, verified by the step's role. An open or upheld
objection blocks passing the step (checked in services.cases.case_act).

The notice invites written, telephone or in-person objections and promises confidentiality, so an objection may be
anonymous, and carries the day it was received, which may precede the day it is entered. One received within the
period but entered after the step passed (the hourly task passes it at the end) is still recorded, on that step,
marked 期满后补登: an objection received in time is not lost. It reopens nothing; while open or upheld it holds every
further pass of the case (services.cases), and the step's role verifies it as any other."""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from config.once import Once, once_create
from households.services.common import ensure_can_edit
from workflow.choices import CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseStep, Objection
from workflow.services.case_locks import case_lock
from workflow.services.cases import _ensure_may_act, _event, case_act

MSG_OBJECTION_NOT_PUBLICITY = "只能对正在公示或已公示完毕（本案尚在办理中）的环节登记异议。"
MSG_OBJECTION_RESOLVED = "该异议已核实处理。"
MSG_OBJECTION_FIELDS = "请填写异议人和异议内容。"
MSG_OBJECTOR_REQUIRED = "请填写异议人；匿名反映的请勾选“匿名”。"
MSG_RECEIVED_FUTURE = "收到日期不能晚于今天。"
MSG_RECEIVED_BEFORE = "收到日期不能早于公示开始日期（{date}）。"
MSG_RECEIVED_AFTER = "该环节已于 {date} 公示期满，期满后收到的异议不能登记为公示异议。"
MSG_RESOLUTION_REQUIRED = "请填写核实情况。"
MSG_TOO_LONG = "不能超过 {limit} 字。"
# What the cadre is told once it is recorded (workflow.views_objections.objection_new): an objection on a
# publicity still running holds that step; one entered after the step passed leaves it passed and holds every
# further pass of the case (services.pass_rules) while it is not verified or is upheld.
MSG_RECORDED = "已登记异议。异议核实处理前，该公示环节不能通过。"
MSG_RECORDED_LATE = "已补登异议。该公示环节已通过；异议核实处理前，案件后续环节不能通过。"


def recorded_message(objection: Objection) -> str:
    """What recording `objection` did to the case, in the cadre's words (MSG_RECORDED, MSG_RECORDED_LATE)."""
    return MSG_RECORDED_LATE if objection.recorded_late else MSG_RECORDED


# Both go into the case record's summary (500 characters) after a short prefix.
TEXT_LIMIT = 400


def _takes_objections(case: Case, case_step: CaseStep) -> bool:
    """A publicity running, or passed while the case is still open."""
    passed = case_step.status == CaseStepStatus.DONE and case_step.outcome == Outcome.PASS
    return (
        case.status == CaseStatus.OPEN
        and case_step.step.kind == StepKind.PUBLICITY
        and (case_step.status == CaseStepStatus.OPEN or passed)
    )


def objection_steps(case: Case) -> list[CaseStep]:
    """The case's publicities an objection may be recorded on (objection_record takes no other), in order."""
    steps = CaseStep.objects.select_related("step").filter(case=case).order_by("step__order")
    return [case_step for case_step in steps if _takes_objections(case, case_step)]


def _publicity_step(case: Case, step_code: str) -> CaseStep:
    """The publicity the objection is about: running, or passed while the case is still open."""
    case_step = CaseStep.objects.select_related("step").filter(case=case, step__code=step_code).first()
    if case_step is None or not _takes_objections(case, case_step):
        raise ApplicationError(MSG_OBJECTION_NOT_PUBLICITY)
    return case_step


def _check_received(case_step: CaseStep, raised_on: dt.date, today: dt.date) -> None:
    if raised_on > today:
        raise ValidationError({"raised_on": MSG_RECEIVED_FUTURE})
    starts_on = case_step.period_starts_on
    if starts_on is not None and raised_on < starts_on:
        raise ValidationError({"raised_on": MSG_RECEIVED_BEFORE.format(date=f"{starts_on:%Y-%m-%d}")})
    if case_step.status == CaseStepStatus.DONE:
        # Passed: only what arrived within its period (to its end, or to the day it passed when it had none).
        ended_on = case_step.ends_on or timezone.localdate(case_step.acted_at)
        if raised_on > ended_on:
            raise ValidationError({"raised_on": MSG_RECEIVED_AFTER.format(date=f"{ended_on:%Y-%m-%d}")})


def objection_add(**kwargs: Any) -> Objection:
    """objection_record for a caller without a token (a task, a test's setup): the objection recorded."""
    return objection_record(**kwargs).record


@transaction.atomic
def objection_record(
    *,
    actor: Any,
    case: Case,
    step_code: str,
    content: str,
    raised_by_name: str = "",
    anonymous: bool = False,
    raised_on: dt.date | None = None,
    once: uuid.UUID | None = None,
) -> Once[Objection]:
    """A cadre records an objection received during a publicity; it blocks the step (or, entered after the step
    passed, the case's further steps) until verified. `once`: the token of the page (config.once); the same page
    posted again (a double tap, a phone resending) gives back the objection it recorded, `repeated`."""
    # The household's and the case's locks also queue two posts of one page: the second finds the first's objection.
    case = case_lock(case.pk, "household")
    ensure_can_edit(actor, case.region_path)
    name = "" if anonymous else (raised_by_name or "").strip()
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": MSG_OBJECTION_FIELDS})
    if not name and not anonymous:
        raise ValidationError({"raised_by_name": MSG_OBJECTOR_REQUIRED})
    if len(content) > TEXT_LIMIT:
        raise ValidationError({"content": MSG_TOO_LONG.format(limit=TEXT_LIMIT)})
    case_step = _publicity_step(case, step_code)
    today = timezone.localdate()
    raised_on = raised_on or today
    _check_received(case_step, raised_on, today)
    values = {"raised_by_name": name, "anonymous": anonymous, "content": content, "raised_on": raised_on}
    return once_create(
        Objection,
        once,
        lambda once: _objection_create(actor=actor, case=case, case_step=case_step, once=once, **values),
        scope={"case_step__case": case},
    )


def _objection_create(
    *, actor: Any, case: Case, case_step: CaseStep, content: str, raised_on: dt.date, **values: Any
) -> Objection:
    late = case_step.status == CaseStepStatus.DONE
    objection = Objection.objects.create(
        case_step=case_step,
        region_path=case.region_path,
        content=content,
        raised_on=raised_on,
        recorded_by=actor,
        recorded_late=late,
        **values,  # the objector (or anonymous) and the page's token
    )
    if late:
        # The automatic pass wrote 公示期满，无异议: the step's own record now says an objection came in time.
        case_step.note = f"{case_step.note}；另有{raised_on:%Y-%m-%d}收到的异议于期满后补登，以核实结果为准"
        case_step.save(update_fields=["note"])
    how = f"公示期满后补登异议（{raised_on:%Y-%m-%d}收到）" if late else f"收到异议（{raised_on:%Y-%m-%d}）"
    _event(case=case, actor=actor, action="objection_add", summary=f"{case_step.step.name}{how}", note=content)
    return objection


def objection_resolve_refusal(*, actor: Any, objection: Objection) -> str:
    """Why `actor` may not record the verification of `objection` ("" when they may): verified already, or the
    publicity step not theirs to act on (the checks objection_resolve makes), so that the page offers its form only
    to whoever the service will hear and shows the others the objection and its verdict."""
    if objection.resolved_at is not None:
        return MSG_OBJECTION_RESOLVED
    try:
        _ensure_may_act(actor, objection.case_step.case, objection.case_step.step)
    except PermissionDenied as error:
        return str(error.args[0]) if error.args else str(error)
    return ""


@transaction.atomic
def objection_resolve(
    *, actor: Any, objection: Objection, upheld: bool, resolution: str, refuse_step: bool = False
) -> Objection:
    """The publicity step's role verifies the objection: upheld keeps blocking (the step must be refused). With
    `refuse_step`, an upheld objection on a publicity still open also refuses that step in the same act, the
    verification as its note (000 §三(三)2: only a publicity without a valid objection goes on), so the decision is
    not entered twice."""
    # The household and the case first, as every other move does, then the objection.
    case_id = Objection.objects.values_list("case_step__case_id", flat=True).get(pk=objection.pk)
    case = case_lock(case_id, "household")
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("case_step__step", "case_step__case")
        .get(pk=objection.pk)
    )
    _ensure_may_act(actor, case, objection.case_step.step)
    if objection.resolved_at is not None:
        raise ApplicationError(MSG_OBJECTION_RESOLVED)
    if not resolution.strip():
        raise ValidationError({"resolution": MSG_RESOLUTION_REQUIRED})
    if len(resolution.strip()) > TEXT_LIMIT:
        raise ValidationError({"resolution": MSG_TOO_LONG.format(limit=TEXT_LIMIT)})
    objection.resolved_at = timezone.now()
    objection.resolved_by = actor
    objection.upheld = upheld
    objection.resolution = resolution.strip()
    objection.save(update_fields=["resolved_at", "resolved_by", "upheld", "resolution"])
    verdict = "异议成立" if upheld else "异议不成立"
    _event(
        case=case,
        actor=actor,
        action="objection_resolve",
        summary=f"异议核实：{verdict}",
        note=resolution.strip(),
        joiner="，",
    )
    if upheld and refuse_step and objection.case_step.status == CaseStepStatus.OPEN:
        case_act(
            actor=actor,
            case=case,
            step_code=objection.case_step.step.code,
            outcome=Outcome.REJECT,
            note=f"公示异议成立：{resolution.strip()}",
        )
    return objection
