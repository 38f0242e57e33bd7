"""Staff reads of self-applications: the village's worklist, its counts and waits, one application and its
applicant, the poster's village and link. They start from visible_to(actor) (out of scope = 404). The public reads (a
village by its token, the applicant's own status) are selectors_application_public's."""

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from households.choices import LivingStatus, RegionLevel
from households.models import Member, Region
from households.phone import LANDLINE
from workflow.choices import ProcedureKind
from workflow.choices_applications import PENDING_STATUSES, ApplicationStatus
from workflow.models import Procedure
from workflow.models.applications import Application, ApplicationLink

# Where the error pages' test and older callers import the public message from (selectors_application_public).
from workflow.selectors_application_public import MSG_BAD_LINK as MSG_BAD_LINK

# The list's extra views beside the statuses: waiting for the village (the home tile), past the limit, and the
# village's declines the township has not read (村级不予纳入待阅, services.application_decline_review).
STATUS_PENDING, STATUS_OVERDUE, STATUS_DECLINE_UNREAD = "pending", "overdue", "decline_unread"
STATUS_VIEWS = [
    (STATUS_PENDING, "待办（已提交、核实中）"),
    (STATUS_OVERDUE, "超期"),
    (STATUS_DECLINE_UNREAD, "村级不予纳入待阅"),
]
# What the list's status filter takes, on the page (forms_applications) and in the API (api_applications).
STATUS_FILTER_CHOICES = [*ApplicationStatus.choices, *STATUS_VIEWS]
# The township's home tile counts the unread declines of this many days (the list's tab has them all).
DECLINE_UNREAD_DAYS = 30


