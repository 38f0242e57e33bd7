"""The day a publicity notice was actually posted (张贴日期). 000 §三(三)2 and 4: 公示不少于5天 — the days count from
the posting, not from the moment the system opened the step: the step's role prints the notice, posts it and
records the day, and the period (ends_on) is computed again from it. Until then the period shown runs from the
opening day, but the step never passes (services.deadlines, services.cases): a notice nobody posted was not
publicised. A posting recorded after that default period ran is still taken; its end may then be past already."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from workflow.choices import CaseStatus, CaseStepStatus, DayType, StepKind
from workflow.models import Case, CaseStep
from workflow.selectors_posted_names import posted_name_change
from workflow.services.case_locks import case_lock
from workflow.services.case_records import event_detail
from workflow.services.cases import _ensure_may_act, _event
from workflow.workdays import publicity_end

MSG_POSTED_NOT_OPEN = "只能为正在公示的环节登记张贴日期。"
MSG_POSTED_FUTURE = "张贴日期不能晚于今天。"
MSG_POSTED_BEFORE_OPEN = "张贴日期不能早于公示环节开始的日期（{date}）。"


@transaction.atomic
def publicity_posted_record(*, actor: Any, case: Case, step_code: str, posted_on: dt.date | None = None) -> CaseStep:
    """The publicity step's role records the posting day (default today); the end moves with it. The day may
    not precede the step's opening (the list to post did not exist) nor be in the future. The day already recorded
    records nothing (the step comes back with `unchanged` set), unless the household was renamed since."""
    case = case_lock(case.pk, "household")
    case_step = CaseStep.objects.select_related("step").filter(case=case, step__code=step_code).first()
    if (
        case.status != CaseStatus.OPEN
        or case_step is None
        or case_step.status != CaseStepStatus.OPEN
        or case_step.step.kind != StepKind.PUBLICITY
    ):
        raise ApplicationError(MSG_POSTED_NOT_OPEN)
    _ensure_may_act(actor, case, case_step.step)
    today = timezone.localdate()
    posted_on = posted_on or today
    opened_on = timezone.localdate(case_step.opened_at) if case_step.opened_at else today
    if posted_on > today:
        raise ValidationError({"posted_on": MSG_POSTED_FUTURE})
    if posted_on < opened_on:
        raise ValidationError({"posted_on": MSG_POSTED_BEFORE_OPEN.format(date=f"{opened_on:%Y-%m-%d}")})
    step = case_step.step
    if posted_on == case_step.posted_on and posted_name_change(case_step) is None:
        # The same day again (the form sent twice, or re-sent unchanged): nothing to record, no second record line.
        # Re-recording it after the head's rename is kept: that is the notice posted again under the new name.
        case_step.unchanged = True  # type: ignore[attr-defined]
        return case_step
    case_step.posted_on = posted_on
    if step.days:
        case_step.ends_on = publicity_end(posted_on, step.days, step.day_type or DayType.CALENDAR)
    case_step.save(update_fields=["posted_on", "ends_on"])
    period = f"，公示至 {case_step.ends_on:%Y-%m-%d}" if case_step.ends_on else ""
    _event(
        case=case,
        actor=actor,
        action="publicity_posted",
        summary=f"{step.name}张贴日期 {posted_on:%Y-%m-%d}{period}",
        detail=event_detail(case_step, posted_on=posted_on, ends_on=case_step.ends_on),
    )
    return case_step
