"""Who is due a visit and who had one (seed 001 §一: 对防止返贫监测对象和建档立卡脱贫人口每月开展入户走访服务).

One rule for any period (visit_due, unvisited_between): the household list's filters, the dashboard's tiles and
columns and the 应走访未走访农户清单 (reports.ledgers.visits) all read it. Re-exported by households.selectors."""

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from accounts.scoping import user_scope_prefix
from households.choices import HouseholdType
from households.models import Consent, Household, Visit
from households.services.closing import nobody_living


def month_start(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today.replace(day=1)


# Who is visited every month (seed 001 §一): the monitored households and the lifted-out (脱贫户) ones, while somebody
# lives there. One whose members all died or moved out is for 农户注销 (the data check no_living_member lists it), and
# a visit to it is refused (closing.ensure_somebody_living): it is due none.
MONTHLY_VISIT = (~Q(monitoring_category="") | Q(household_type=HouseholdType.LIFTED_OUT)) & ~nobody_living()


def monthly_visit_households(queryset: QuerySet[Household]) -> QuerySet[Household]:
    return queryset.filter(MONTHLY_VISIT)


def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar month before `today`'s."""
    last = month_start(today) - dt.timedelta(days=1)
    return last.replace(day=1), last


def visit_due(queryset: QuerySet[Household], end: dt.date) -> QuerySet[Household]:
    """The households of `queryset` due a visit in a period ending on `end` (MONTHLY_VISIT), as they stand now: a
    household that became monitored only after the period (and is not 脱贫户) was not due one in it."""
    return monthly_visit_households(queryset).exclude(
        ~Q(household_type=HouseholdType.LIFTED_OUT) & Q(monitoring_start__gt=end)
    )


def _visited_between(start: dt.date, end: dt.date) -> QuerySet[Visit]:
    return Visit.objects.counted().filter(visited_on__range=(start, end)).values("household_id")


def unvisited_between(queryset: QuerySet[Household], start: dt.date, end: dt.date) -> QuerySet[Household]:
    """The households due a visit from `start` to `end` (visit_due) with none of any kind in those days."""
    return visit_due(queryset, end).exclude(pk__in=_visited_between(start, end))


def last_month_visit_due(queryset: QuerySet[Household], today: dt.date) -> QuerySet[Household]:
    """The households of `queryset` due a visit last month: visit_due for the calendar month before `today`'s."""
    return visit_due(queryset, previous_month(today)[1])


def last_month_unvisited(queryset: QuerySet[Household], today: dt.date) -> QuerySet[Household]:
    """Households due a visit last month with none in that calendar month: the real shortfall, since a month's
    visit is due by its last day (001 §一). The dashboard's tile and per-village column and the household list's
    `visited_last_month=no` are this one queryset."""
    return unvisited_between(queryset, *previous_month(today))


def last_month_visited(queryset: QuerySet[Household], today: dt.date) -> QuerySet[Household]:
    """Households due a visit last month that had one: the rest of last_month_visit_due."""
    start, end = previous_month(today)
    return last_month_visit_due(queryset, today).filter(pk__in=_visited_between(start, end))


def never_visited(queryset: QuerySet[Household]) -> QuerySet[Household]:
    """The monitored households of `queryset` with no visit on or after their 纳入监测日期 (any visit at all when it
    is not recorded): the monthly visit (001 §一) is owed from the inclusion, so one made before it does not count.
    The dashboard's tile and the household list's `never_visited=yes` are this one queryset."""
    visits = Visit.objects.counted().filter(household=OuterRef("pk"))
    since = visits.filter(visited_on__gte=OuterRef("monitoring_start"))
    return queryset.exclude(monitoring_category="").filter(
        (Q(monitoring_start__isnull=False) & ~Exists(since)) | (Q(monitoring_start__isnull=True) & ~Exists(visits))
    )


def household_visited_this_month(household: Household) -> Visit | None:
    return household.visits.counted().filter(visited_on__gte=month_start()).order_by("-visited_on").first()


def household_last_visit(household: Household) -> Visit | None:
    """The latest visit of any kind (走访, return visit, alert verification …)."""
    return household.visits.counted().select_related("visitor").order_by("-visited_on", "-id").first()


def household_visit_years(household: Household) -> list[tuple[int, int]]:
    """The years the household has a visit in, the latest first, each with its number of visits: the 走访 tab's
    year filter offers these. A voided visit (作废) is listed in its year but not counted."""
    counted = Count("pk", filter=Q(voided_at__isnull=True))
    rows = household.visits.annotate(year=ExtractYear("visited_on")).values("year").annotate(n=counted)
    return [(row["year"], row["n"]) for row in rows.order_by("-year")]


def household_visits(household: Household, *, year: int | None = None) -> QuerySet[Visit]:
    """The household's visits of every kind, the latest first (of `year` only, when given): its 走访 tab, which shows
    a voided one (作废) struck through, with who voided it, when and why."""
    visits = household.visits.select_related("visitor", "voided_by", "corrected_by").order_by("-visited_on", "-id")
    return visits if year is None else visits.filter(visited_on__year=year)


def visitors_visible(actor: Any) -> QuerySet[Any]:
    """The accounts whose visits `actor` may list by visitor (the visit API's ?visitor=): those who recorded a visit
    the actor may see, and the accounts of the actor's region, whose list may simply be empty so far (a cadre who has
    visited nobody yet is an empty list, not a 400); another place's account is a 400, as any record out of scope."""
    users = get_user_model().objects
    prefix = user_scope_prefix(actor)
    if prefix is None:
        return users.none()
    recorded = Visit.objects.visible_to(actor).values("visitor_id")
    return users.filter(Q(region_path__startswith=prefix) & ~Q(region_path="") | Q(pk__in=recorded))


def visit_submitted(*, household: Household, once: uuid.UUID | None) -> bool:
    """Whether the visit page with this token (config.once) recorded its visit already: the page posted again."""
    return once is not None and Visit.objects.filter(household=household, once=once).exists()


def consent_submitted(*, household: Household, once: uuid.UUID | None) -> bool:
    """Whether the consent page with this token (config.once) recorded its consent already: the page posted again."""
    return once is not None and Consent.objects.filter(household=household, once=once).exists()
