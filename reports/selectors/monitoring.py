"""监测对象变动 (seed 001 §八: 领导小组办公室每月汇总进展情况): per unit, the households and persons monitored at the
start and at the end of a period, and the households that came in and went out during it.

A household is monitored on a day D when the last inclusion, re-mark or exit the county decided by D is an
inclusion or a re-mark. A case counts from its 批复 (reports.selectors.decisions: the 县级审批 decision, the act that
changes the household), not from the day the township's 公告并标识 closes it. A household with no such case by D
(registered as monitored at go-live, or included through the green channel while its owed steps are still open) is
monitored from its 纳入监测日期 if it is monitored now or an exit decided later ended its monitoring. So a past month
reads as it stood then, not as the registry stands today. Persons: the household's members living on D (one who died
or moved out after D still counts, by the date of that change) who had joined by D (a member added later, a newborn
or a bride, by their 新增 row's day, counts from that day: 户内人员变动 then, not 期初 before). A household closed
(农户注销, households.services.closing) was monitored until the day before its closing: it goes out on that day, so
a past period reads as it stood then; one inactive with no closing day on record is not counted at all. Callers pass
the households with the closed ones (not only is_active). A member is counted in the household they were in on D:
one who moved to another household after D (迁入他户, 分户, 合户: the 户间迁出 rows, households.models.MemberChange)
counts in the household they left. Every day is read from the registry's records (Household.split_on, closed_on,
merged_into, MemberChange.changed_on), never from the wording of a history row.

In and out are the differences between the two days' sets, so 期初 + 新增 − 减少 = 期末 always holds for households.
For persons it needs one more term: the members a household monitored on both days gained or lost in between
(a birth, a death, a move): 户内人员变动, so that 期初 + 新增 − 减少 ± 户内人员变动 = 期末 holds for persons too.
Of those who went out, the ones whose exit (风险消除) the county decided in the period are named, the others lost
their inclusion (a green channel's owed review refused).

分户 and 合户 neither bring a household into monitoring nor take one out (seed 000 §三(四): only 风险消除 ends it): the
household split off carries the monitored household's state and 纳入监测日期 (households.services.moves), but it is
monitored only from the day of the split, so the months before it keep their figures; one closed by 合户 goes out
on its closing day like any closed household. Both are counted apart from 新增 and 减少, as 分户合户调整 (+1 a
household split off monitored, −1 one merged into a household monitored on the day of the merge), and their
persons as 户内人员变动 (the people moved between households): 期初 + 新增 − 减少 ± 分户合户调整 = 期末. A merged
household whose exit was decided in the same period is an exit. One merged into a household that was not monitored
then (the merge refuses it now, households.services.merge; one made before may be on record) took its people out of
monitoring with no exit: it is a 减少 (not a 风险消除), not an adjustment, so the county's figures do not hide it.

A member's 新增 row's day is the 变动日期 given when they were added: the day they joined (a baby's birth), not the
day they were registered (households.services.member_joined). So a past period gains a baby registered late, as the
national system counts it, and the identities above still hold: the baby is 户内人员变动 of the month it was born."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, DateField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Substr

from households.choices import LivingStatus
from households.models import Household, Member
from households.models.activity import MemberChange
from reports.selectors.decisions import decided_cases
from workflow.choices import CaseKind

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
    exited_households: int = 0  # of the removed: their exit decided in the period
    changed_persons: int = 0  # members gained (+) or lost (−) by the households monitored on both days
    adjusted_households: int = 0  # 分户合户调整: split off (+) and merged away (−) in the period
    end_households: int = 0
    end_persons: int = 0


# Each household's decisions, as the tests of a day read them (`p`): its decided inclusions, re-marks and exits,
# their kinds and 批复日期 in order. A case's 批复日期 takes two lookups (the batch, the approval step): worked out
# once per case here, not once per household and day tested. Over 150,000 households with 9,600 cases the
# dashboard's 13-day trend takes 0.6 s so (1.5 s by the closing day before); looked up per household and day, the
# dashboard took 40 s.
def _decisions() -> tuple[str, tuple[object, ...]]:
    cases = decided_cases(DECIDING).values("household_id", "kind", "decided_on", "pk").order_by()
    sql, params = cases.query.sql_with_params()
    return (
        "SELECT d.household_id, array_agg(d.kind ORDER BY d.decided_on, d.pk) AS kinds,"
        f" array_agg(d.decided_on ORDER BY d.decided_on, d.pk) AS days FROM ({sql}) d GROUP BY d.household_id",
        params,
    )


def _ever_monitored(households: QuerySet[Household]) -> QuerySet[Household]:
    return households.filter(
        Q(monitoring_start__isnull=False) | Q(pk__in=decided_cases(DECIDING).values("household_id"))
    )


def _date(day: dt.date | str) -> str:
    """A day in SQL: a date object's own ISO form (nothing from a user reaches the SQL), or a column of ours that
    holds a day per household (h.split_on)."""
    return day if isinstance(day, str) else f"DATE '{day.isoformat()}'"


def _last_decision(i: int | str, day: dt.date | str, p: str = "p") -> str:
    """A join giving k{i}.kind: the household's last decision (its decisions joined as `p`) by `day` (none: NULL)."""
    return (
        f" LEFT JOIN LATERAL (SELECT u.kind FROM unnest({p}.kinds, {p}.days) WITH ORDINALITY AS u(kind, day, n)"
        f" WHERE u.day <= {_date(day)} ORDER BY u.n DESC LIMIT 1) k{i} ON true"
    )