def application_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Application]:
    filters = filters or {}
    applications = Application.objects.visible_to(actor).select_related(
        "village", "village__parent", "case", "filed_by"
    )
    if filters.get("village"):
        applications = applications.filter(village__code=filters["village"])
    if filters.get("region"):  # a township's or village's path (the 范围 a link names), as a prefix
        applications = applications.filter(region_path__startswith=filters["region"])
    if filters.get("status"):
        applications = with_status(applications, actor=actor, status=filters["status"])
    if filters.get("date_from"):
        applications = applications.filter(submitted_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        applications = applications.filter(submitted_at__date__lte=filters["date_to"])
    q = (filters.get("q") or "").strip()
    if q:
        applications = applications.filter(application_search(q)).distinct()
    return applications.order_by("-submitted_at", "-pk")


def with_status(applications: QuerySet[Application], *, actor: Any, status: str) -> QuerySet[Application]:
    """The applications of one status, or of one of the list's views (STATUS_VIEWS): waiting for the village, past
    the limit (overdue_applications), declined and not read by the township."""
    if status == STATUS_PENDING:
        return applications.filter(status__in=PENDING_STATUSES)
    if status == STATUS_DECLINE_UNREAD:
        return applications.filter(status=ApplicationStatus.DECLINED, township_read_at__isnull=True)
    if status == STATUS_OVERDUE:
        return applications.filter(pk__in=[a.pk for a in overdue_applications(actor)])
    return applications.filter(status=status)


# What a typed receipt number, ID number or phone may carry beside its characters: spaces (full-width ones become
# spaces under NFKC), dashes of any kind, as read out or copied from a screenshot.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―－]+")
_RECEIPT = re.compile(r"[0-9A-Z]{10}")
_ID_NUMBER = re.compile(r"\d{17}[\dX]")
_PHONE = re.compile(r"1\d{10}")


def application_search(q: str) -> Q:
    """The list's search (the page's and the API's q): a name containing it, or exactly a receipt number (its own or a
    supplement's) in any case, with or without its dash or spaces ('g8f4cukkk7', 'G8F4C UKKK7'), an ID number or a
    phone number (exact: the list is no way to browse people by parts of their numbers)."""
    plain = _SEPARATORS.sub("", unicodedata.normalize("NFKC", q)).upper()
    found = Q(name__contains=q.strip())
    if _RECEIPT.fullmatch(plain):
        receipt = f"{plain[:5]}-{plain[5:]}"
        found |= Q(receipt_no=receipt) | Q(supplements__receipt_no=receipt)
    if _ID_NUMBER.fullmatch(plain):
        found |= Q(id_number=plain)
    phone = plain.removeprefix("+86") if plain.startswith("+86") else plain
    phone = phone[2:] if len(phone) == 13 and phone.startswith("86") else phone
    if _PHONE.fullmatch(phone):
        found |= Q(phone=phone)
    elif landline := LANDLINE.match(plain):  # filed (代为申报) with a landline, stored as households.phone stores it
        found |= Q(phone=f"{landline.group(1)}-{landline.group(2)}")
    return found


def application_counts(*, actor: Any, filters: dict[str, Any] | None = None) -> dict[str, int]:
    """The applications by status, for the list's status tabs: with the list's other filters (the place its 范围 line
    names, the search, the dates), which the tabs' links keep; the status chosen is left out."""
    others = {name: value for name, value in (filters or {}).items() if name != "status"}
    listed = application_list(actor=actor, filters=others).order_by()
    return dict(listed.values_list("status").annotate(n=Count("pk", distinct=True)))


def decline_unread_count(user: Any, *, filters: dict[str, Any] | None = None) -> int:
    """The village's declines the township has not marked 已阅: with the list's filters, its tab's; without, the
    home tile's, decided in the last DECLINE_UNREAD_DAYS days."""
    unread = application_list(actor=user, filters={**(filters or {}), "status": STATUS_DECLINE_UNREAD})
    if filters is None:
        unread = unread.filter(decided_at__gte=timezone.now() - dt.timedelta(days=DECLINE_UNREAD_DAYS))
    return unread.count()


def new_application_count(user: Any) -> int:
    """The home tile's count: the applications still waiting for the village, 已提交 and 核实中 alike."""
    return Application.objects.visible_to(user).filter(status__in=PENDING_STATUSES).count()


@dataclass(frozen=True)
class Wait:
    """How long a pending application has waited, against the limit its case will run under: the active
    identification procedure's 办结时限 (seed 001 §三 "自发现…一般不超过15天"), counted from the day the farmer applied
    as application_to_case counts the case. Seed 000 sets no number of days (上户核实, 及时), so a county whose
    procedure has no limit sees the days waited only."""

    days: int
    limit_days: int | None

    @property
    def overdue(self) -> bool:
        return self.limit_days is not None and self.days > self.limit_days

    @property
    def left(self) -> int | None:
        return None if self.limit_days is None else self.limit_days - self.days

    @property
    def over(self) -> int:
        return -self.left if self.left is not None and self.left < 0 else 0


def _limits() -> list[tuple[str, int | None]]:
    """(county prefix, limit days) of the active identification procedures, the longest prefix first, as
    services.procedures.active_procedure picks one for a region."""
    procedures = Procedure.objects.filter(kind=ProcedureKind.IDENTIFICATION, is_active=True)
    rows = procedures.values_list("region_prefix", "limit_days")
    return sorted(rows, key=lambda row: len(row[0]), reverse=True)


def _limit_for(region_path: str, limits: list[tuple[str, int | None]]) -> int | None:
    return next((days for prefix, days in limits if region_path.startswith(prefix)), None)


def application_waits(applications: Iterable[Application], *, today: dt.date | None = None) -> dict[int, Wait]:
    """Wait of each pending application among these (decided ones have none)."""
    today = today or timezone.localdate()
    limits = _limits()
    return {
        a.pk: Wait((today - timezone.localtime(a.submitted_at).date()).days, _limit_for(a.region_path, limits))
        for a in applications
        if a.status in PENDING_STATUSES
    }


def overdue_applications(actor: Any, *, today: dt.date | None = None, region_path: str = "") -> list[Application]:
    """The pending applications past the limit, longest waiting first; within a region when its path is given (the
    dashboard's 超过办结时限 of a township or a village)."""
    pending = (
        Application.objects.visible_to(actor)
        .filter(status__in=PENDING_STATUSES, region_path__startswith=region_path)
        .select_related("village", "village__parent", "filed_by")
        .order_by("submitted_at", "pk")
    )
    waits = application_waits(pending, today=today)
    return [a for a in pending if waits[a.pk].overdue]


def overdue_application_count(user: Any, *, filters: dict[str, Any] | None = None) -> int:
    """The applications waiting past the limit: the home tile's; with the list's filters, its 超期 tab's."""
    if not filters:
        return len(overdue_applications(user))
    return application_list(actor=user, filters={**filters, "status": STATUS_OVERDUE}).count()


# The 超期 page lists this many overdue applications of the place chosen; the application list has them all.
OVERDUE_SHOWN = 10


@dataclass(frozen=True)
class OverdueApplications:
    """The 超期 page's section of self-applications waiting past the limit (overdue_applications)."""

    shown: list[Application]  # the place's longest waiting, OVERDUE_SHOWN at most, each with its `wait`
    count: int  # all of the place's
    by_township: dict[str, int]  # township name to count, in the whole scope (the page's summary)
    village: str  # the village code chosen ("" for none): the application list's filter for the rest


def overdue_application_section(
    *, actor: Any, township: str = "", village: str = "", today: dt.date | None = None
) -> OverdueApplications:
    """The overdue applications in the actor's scope (visible_to, as the home tile's 自主申报超期 and the list's
    ?status=overdue count them) of a township or a village (their codes, as the 超期 page's filter gives them)."""
    overdue = overdue_applications(actor, today=today)
    chosen = [
        a
        for a in overdue
        if (not village or a.village.code == village)
        and (not township or (a.village.parent is not None and a.village.parent.code == township))
    ]
    shown = chosen[:OVERDUE_SHOWN]
    waits = application_waits(shown, today=today)
    for application in shown:
        application.wait = waits[application.pk]  # type: ignore[attr-defined]
    by_township = Counter(a.village.parent.name if a.village.parent is not None else "—" for a in overdue)
    return OverdueApplications(shown=shown, count=len(chosen), by_township=dict(by_township), village=village)


def application_get(*, actor: Any, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.visible_to(actor).select_related(
            "village",
            "village__parent",
            "household",
            "visit",
            "case",
            "verification_started_by",
            "decided_by",
            "filed_by",
            "township_read_by",
        ),
        pk=pk,
    )


def application_to_register(*, actor: Any, pk: str) -> Application | None:
    """A pending application the actor may see, whose applicant is to be registered as a new household (the
    new-household form starts from it); None for any other id."""
    if not pk.isdigit():
        return None
    return (
        Application.objects.visible_to(actor)
        .filter(pk=int(pk), status__in=PENDING_STATUSES)
        .select_related("village", "village__parent")
        .first()
    )


def same_person_applications(*, actor: Any, application: Application) -> QuerySet[Application]:
    """Other applications with the same ID number that the actor may see, each with `same_phone`: sent with another
    phone, or with the same one in another village or after the earlier one was decided (a repeat while one is
    pending in its village is a supplement, services.application_public.application_submit)."""
    return (
        Application.objects.visible_to(actor)
        .filter(id_number=application.id_number)
        .exclude(pk=application.pk)
        .annotate(same_phone=ExpressionWrapper(Q(phone=application.phone), output_field=BooleanField()))
        .select_related("village")
        .order_by("-submitted_at")
    )


def _plain_name(name: str) -> str:
    return "".join((name or "").split())


def applicant_members(*, actor: Any, application: Application) -> QuerySet[Member]:
    """The applicant among the living members of active households of the application's village that the actor may
    see, by ID number (as services.applications.applicant_household finds them)."""
    return Member.objects.visible_to(actor).filter(
        id_number=application.id_number,
        living_status=LivingStatus.LIVING,
        household__village_id=application.village_id,
        household__is_active=True,
    )


def registered_name_if_different(*, actor: Any, application: Application) -> str:
    """The name the registry holds for the applicant's ID number, when it is not the name the applicant gave: someone
    applying for another, a mistyped number, or a number used by someone else, which the cadre should know before
    the visit (review cadre finding 5). Read among the living members of the application's village that the actor
    may see, as services.applications.applicant_household finds the applicant; "" when the names agree or there is
    none the actor may see."""
    name = applicant_members(actor=actor, application=application).values_list("name", flat=True).first()
    if not name or _plain_name(name) == _plain_name(application.name):
        return ""
    return name


def poster_village(*, actor: Any, code: str) -> Region:
    return get_object_or_404(
        Region.objects.visible_to(actor).select_related("parent"), code=code, level=RegionLevel.VILLAGE
    )


def application_link_active(*, village: Region) -> ApplicationLink | None:
    """The village's link farmers can use now (the poster's), if one was ever printed."""
    return ApplicationLink.objects.select_related("created_by").filter(village=village, revoked_at__isnull=True).first()
