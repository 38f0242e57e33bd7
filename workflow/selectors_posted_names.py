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
    return posted_name_changes([case_step]).get(case_step.pk)


def _posted(case_step: CaseStep) -> bool:
    case = case_step.case
    return (
        case.status == CaseStatus.OPEN
        and case_step.status == CaseStepStatus.OPEN
        and case_step.step.kind == StepKind.PUBLICITY
        and case_step.posted_on is not None
    )


def posted_name_changes(case_steps: list[CaseStep]) -> dict[int, PostedNameChange]:
    """posted_name_change of each step (by its pk, the renamed ones only), in two queries for any number of steps:
    the printed notice asks it of every row."""
    posted = [cs for cs in case_steps if _posted(cs)]
    if not posted:
        return {}
    recorded: dict[int, dt.datetime] = {}
    events = CaseEvent.objects.filter(
        case_id__in={cs.case_id for cs in posted},
        action=POSTED_ACTION,
        detail__case_step__in=[cs.pk for cs in posted],
    ).values_list("detail__case_step", "created_at")
    for step_pk, created_at in events:
        recorded[step_pk] = max(created_at, recorded.get(step_pk, created_at))
    # The moment each posting was recorded (the posting day's start for one recorded before this record existed):
    # a rename after it is one the board does not show.
    since = {
        cs.pk: recorded.get(cs.pk) or timezone.make_aware(dt.datetime.combine(cs.posted_on, dt.time.min))  # type: ignore[arg-type]
        for cs in posted
    }
    renames = HouseholdEvent.objects.filter(
        household_id__in={cs.case.household_id for cs in posted},
        created_at__gt=min(since.values()),
        changes__contains=[{"field": HEAD_NAME_FIELD}],
    ).order_by("created_at", "pk")
    by_household: dict[int, list[HouseholdEvent]] = {}
    for event in renames:
        by_household.setdefault(event.household_id, []).append(event)
    found = {}
    for cs in posted:
        rename = next((e for e in by_household.get(cs.case.household_id, []) if e.created_at > since[cs.pk]), None)
        if rename is None:
            continue
        old = next(c["old"] for c in rename.changes if c.get("field") == HEAD_NAME_FIELD)
        current = cs.case.household.head_name
        if old != current:  # else renamed and renamed back
            found[cs.pk] = PostedNameChange(cs, old, current, timezone.localdate(rename.created_at))
    return found


def case_posted_name_changes(case: Case) -> list[PostedNameChange]:
    """The case's open publicity steps whose household was renamed after the posting (the case page's notice)."""
    steps = CaseStep.objects.filter(
        case=case, status=CaseStepStatus.OPEN, step__kind=StepKind.PUBLICITY, posted_on__isnull=False
    ).select_related("step", "case__household")
    return list(posted_name_changes(list(steps)).values())
