"""工作成效's monthly visit coverage (seed 001: 对监测对象和脱贫人口每月开展入户走访): which households were due a visit
in which months of a period, and how many of those months had one. A household is due only while it is in the
registry: from the month it entered it (created, or split off another household) to the month it was closed or
merged into another (Household.closed_on, which 合户 sets too). A county going live in September is not charged
January to August, and a household closed since still counts in the months before its closing."""

import datetime as dt
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import Count, DateField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest, Least, TruncDate, TruncMonth

from households.choices import HouseholdType
from households.models import Household, Visit
from reports.selectors.decisions import decided_cases
from workflow.choices import CaseKind
from workflow.selectors_exit_shown import exit_monitoring_start


def _months_between(first: Any, last: Any) -> Any:
    """Whole months from one month's first day to another's (0 for the same month), in SQL."""
    return (ExtractYear(last) - ExtractYear(first)) * 12 + ExtractMonth(last) - ExtractMonth(first)


def _registry_months() -> tuple[Any, Any]:
    """The first and the last month (as its first day) a household was in the registry, in SQL: from the day it was
    split off (split_on) or else created (created_at, the county's day), to its closing day (closed_on, set by 注销
    and by 合户; NULL while it is active, so GREATEST/LEAST skip it)."""
    entered = TruncMonth(Coalesce(F("split_on"), TruncDate("created_at")), output_field=DateField())
    closed = DbCase(When(is_active=False, then=TruncMonth("closed_on")), default=None, output_field=DateField())
    return entered, closed


def visit_windows(actor: Any, within: str, start: dt.date, last: dt.date) -> QuerySet[Household]:
    """The households due a monthly visit at some time in start…last, each with the first and the last month (as its
    first day) of the period it was due in: a lifted-out household throughout; a monitored one from the month of its
    monitoring_start (throughout when it has none) and, once its risk was eliminated, up to the month the county
    decided the exit (reports.selectors.decisions). A household monitored again after an exit (风险再标注) has a new
    monitoring_start and no end, and was due in its earlier monitoring too: from the 纳入监测日期 that exit ended
    (workflow.selectors_exit_shown.exit_monitoring_start, read from the household's history) to the exit's month,
    its months before the new one's (earlier_from…earlier_to; the latest exit's). Every window is cut to the months
    the household was in the registry (_registry_months). Decided in SQL for all households at once, so a past period
    counts the households due then, not today's: a household closed since counts up to its closing month, one closed
    before the period not at all, and one inactive with no closing day on record (none to count to) neither."""
    exits = decided_cases([CaseKind.EXIT])
    exited = exits.filter(household=OuterRef("pk")).order_by("-decided_on", "-pk")
    exited_on = Subquery(exited.values("decided_on")[:1])
    earlier_start = Subquery(exited.annotate(s=exit_monitoring_start()).values("s")[:1], output_field=DateField())
    # The earlier window's months before the current one's (an exit and its re-mark may share a month).
    earlier = Least(
        _months_between(F("earlier_from"), F("earlier_to")) + 1, _months_between(F("earlier_from"), F("due_from"))
    )
    lifted_out = Q(household_type=HouseholdType.LIFTED_OUT)
    monitored = ~Q(monitoring_category="")
    remarked = monitored & ~lifted_out & Q(exited_on__isnull=False)
    entered, closed = _registry_months()
    first, final = Greatest(Value(start.replace(day=1)), entered), Least(Value(last.replace(day=1)), closed)
    in_registry = Q(is_active=True) | Q(closed_on__gte=start)
    households = Household.objects.visible_to(actor).filter(in_registry)
    if within:
        households = households.filter(region_path__startswith=within)
    return (
        # The exited households are found once (not probed household by household); exited_on is read only for
        # them, in the CASE branches below, which PostgreSQL evaluates lazily.
        households.filter(lifted_out | monitored | Q(pk__in=exits.values("household_id")))
        .annotate(exited_on=exited_on)
        .annotate(
            # PostgreSQL's GREATEST and LEAST skip NULLs: no monitoring_start means from the period's start.
            due_from=DbCase(
                When(lifted_out, then=first),
                default=Greatest(first, TruncMonth("monitoring_start")),
                output_field=DateField(),
            ),
            due_to=DbCase(
                When(lifted_out | monitored, then=final),
                default=Least(final, TruncMonth("exited_on")),
                output_field=DateField(),
            ),
            # NULL for every household but a re-marked one (the months between its windows are not due).
            earlier_from=DbCase(
                When(remarked, then=Greatest(first, TruncMonth(earlier_start))),
                default=None,
                output_field=DateField(),
            ),
            earlier_to=DbCase(
                When(remarked, then=Least(final, TruncMonth("exited_on"))), default=None, output_field=DateField()
            ),
        )
        .annotate(earlier_months=Coalesce(Greatest(earlier, 0), 0))
        .annotate(due_months=Greatest(_months_between(F("due_from"), F("due_to")) + 1, 0) + F("earlier_months"))
    )


def visit_coverage(actor: Any, within: str, unit: Any, start: dt.date, last: dt.date) -> QuerySet[Any]:
    """Per unit: households due at least one month (n), household-months due (due), households visited in a month
    they were due (seen), household-months with a visit (pairs) and households visited in every month due (every)."""
    months_visited = (
        Visit.objects.counted()
        .filter(household=OuterRef("pk"), visited_on__range=(start, last))
        .annotate(month=TruncMonth("visited_on"))
        .filter(
            Q(month__gte=OuterRef("due_from"), month__lte=OuterRef("due_to"))
            | Q(month__gte=OuterRef("earlier_from"), month__lte=OuterRef("earlier_to"), month__lt=OuterRef("due_from"))
        )
        .values("household")
        .annotate(n=Count("month", distinct=True))
        .values("n")
    )
    return (
        visit_windows(actor, within, start, last)
        .annotate(unit=unit, months_visited=Coalesce(Subquery(months_visited), 0))
        .values("unit")
        .annotate(
            n=Count("pk", filter=Q(due_months__gt=0)),
            due=Sum("due_months"),
            seen=Count("pk", filter=Q(months_visited__gt=0)),
            pairs=Sum("months_visited"),
            every=Count("pk", filter=Q(due_months__gt=0, months_visited__gte=F("due_months"))),
        )
        .order_by()
    )
