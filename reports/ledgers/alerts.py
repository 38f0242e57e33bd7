"""部门预警信息核实台账 (seed 001 §二(四)): each alert a department feed raised, with who verified it, when, and
whether by the deadline — read through alerts' alert_list so scope (a clerk: their department's) stays theirs.
部门数据报送及时性台账: each period a department owed a feed, with when it arrived (on time, late, missing)."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import BooleanField, CharField, ExpressionWrapper, F, Q, QuerySet, Value, When
from django.db.models import Case as DbCase
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.utils import timezone

from accounts.choices import Department
from accounts.scoping import user_scope_prefix
from alerts import selectors as alerts
from alerts.choices import AlertLevel, AlertOutcome, AlertStatus, Cadence, UnregisteredOutcome
from alerts.models import FeedType
from alerts.periods import cadence_on, expected_periods
from alerts.privacy import (
    HIDDEN,
    health_alert_q,
    health_feed_ids,
    hidden_sql,
    hides_health,
    shown_feed_detail,
)
from alerts.selectors_unregistered import iter_with_details, unregistered_people
from reports.ledgers.base import (
    BOOL,
    COUNT,
    DATE,
    EMPTY,
    FILLED,
    ID_NUMBER,
    NUMBER,
    YES,
    Column,
    Filters,
    Ledger,
    Total,
    apply_filters,
)

COUNTY_PATH = 6
ON_TIME, LATE, MISSING = "按时报送", "迟报", "未报送"


def alert_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    today = timezone.localdate()
    # The first deadline (Alert.verify_by), which escalation never moves: an alert escalated and then verified
    # within its new level's extra days was still verified late.
    overdue = Q(status=AlertStatus.PENDING, verify_by__lt=today) | Q(
        verified_on__isnull=False, verified_on__gt=F("verify_by")
    )
    verifier = Concat("verified_by__last_name", "verified_by__first_name")
    # The file and line the alert came from: one row of a file may raise several alerts (⑥: uninsured and over the
    # amount), whose rule and content a read-only role reads hidden, so without it they read as the same line twice.
    source = Concat("upload__original_name", Value(" 第"), Cast("line", CharField()), Value("行"))
    rows = apply_filters(alerts.alert_list(actor=actor), filters, date_field="raised_on")
    feed, rule, detail, note = "feed_type__name", "rule_name", "detail", "outcome_note"
    if hides_health(actor):  # read-only roles: the department's label, not the illness (alerts.privacy)
        # The pages read 卫健部门预警 for the rule and 卫健部门预警：（已隐去） for the detail; on a ledger row they
        # would repeat 数据类型 three times, so 数据类型 names the department and the rule and the detail say hidden.
        rows = rows.annotate(
            shown_feed=hidden_sql("feed_type__name"),
            shown_rule=_hidden_if_health("rule_name"),
            shown_detail=_hidden_if_health("detail"),
            shown_note=_hidden_if_health("outcome_note", health_alert_q() & ~Q(outcome_note="")),
        )
        feed, rule, detail, note = "shown_feed", "shown_rule", "shown_detail", "shown_note"
    return (
        rows.annotate(
            overdue_flag=ExpressionWrapper(overdue, output_field=BooleanField()),
            verifier=Coalesce(NullIf(verifier, Value("")), "verified_by__username"),
            source=source,
        )
        .order_by("region_path", "raised_on", "pk")
        .values_list(
            "department",
            feed,
            "person_name",
            "id_number",
            "household__village__parent__name",
            "household__village__name",
            "household__head_name",
            rule,
            detail,
            "raised_on",
            "verify_by",
            "verified_on",
            "outcome",
            note,
            "level",
            "verifier",
            "overdue_flag",
            "source",
        )
    )


def _hidden_if_health(field: str, health: Q | None = None) -> DbCase:
    """An alert's `field`, or HIDDEN on a health alert (alerts.privacy), in SQL."""
    health = health_alert_q() if health is None else health
    return DbCase(When(health, then=Value(HIDDEN)), default=F(field), output_field=CharField())