def _monitored(i: int | str, day: dt.date | str, h: str = "h", p: str = "p") -> str:
    """Whether the household `h` was monitored on `day` (see the module's docstring), its last decision by then
    joined as k{i} (_last_decision), it was not closed by then, and it was not split off a monitored household
    after it (it carries the 纳入监测日期 of the household it left)."""
    entry = ", ".join(f"'{kind}'" for kind in ENTRY)
    return (
        f"(COALESCE(CASE WHEN k{i}.kind IS NOT NULL THEN k{i}.kind IN ({entry})"
        f" ELSE {h}.monitoring_start <= {_date(day)}"
        f" AND ({h}.monitoring_category <> '' OR '{CaseKind.EXIT}' = ANY({p}.kinds)) END, false)"
        f" AND ({h}.closed_day IS NULL OR {h}.closed_day > {_date(day)})"
        f" AND ({h}.split_on IS NULL OR {h}.split_on <= {_date(day)}))"
    )


def _closed_day() -> Case:
    """The day a closed household was closed (Household.closed_on); NULL for an active one; for an inactive one with
    no closing day on record, the first day there is (never counted)."""
    return Case(
        When(is_active=True, then=Value(None, output_field=DateField())),
        default=Coalesce(F("closed_on"), Value(dt.date.min)),
        output_field=DateField(),
    )


def _moved(start: dt.date, end: dt.date) -> tuple[str, str]:
    """Whether the household `h` was split off a monitored household (it was monitored on its split day, by the
    state it carried: k_s) or merged into one monitored on the day of the merge (the target `t`, its decisions
    `pt`, its last decision by then k_t) in start…end: the first and the second."""
    days = f"BETWEEN {_date(start)} AND {_date(end)}"
    split = f"COALESCE(h.split_on {days} AND {_monitored('_s', 'h.split_on')}, false)"
    into = _monitored("_t", "h.closed_day", h="t", p="pt")
    return split, f"COALESCE(h.merged_into_id IS NOT NULL AND h.closed_day {days} AND {into}, false)"


