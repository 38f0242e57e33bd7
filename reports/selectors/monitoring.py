"""监测对象变动 (seed 001 §八: 领导小组办公室每月汇总进展情况): per unit, the households and persons monitored at the
start and at the end of a period, and the households that came in and went out during it.

A household is monitored on a day D when the last approved inclusion, re-mark or exit case closed by D is an
inclusion or a re-mark. A household with no such case by D (registered as monitored at go-live, or included
through the green channel while its owed steps are still open) is monitored from its 纳入监测日期 if it is
monitored now or an exit approved later ended its monitoring. So a past month reads as it stood then, not as the
registry stands today. Persons: the household's members living on D (one who died or moved out after D still
counts, by the date of that change). Households cancelled from the registry (is_active false) are not counted.

In and out are the differences between the two days' sets, so 期初 + 新增 − 减少 = 期末 always holds; of those who
went out, the ones whose exit (风险消除) was approved in the period are named, the others lost their inclusion (a
green channel's owed review refused)."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet, Subquery, When
from django.db.models import Case as DbCase
from django.db.models.functions import Coalesce, Substr

from households.choices import LivingStatus
from households.models import Household, Member
from workflow.choices import CaseKind, CaseStatus
from workflow.models import Case

ENTRY = [CaseKind.IDENTIFICATION, CaseKind.REMARK]
DECIDING = [*ENTRY, CaseKind.EXIT]


@dataclass
class Changes:
    start_households: int = 0
    start_persons: int = 0
    added_households: int = 0
    added_persons: int = 0
    removed_households: int = 0
    removed_persons: int = 0
    exited_households: int = 0  # of the removed: their exit approved in the period
    end_households: int = 0
    end_persons: int = 0


def _approved(kinds: list[str]) -> QuerySet[Case]:
    return Case.objects.filter(status=CaseStatus.APPROVED, kind__in=kinds)


def _ever_monitored(households: QuerySet[Household]) -> QuerySet[Household]:
    return households.filter(Q(monitoring_start__isnull=False) | Q(pk__in=_approved(DECIDING).values("household_id")))


def _monitored_test(day: dt.date) -> Q:
    """A test of the households annotated by _annotate_day(day) (see the module's docstring)."""
    key = f"kind_{day:%Y%m%d}"
    exited_since = Exists(_approved([CaseKind.EXIT]).filter(household=OuterRef("pk")))
    return Q(**{f"{key}__in": ENTRY}) | Q(**{f"{key}__isnull": True, "monitoring_start__lte": day}) & (
        ~Q(monitoring_category="") | exited_since
    )


def _annotate_day(households: QuerySet[Household], day: dt.date) -> QuerySet[Household]:
    decided = _approved(DECIDING).filter(household=OuterRef("pk"), closed_on__lte=day)
    return households.annotate(
        **{f"kind_{day:%Y%m%d}": Subquery(decided.order_by("-closed_on", "-pk").values("kind")[:1])}
    )


def monitored_on(households: QuerySet[Household], day: dt.date) -> QuerySet[Household]:
    """Those of `households` that were monitored on `day` (see the module's docstring)."""
    return _annotate_day(_ever_monitored(households), day).filter(_monitored_test(day))


def _persons(day: dt.date) -> Coalesce:
    """The household's members living on `day`."""
    living = Q(living_status=LivingStatus.LIVING) | Q(status_changed_on__gt=day)
    members = Member.objects.filter(living, household=OuterRef("pk")).values("household").annotate(n=Count("pk"))
    return Coalesce(Subquery(members.values("n")), 0)


_SUM = "coalesce(sum(persons_{}) FILTER (WHERE {}), 0)::int"


def monitoring_changes(
    households: QuerySet[Household], *, length: int, start: dt.date, end: dt.date
) -> dict[str, Changes]:
    """Per unit (the first `length` characters of region_path): the changes over start…end, `households` being
    the actor's active households within the region looked at. `end` is the period's end, or today while it
    runs. One pass over the households ever monitored, each tested on both days."""
    before = start - dt.timedelta(days=1)
    exited_in_period = Exists(
        _approved([CaseKind.EXIT]).filter(household=OuterRef("pk"), closed_on__range=(start, end))
    )
    per_household = (
        _annotate_day(_annotate_day(_ever_monitored(households), before), end)
        .annotate(
            # CASE, not the test itself: a test over a household without a deciding case is NULL, not false.
            was=DbCase(When(_monitored_test(before), then=True), default=False, output_field=BooleanField()),
            now=DbCase(When(_monitored_test(end), then=True), default=False, output_field=BooleanField()),
        )
        .annotate(persons_before=_persons(before), persons_after=_persons(end), exited=exited_in_period)
        .annotate(unit=Substr("region_path", 1, length))
        .values_list("unit", "was", "now", "persons_before", "persons_after", "exited")
        .order_by()  # the households' default order would read the table through an index
    )
    # Counted over the households' rows in a subquery: aggregated through the ORM, each mention of `was` or `now`
    # in a FILTER repeats its correlated subqueries (3 s against 0.2 s for a county of 150,000 households).
    inner, params = per_household.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # Costed per household for its correlated subqueries, the statement looks dear enough for PostgreSQL to
        # compile it (JIT): 4 s of compiling for 0.2 s of work in a county of 150,000 households.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            f"""SELECT unit, count(*) FILTER (WHERE was), {_SUM.format("before", "was")},
                count(*) FILTER (WHERE now AND NOT was), {_SUM.format("after", "now AND NOT was")},
                count(*) FILTER (WHERE was AND NOT now), {_SUM.format("before", "was AND NOT now")},
                count(*) FILTER (WHERE was AND NOT now AND exited),
                count(*) FILTER (WHERE now), {_SUM.format("after", "now")}
            FROM ({inner}) AS h (unit, was, now, persons_before, persons_after, exited)
            WHERE was OR now GROUP BY unit""",
            params,
        )
        return {unit: Changes(*counts) for unit, *counts in cursor.fetchall()}


@dataclass
class PeriodChanges:
    """Households that came in, went out and, of those, had their exit approved over one period: the same
    households monitoring_changes counts as 本期新增, 本期减少 and 其中风险消除 for that period."""

    start: dt.date
    end: dt.date
    added: int = 0
    removed: int = 0
    exited: int = 0


def changes_by_period(households: QuerySet[Household], periods: list[tuple[dt.date, dt.date]]) -> list[PeriodChanges]:
    """Households only, over consecutive periods (each starting the day after the previous one ends), in one pass:
    each household is tested on the day before the first period and on every period's last day, with the rule of
    monitoring_changes, so the dashboard's monthly trend and 工作成效's monthly 新增/减少 cannot disagree."""
    days = [periods[0][0] - dt.timedelta(days=1), *(end for _, end in periods)]
    annotated = _ever_monitored(households)
    for day in days:
        annotated = _annotate_day(annotated, day)
    flags = {
        f"on_{i}": DbCase(When(_monitored_test(day), then=True), default=False, output_field=BooleanField())
        for i, day in enumerate(days)
    }
    exits = {
        f"exit_{i}": Exists(_approved([CaseKind.EXIT]).filter(household=OuterRef("pk"), closed_on__range=(start, end)))
        for i, (start, end) in enumerate(periods, start=1)
    }
    per_household = annotated.annotate(**flags, **exits).values_list(*flags, *exits).order_by()
    counts = []
    for i in range(1, len(days)):
        came, went = f"on_{i} AND NOT on_{i - 1}", f"on_{i - 1} AND NOT on_{i}"
        counts += [f"count(*) FILTER (WHERE {came})", f"count(*) FILTER (WHERE {went})"]
        counts.append(f"count(*) FILTER (WHERE {went} AND exit_{i})")
    inner, params = per_household.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")  # as in monitoring_changes
        cursor.execute(f"SELECT {', '.join(counts)} FROM ({inner}) AS h ({', '.join([*flags, *exits])})", params)
        row = cursor.fetchone()
    return [PeriodChanges(start, end, *row[3 * i : 3 * i + 3]) for i, (start, end) in enumerate(periods)]
