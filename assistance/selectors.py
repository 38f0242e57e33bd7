"""Reads of the assistance app. Every read starts from visible_to(actor) (a department clerk's from
for_department(actor)), so out of scope is absent and pages and the API answer 404.

The ledgers (reports app) build on measure_list and employment_list."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.scoping import user_scope_prefix
from assistance.choices import OPEN_MEASURE_STATUSES, MeasureStatus
from assistance.models import (
    EmploymentRecord,
    HelpContactAssignment,
    InsuranceClaim,
    MeasureType,
    Plan,
    PlanMeasure,
    ReturnVisit,
)
from assistance.services.contacts import CONTACT_ROLES
from assistance.suggestions import WORKING_AGE, Suggestion, suggest
from households.choices import HouseholdType, LabourSkill, LivingStatus, RegionLevel
from households.models import Household, Member, Region

DUE_SOON_DAYS = 7


def _active_plans(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Plans still followed up: the household is monitored, or is being helped first in the green channel."""
    return plans.filter(Q(household__monitoring_category__gt="") | Q(pre_monitoring=True), household__is_active=True)


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
    if filters.get("contact"):
        plans = plans.filter(household__help_contact_id=filters["contact"])
    if filters.get("contact_state") == CONTACT_NEEDS_CHANGE:
        plans = _contact_needs_change(_active_plans(plans))
    return (
        plans.select_related("household", "household__village", "household__village__parent", "household__help_contact")
        .annotate(
            measures_open=Count("measures", filter=Q(measures__status__in=OPEN_MEASURE_STATUSES)),
            measures_done=Count("measures", filter=Q(measures__status=MeasureStatus.DONE)),
        )
        .order_by("next_return_due", "region_path", "pk")
    )


def households_without_plan(*, actor: Any) -> QuerySet[Household]:
    """Monitored households still without a plan (000 §三(三)7: 纳入监测后及时开展帮扶)."""
    return (
        Household.objects.visible_to(actor)
        .filter(is_active=True, assistance_plan__isnull=True)
        .exclude(monitoring_category="")
        .select_related("village", "village__parent")
        .order_by("monitoring_start", "region_path", "number")
    )


def plan_get(*, actor: Any, pk: int) -> Plan:
    return get_object_or_404(Plan.objects.visible_to(actor).select_related("household"), pk=pk)


def plan_for_household(*, actor: Any, household: Household) -> Plan | None:
    return Plan.objects.visible_to(actor).filter(household=household).first()


def plan_measures(plan: Plan) -> QuerySet[PlanMeasure]:
    return plan.measures.select_related("measure_type", "measure_type__category", "member", "completed_by").order_by(
        "measure_type__category__order", "starts_on", "pk"
    )


def measure_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[PlanMeasure]:
    """Measures in the actor's scope; filters: status, department, category, measure_type, village, township, q."""
    filters = filters or {}
    measures = PlanMeasure.objects.visible_to(actor)
    for name, lookup in (
        ("status", "status"),
        ("department", "responsible_department"),
        ("category", "measure_type__category__code"),
        ("measure_type", "measure_type__code"),
        ("village", "household__village__code"),
    ):
        if filters.get(name):
            measures = measures.filter(**{lookup: filters[name]})
    if filters.get("township"):
        measures = measures.filter(region_path__startswith=filters["township"])
    if q := (filters.get("q") or "").strip():
        measures = measures.filter(Q(household__head_name__contains=q) | Q(household__number=q))
    return measures.select_related(
        "household", "household__village", "household__village__parent", "member", "measure_type__category"
    ).order_by("region_path", "household_id", "starts_on", "pk")


def measure_get(*, actor: Any, pk: int) -> PlanMeasure:
    return get_object_or_404(
        PlanMeasure.objects.visible_to(actor).select_related("plan", "household", "member", "measure_type"), pk=pk
    )


def department_measure_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[PlanMeasure]:
    """A clerk's list. Only what the clerk needs (DOMAIN.md "Privacy"): pages and the API show the head's name,
    the village and the measure, never ID numbers, phones or health."""
    filters = filters or {}
    measures = PlanMeasure.objects.for_department(actor)
    status = filters.get("status") or "open"
    if status == "open":
        measures = measures.filter(status__in=OPEN_MEASURE_STATUSES)
    elif status in MeasureStatus.values:
        measures = measures.filter(status=status)
    if q := (filters.get("q") or "").strip():
        measures = measures.filter(household__head_name__contains=q)
    return measures.select_related("household__village__parent", "measure_type").order_by("starts_on", "pk")


def department_measure_get(*, actor: Any, pk: int) -> PlanMeasure:
    return get_object_or_404(
        PlanMeasure.objects.for_department(actor).select_related("household__village__parent", "measure_type"), pk=pk
    )