def _exited(start: dt.date, end: dt.date) -> str:
    """Whether the county decided an exit of the household `h` in start…end."""
    return (
        f"EXISTS (SELECT 1 FROM unnest(p.kinds, p.days) AS u(kind, day) WHERE u.kind = '{CaseKind.EXIT}'"
        f" AND u.day BETWEEN {_date(start)} AND {_date(end)})"
    )


def _tested(households: QuerySet[Household], columns: list[str], days: list[dt.date]) -> tuple[str, list[object]]:
    """The FROM clause of a test over `days`: the households ever monitored (`h`, with `columns` besides the ones
    the tests read), their decisions (`p`) and, for each day, their last decision by then (`k0`, `k1`, …); for
    _moved, their last decision by their split day (`k_s`) and the household a merged one went into (`t`, its
    decisions `pt`, its last decision by the merge's day `k_t`)."""
    read = ["id", "monitoring_start", "monitoring_category", "closed_day", "split_on"]
    inner = (
        _ever_monitored(households)
        .annotate(closed_day=_closed_day())
        .values(*read, "merged_into_id", *columns)
        .order_by()
    )
    inner_sql, inner_params = inner.query.sql_with_params()
    merged_into = Household.objects.filter(merged_into__isnull=False).values("merged_into_id")
    targets = Household.objects.filter(pk__in=merged_into).annotate(closed_day=_closed_day()).values(*read)
    targets_sql, targets_params = targets.order_by().query.sql_with_params()
    decisions, decision_params = _decisions()
    joins = "".join(_last_decision(i, day) for i, day in enumerate(days))
    sql = (
        f"({inner_sql}) h LEFT JOIN ({decisions}) p ON p.household_id = h.id{joins}{_last_decision('_s', 'h.split_on')}"
        f" LEFT JOIN ({targets_sql}) t ON t.id = h.merged_into_id"
        f" LEFT JOIN ({decisions}) pt ON pt.household_id = t.id{_last_decision('_t', 'h.closed_day', 'pt')}"
    )
    return sql, [*inner_params, *decision_params, *targets_params, *decision_params]


def monitored_on(households: QuerySet[Household], day: dt.date) -> QuerySet[Household]:
    """Those of `households` that were monitored on `day` (see the module's docstring)."""
    tested, params = _tested(households, [], [day])
    return households.filter(pk__in=RawSQL(f"SELECT h.id FROM {tested} WHERE {_monitored(0, day)}", params))


def _persons(day: dt.date) -> Coalesce:
    """The household's members on `day`: joined by then (a 新增 row dated after it: not yet; none: a member on
    record from the start), living then (one who died or moved out after it still counts; a mark undone as a
    mistake, 撤销误标, never took them out), and in it then. One who moved to another household after `day` (a
    户间迁出 row dated after it) counts in the household their first such move left, not in the one they are in now;
    one who came by such a move is in the household they left until the move."""
    living = Q(living_status=LivingStatus.LIVING) | Q(status_changed_on__gt=day)
    later = MemberChange.objects.filter(kind=MemberChange.Kind.TRANSFER_OUT, changed_on__gt=day)
    joined_later = MemberChange.objects.filter(kind=MemberChange.Kind.JOINED, changed_on__gt=day)
    stayed = Member.objects.filter(
        living,
        ~Exists(later.filter(member=OuterRef("pk"))),
        ~Exists(joined_later.filter(member=OuterRef("pk"))),
        household=OuterRef("pk"),
    )
    earlier = later.filter(member=OuterRef("member")).filter(
        Q(changed_on__lt=OuterRef("changed_on")) | Q(changed_on=OuterRef("changed_on"), id__lt=OuterRef("id"))
    )
    member_living = Q(member__living_status=LivingStatus.LIVING) | Q(member__status_changed_on__gt=day)
    left = later.filter(member_living, household=OuterRef("pk")).filter(
        ~Exists(earlier), ~Exists(joined_later.filter(member=OuterRef("member")))
    )
    here = stayed.values("household").annotate(n=Count("pk")).values("n")
    gone = left.values("household").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(here), 0) + Coalesce(Subquery(gone), 0)


