"""Reads of the alerts app. Every list starts from the model's `visible_to(actor)`; the ledgers the reports app
builds (部门预警信息核实台账, feed punctuality) read `alert_list` and `punctuality_table`."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Department
from alerts.choices import AlertOutcome, AlertStatus, Cadence
from alerts.models import Alert, FeedType, FeedUpload
from alerts.models.uploads import clerk_department
from alerts.periods import CATCH_UP_DAYS, UNSCHEDULED, Cadenced, Period, cadence_on, expected_periods
from households.choices import LivingStatus
from households.selectors_search import id_part
from households.services.id_search import id_search_begin


def alert_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Alert]:
    """Alerts in the actor's scope (clerks: their department's), newest first. Filters: status ("pending",
    "verified", or "overdue"), level, feed_type (id or FeedType), department, township / village (region code
    or path prefix), outcome, period_key, raised_from / raised_to (dates), q (name or ID number)."""
    filters = filters or {}
    qs = Alert.objects.visible_to(actor).select_related("feed_type", "rule", "member", "household__village__parent")
    status = filters.get("status")
    today = timezone.localdate()
    if status == "overdue":  # past the first deadline, however often escalation gave more days since
        qs = qs.filter(status=AlertStatus.PENDING, verify_by__lt=today)
    elif status:
        qs = qs.filter(status=status)
    for name in ("level", "department", "outcome", "period_key"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("feed_type"):
        qs = qs.filter(feed_type=filters["feed_type"])
    for name in ("township", "village"):
        if filters.get(name):
            qs = qs.filter(region_path__startswith=str(getattr(filters[name], "path", filters[name])))
    if filters.get("raised_from"):
        qs = qs.filter(raised_on__gte=filters["raised_from"])
    if filters.get("raised_to"):
        qs = qs.filter(raised_on__lte=filters["raised_to"])
    if q := (filters.get("q") or "").strip():
        # A whole ID number only; a masked role's search by one is counted and audited (households.services.id_search).
        number = id_part(q)
        by_number = Q(id_number=number) if len(number) == 18 and id_search_begin(actor, number) else Q(pk__in=[])
        qs = qs.filter(Q(person_name__contains=q) | by_number | Q(household__head_name__contains=q))
    return qs.order_by("due_on" if status in ("pending", "overdue") else "-raised_on", "-id")


# What a department may not narrow or order its outcomes by: the registry's side of its alerts (the household's
# township or village, the household itself, its head, an ordering by place). Cycling through village codes would
# place every person of its files, the real holder of a mistyped ID number too (DOMAIN: a clerk sees no registry
# beyond the outcome of its own alerts).
REGISTRY_PARAMS = ("village", "township", "region", "household", "head_name", "address", "ordering", "order", "sort")
MSG_CLERK_REGISTRY_PARAM = (
    "行业部门只能按本部门数据中的姓名、身份证号和核实结果查看本部门的预警，"
    "不能按村、乡镇、农户等档案信息查询或排序（“{name}”）。"
)


def registry_param_refused(params: Any) -> tuple[str, str] | None:
    """The first registry-derived query parameter a department's reader gave (non-blank), with the refusal."""
    for name in REGISTRY_PARAMS:
        if str(params.get(name) or "").strip():
            return name, MSG_CLERK_REGISTRY_PARAM.format(name=name)
    return None


def clerk_params(names: tuple[str, ...], params: Any) -> tuple[str, ...]:
    """The query parameters a department's reader may send (those a refusal lists): `names` without the registry's.
    One of the registry's given (`params`) is refused naming it: it would place the persons of the department's
    files."""
    if refused := registry_param_refused(params):
        raise ValidationError({refused[0]: refused[1]})
    return tuple(name for name in names if name not in REGISTRY_PARAMS)


def department_outcomes(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Alert]:
    """A department's own alerts with their outcome (alert_list's scope for a clerk). Its search reads only what
    the department's own file gave, the person's name and ID number, never the registry's household; a filter on
    the registry's side (REGISTRY_PARAMS) is refused."""
    filters = dict(filters or {})
    if refused := registry_param_refused(filters):
        raise ValidationError({refused[0]: refused[1]})
    q = (filters.pop("q", "") or "").strip()
    alerts = alert_list(actor=actor, filters=filters).select_related("upload")
    return alerts.filter(Q(person_name__contains=q) | Q(id_number=q.upper())) if q else alerts


def household_alerts(*, actor: Any, household: Any, limit: int = 50) -> list[Alert]:
    """The household's alerts the actor may see: those still to verify first (soonest due first), then the
    verified ones, newest first."""
    alerts = alert_list(actor=actor, filters={"status": ""}).filter(household=household)
    pending = Q(status=AlertStatus.PENDING)
    pending_first = Case(When(pending, then=Value(0)), default=Value(1))
    due_if_pending = Case(When(pending, then=F("due_on")))
    return list(alerts.order_by(pending_first, due_if_pending.asc(nulls_last=True), "-raised_on", "-id")[:limit])


