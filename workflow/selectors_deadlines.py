"""超期 (overdue), one definition read everywhere (review finding 8): the overdue page and its tabs, the home page's
超期事项 tile, the dashboard's 超过办结时限 and 公示期满未办结 and the overdue ledger (reports), the case page, 我的任务
and the reminder task (services.reminders).

An open case is 超期 when it is past its procedure's configured limit (办结时限, seed 001 §三 "自发现…一般不超过15天"),
or when a publicity's period has ended and the step is still open (an objection not yet verified, a posting never
recorded). A procedure without a limit is never past it (reports.ledgers.cases.LIMIT_SCOPE_NOTE).

A green-channel case (001 §四 "先开展帮扶救助，后履行评议公示等认定程序") owes the steps it went ahead of (欠办). The
seeds set no separate limit for them and the county configures none, so they run under the procedure's own limit,
counted from the day the green channel was opened (the case's opening) instead of from discovery: until then an
owed step is 欠办, not 超期; an owed publicity is judged by its own period like any other."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models import Case as DbCase
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.choices import Role
from workflow.choices import CaseStatus, CaseStepStatus, StepKind
from workflow.models import Case, CaseReminder, CaseStep, OverdueReason
from workflow.roles import acting_roles
from workflow.selectors_applications import overdue_application_count

UNFINISHED = (CaseStepStatus.PENDING, CaseStepStatus.OPEN)


# The steps a green channel runs ahead of the others (read by services.green_channel): the township's audit
# and the county's approval.
AHEAD_KINDS = (StepKind.TOWNSHIP_AUDIT, StepKind.COUNTY_APPROVAL)


def went_ahead(case: Case) -> CaseStep | None:
    """The last step a green-channel case has done ahead (the township's audit, then the county's approval), or
    None before either. Reads the case's prefetched case_steps (selectors.case_queryset)."""
    if not case.green_channel:
        return None
    done = [cs for cs in case.case_steps.all() if cs.step.kind in AHEAD_KINDS and cs.status == CaseStepStatus.DONE]
    return max(done, key=lambda cs: cs.step.order, default=None)


def owed_steps(case: Case) -> list[CaseStep]:
    """The steps a green-channel case went ahead of (欠办): ordered before the last step it has done ahead (the
    township's audit, or the county's approval), not yet done. From the township's audit on, not only once the
    county approved: the village's review and publicity are owed from then and the township chases them."""
    ahead = went_ahead(case)
    if ahead is None:
        return []
    return [cs for cs in case.case_steps.all() if cs.step.order < ahead.step.order and cs.status in UNFINISHED]


def read_owed(case: Case, *, today: dt.date) -> Case:
    """What the green channel's page shows of a case to chase: owed_steps, went_ahead and owed_days (since the step
    it went ahead with was done)."""
    case.owed_steps = owed_steps(case)  # type: ignore[attr-defined]
    case.went_ahead = went_ahead(case)  # type: ignore[attr-defined]
    acted = case.went_ahead.acted_at if case.went_ahead else None  # type: ignore[attr-defined]
    case.owed_days = (today - timezone.localtime(acted).date()).days if acted else None  # type: ignore[attr-defined]
    return case


def _owed_exists() -> Exists:
    ahead_order = (
        CaseStep.objects.filter(case=OuterRef("case"), step__kind__in=AHEAD_KINDS, status=CaseStepStatus.DONE)
        .order_by("-step__order")
        .values("step__order")[:1]
    )
    return Exists(
        CaseStep.objects.filter(
            case=OuterRef("pk"),
            case__green_channel=True,
            status__in=UNFINISHED,
            step__order__lt=Subquery(ahead_order),
        )
    )


def limit_from() -> DbCase:
    """The day a case's limit counts from: its discovery, or for a green-channel case the channel's opening."""
    return DbCase(
        When(green_channel=True, then=TruncDate("created_at")), default=F("discovered_on"), output_field=DateField()
    )


def with_deadlines(cases: QuerySet[Case], *, today: dt.date) -> QuerySet[Case]:
    """Open cases annotated limit_from, limit_on (None without a configured limit), past_limit, publicity_ended,
    owed (a green channel's owed steps) and overdue (超期: past_limit or publicity_ended)."""
    ended = CaseStep.objects.filter(
        case=OuterRef("pk"), status=CaseStepStatus.OPEN, step__kind=StepKind.PUBLICITY, ends_on__lt=today
    )
    deadline = ExpressionWrapper(F("limit_from") + F("procedure__limit_days"), output_field=DateField())
    return (
        cases.filter(status=CaseStatus.OPEN)
        .annotate(limit_from=limit_from())
        .annotate(
            limit_on=deadline,
            past_limit=ExpressionWrapper(
                Q(procedure__limit_days__isnull=False) & Q(limit_on__lt=today), output_field=BooleanField()
            ),
            publicity_ended=Exists(ended),
            owed=_owed_exists(),
        )
        .annotate(overdue=ExpressionWrapper(Q(past_limit=True) | Q(publicity_ended=True), output_field=BooleanField()))
    )