def catalogue() -> list[MeasureType]:
    return list(MeasureType.objects.filter(is_active=True).select_related("category"))


def plan_suggestions(plan: Plan) -> list[Suggestion]:
    household = plan.household
    taken = {
        (m.measure_type_id, m.member_id)
        for m in plan.measures.exclude(status=MeasureStatus.STOPPED).only("measure_type_id", "member_id")
    }
    members = list(household.members.filter(living_status=LivingStatus.LIVING))
    return suggest(household=household, members=members, catalogue=catalogue(), taken=taken)


def return_visit_overview(*, actor: Any) -> list[dict[str, Any]]:
    """Per township: active plans, return visits overdue, due within a week (回访 by township)."""
    today = timezone.localdate()
    plans = _active_plans(Plan.objects.visible_to(actor))
    townships = Region.objects.visible_to(actor).filter(level=RegionLevel.TOWNSHIP)
    prefix = user_scope_prefix(actor) or ""
    if len(prefix) > 9:
        townships = Region.objects.filter(path=prefix[:9])
    rows = []
    for township in townships.order_by("path"):
        here = plans.filter(region_path__startswith=township.path)
        counts = here.aggregate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(next_return_due__lt=today)),
            due=Count(
                "pk",
                filter=Q(next_return_due__gte=today, next_return_due__lte=today + dt.timedelta(days=DUE_SOON_DAYS)),
            ),
        )
        if counts["total"]:
            rows.append({"township": township, **counts})
    return rows


def return_visits_of(plan: Plan) -> QuerySet[ReturnVisit]:
    return plan.return_visits.select_related("recorded_by").order_by("-visited_on", "-pk")


# 003 §二 3(2): a help contact who can no longer serve (因病、因退休、因调动) is replaced in time. A followed-up
# household with no contact, or with one whose account is deactivated (who has left), needs one.
CONTACT_NEEDS_CHANGE = "needs_change"