def same_person_pending(*, actor: Any, alert: Alert) -> list[Alert]:
    """The person's other alerts still to verify (one row can break two rules, two feeds can name one person):
    shown on the alert's page, so one visit answers them all."""
    others = alert_list(actor=actor, filters={"status": AlertStatus.PENDING}).filter(member_id=alert.member_id)
    return list(others.exclude(pk=alert.pk).order_by("due_on", "pk")[:20])


def member_status_owed(alert: Alert) -> bool:
    """Verified as moved away or deceased while the registry still counts the member as living: until someone
    records it there, the member stays in the family's numbers and keeps matching the departments' feeds."""
    return (
        alert.outcome in (AlertOutcome.MOVED, AlertOutcome.DECEASED)
        and alert.member.living_status == LivingStatus.LIVING
    )


def member_status_url(alert: Alert) -> str:
    """Where the registry records what member_status_owed says is owed: the member's 登记成员状态, started from
    the outcome (已故 or 迁出) and the verification's date ("" when nothing is owed)."""
    if not member_status_owed(alert):
        return ""
    status = LivingStatus.DECEASED if alert.outcome == AlertOutcome.DECEASED else LivingStatus.MOVED_OUT
    query = urlencode({"status": status, "on": f"{alert.verified_on:%Y-%m-%d}"})
    return f"{reverse('households:member_status', args=[alert.member_id])}?{query}"


def alert_get(*, actor: Any, pk: int) -> Alert:
    return get_object_or_404(alert_list(actor=actor), pk=pk)


def alert_counts(*, actor: Any, filters: dict[str, Any] | None = None) -> dict[str, int]:
    """The worklist's tab counts, under its other filters (feed type, level, township or village, name)."""
    qs = alert_list(actor=actor, filters={**(filters or {}), "status": ""}).order_by()
    pending = Q(status=AlertStatus.PENDING)
    return qs.aggregate(
        pending=Count("pk", filter=pending),
        overdue=Count("pk", filter=pending & Q(verify_by__lt=timezone.localdate())),
        verified=Count("pk", filter=Q(status=AlertStatus.VERIFIED)),
    )


def upload_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[FeedUpload]:
    filters = filters or {}
    qs = FeedUpload.objects.visible_to(actor).select_related("feed_type", "uploaded_by")
    if filters.get("feed_type"):
        qs = qs.filter(feed_type=filters["feed_type"])
    if filters.get("department"):
        qs = qs.filter(department=filters["department"])
    return qs.order_by("-created_at", "-id")


def upload_get(*, actor: Any, pk: int) -> FeedUpload:
    return get_object_or_404(upload_list(actor=actor), pk=pk)


def feed_type_list(*, actor: Any) -> QuerySet[FeedType]:
    """Active feed types; a clerk sees their own department's. Their earlier cadences come with them: each one's
    cadence_text says the cadence in force today (alerts.periods.cadence_history)."""
    qs = FeedType.objects.filter(is_active=True).prefetch_related("columns", "rules", "past_cadences")
    department = clerk_department(actor)
    return qs.filter(department=department) if department else qs


def has_feeds_to_send(actor: Any) -> bool:
    """Whether the upload page has anything for the actor to send: a department with no active feed type (发改局,
    工信局: their clerks carry measures only) is offered no upload, nor its nav entry and home tile."""
    return feed_type_list(actor=actor).exists()


@dataclass(frozen=True)
class Reminder:
    """A period of the punctuality table counted late or missing (迟报漏报提醒): sent after its deadline (补报, on
    `received_on`), or not at all (`expired`: past the catch-up window, it can no longer be sent)."""

    feed_type: FeedType
    period: Period
    received_on: dt.date | None
    expired: bool


@dataclass
class PunctualityRow:
    department: str
    department_label: str
    feed_type: FeedType | None  # None: the department's total
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    missing_periods: list[str] = field(default_factory=list)
    # Of the missing ones, those whose deadline is more than CATCH_UP_DAYS old: they can no longer be sent (补报).
    expired: int = 0
    # A feed pushed within N days of each event (alerts.ingest.lateness): no period is due; its valid rows uploaded
    # in the range, and those pushed more than N days after their event.
    rows_pushed: int = 0
    rows_late: int = 0
    reminders: list[Reminder] = field(default_factory=list)
    # The cadence in force on the table's day (a change applies from the next period on: FeedCadence), and it in
    # words with a change to come, if one is scheduled (FeedType.cadence_text).
    in_force: Cadenced | None = None
    cadence_text: str = ""
    cadence_changing: bool = False
    # A department total whose feed types are all unscheduled (reported as it happens or within N days).
    all_unscheduled: bool = False

    @property
    def counted(self) -> bool:
        """Whether the row counts periods owed: not a feed type that owes none (unscheduled, and no earlier cadence
        had a period due in the range), nor a department total whose feed types are all such. The page shows its
        counts as —, the API as null: 0 owed, 0 late would read as a department that sent everything on time."""
        return bool(self.expected) or not (self.unscheduled or self.all_unscheduled)

    @property
    def rate(self) -> float | None:
        """按时报送率 (%), None when nothing was due."""
        return round(100 * self.on_time / self.expected, 1) if self.expected else None

    @property
    def within_days(self) -> bool:
        return self.in_force is not None and self.in_force.cadence == Cadence.WITHIN_DAYS

    @property
    def unscheduled(self) -> bool:
        """Reported as it happens or within N days of each event (alerts.periods.UNSCHEDULED): no period is due."""
        return self.in_force is not None and self.in_force.cadence in UNSCHEDULED

    @property
    def pushed_rate(self) -> float | None:
        """按时推送率 (%) of a within-N-days feed's rows, None when none was pushed."""
        if not self.rows_pushed:
            return None
        return round(100 * (self.rows_pushed - self.rows_late) / self.rows_pushed, 1)


