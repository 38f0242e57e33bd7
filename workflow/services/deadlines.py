"""Deadlines the system acts on by itself: a publicity whose stored end date has passed with no open or upheld
objection is passed, through the same recording and advancing code as a cadre's move (services.case_moves._record),
with the system as actor (the records say 系统自动). Only a publicity whose posting day is recorded (张贴日期,
services.publicity) passes: a notice nobody posted was never publicised, so the step stays open on the role's
worklist until the posting is recorded, and its period then counts from that day. A publicity that is the village's
review as well (Step.with_review, 001 §三 村级评议公示) is never passed by the system: it passes with the minutes of
the review meeting (services.cases), which its role uploads when the period has run."""

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef

from workflow.choices import CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import CaseStep, Objection
from workflow.models.cases import OBJECTION_BLOCKS
from workflow.services.case_locks import case_try_lock
from workflow.services.case_moves import _record

# 000 §三(三)2/4: "无异议后" — the record says which it was: no objection, or objections verified as unfounded (an
# open or upheld one holds the step, so every one counted here was found 不成立).
NOTE_PUBLICITY_DUE = "公示期满，无异议"
NOTE_PUBLICITY_DUE_RESOLVED = "公示期满，异议已核实处理（{count} 件，均不成立）"

_BLOCKING = OBJECTION_BLOCKS


def publicity_due_note(objection_count: int) -> str:
    return NOTE_PUBLICITY_DUE_RESOLVED.format(count=objection_count) if objection_count else NOTE_PUBLICITY_DUE


def _blocking_objections():
    return Objection.objects.filter(case_step=OuterRef("pk")).filter(_BLOCKING)


def _late_objections():
    """An objection recorded after its publicity passed holds the case's later steps too (services.cases)."""
    return Objection.objects.filter(case_step__case=OuterRef("case"), case_step__status=CaseStepStatus.DONE).filter(
        _BLOCKING
    )


def _due(today: dt.date):
    return CaseStep.objects.filter(
        status=CaseStepStatus.OPEN,
        step__kind=StepKind.PUBLICITY,
        step__with_review=False,
        posted_on__isnull=False,
        ends_on__lt=today,
        case__status=CaseStatus.OPEN,
    ).filter(~Exists(_blocking_objections()), ~Exists(_late_objections()))


def _complete_one(case_step_id: int, today: dt.date) -> bool:
    """Claim and pass one step. The case's household and the case are locked first, as every move does (skipped
    while another transaction holds either); a step another worker (or a cadre) has already acted on is no longer
    open and is left alone, so nothing is done twice."""
    with transaction.atomic():
        case_id = CaseStep.objects.filter(pk=case_step_id).values_list("case_id", flat=True).first()
        if case_id is None:
            return False
        case = case_try_lock(case_id, "household", "procedure")
        if case is None or case.status != CaseStatus.OPEN:
            return False  # closed, or being acted on right now: the next run sees it again if still due
        case_step = (
            CaseStep.objects.select_related("step")
            .filter(pk=case_step_id, status=CaseStepStatus.OPEN, posted_on__isnull=False, ends_on__lt=today)
            .filter(step__with_review=False)
            .filter(~Exists(_late_objections()))
            .first()
        )
        if case_step is None:
            return False
        objections = list(case_step.objections.all())
        if any(objection.blocks for objection in objections):
            return False
        # The note speaks of this run's notice: objections to the one a correction replaced are its history.
        note = publicity_due_note(sum(not o.earlier_run or o.carried for o in objections))
        _record(actor=None, case=case, case_step=case_step, outcome=Outcome.PASS, note=note)
        return True


def publicity_complete_due(*, today: dt.date, limit: int = 500) -> int:
    """Pass up to `limit` open, posted publicity steps that ended before `today` with no open or upheld objection;
    returns how many were passed. Each step is its own transaction."""
    ids = list(_due(today).order_by("ends_on", "pk").values_list("pk", flat=True)[:limit])
    return sum(_complete_one(case_step_id, today) for case_step_id in ids)