def _contact_needs_change(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    return plans.filter(Q(household__help_contact__isnull=True) | Q(household__help_contact__is_active=False))


def household_contact_needs_change(household: Household) -> bool:
    """The same test for one household (the plans API's help_contact_needs_change)."""
    contact = household.help_contact
    return contact is None or not contact.is_active


def contact_needs_change_count(*, actor: Any) -> int:
    return _contact_needs_change(_active_plans(Plan.objects.visible_to(actor))).count()


def is_help_contact(*, actor: Any) -> bool:
    return Household.objects.visible_to(actor).filter(help_contact=actor, is_active=True).exists()


def overdue_count(*, actor: Any) -> int:
    return _active_plans(Plan.objects.visible_to(actor)).filter(next_return_due__lt=timezone.localdate()).count()


def due_count(*, actor: Any, contact: Any = None) -> int:
    """Return visits due within a week or overdue; with `contact`, of the households they are the help contact of."""
    soon = timezone.localdate() + dt.timedelta(days=DUE_SOON_DAYS)
    plans = _active_plans(Plan.objects.visible_to(actor)).filter(next_return_due__lte=soon)
    return plans.filter(household__help_contact=contact).count() if contact is not None else plans.count()


def contact_history(*, actor: Any, household: Household) -> QuerySet[HelpContactAssignment]:
    return (
        HelpContactAssignment.objects.visible_to(actor)
        .filter(household=household)
        .select_related("contact", "assigned_by")
        .order_by("-starts_on", "-pk")
    )


def _covering_paths(path: str) -> list[str]:
    """The scopes that cover `path`: its county, township, village (and group), 3 digits a level below the county."""
    return [path[:n] for n in range(6, len(path) + 1, 3)]


def _contact_users() -> QuerySet[Any]:
    return get_user_model().objects.filter(is_active=True, role__in=list(CONTACT_ROLES))


def contact_candidates(*, actor: Any, household: Household) -> QuerySet[Any]:
    """People who may help this household: contact roles whose scope covers it (assistance.services.contacts.
    contact_fits), so that the contact can open the family's file."""
    return (
        _contact_users()
        .filter(region_path__in=_covering_paths(household.region_path))
        .order_by("region_path", "last_name", "first_name", "username")
    )


def contact_choices(*, actor: Any) -> QuerySet[Any]:
    """Whom the actor may name as a help contact through the API: contact roles working within the actor's scope
    or above it. Anyone else reads as "not found", so the answers tell nothing of other users' roles or places."""
    prefix = user_scope_prefix(actor)
    if prefix is None:
        return _contact_users().none()
    if prefix == "":
        return _contact_users()
    return _contact_users().filter(Q(region_path__startswith=prefix) | Q(region_path__in=_covering_paths(prefix)))


def contact_list(*, actor: Any) -> QuerySet[Any]:
    """Help contacts of the households the actor sees, with how many they help."""
    households = Household.objects.visible_to(actor).filter(is_active=True, help_contact=OuterRef("pk"))
    visible = Household.objects.visible_to(actor).filter(is_active=True)
    return (
        get_user_model()
        .objects.filter(Exists(households))
        .annotate(households_count=Count("helped_households", filter=Q(helped_households__in=visible)))
        .order_by("-households_count", "username")
    )


def contact_get(*, actor: Any, pk: int) -> Any:
    """A contact the actor may look at: one who helps a household in the actor's scope, or the actor."""
    users = get_user_model().objects.filter(pk=pk)
    if pk != getattr(actor, "pk", None):
        users = users.filter(
            Exists(Household.objects.visible_to(actor).filter(help_contact=OuterRef("pk"), is_active=True))
        )
    return get_object_or_404(users)


def contact_households(*, actor: Any, contact: Any) -> QuerySet[Household]:
    """A contact's households with their plan's next return visit and open measures (what is due)."""
    return (
        Household.objects.visible_to(actor)
        .filter(help_contact=contact, is_active=True)
        .select_related("village", "village__parent", "assistance_plan")
        .annotate(
            measures_open=Count(
                "assistance_plan__measures",
                filter=Q(assistance_plan__measures__status__in=OPEN_MEASURE_STATUSES),
            )
        )
        .order_by("assistance_plan__next_return_due", "region_path", "number")
    )


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


def employment_members(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Member]:
    """Working-age (16–64) living members able to work, of lifted-out or monitored households (脱贫劳动力)."""
    filters = filters or {}
    today = timezone.localdate()
    low, high = WORKING_AGE
    youngest = today.replace(year=today.year - low)
    oldest = today.replace(year=today.year - high - 1) + dt.timedelta(days=1)
    members = (
        Member.objects.visible_to(actor)
        .filter(
            living_status=LivingStatus.LIVING,
            birth_date__lte=youngest,
            birth_date__gte=oldest,
            household__is_active=True,
        )
        .filter(Q(household__household_type=HouseholdType.LIFTED_OUT) | Q(household__monitoring_category__gt=""))
        .exclude(labour_skill__in=[LabourSkill.LOST, LabourSkill.NONE])
        .filter(student_stage="none")
    )
    if filters.get("village"):
        members = members.filter(household__village__code=filters["village"])
    if q := (filters.get("q") or "").strip():
        members = members.filter(Q(name__contains=q) | Q(household__head_name__contains=q))
    return members.select_related("household", "household__village").order_by("region_path", "household_id", "pk")


def employment_list(
    *, actor: Any, quarter: tuple[int, int], filters: dict[str, Any] | None = None
) -> QuerySet[EmploymentRecord]:
    """A quarter of the labour employment ledger (004 (六)); filters: village, employed, place, public_welfare_post."""
    filters = filters or {}
    year, number = quarter
    records = EmploymentRecord.objects.visible_to(actor).filter(year=year, quarter=number)
    if filters.get("village"):
        records = records.filter(household__village__code=filters["village"])
    if filters.get("employed") in ("yes", "no"):
        records = records.filter(employed=filters["employed"] == "yes")
    if filters.get("place"):
        records = records.filter(place=filters["place"])
    if filters.get("public_welfare_post") in ("yes", True):
        records = records.filter(public_welfare_post=True)
    return records.select_related("member", "household", "household__village", "household__village__parent").order_by(
        "region_path", "household_id", "member_id"
    )


def household_assistance(*, actor: Any, household: Household) -> dict[str, Any]:
    """What the household page's 帮扶 tab shows."""
    plan = plan_for_household(actor=actor, household=household)
    return {
        "plan": plan,
        "measures": plan_measures(plan) if plan else [],
        "contacts": contact_history(actor=actor, household=household)[:5],
        "claims": claim_list(actor=actor, filters={"household": household.pk})[:5],
        "today": timezone.localdate(),
    }


def publicity_measures(*, actor: Any, village_code: str) -> tuple[Region, list[PlanMeasure]]:
    """A village's measures for the printed publicity list (帮扶措施公示); the village must be in scope (404)."""
    village = get_object_or_404(
        Region.objects.visible_to(actor).select_related("parent"), code=village_code, level=RegionLevel.VILLAGE
    )
    measures = (
        PlanMeasure.objects.visible_to(actor)
        .filter(household__village=village)
        .exclude(status=MeasureStatus.STOPPED)
        .select_related("household", "household__group", "measure_type")
        .order_by("household__number", "starts_on", "pk")
    )
    return village, list(measures)
