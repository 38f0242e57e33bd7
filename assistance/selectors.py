"""Reads of the assistance app. Every read starts from visible_to(actor) (a department clerk's from
for_department(actor)), so out of scope is absent and pages and the API answer 404.

The ledgers (reports app) build on measure_list and employment_list."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from assistance.choices import OPEN_MEASURE_STATUSES, TOWNSHIP_VILLAGE, MeasureStatus
from assistance.contact_shown import prefetch_contact_persons
from assistance.following import assisted_q, followed_q
from assistance.measure_flags import LATE_START as LATE_START
from assistance.measure_flags import flags, late_start_q, no_end_q, overdue_q
from assistance.measure_flags import is_late_start as is_late_start
from assistance.measure_flags import is_overdue as is_overdue
from assistance.models import InsuranceClaim, MeasureType, Plan, PlanMeasure, ReturnVisit
from assistance.notice import notice_name, notice_person, notice_unit
from assistance.selectors_contacts import CONTACT_NEEDS_CHANGE as CONTACT_NEEDS_CHANGE
from assistance.selectors_contacts import NEEDS_CONTACT_KINDS as NEEDS_CONTACT_KINDS
from assistance.selectors_contacts import contact_candidates as contact_candidates
from assistance.selectors_contacts import contact_choices as contact_choices
from assistance.selectors_contacts import contact_get as contact_get
from assistance.selectors_contacts import contact_history as contact_history
from assistance.selectors_contacts import contact_households as contact_households
from assistance.selectors_contacts import contact_list as contact_list
from assistance.selectors_contacts import contact_needs_change_count as contact_needs_change_count
from assistance.selectors_contacts import contact_person_list as contact_person_list
from assistance.selectors_contacts import contact_unfit_reason as contact_unfit_reason
from assistance.selectors_contacts import flag_page_contacts as flag_page_contacts
from assistance.selectors_contacts import household_contact_needs_change as household_contact_needs_change
from assistance.selectors_contacts import household_place_filter, plans_needing_contact_change
from assistance.selectors_contacts import households_needing_contact as households_needing_contact
from assistance.selectors_contacts import is_help_contact as is_help_contact
from assistance.selectors_department import department_measure_get as department_measure_get
from assistance.selectors_department import department_measure_list as department_measure_list
from assistance.selectors_employment import employment_list as employment_list
from assistance.selectors_employment import employment_members as employment_members
from assistance.selectors_employment import employment_to_register as employment_to_register
from assistance.selectors_return_visits import DUE_SOON_DAYS, plans_with_poor_effect
from assistance.selectors_return_visits import poor_effect_count as poor_effect_count
from assistance.selectors_return_visits import return_visit_overview as return_visit_overview
from assistance.suggestions import Advice, Suggestion, advise
from households.choices import LivingStatus, RegionLevel
from households.models import Household, Region, Visit
from households.public_names import members_prefetch
from households.selectors import household_last_visit


def _active_plans(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Plans still followed up (assistance.following.assisted_q): the household is monitored, is being helped first in
    an open green channel, or is a lifted-out household (脱贫户)."""
    return plans.filter(assisted_q("household"))


