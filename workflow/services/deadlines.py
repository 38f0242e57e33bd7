"""Deadlines the system acts on by itself: a publicity whose stored end date has passed with no open or upheld
objection is passed, through the same recording and advancing code as a cadre's move (services.cases._record),
with the system as actor (the records say 系统自动)."""

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from workflow.choices import CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseStep, Objection
from workflow.services.cases import _record

NOTE_PUBLICITY_DUE = "公示期满无异议"


def _blocking_objections():
    return Objection.objects.filter(case_step=OuterRef("pk")).filter(Q(resolved_at__isnull=True) | Q(upheld=True))


def _due(today: dt.date):
    return CaseStep.objects.filter(
        status=CaseStepStatus.OPEN,
        step__kind=StepKind.PUBLICITY,
        ends_on__lt=today,
        case__status=CaseStatus.OPEN,
    ).filter(~Exists(_blocking_objections()))


def _complete_one(case_step_id: int, today: dt.date) -> bool:
    """Claim and pass one step. The case row is locked first, as every move does; a step another worker (or a
    cadre) has already acted on is no longer open and is left alone, so nothing is done twice."""
    with transaction.atomic():
        case_id = CaseStep.objects.filter(pk=case_step_id).values_list("case_id", flat=True).first()
        if case_id is None:
            return False
        case = (
            Case.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("household", "procedure")
            .filter(pk=case_id, status=CaseStatus.OPEN)
            .first()
        )
        if case is None:
            return False  # closed, or being acted on right now: the next run sees it again if still due
        case_step = (
            CaseStep.objects.select_related("step")
            .filter(pk=case_step_id, status=CaseStepStatus.OPEN, ends_on__lt=today)
            .first()
        )
        if case_step is None or any(objection.blocks for objection in case_step.objections.all()):
            return False
        _record(actor=None, case=case, case_step=case_step, outcome=Outcome.PASS, note=NOTE_PUBLICITY_DUE)
        return True


def publicity_complete_due(*, today: dt.date, limit: int = 500) -> int:
    """Pass up to `limit` open publicity steps that ended before `today` with no open or upheld objection;
    returns how many were passed. Each step is its own transaction."""
    ids = list(_due(today).order_by("ends_on", "pk").values_list("pk", flat=True)[:limit])
    return sum(_complete_one(case_step_id, today) for case_step_id in ids)