_SUM = "coalesce(sum(persons_{}) FILTER (WHERE {}), 0)::int"


def monitoring_changes(
    households: QuerySet[Household], *, length: int, start: dt.date, end: dt.date
) -> dict[str, Changes]:
    """Per unit (the first `length` characters of region_path): the changes over start…end, `households` being
    the actor's active households within the region looked at. `end` is the period's end, or today while it
    runs. One pass over the households ever monitored, each tested on both days."""
    before = start - dt.timedelta(days=1)
    counted = households.annotate(
        persons_before=_persons(before), persons_after=_persons(end), unit=Substr("region_path", 1, length)
    )
    tested, params = _tested(counted, ["unit", "persons_before", "persons_after"], [before, end])
    # Costed per household for its correlated subqueries, the statement looks dear enough for PostgreSQL to compile
    # it (JIT: 4 s of compiling for 0.2 s of work in a county of 150,000 households): our connections run without
    # JIT (config.env).
    split, merged = _moved(start, end)
    came, went = "now AND NOT was", "was AND NOT now"
    split_came, merged_went = f"{came} AND split", f"{went} AND merged AND NOT exited"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT unit, count(*) FILTER (WHERE was), {_SUM.format("before", "was")},
                count(*) FILTER (WHERE {came} AND NOT split), {_SUM.format("after", f"{came} AND NOT split")},
                count(*) FILTER (WHERE {went} AND NOT ({merged_went})),
                {_SUM.format("before", f"{went} AND NOT ({merged_went})")},
                count(*) FILTER (WHERE {went} AND exited),
                coalesce(sum(persons_after - persons_before) FILTER (WHERE was AND now), 0)::int
                    + {_SUM.format("after", split_came)} - {_SUM.format("before", merged_went)},
                count(*) FILTER (WHERE {split_came}) - count(*) FILTER (WHERE {merged_went}),
                count(*) FILTER (WHERE now), {_SUM.format("after", "now")}
            FROM (
                SELECT h.unit, h.persons_before, h.persons_after, {_monitored(0, before)} AS was,
                    {_monitored(1, end)} AS now, {_exited(start, end)} AS exited, {split} AS split,
                    {merged} AS merged
                FROM {tested}
            ) AS x
            WHERE was OR now GROUP BY unit""",
            params,
        )
        return {unit: Changes(*counts) for unit, *counts in cursor.fetchall()}


@dataclass
class PeriodChanges:
    """Households that came in, went out and, of those, had their exit decided over one period: the same
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
    tested, params = _tested(households, [], days)
    flags = [f"{_monitored(i, day)} AS on_{i}" for i, day in enumerate(days)]
    for i, (start, end) in enumerate(periods, start=1):
        split, merged = _moved(start, end)
        flags += [f"{_exited(start, end)} AS exit_{i}", f"{split} AS split_{i}", f"{merged} AS merged_{i}"]
    counts = []
    for i in range(1, len(days)):
        # 分户 and 合户 are neither 新增 nor 减少 (the module's docstring).
        came = f"on_{i} AND NOT on_{i - 1} AND NOT split_{i}"
        went = f"on_{i - 1} AND NOT on_{i} AND NOT (merged_{i} AND NOT exit_{i})"
        counts += [f"count(*) FILTER (WHERE {came})", f"count(*) FILTER (WHERE {went})"]
        counts.append(f"count(*) FILTER (WHERE {went} AND exit_{i})")
    with connection.cursor() as cursor:  # without JIT, as in monitoring_changes
        cursor.execute(f"SELECT {', '.join(counts)} FROM (SELECT {', '.join(flags)} FROM {tested}) AS x", params)
        row = cursor.fetchone()
    return [PeriodChanges(start, end, *row[3 * i : 3 * i + 3]) for i, (start, end) in enumerate(periods)]