def overdue_cases(*, today: dt.date, base: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The 超期 cases (with_deadlines' overdue), annotated as with_deadlines annotates them."""
    cases = base if base is not None else Case.objects.all()
    return with_deadlines(cases, today=today).filter(overdue=True)


@dataclass(frozen=True)
class Deadline:
    """One case's reading of the definition, for pages that show a case or a page of cases."""

    limit_on: dt.date | None
    past_limit: bool
    publicity_ended: bool
    overdue: bool

    @property
    def reason_labels(self) -> list[str]:
        flags = [(OverdueReason.PAST_LIMIT, self.past_limit), (OverdueReason.PUBLICITY_ENDED, self.publicity_ended)]
        return [str(reason.label) for reason, flag in flags if flag]


def deadlines_of(case_ids: list[int], *, today: dt.date | None = None) -> dict[int, Deadline]:
    """with_deadlines for a few cases in hand, one query; a closed case has none (never 超期)."""
    rows = with_deadlines(Case.objects.filter(pk__in=case_ids), today=today or timezone.localdate()).values_list(
        "pk", "limit_on", "past_limit", "publicity_ended", "overdue"
    )
    return {pk: Deadline(*rest) for pk, *rest in rows}


def reasons_of(case: Case) -> list[str]:
    """Why an annotated case is 超期 (a green channel's owed steps are not a reason: they are 欠办)."""
    flags = [
        (OverdueReason.PAST_LIMIT, case.past_limit),  # type: ignore[attr-defined]
        (OverdueReason.PUBLICITY_ENDED, case.publicity_ended),  # type: ignore[attr-defined]
    ]
    return [str(reason) for reason, flag in flags if flag]


def overdue_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """The overdue page's cases in the actor's scope: the 超期 ones, of one reason if asked, oldest found first; or,
    for the green channel's tab, every case with owed steps (欠办), 超期 or not (each annotated, so the page tells
    which), the 超期 ones first, then the longest owed, with their steps (for owed_steps and went_ahead)."""
    filters = filters or {}
    today = timezone.localdate()
    reason = filters.get("reason")
    if reason == OverdueReason.GREEN_CHANNEL_OWED:
        cases = with_deadlines(Case.objects.visible_to(actor), today=today).filter(owed=True)
        steps = CaseStep.objects.select_related("step").order_by("step__order")
        cases = cases.prefetch_related(Prefetch("case_steps", queryset=steps)).order_by(
            F("overdue").desc(), "limit_from", "pk"
        )
    else:
        cases = overdue_cases(today=today, base=Case.objects.visible_to(actor)).order_by("discovered_on", "pk")
    if filters.get("township"):
        cases = cases.filter(household__village__parent__code=filters["township"])
    if filters.get("village"):
        cases = cases.filter(household__village__code=filters["village"])
    if reason == OverdueReason.PAST_LIMIT:
        cases = cases.filter(past_limit=True)
    elif reason == OverdueReason.PUBLICITY_ENDED:
        cases = cases.filter(publicity_ended=True)
    return cases.select_related("household", "household__village", "household__village__parent", "procedure")


def overdue_count(actor: Any) -> int:
    """The home page's 超期事项 tile: what the overdue page's 全部 tab lists, its cases (overdue_list, no filter) and,
    in a section of their own, the self-applications waiting past the limit (selectors_applications, the same scope;
    the dashboard's 超过办结时限 counts them too). An official has no 自主申报超期 tile of its own: this is its
    count."""
    return overdue_list(actor=actor).count() + overdue_application_count(actor)


def overdue_by_township(cases: QuerySet[Case], applications: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Counts per township (total, overdue, past_limit, publicity_ended, owed), for the summary above the list; with
    `applications` (township name to count: selectors_applications.overdue_application_section), its overdue
    self-applications too, a township with those only included."""
    counts: dict[str, Counter] = {name: Counter() for name in applications or {}}
    keys = ("overdue", "past_limit", "publicity_ended", "owed")
    for row in cases.values("household__village__parent__name", *keys):
        counter = counts.setdefault(row["household__village__parent__name"] or "—", Counter())
        counter["total"] += 1
        for key in keys:
            counter[key] += bool(row[key])
    for name, count in (applications or {}).items():
        counts[name]["applications"] = count
    zero = dict.fromkeys(("total", *keys, "applications"), 0)
    return [{"township": name, **zero, **counter} for name, counter in sorted(counts.items())]


def my_reminders(*, actor: Any, today: dt.date | None = None) -> list[CaseReminder]:
    """Reminders of today and yesterday addressed to a role the actor acts (workflow.roles) in scope, latest per
    case, open cases only."""
    today = today or timezone.localdate()
    roles = [role for role in acting_roles(actor) if role in Role.values]
    if not roles:
        return []
    rows = (
        CaseReminder.objects.visible_to(actor)
        .filter(roles__overlap=roles, on_date__gte=today - dt.timedelta(days=1), case__status=CaseStatus.OPEN)
        .select_related("case__household")
        .order_by("-on_date", "pk")
    )
    latest: dict[int, CaseReminder] = {}
    for reminder in rows:
        latest.setdefault(reminder.case_id, reminder)
    return list(latest.values())