def county_staff(actor: Any) -> bool:
    """Feed uploads are the county's business (alerts.models.FeedUpload.visible_to): township and village staff
    have no feed punctuality to look at."""
    prefix = user_scope_prefix(actor)
    return prefix is not None and len(prefix) <= COUNTY_PATH


def punctuality_rows(actor: Any, filters: Filters) -> Iterator[tuple[Any, ...]]:
    """One row per feed and period whose deadline fell in the date range (default: this year up to yesterday);
    feeds are county-wide, so the region filter does not apply. A small computed table."""
    today = timezone.localdate()
    start = filters.date_from or dt.date(today.year, 1, 1)
    end = min(filters.date_to or today, today - dt.timedelta(days=1))
    if start > end:
        return
    uploads = alerts.upload_list(actor=actor).submitted()  # as the punctuality page counts (alerts.models.uploads)
    for feed in FeedType.objects.filter(is_active=True).order_by("department", "code"):
        periods = expected_periods(feed, start, end)
        received: dict[str, tuple[dt.date, bool]] = {}
        for key, created_at, on_time in (
            uploads.filter(feed_type=feed, period_key__in=[p.key for p in periods])
            .order_by("created_at")
            .values_list("period_key", "created_at", "on_time")
        ):
            first = received.get(key)
            received[key] = (
                first[0] if first else timezone.localtime(created_at).date(),
                on_time or bool(first and first[1]),
            )
        for period in periods:
            got = received.get(period.key)
            status = MISSING if got is None else (ON_TIME if got[1] else LATE)
            yield (feed.department, feed.name, period.label, period.deadline, got[0] if got else None, status)
        if cadence_on(feed, today).cadence == Cadence.WITHIN_DAYS:  # in force today, as the punctuality page
            yield from _pushed_rows(feed, uploads, start, end)


def _pushed_rows(feed: FeedType, uploads: QuerySet[Any], start: dt.date, end: dt.date) -> Iterator[tuple[Any, ...]]:
    """A feed pushed within N days of each event has no period due: one row per file uploaded in the range, its
    rows pushed late (alerts.ingest.lateness) in 报送情况."""
    files = uploads.filter(feed_type=feed, created_at__date__gte=start, created_at__date__lte=end, nil_return=False)
    for period_label, created_at, rows, late in files.order_by("created_at").values_list(
        "period_label", "created_at", "rows_valid", "rows_late"
    ):
        day = timezone.localtime(created_at).date()
        days = cadence_on(feed, day).cadence_days  # the N the ingestion counted by (alerts.ingest.layout)
        status = f"{rows}行，超过{days}日推送{late}行" if late else f"{rows}行，均按时推送"
        yield (feed.department, feed.name, period_label, None, day, status)


def _people(actor: Any, filters: Filters) -> QuerySet[Any]:
    return unregistered_people(actor=actor, filters={"date_from": filters.date_from, "date_to": filters.date_to})


def unregistered_rows(actor: Any, filters: Filters) -> Iterator[tuple[Any, ...]]:
    """One row per person the feeds named (last named in the date range) and the registry does not hold, or did
    not when named, with the county's finding; read a chunk at a time. Health details are hidden from read-only
    roles (alerts.privacy)."""
    health_ids = health_feed_ids() if hides_health(actor) else set()
    for entry in iter_with_details(_people(actor, filters), actor):
        member, checker = entry.member, entry.checked_by
        household = member.household if member is not None else None
        yield (
            entry.id_number,
            entry.person_name,
            "、".join(entry.feed_names),
            shown_feed_detail(actor, entry.detail, entry.feed_types, health_ids),
            entry.appearances,
            timezone.localtime(entry.first_seen).date(),
            timezone.localtime(entry.last_seen).date(),
            entry.status_label,
            entry.outcome,
            f"{entry.village.parent.name}{entry.village.name}" if entry.village else "",
            entry.note,
            (checker.get_full_name() or checker.username) if checker else "",
            entry.checked_on,
            f"{household.village.parent.name}{household.village.name} {household.head_name}户" if household else "",
            # As the page says it: the registry holds the person as deceased or moved away, no one to register.
            entry.gone,
        )


