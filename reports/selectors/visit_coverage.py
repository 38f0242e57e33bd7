"""工作成效's monthly visit coverage (seed 001: 对监测对象和脱贫人口每月开展入户走访): which households were due a visit
in which months of a period, and how many of those months had one. A household is due only while it is in the
registry: from the month it entered it (created, or split off another household) to the month it was closed or
merged into another (Household.closed_on, which 合户 sets too). A county going live in September is not charged
January to August, and a household closed since still counts in the months before its closing. One whose members
all died or moved out (nobody lives there: no longer due a visit, households.selectors_visits.MONTHLY_VISIT) counts
up to the month the last of them did (_emptied_month). A closing undone (撤销注销,
households.services.closing.household_reopen) clears closed_on, so the months it was out of the registry
are read from its history (_closed_gaps): the months after the closing's month and before the reopening's are not
due, and a visit dated in them does not count."""

import datetime as dt
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest, Least, TruncDate, TruncMonth

from households.choices import HouseholdType, LivingStatus
from households.models import Household, HouseholdEvent, Member, Visit
from reports.selectors.decisions import decided_cases
from workflow.choices import CaseKind
from workflow.selectors_exit_shown import exit_monitoring_start


def _months_between(first: Any, last: Any) -> Any:
    """Whole months from one month's first day to another's (0 for the same month), in SQL."""
    return (ExtractYear(last) - ExtractYear(first)) * 12 + ExtractMonth(last) - ExtractMonth(first)


# The rule as the 工作成效 page and its workbook state it (each adds how it shows 每月均走访).
VISIT_RULE = (
    "监测户和脱贫户按月走访：脱贫户每月应走访，监测户自纳入监测日期所在月起、至风险消除批准日期所在月止每月应走访，"
    "风险消除后又再标注的，此前监测期间和再标注后的月份都应走访（其间不计）；按农户建档（分户）月份起算，建档前的月份不计，"
    "注销、合户的农户计至注销当月，全户成员均已故或迁出的农户计至最后一人死亡或迁出（状态变更日期）当月，撤销注销的农户，注销当月之后至撤销注销当月之前的月份不计；"
    "走访按走访记录的走访日期所在月份计，一个月内多次走访只计一次，已作废的走访记录和不应走访月份的走访不计；"
    "应走访户数为统计期内（截至本月）至少有一个月应走访的户数，走访覆盖率为各户应走访的月份中已走访的月数之和除以应走访的月数之和；"
)

# The history rows households.services.closing writes (注销, and 合户 for the household merged away; 撤销注销).
CLOSED_CHANGE = {"field": "is_active", "new": "否（已注销）"}
REOPENED_CHANGE = {"field": "is_active", "new": "是"}


def _month_number(day: Any) -> Any:
    """A month as one integer (year × 12 + month), in SQL, so that "the month after" is + 1."""
    return ExtractYear(day) * 12 + ExtractMonth(day)


def _closed_gaps(household: Any) -> QuerySet[HouseholdEvent]:
    """Each reopening (撤销注销) of the household (an outer reference), with the months it was out of the registry
    before it as month numbers: from the month after the closing it undid (the latest before it) to the month before
    its own (closed_after < month < reopened_in). Both months themselves are due: the household was in the registry
    for part of each. The history's time is read as the county's day, as closed_on is."""
    closings = HouseholdEvent.objects.filter(
        household=OuterRef("household"), created_at__lt=OuterRef("created_at"), changes__contains=[CLOSED_CHANGE]
    ).order_by("-created_at", "-pk")
    return (
        HouseholdEvent.objects.filter(household=household, changes__contains=[REOPENED_CHANGE])
        .annotate(closed_at=Subquery(closings.values("created_at")[:1]))
        .filter(closed_at__isnull=False)
        .annotate(
            closed_after=_month_number(TruncDate("closed_at")), reopened_in=_month_number(TruncDate("created_at"))
        )
    )


def _months_out(first: Any, last: Any) -> Any:
    """How many months of the outer household's window first…last (month numbers, over its annotations) fall in
    the gaps of _closed_gaps, in SQL (0 when none, or when the window is empty)."""
    overlap = Greatest(Least(last, F("reopened_in") - 1) - Greatest(first, F("closed_after") + 1) + 1, 0)
    months = _closed_gaps(OuterRef("pk")).annotate(out=overlap).values("household").annotate(n=Sum("out")).values("n")
    return Coalesce(Subquery(months, output_field=IntegerField()), 0)