def plan_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Plan]:
    filters = filters or {}
    today = timezone.localdate()
    plans = Plan.objects.visible_to(actor)
    q = (filters.get("q") or "").strip()
    if q:
        plans = plans.filter(Q(household__head_name__contains=q) | Q(household__number=q))
    if filters.get("village"):
        plans = plans.filter(household__village__code=filters["village"])
    if filters.get("township"):
        plans = plans.filter(region_path__startswith=filters["township"])
    if filters.get("return_visit") == "overdue":
        plans = _active_plans(plans).filter(next_return_due__lt=today)
    elif filters.get("return_visit") == "due":
        plans = _active_plans(plans).filter(next_return_due__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
    elif filters.get("return_visit") == "soon":  # due within the week, not overdue yet (the home page's DUE tile)
        soon = today + dt.timedelta(days=DUE_SOON_DAYS)
        plans = _active_plans(plans).filter(next_return_due__gte=today, next_return_due__lte=soon)
    elif filters.get("return_visit") == "poor":  # the latest return visit found the help not working (成效不明显)
        plans = plans_with_poor_effect(plans)
    if filters.get("contact"):
        plans = plans.filter(household__help_contact_id=filters["contact"])
    if filters.get("contact_state") == CONTACT_NEEDS_CHANGE:
        plans = plans_needing_contact_change(_active_plans(plans))
    plans = prefetch_contact_persons(plans, "household__")  # a 包保单位人员 is read from the assignment
    return (
        plans.select_related("household", "household__village", "household__village__parent", "household__help_contact")
        .annotate(
            followed=ExpressionWrapper(assisted_q("household"), output_field=BooleanField()),
            measures_open=Count("measures", filter=Q(measures__status__in=OPEN_MEASURE_STATUSES)),
            measures_done=Count("measures", filter=Q(measures__status=MeasureStatus.DONE)),
        )
        .order_by("next_return_due", "region_path", "pk")
    )


def households_without_plan(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Household]:
    """Monitored households still without a plan (000 §三(三)7: 纳入监测后及时开展帮扶), the longest waiting first.
    Filters: township, village (their codes, as the other worklists take them), q (head's name or number)."""
    filters = filters or {}
    households = (
        Household.objects.visible_to(actor)
        .filter(is_active=True, assistance_plan__isnull=True)
        .exclude(monitoring_category="")
    )
    households = household_place_filter(households, filters)
    return households.select_related("village", "village__parent").order_by("monitoring_start", "region_path", "number")


def households_without_measures(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Household]:
    """Monitored households whose plan has no measure 计划中, 实施中 or 已完成 (none yet, or all 已终止): helped by
    nobody on record although a plan exists (000 §三(三)7 及时开展帮扶; 003 §二3 "一户一方案、一人一措施"). Those
    without a plan are households_without_plan's. The same filters, the longest monitored first."""
    filters = filters or {}
    in_place = PlanMeasure.objects.filter(
        plan__household=OuterRef("pk"), status__in=[*OPEN_MEASURE_STATUSES, MeasureStatus.DONE]
    )
    households = (
        Household.objects.visible_to(actor)
        .filter(is_active=True, assistance_plan__isnull=False)
        .exclude(monitoring_category="")
        .exclude(Exists(in_place))
    )
    households = household_place_filter(households, filters)
    return households.select_related("village", "village__parent").order_by("monitoring_start", "region_path", "number")


def plan_get(*, actor: Any, pk: int) -> Plan:
    return get_object_or_404(Plan.objects.visible_to(actor).select_related("household"), pk=pk)


def plan_for_household(*, actor: Any, household: Household) -> Plan | None:
    return Plan.objects.visible_to(actor).filter(household=household).first()


def plan_measures(plan: Plan) -> QuerySet[PlanMeasure]:
    return (
        plan.measures.select_related("measure_type", "measure_type__category", "member", "completed_by")
        .annotate(**flags(timezone.localdate()))
        .order_by("measure_type__category__order", "starts_on", "pk")
    )


def measure_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[PlanMeasure]:
    """Measures in the actor's scope, each with `overdue` (overdue_q) and `late_start` (late_start_q); filters:
    status, department, category, measure_type, village (code), township and region (region paths, as prefixes),
    date_from and date_to (the start date, inclusive), overdue (true: only the overdue), late_start (true: only
    those late to start), q."""
    filters = filters or {}
    today = timezone.localdate()
    measures = _live(PlanMeasure.objects.visible_to(actor))
    if filters.get("department") == TOWNSHIP_VILLAGE:  # carried out by the township and village: no department
        filters = {**filters, "department": None}
        measures = measures.filter(responsible_department="")
    for name, lookup in (
        ("status", "status"),
        ("department", "responsible_department"),
        ("category", "measure_type__category__code"),
        ("measure_type", "measure_type__code"),
        ("village", "household__village__code"),
    ):
        if filters.get(name):
            measures = measures.filter(**{lookup: filters[name]})
    for name in ("township", "region"):
        if filters.get(name):
            measures = measures.filter(region_path__startswith=filters[name])
    if filters.get("date_from"):
        measures = measures.filter(starts_on__gte=filters["date_from"])
    if filters.get("date_to"):
        measures = measures.filter(starts_on__lte=filters["date_to"])
    if filters.get("overdue"):
        measures = measures.filter(overdue_q(today))
    if filters.get("late_start"):
        measures = measures.filter(late_start_q(today))
    if filters.get("no_end"):
        measures = measures.filter(no_end_q())
    if q := (filters.get("q") or "").strip():
        measures = measures.filter(Q(household__head_name__contains=q) | Q(household__number=q))
    return (
        measures.select_related(
            "household", "household__village", "household__village__parent", "member", "measure_type__category"
        )
        .annotate(**flags(today))
        .order_by("region_path", "household_id", "starts_on", "pk")
    )


def _live(measures: QuerySet[PlanMeasure]) -> QuerySet[PlanMeasure]:
    """Measures of households still on the rolls: a closed (已注销) household's are no one's work any more."""
    return measures.filter(household__is_active=True)


def overdue_measure_count(*, actor: Any) -> int:
    return _live(PlanMeasure.objects.visible_to(actor)).filter(overdue_q(timezone.localdate())).count()


def late_start_count(*, actor: Any) -> int:
    return _live(PlanMeasure.objects.visible_to(actor)).filter(late_start_q(timezone.localdate())).count()


def measure_get(*, actor: Any, pk: int) -> PlanMeasure:
    return get_object_or_404(
        PlanMeasure.objects.visible_to(actor).select_related("plan", "household", "member", "measure_type"), pk=pk
    )


def catalogue() -> list[MeasureType]:
    return list(MeasureType.objects.filter(is_active=True).select_related("category"))


def plan_advice(plan: Plan) -> Advice:
    """The plan page's 缺什么补什么: the suggestions, and the risks nothing in the plan or the suggestions answers."""
    household = plan.household
    # Read from the table, not through plan.measures: the plans API prefetches a plan's measures with their
    # household joined, and narrowing that prefetch here (only/defer) was a FieldError, a 500 for every plan.
    taken = set(
        PlanMeasure.objects.filter(plan=plan)
        .exclude(status=MeasureStatus.STOPPED)
        .values_list("measure_type_id", "member_id")
    )
    members = list(household.members.filter(living_status=LivingStatus.LIVING))
    return advise(household=household, members=members, catalogue=catalogue(), taken=taken)


def plan_suggestions(plan: Plan) -> list[Suggestion]:
    return plan_advice(plan).suggestions


def return_visits_of(plan: Plan) -> QuerySet[ReturnVisit]:
    return plan.return_visits.select_related("recorded_by").order_by("-visited_on", "-pk")


@dataclass(frozen=True)
class LastVisit:
    visit: Visit
    counted: bool  # recorded as (or with) the plan's return visit


def plan_visit(*, actor: Any, plan: Plan, pk: int) -> Visit:
    """A 走访 of the plan's household, among those this user may see (404 otherwise)."""
    visits = Visit.objects.visible_to(actor).counted().select_related("visitor").filter(household_id=plan.household_id)
    return get_object_or_404(visits, pk=pk)


def plan_last_visit(plan: Plan) -> LastVisit | None:
    """The household's latest visit of any kind, for the plan page beside the return visits: a 走访 not counted as
    the return visit leaves the due date where it was (assistance.services.visits)."""
    visit = household_last_visit(plan.household)
    if visit is None:
        return None
    return LastVisit(visit=visit, counted=plan.return_visits.filter(visit=visit).exists())


def overdue_count(*, actor: Any) -> int:
    return _active_plans(Plan.objects.visible_to(actor)).filter(next_return_due__lt=timezone.localdate()).count()


def due_soon_count(*, actor: Any) -> int:
    """Return visits due within a week and not overdue yet: overdue_count's are apart, before them on the home page."""
    today = timezone.localdate()
    plans = _active_plans(Plan.objects.visible_to(actor))
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    return plans.filter(next_return_due__gte=today, next_return_due__lte=soon).count()


def due_count(*, actor: Any, contact: Any = None) -> int:
    """Return visits due within a week or overdue; with `contact`, of the households they are the help contact of."""
    soon = timezone.localdate() + dt.timedelta(days=DUE_SOON_DAYS)
    plans = _active_plans(Plan.objects.visible_to(actor)).filter(next_return_due__lte=soon)
    return plans.filter(household__help_contact=contact).count() if contact is not None else plans.count()


def claim_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[InsuranceClaim]:
    filters = filters or {}
    claims = InsuranceClaim.objects.visible_to(actor)
    if filters.get("status"):
        claims = claims.filter(status=filters["status"])
    if filters.get("household"):
        claims = claims.filter(household_id=filters["household"])
    return claims.select_related("household", "household__village", "member").order_by("-created_at", "-pk")


def claim_get(*, actor: Any, pk: int) -> InsuranceClaim:
    return get_object_or_404(InsuranceClaim.objects.visible_to(actor).select_related("household", "member"), pk=pk)


def household_assistance(*, actor: Any, household: Household) -> dict[str, Any]:
    """What the household page's 帮扶 tab shows."""
    plan = plan_for_household(actor=actor, household=household)
    return {
        "plan": plan,
        "measures": plan_measures(plan) if plan else [],
        "contacts": contact_history(actor=actor, household=household)[:5],
        "contact_flag": contact_unfit_reason(household),
        "claims": claim_list(actor=actor, filters={"household": household.pk})[:5],
        "today": timezone.localdate(),
    }


# The measures the public notice lists, each with its own status label (计划中/实施中/已完成), the words the 明白卡
# and every page use. 000 §三(三)7 publicises the measures as decided ("研究制定具体帮扶措施…并将帮扶措施在村级进行
# 公示"), so one not yet started stays on the notice for the village to supervise, and 计划中 with its planned dates
# does not read as help already given; a stopped one is left off.
NOTICE_STATUS_LABELS = {
    status: str(status.label) for status in (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS, MeasureStatus.DONE)
}


def publicity_measures(*, actor: Any, village_code: str) -> tuple[Region, list[PlanMeasure]]:
    """A village's measures for the printed publicity list (帮扶措施公示); the village must be in scope (404).
    Only the households followed as monitored now (assistance.following): a household whose green channel was
    withdrawn or revoked, or whose risk was eliminated, is no monitored household to publicise (000 §三(三)7).
    Each measure carries `notice_status` (NOTICE_STATUS_LABELS), and `notice_name`, `notice_unit` and
    `notice_person`, the measure, unit and responsible person as the posted notice prints them (assistance.notice:
    no health detail); a stopped one is left off."""
    village = get_object_or_404(
        Region.objects.visible_to(actor).select_related("parent"), code=village_code, level=RegionLevel.VILLAGE
    )
    measures = (
        PlanMeasure.objects.visible_to(actor)
        .filter(household__village=village)
        .filter(followed_q("household"))
        .filter(status__in=NOTICE_STATUS_LABELS)
        .annotate(
            notice_status=Case(
                *(When(status=status, then=Value(label)) for status, label in NOTICE_STATUS_LABELS.items())
            )
        )
        .select_related("household", "household__group", "measure_type__category")
        .prefetch_related(members_prefetch("household__"))  # the heads' public names (households.public_names)
        .order_by("household__number", "starts_on", "pk")
    )
    listed = list(measures)
    for measure in listed:
        measure.notice_name = notice_name(measure.measure_type)
        measure.notice_unit = notice_unit(measure)
        measure.notice_person = notice_person(measure)
    return village, listed