def unregistered_count(actor: Any, filters: Filters) -> int:
    return _people(actor, filters).count()


LEDGERS = [
    Ledger(
        code="alert_verification",
        name="部门预警信息核实台账",
        order=40,
        group="部门数据",
        date_label="预警日期",
        description="行业部门数据产生的预警及其核实情况：核实期限（原定期限，上报乡镇、县级后不变）、核实日期、核实结果与情况、"
        "核实层级、核实人、是否超期和数据来源（部门文件名和行号：同一行可产生多条预警）。卫健、医保、残联等健康类预警对只读角色只显示报送部门（如卫健部门预警），"
        "预警规则、预警内容和核实情况显示为“（已隐去）”。",
        columns=[
            Column("报送部门", 16, choices=Department),
            Column("数据类型", 20),
            Column("姓名（部门数据）", 12),
            Column("身份证号", 21, ID_NUMBER),
            Column("乡镇", 12),
            Column("村", 12),
            Column("户主姓名", 10),
            Column("预警规则", 18),
            Column("预警内容", 30),
            Column("预警日期", 12, DATE),
            Column("核实期限", 12, DATE),
            Column("核实日期", 12, DATE),
            Column("核实结果", 18, choices=AlertOutcome),
            Column("核实情况", 30),
            Column("核实层级", 12, choices=AlertLevel),
            Column("核实人", 10, convert=lambda name: name or ""),
            Column("是否超期", 8, BOOL),
            Column("数据来源（文件/行号）", 28),
        ],
        rows=alert_rows,
        # What officials read it for: how many alerts, how many verified (核实率), how many overdue (超期).
        totals=(
            Total("姓名（部门数据）", COUNT, "条"),
            Total("核实日期", FILLED, "条", label="已核实"),
            Total("是否超期", YES, "条"),
        ),
    ),
    Ledger(
        code="feed_punctuality",
        name="部门数据报送及时性台账",
        order=45,
        group="部门数据",
        date_label="报送截止日期",
        description="各部门每期应报送的数据：截止日期、实际报送日期，按时报送、迟报或未报送（不选日期时为本年至昨日）；"
        "发生后N日内推送的数据按上传的文件列出其中超过N日推送的行数。",
        columns=[
            Column("报送部门", 16, choices=Department),
            Column("数据类型", 24),
            Column("报送期", 20),
            Column("报送截止日期", 12, DATE),
            Column("报送日期", 12, DATE),
            Column("报送情况", 22),
        ],
        rows=punctuality_rows,
        # The periods owed (a pushed feed's files have no deadline), those never sent and those sent on time: the
        # 及时率, and 迟报 the rest.
        totals=(
            Total("报送截止日期", FILLED, "期", label="应报送"),
            Total("报送日期", EMPTY, "期", label="未报送"),
            Total("报送情况", YES, "期", label=ON_TIME, reads=ON_TIME),
        ),
        available=county_staff,
        regional=False,
    ),
    Ledger(
        code="unregistered_persons",
        name="未在档人员核查台账",
        order=46,
        group="部门数据",
        date_label="最近报送日期",
        description="部门数据中符合预警条件、但农户档案中没有的人员（按身份证号合并）及县级核查结果、交村建档和已建档情况；"
        "档案中已登记为已故或已迁出的，注明登记情况（不需要重新建档）。",
        columns=[
            Column("身份证号", 21, ID_NUMBER),
            Column("姓名（部门数据）", 12),
            Column("报送的数据类型", 24),
            Column("最近一次预警内容", 32),
            Column("报送次数", 8, NUMBER),
            Column("首次报送日期", 12, DATE),
            Column("最近报送日期", 12, DATE),
            Column("状态", 8),
            Column("核查结果", 18, choices=UnregisteredOutcome),
            Column("建档村", 16),
            Column("核查情况", 36),
            Column("核查人", 10),
            Column("核查日期", 12, DATE),
            Column("已建档农户", 24),
            Column("档案中的登记", 36),
        ],
        rows=unregistered_rows,
        count=unregistered_count,
        available=county_staff,
        regional=False,
    ),
]
