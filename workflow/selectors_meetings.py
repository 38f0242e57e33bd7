"""Reads for village review meetings, always through visible_to(actor): out of scope is absent (404)."""

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from households.choices import RegionLevel
from households.models import Region
from workflow.choices import CaseStatus, CaseStepStatus, StepKind
from workflow.models import Case, CaseStep, MeetingReview, VillageMeeting
from workflow.roles import acting_roles
from workflow.selectors_consent import cases_missing_consent


def village_get(*, actor: Any, code: str) -> Region:
    return get_object_or_404(
        Region.objects.visible_to(actor).select_related("parent"), code=code, level=RegionLevel.VILLAGE
    )


def meeting_villages(*, actor: Any) -> QuerySet[Region]:
    """Villages in scope, for the list filter (a cadre has one; a township a dozen; the county more)."""
    return Region.objects.visible_to(actor).filter(level=RegionLevel.VILLAGE).order_by("path")


def meeting_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[VillageMeeting]:
    filters = filters or {}
    meetings = VillageMeeting.objects.visible_to(actor).select_related("village", "village__parent")
    if filters.get("village"):
        meetings = meetings.filter(village__code=filters["village"])
    if filters.get("region"):  # a township's or village's path, as a prefix
        meetings = meetings.filter(region_path__startswith=filters["region"])
    return meetings.annotate(review_count=Count("reviews")).order_by("-held_on", "-pk")


def meeting_get(*, actor: Any, pk: int) -> VillageMeeting:
    reviews = MeetingReview.objects.select_related("case__household__group", "case_step__step").order_by(
        "case__household__number", "pk"
    )
    return get_object_or_404(
        VillageMeeting.objects.visible_to(actor)
        .select_related("village", "village__parent", "recorded_by")
        .prefetch_related(Prefetch("reviews", queryset=reviews)),
        pk=pk,
    )


def review_candidates(*, actor: Any, village: Region) -> list[CaseStep]:
    """The open village-review steps of the village's open cases that this actor's role acts on, each marked
    `consent_missing` when its inclusion may not pass without the family's signed consent (selectors_consent)."""
    cases = Case.objects.visible_to(actor).filter(household__village=village, status=CaseStatus.OPEN)
    steps = list(
        CaseStep.objects.filter(
            case__in=cases,
            status=CaseStepStatus.OPEN,
            step__kind=StepKind.VILLAGE_REVIEW,
            step__role__in=acting_roles(actor),
        )
        .select_related("step", "case__household__group")
        .order_by("case__household__number", "case_id")
    )
    missing = cases_missing_consent(cs.case for cs in steps)
    for cs in steps:
        cs.consent_missing = cs.case_id in missing  # type: ignore[attr-defined]
    return steps


def village_cases(*, actor: Any, village: Region, ids: list[int]) -> dict[int, Case]:
    """The village's cases among `ids` that the actor sees, by id (to name a posted case that is no longer a
    candidate by its household, not by its number)."""
    if not ids:
        return {}
    cases = Case.objects.visible_to(actor).filter(household__village=village, pk__in=ids)
    return {case.pk: case for case in cases.select_related("household__group")}


def meeting_submitted(*, actor: Any, village: Region, once: Any) -> VillageMeeting | None:
    """The meeting the page with this token (config.once) recorded already: the page posted again."""
    if once is None:
        return None
    return VillageMeeting.objects.visible_to(actor).select_related("village").filter(village=village, once=once).first()


def meeting_review_for_step(*, actor: Any, case_step: CaseStep) -> MeetingReview | None:
    """The step's latest review (an earlier one may precede a return for correction)."""
    reviews = MeetingReview.objects.visible_to(actor).select_related("meeting").filter(case_step=case_step)
    return reviews.order_by("-meeting__held_on", "-pk").first()


# The printed record's 参会人员签字 grid: a box for everyone the meeting recorded as attending (seed 003 §二2(4): the
# committee, the work team, the supervisory committee and the villagers' representatives), three to a row as A4
# portrait holds them, and never fewer than the nine boxes the form always had (a count entered short still signs).
SIGN_BOXES_PER_ROW = 3
SIGN_BOXES_MIN = 9


def meeting_sign_rows(meeting: VillageMeeting) -> list[range]:
    """The rows of signature boxes for `meeting`'s printed record, each a range of its boxes."""
    boxes = max(meeting.attendee_total, SIGN_BOXES_MIN)
    return [range(SIGN_BOXES_PER_ROW)] * -(-boxes // SIGN_BOXES_PER_ROW)
