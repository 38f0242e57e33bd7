"""Objections raised during a publicity: recorded by a cadre, verified by the step's role. An open or upheld
objection blocks passing the step (checked in services.cases.case_act)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from households.services.common import ensure_can_edit
from workflow.choices import CaseStatus, CaseStepStatus, StepKind
from workflow.models import Case, CaseStep, Objection
from workflow.services.cases import _ensure_may_act, _event

MSG_OBJECTION_NOT_PUBLICITY = "只能对正在公示的环节登记异议。"
MSG_OBJECTION_RESOLVED = "该异议已核实处理。"
MSG_OBJECTION_FIELDS = "请填写异议人和异议内容。"
MSG_RESOLUTION_REQUIRED = "请填写核实情况。"
MSG_TOO_LONG = "不能超过 {limit} 字。"
# Both go into the case record's summary (500 characters) after a short prefix.
TEXT_LIMIT = 400


@transaction.atomic
def objection_add(*, actor: Any, case: Case, step_code: str, raised_by_name: str, content: str) -> Objection:
    """A cadre records an objection raised during a publicity; it blocks the step until verified."""
    case = Case.objects.select_for_update(of=("self",)).select_related("household").get(pk=case.pk)
    ensure_can_edit(actor, case.region_path)
    if not raised_by_name.strip() or not content.strip():
        raise ValidationError(MSG_OBJECTION_FIELDS)
    if len(content.strip()) > TEXT_LIMIT:
        raise ValidationError({"content": MSG_TOO_LONG.format(limit=TEXT_LIMIT)})
    case_step = CaseStep.objects.select_related("step").filter(case=case, step__code=step_code).first()
    if (
        case.status != CaseStatus.OPEN
        or case_step is None
        or case_step.status != CaseStepStatus.OPEN
        or case_step.step.kind != StepKind.PUBLICITY
    ):
        raise ApplicationError(MSG_OBJECTION_NOT_PUBLICITY)
    objection = Objection.objects.create(
        case_step=case_step,
        region_path=case.region_path,
        raised_by_name=raised_by_name.strip(),
        content=content.strip(),
        raised_on=timezone.localdate(),
        recorded_by=actor,
    )
    _event(case=case, actor=actor, action="objection_add", summary=f"{case_step.step.name}收到异议：{content.strip()}")
    return objection


@transaction.atomic
def objection_resolve(*, actor: Any, objection: Objection, upheld: bool, resolution: str) -> Objection:
    """The publicity step's role verifies the objection: upheld keeps blocking (the step must be refused)."""
    # The case first, as every other move does, then the objection.
    case_id = Objection.objects.values_list("case_step__case_id", flat=True).get(pk=objection.pk)
    case = Case.objects.select_for_update(of=("self",)).select_related("household").get(pk=case_id)
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
    _event(case=case, actor=actor, action="objection_resolve", summary=f"异议核实：{verdict}，{resolution.strip()}")
    return objection
