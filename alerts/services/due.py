"""What the periodic "what is due" task does (DESIGN.md: one task instead of one beat entry per county rule).

Each step works in bounded batches and claims each item by a conditional write — an UPDATE that repeats the
old state, or an INSERT guarded by a unique constraint — so two workers running the task at once never act twice.
- feed punctuality (不得迟报、漏报, seed 001 §二(四)): a feed period past its deadline with no upload raises a
  late notice to the county bureau;
- overdue verifications: village → township → county, each step giving ESCALATION_DAYS more;
- uploads whose run died before it started or half-way are queued again (the run lock tells a dead run apart),
  and the staging tables such a run left behind are dropped (alerts.ingest.rawtable).
"""

import datetime as dt
import logging

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.audit import audit_record
from alerts.choices import AlertLevel, AlertStatus, UploadStatus
from alerts.ingest import rawtable
from alerts.ingest.runs import enqueue_run, run_is_live
from alerts.models import Alert, FeedLateNotice, FeedType, FeedUpload
from alerts.periods import CATCH_UP_DAYS, expected_periods
from households.choices import RegionLevel
from households.models import Region

logger = logging.getLogger(__name__)
SYSTEM = "系统自动"
ESCALATION_DAYS = 3
LOOKBACK_DAYS = CATCH_UP_DAYS  # a period this old can still be sent late (补报), so it is still looked at
NEXT_LEVEL = {AlertLevel.VILLAGE: AlertLevel.TOWNSHIP, AlertLevel.TOWNSHIP: AlertLevel.COUNTY}
STALE_AFTER = dt.timedelta(minutes=2)


def feeds_late_check(*, today: dt.date, limit: int = 500) -> int:
    """Raise a late notice for each expected period whose deadline passed before `today` with no upload. An
    upload names its period (alerts.selectors_periods), so a late one (补报) answers that period's notice; a nil
    return (零报告) is an upload, done with 0 rows, and counts like a file; a file without one valid row does not
    count (alerts.models.uploads.submitted_q)."""
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).values_list("path", flat=True))
    raised = 0
    for feed in FeedType.objects.filter(is_active=True).order_by("pk"):
        for period in expected_periods(feed, today - dt.timedelta(days=LOOKBACK_DAYS), today - dt.timedelta(days=1)):
            for county in counties:
                if raised >= limit:
                    return raised
                uploaded = FeedUpload.objects.submitted().filter(
                    feed_type=feed, period_key=period.key, region_path__startswith=county
                )
                if (
                    uploaded.exists()
                    or FeedLateNotice.objects.filter(feed_type=feed, region_path=county, period_key=period.key).exists()
                ):
                    continue
                try:
                    with transaction.atomic():
                        notice = FeedLateNotice.objects.create(
                            feed_type=feed,
                            department=feed.department,
                            period_key=period.key,
                            period_label=period.label,
                            deadline=period.deadline,
                            region_path=county,
                            raised_on=today,
                        )
                        audit_record(
                            actor=None,
                            actor_username=SYSTEM,
                            action="alerts.feed_late",
                            summary=f"{feed.get_department_display()}“{feed.name}”{period.label}的数据逾期未报"
                            f"（截止 {period.deadline:%Y-%m-%d}）",
                            target=notice,
                        )
                except IntegrityError:
                    continue  # another worker raised it first
                raised += 1
    return raised


def alerts_escalate_due(*, today: dt.date, limit: int = 500) -> int:
    """Escalate up to `limit` pending alerts whose current level's deadline (due_on) passed; returns how many moved.
    Only that deadline moves: the first one (verify_by), which overdue and the on-time counts read, stays."""
    due = (
        Alert.objects.filter(status=AlertStatus.PENDING, due_on__lt=today, level__in=list(NEXT_LEVEL))
        .order_by("due_on", "pk")
        .values_list("pk", "level", "due_on")[:limit]
    )
    moved = 0
    for pk, level, due_on in list(due):
        new_level = NEXT_LEVEL[AlertLevel(level)]
        with transaction.atomic():
            claimed = Alert.objects.filter(pk=pk, status=AlertStatus.PENDING, level=level, due_on=due_on).update(
                level=new_level, due_on=today + dt.timedelta(days=ESCALATION_DAYS), escalated_on=today
            )
            if not claimed:
                continue  # verified meanwhile, or escalated by another worker
            alert = Alert.objects.get(pk=pk)
            audit_record(
                actor=None,
                actor_username=SYSTEM,
                action="alerts.escalate",
                summary=f"预警核实逾期（期限 {due_on:%Y-%m-%d}）：{alert.person_name}，{new_level.label}",
                target=alert,
            )
        moved += 1
    return moved


def uploads_requeue_stalled(*, limit: int = 20) -> int:
    """Queue again uploads left pending or running with no live run (a worker died, or enqueueing failed)."""
    before = timezone.now() - STALE_AFTER
    stalled = FeedUpload.objects.filter(
        status__in=[UploadStatus.PENDING, UploadStatus.RUNNING], created_at__lt=before
    ).values_list("pk", flat=True)[:limit]
    queued = 0
    for pk in stalled:
        if not run_is_live(pk):
            enqueue_run(pk)
            queued += 1
    return queued


def what_is_due(*, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {
        "late_notices": feeds_late_check(today=today),
        "escalated": alerts_escalate_due(today=today),
        "requeued": uploads_requeue_stalled(),
        "staging_swept": staging_sweep(),
    }


def staging_sweep() -> int:
    """Drop the staging tables of ingestion runs whose database session is gone."""
    with connection.cursor() as cursor:
        return rawtable.sweep(cursor)
