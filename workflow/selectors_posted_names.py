"""A household renamed while its publicity is on the board (review cadre_phone finding 11): the head died or moved
out after the notice was posted, so the board shows the old head's name and the system the new one. The notice
names the household as posted (DOMAIN.md "Registry"); the case page says the notice has to be printed and posted
again under the new name, and its posting day recorded again, after which the names agree once more.

The rename is read from the household's history (households.services.registry.head_name_change writes it);
the posting from the case's record of it (services.publicity: action publicity_posted, whose detail names the step
posted: a case with two publicities reads its own step's posting, not the other's)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from households.models import HouseholdEvent
from households.services.registry import HEAD_NAME_FIELD
from workflow.choices import CaseStatus, CaseStepStatus, StepKind
from workflow.models import Case, CaseEvent, CaseStep

POSTED_ACTION = "publicity_posted"  # services.publicity.publicity_posted_record
MSG_RENAMED = "户主已变更为{current}（公示张贴时为{posted}），公示名单需重新打印张贴，并重新登记张贴日期。"


@dataclass(frozen=True)
class PostedNameChange:
    case_step: CaseStep
    posted_name: str  # the head when the notice was posted: what the board shows
    current_name: str
    changed_on: dt.date

    @property
    def message(self) -> str:
        return MSG_RENAMED.format(current=self.current_name or "（无户主）", posted=self.posted_name)


def posted_name_change(case_step: CaseStep) -> PostedNameChange | None:
    """The rename of an open publicity step's household since its posting was recorded, or None."""
    case = case_step.case
    if (
        case.status != CaseStatus.OPEN
        or case_step.status != CaseStepStatus.OPEN
        or case_step.step.kind != StepKind.PUBLICITY
        or case_step.posted_on is None
    ):
        return None
    recorded = (
        CaseEvent.objects.filter(case_id=case.pk, action=POSTED_ACTION, detail__case_step=case_step.pk)
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)
        .first()
    )
    # The moment the posting was recorded (the posting day's start for one recorded before this record existed):
    # a rename after it is one the board does not show.
    since = recorded or timezone.make_aware(dt.datetime.combine(case_step.posted_on, dt.time.min))
    rename = (
        HouseholdEvent.objects.filter(
            household_id=case.household_id, created_at__gt=since, changes__contains=[{"field": HEAD_NAME_FIELD}]
        )
        .order_by("created_at", "pk")
        .first()
    )
    if rename is None:
        return None
    posted = next(c["old"] for c in rename.changes if c.get("field") == HEAD_NAME_FIELD)
    current = case.household.head_name
    if posted == current:
        return None  # renamed and renamed back
    return PostedNameChange(case_step, posted, current, timezone.localdate(rename.created_at))


def case_posted_name_changes(case: Case) -> list[PostedNameChange]:
    """The case's open publicity steps whose household was renamed after the posting (the case page's notice)."""
    steps = CaseStep.objects.filter(
        case=case, status=CaseStepStatus.OPEN, step__kind=StepKind.PUBLICITY, posted_on__isnull=False
    ).select_related("step", "case__household")
    return [change for cs in steps if (change := posted_name_change(cs)) is not None]
