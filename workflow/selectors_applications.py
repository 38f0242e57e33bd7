"""Reads of self-applications. The village's worklist starts from visible_to(actor) (out of scope = 404); the two
public reads (a village by its token, the applicant's own status) are deliberately narrow."""

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

from config.errors import NotFound
from households.choices import LivingStatus, RegionLevel
from households.models import Member, Region
from households.phone import LANDLINE
from workflow.choices import CaseStatus, ProcedureKind
from workflow.choices_applications import PENDING_STATUSES, ApplicationStatus, LookupStage
from workflow.models import Procedure
from workflow.models.applications import Application, ApplicationLink

# The list's extra views beside the statuses: waiting for the village (the home tile), past the limit, and the
# village's declines the township has not read (村级不予纳入待阅, services.application_decline_review).
STATUS_PENDING, STATUS_OVERDUE, STATUS_DECLINE_UNREAD = "pending", "overdue", "decline_unread"
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
    if filters.get("status") == STATUS_PENDING:
        applications = applications.filter(status__in=PENDING_STATUSES)
    elif filters.get("status") == STATUS_DECLINE_UNREAD:
        applications = applications.filter(status=ApplicationStatus.DECLINED, township_read_at__isnull=True)
    elif filters.get("status") == STATUS_OVERDUE:
        applications = applications.filter(pk__in=[a.pk for a in overdue_applications(actor)])
    elif filters.get("status"):
        applications = applications.filter(status=filters["status"])
    if filters.get("date_from"):
        applications = applications.filter(submitted_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        applications = applications.filter(submitted_at__date__lte=filters["date_to"])
    q = (filters.get("q") or "").strip()
    if q:
        applications = applications.filter(application_search(q)).distinct()
    return applications.order_by("-submitted_at", "-pk")


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


MSG_BAD_LINK = "该申报二维码已失效或链接不完整。请重新扫描村里张贴的最新二维码，或联系村干部。"


MSG_LINK_REVOKED = "该二维码已停用，请向村委会索取新的申报二维码。"


class LinkRevoked(Exception):
    """The token was a village's, until the village regenerated its QR code (services.application_link_rotate)."""


def public_village(token: str) -> Region:
    """The village behind a poster's active token, or 404: the public page knows nothing else. A replaced token
    raises LinkRevoked, so that the farmer is told to ask for the new poster rather than that the link is broken."""
    link = ApplicationLink.objects.select_related("village", "village__parent").filter(token=token).first()
    if link is None:
        raise NotFound(MSG_BAD_LINK)
    if link.is_revoked:
        raise LinkRevoked
    return link.village


@dataclass(frozen=True)
class StatusRow:
    receipt_nos: list[str]
    village: str
    submitted_on: dt.date
    status: str  # a LookupStage: the stage, not the application's status
    status_label: str
    status_on: dt.date
    explanation: str


# The lookup is keyed by ID number + phone (or receipt number), and the phone is whatever the applicant typed: anyone
# who knows a farmer's ID number can apply with it and their own phone. So it says how far the application has got
# and never what was decided or why (已是监测对象, 已纳入监测, 未纳入 and the village's reason would tell a stranger
# the household's monitoring status, which DOMAIN "Privacy" counts as sensitive): the village tells the applicant the
# outcome in person, after checking that it is the person or a member of the household.
STAGE_EXPLANATIONS = {
    LookupStage.RECEIVED: "村委会已收到申报，将安排人员入户核实。",
    LookupStage.VERIFYING: "村委会正在核实办理，需要一段时间，请耐心等待。",
    LookupStage.DONE: "本次申报已办结。办理结果请向村委会了解。",
}
# A case opened from the application is still being handled until it is decided (a withdrawn case is closed too:
# a follow-up case re-points the application to itself).
CASE_CLOSED = (CaseStatus.APPROVED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN)


def lookup_stage(application: Application) -> LookupStage:
    """The stage the applicant reads: any closed application (declined, already monitored, a decided case, and any
    closure added later) is 已办结 alike."""
    if application.status == ApplicationStatus.SUBMITTED:
        return LookupStage.RECEIVED
    if application.status == ApplicationStatus.VERIFYING:
        return LookupStage.VERIFYING
    case = application.case if application.status == ApplicationStatus.CASE_OPENED else None
    if application.status == ApplicationStatus.CASE_OPENED and (case is None or case.status not in CASE_CLOSED):
        return LookupStage.VERIFYING
    return LookupStage.DONE


def _stage_on(application: Application, stage: LookupStage) -> dt.date:
    if stage == LookupStage.RECEIVED:
        at: dt.datetime | dt.date = application.submitted_at
    elif stage == LookupStage.VERIFYING:
        at = application.verification_started_at or application.submitted_at
    else:
        case = application.case if application.status == ApplicationStatus.CASE_OPENED else None
        at = (case.closed_on if case is not None else None) or application.decided_at or application.submitted_at
    return timezone.localtime(at).date() if isinstance(at, dt.datetime) else at


def application_status_lookup(*, id_number: str, phone: str = "", receipt_no: str = "") -> list[StatusRow]:
    """The applicant's own applications: the ID number with the phone given with it, or with a receipt number (the
    application's or a supplement's) in place of the phone, each with its stage only.

    A wrong pair returns the same as none, so the lookup cannot be used to learn whether someone applied, and the ID
    number alone finds nothing. By phone, the applications made with this phone (see application_submit on why
    repeats are merged by both); by receipt number, the application it was given for: a farmer filed for (代为申报)
    with no phone or a landline has only the receipt. A receipt number is ten random characters, far harder to guess
    than a phone, and the answer is the same stage only."""
    if not (phone or receipt_no):
        return []
    key = Q()
    if phone:
        key |= Q(phone=phone)
    if receipt_no:
        key |= Q(receipt_no=receipt_no) | Q(supplements__receipt_no=receipt_no)
    applications = (
        Application.objects.filter(key, id_number=id_number)
        .distinct()
        .select_related("village", "village__parent", "case")
        .prefetch_related("supplements")
        .order_by("-submitted_at", "-pk")
    )
    rows = []
    for application in applications:
        township = application.village.parent.name if application.village.parent else ""
        stage = lookup_stage(application)
        rows.append(
            StatusRow(
                receipt_nos=[application.receipt_no, *(s.receipt_no for s in application.supplements.all())],
                village=f"{township}{application.village.name}",
                submitted_on=timezone.localtime(application.submitted_at).date(),
                status=stage.value,
                status_label=str(stage.label),
                status_on=_stage_on(application, stage),
                explanation=STAGE_EXPLANATIONS[stage],
            )
        )
    return rows
