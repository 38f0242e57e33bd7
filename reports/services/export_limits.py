"""What a user may ask of the background ledger exports: how many jobs one account may have under way at once (all
Celery tasks share one queue, so a script queuing county-wide ledgers one after another would hold up the
departments' feed ingestion), and what a download of a job without a file says instead of the file."""

from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.errors import ApplicationError, Busy, Conflict, Gone
from reports.models import ExportStatus, LedgerExport

MSG_BUSY = (
    "您已有 {active} 份台账正在排队或生成中（每人最多同时 {limit} 份），"
    "请等其中一份生成完成（或失败）后再生成新的台账。"
)
MSG_EXPIRED = "下载链接已过期，请重新生成。"
MSG_NOT_READY = "尚未生成完成（状态：{status}），请稍后再下载；进度见本台账的状态。"
MSG_FAILED = "生成失败，请稍后重试；如仍失败请联系系统管理员。"
MSG_FAILED_AS = "生成失败：{reason}"
QUEUE_LOCK_CLASS = 7_502  # advisory lock per account: two requests at once do not both pass the cap (runs: 7_501)
BUSY_RETRY_SECONDS = 30  # Retry-After of the refusal: a county ledger takes about 35 s to write
ACTIVE = (ExportStatus.PENDING, ExportStatus.RUNNING)


def export_active_limit() -> int:
    """How many of one user's exports may be queued or running at once (REPORTS_EXPORT_MAX_ACTIVE)."""
    return int(getattr(settings, "REPORTS_EXPORT_MAX_ACTIVE", 3))


def export_queue_lock(actor: Any) -> None:
    """Queue the user's export requests one after another until the transaction ends: the second of two at once sees
    the first's job (to count it, or to answer a retry of the same Idempotency-Key with it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [QUEUE_LOCK_CLASS, actor.pk])


def export_busy_check(actor: Any) -> None:
    """Busy (the API's 429) when the user already has as many jobs queued or running as allowed. Call under
    export_queue_lock."""
    limit = export_active_limit()
    active = LedgerExport.objects.filter(user=actor, status__in=ACTIVE).count()
    if active >= limit:
        raise Busy(MSG_BUSY.format(active=active, limit=limit), retry_after=BUSY_RETRY_SECONDS)


def export_download_refusal(export: LedgerExport) -> ApplicationError | None:
    """Why the job's file cannot be downloaded, None when it can: Gone (410) once it expired; Conflict (409) while it
    is queued or being written (its status said), or when it failed (its reason said). It used to be a 404, the
    answer for someone else's job, so a script polling the download took a job still running for a wrong id."""
    if export.downloadable:
        return None
    extra = {"id": export.pk, "status": export.status}
    if export.status == ExportStatus.EXPIRED or export.expires_at <= timezone.now():
        return Gone(MSG_EXPIRED, extra)
    if export.status in ACTIVE:
        return Conflict(MSG_NOT_READY.format(status=export.get_status_display()), extra)
    reason = export.message or MSG_FAILED
    return Conflict(reason if reason.startswith("生成") else MSG_FAILED_AS.format(reason=reason), extra)