def _registry_months() -> tuple[Any, Any]:
    """The first and the last month (as its first day) a household was in the registry, in SQL: from the day it was
    split off (split_on) or else created (created_at, the county's day), to its closing day (closed_on, set by 注销
    and by 合户; NULL while it is active, so GREATEST/LEAST skip it)."""
    entered = TruncMonth(Coalesce(F("split_on"), TruncDate("created_at")), output_field=DateField())
    closed = DbCase(When(is_active=False, then=TruncMonth("closed_on")), default=None, output_field=DateField())
    return entered, closed


def _emptied_month() -> Any:
    """The month (as its first day) the last living member of the household (an outer reference) died or moved out,
    in SQL: the latest 状态变更日期 of its members when none of them lives there (the rule of
    households.services.closing.nobody_living, which MONTHLY_VISIT and the data check no_living_member follow). The
    household was due while someone lived there and none after. NULL (no end, GREATEST/LEAST skip it) while somebody
    lives there, for a household with no member row, and when a member's 状态变更日期 is not on record (marked before
    the date was kept): the day the last one left is then not known, and the household stays due as before."""
    members = (
        Member.objects.filter(household=OuterRef("pk"))
        .values("household")
        .annotate(
            rows=Count("pk"),
            dated=Count("status_changed_on"),
            living=Count("pk", filter=Q(living_status=LivingStatus.LIVING)),
            left_on=Max("status_changed_on"),
        )
        .filter(living=0, dated=F("rows"))
        .values("left_on")
    )
    return TruncMonth(Subquery(members, output_field=DateField()), output_field=DateField())


def visit_windows(actor: Any, within: str, start: dt.date, last: dt.date) -> QuerySet[Household]:
    """The households due a monthly visit at some time in start…last, each with the first and the last month (as its
    first day) of the period it was due in: a lifted-out household throughout; a monitored one from the month of its
    monitoring_start (throughout when it has none) and, once its risk was eliminated, up to the month the county
    decided the exit (reports.selectors.decisions). A household monitored again after an exit (风险再标注) has a new
    monitoring_start and no end, and was due in its earlier monitoring too: from the 纳入监测日期 that exit ended
    (workflow.selectors_exit_shown.exit_monitoring_start, read from the household's history) to the exit's month,
    its months before the new one's (earlier_from…earlier_to; the latest exit's). Every window is cut to the months
    the household was in the registry (_registry_months) and, once nobody lives there, ends with the month its last
    member died or moved out (_emptied_month). Decided in SQL for all households at once, so a past period
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
    first = Greatest(Value(start.replace(day=1)), entered)
    final = Least(Value(last.replace(day=1)), closed, _emptied_month())
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
        .annotate(
            # The months a closing undone since kept the household out of the registry, in either window (the
            # earlier one up to the month before the current one's, as earlier_months counts it).
            months_out=_months_out(_month_number(OuterRef("due_from")), _month_number(OuterRef("due_to")))
            + DbCase(
                When(
                    earlier_from__isnull=False,
                    then=_months_out(
                        _month_number(OuterRef("earlier_from")),
                        Least(_month_number(OuterRef("earlier_to")), _month_number(OuterRef("due_from")) - 1),
                    ),
                ),
                default=0,
            )
        )
        .annotate(
            due_months=Greatest(_months_between(F("due_from"), F("due_to")) + 1, 0)
            + F("earlier_months")
            - F("months_out")
        )
    )


def visit_coverage(actor: Any, within: str, unit: Any, start: dt.date, last: dt.date) -> QuerySet[Any]:
    """Per unit: households due at least one month (n), household-months due (due), households visited in a month
    they were due (seen), household-months with a visit (pairs) and households visited in every month due (every)."""
    months_visited = (
        Visit.objects.counted()
        .filter(household=OuterRef("pk"), visited_on__range=(start, last))
        .annotate(month=TruncMonth("visited_on"))
        .exclude(
            Exists(
                _closed_gaps(OuterRef("household")).filter(
                    closed_after__lt=_month_number(OuterRef("month")), reopened_in__gt=_month_number(OuterRef("month"))
                )
            )
        )
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