def punctuality_table(
    *, actor: Any, start: dt.date, end: dt.date, today: dt.date | None = None
) -> list[PunctualityRow]:
    """Per feed type and per department (a total row after each department's feed types): the periods whose
    deadline fell in [start, end] (and has passed), how many were uploaded on time, late, or not at all (and of
    those, how many are past the catch-up window: alerts.periods.CATCH_UP_DAYS)."""
    today = today or timezone.localdate()
    catch_up_from = today - dt.timedelta(days=CATCH_UP_DAYS)
    pushed_until = min(end, today)  # rows pushed today count; a period is counted once its deadline has passed
    end = min(end, today - dt.timedelta(days=1))
    department = clerk_department(actor)
    visible = upload_list(actor=actor).submitted()  # a file without one valid row does not count
    rows: list[PunctualityRow] = []
    feeds = FeedType.objects.filter(is_active=True).order_by("department", "code")
    if department is not None:
        feeds = feeds.filter(department=department)
    by_department: dict[str, list[PunctualityRow]] = {}
    for feed in feeds:
        row = PunctualityRow(feed.department, str(Department(feed.department).label), feed)
        row.in_force, row.cadence_text = cadence_on(feed, today), feed.cadence_text(today)
        row.cadence_changing = row.in_force is not feed  # an earlier cadence still in force: a change to come
        periods = expected_periods(feed, start, end) if start <= end else []
        uploads: dict[str, tuple[bool, dt.date]] = {}  # on time, the day first received
        for key, on_time, created_at in (
            visible.filter(feed_type=feed, period_key__in=[p.key for p in periods])
            .order_by("created_at", "pk")
            .values_list("period_key", "on_time", "created_at")
        ):
            first = uploads.get(key)
            received = first[1] if first else timezone.localtime(created_at).date()
            uploads[key] = (bool(first and first[0]) or on_time, received)
        for period in periods:
            row.expected += 1
            got = uploads.get(period.key)
            if got is None:
                row.missing += 1
                row.missing_periods.append(period.label)
                expired = period.deadline is not None and period.deadline < catch_up_from
                row.expired += expired
                row.reminders.append(Reminder(feed, period, None, expired))
            elif got[0]:
                row.on_time += 1
            else:
                row.late += 1
                row.reminders.append(Reminder(feed, period, got[1], False))
        if row.within_days and start <= pushed_until:
            pushed = visible.filter(
                feed_type=feed, created_at__date__gte=start, created_at__date__lte=pushed_until
            ).aggregate(rows=Coalesce(Sum("rows_valid"), 0), late=Coalesce(Sum("rows_late"), 0))
            row.rows_pushed, row.rows_late = pushed["rows"], pushed["late"]
        by_department.setdefault(feed.department, []).append(row)
    for code, feed_rows in by_department.items():
        total = PunctualityRow(code, str(Department(code).label), None)
        for row in feed_rows:
            total.expected += row.expected
            total.on_time += row.on_time
            total.late += row.late
            total.missing += row.missing
            total.expired += row.expired
        total.all_unscheduled = all(row.unscheduled for row in feed_rows)
        rows.extend(feed_rows)
        rows.append(total)
    return rows


def punctuality_reminders(rows: list[PunctualityRow], *, limit: int = 12) -> list[Reminder]:
    """The table's late and missing periods, latest deadline first: the page's 迟报漏报提醒 say what its numbers
    count (the late-notice task's FeedLateNotice records only cover the periods due while it ran)."""
    reminders = [reminder for row in rows for reminder in row.reminders]
    reminders.sort(key=lambda r: (r.period.deadline or r.period.end, r.feed_type.code), reverse=True)
    return reminders[:limit]


@dataclass(frozen=True)
class InclusionDeadline:
    """The day an identification opened from this alert must be done by: the active identification procedure's
    办结时限 counted from the alert's raise date, the day the case counts from (alerts.services.verification)."""

    by: dt.date
    days: int


def inclusion_deadline(alert: Alert) -> InclusionDeadline | None:
    """None when no active identification procedure with a 办结时限 covers the alert's village."""
    from workflow.choices import ProcedureKind
    from workflow.selectors_procedures import procedure_in_force

    procedure = procedure_in_force(region_prefix=alert.region_path, kind=ProcedureKind.IDENTIFICATION)
    if procedure is None or procedure.limit_days is None:
        return None
    return InclusionDeadline(alert.raised_on + dt.timedelta(days=procedure.limit_days), procedure.limit_days)
