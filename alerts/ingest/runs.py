"""Queueing an ingestion run and bounding it in time.

A run that hangs (a statement waiting on a lock, a read of the stored file that never returns) would hold its run
lock (alerts.ingest.services.LOCK_CLASS) for ever, and the "what is due" sweep, which queues again only uploads
with no live run (alerts.services.due), would never reach it: the clerk would watch 处理中 for ever and could not
upload the file again. Two limits end it (config.time_limits): the task's soft time limit and its statements'
timeout, which fail the upload as 处理超时 in the run itself; and the hard limit, twice as long, at which the worker
kills a run still stuck, and its main process fails the upload (FeedUploadTask.on_failure, feed_upload_killed).
A failed upload frees its file's checksum, so the same file can be uploaded again."""

import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.audit import SYSTEM_ACTOR, audit_record
from alerts.choices import UploadStatus
from alerts.models import FeedUpload

logger = logging.getLogger(__name__)

MSG_TIMED_OUT = (
    "处理超时：文件较大或系统繁忙，未能在规定时间内处理完，已停止，未生成任何预警。"
    "请稍后重新上传；如仍超时，请按乡镇或报送期拆分后分别上传。"
)


def ingest_time_limits() -> tuple[int, int]:
    """The soft and hard time limits of a run, in seconds (ALERTS_INGEST_TIME_LIMIT and twice it)."""
    soft = int(getattr(settings, "ALERTS_INGEST_TIME_LIMIT", 1800))
    return soft, 2 * soft


def statement_seconds() -> float:
    """How long one statement of a run may take: half the run's soft limit."""
    return ingest_time_limits()[0] / 2


def enqueue_run(upload_id: int) -> None:
    from alerts.tasks import feed_upload_task

    soft, hard = ingest_time_limits()  # in the message, which the worker follows: this process's settings
    try:
        feed_upload_task.apply_async((upload_id,), soft_time_limit=soft, time_limit=hard)
    except Exception:  # the upload is stored and pending: the "what is due" task queues it again
        logger.exception("could not enqueue feed upload %s", upload_id)


def run_is_live(upload_id: int) -> bool:
    """Whether some process holds the upload's run lock right now."""
    from alerts.ingest.services import LOCK_CLASS

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s"
            " AND objsubid = 2 AND granted)",
            [LOCK_CLASS, upload_id],
        )
        return bool(cursor.fetchone()[0])


def fail_upload(upload: FeedUpload, message: str, *, killed: bool = False) -> bool:
    """Fail an upload, once: a conditional update from 处理中 (or, for a run the worker killed, also from 待处理, as
    a run may be killed before it claimed its upload) to 失败, audited in the same transaction. The clerk's upload
    that failed in its own run is audited as theirs; one the worker's main process failed, as the system's. Returns
    whether this call failed it (False when the upload had already ended)."""
    statuses = [UploadStatus.PENDING, UploadStatus.RUNNING] if killed else [UploadStatus.RUNNING]
    with transaction.atomic():
        updated = FeedUpload.objects.filter(pk=upload.pk, status__in=statuses).update(
            status=UploadStatus.FAILED, message=message, finished_at=timezone.now()
        )
        if updated:
            audit_record(
                actor=None if killed else upload.uploaded_by,
                actor_username=SYSTEM_ACTOR if killed else "",
                action="alerts.ingest",
                summary=f"部门数据 {upload.original_name} 未能处理：{message}",
                target=upload,
                region_path=upload.region_path,
            )
    return bool(updated)


def feed_upload_killed(*, upload_id: int) -> bool:
    """Fail an upload whose run the worker killed at its hard time limit (called by the worker's main process).
    Safe while the killed run's database session lingers: its final transaction writes only an upload still
    running (alerts.ingest.services._finish), so nothing of it becomes visible once the upload is failed."""
    upload = FeedUpload.objects.filter(pk=upload_id).first()
    return upload is not None and fail_upload(upload, MSG_TIMED_OUT, killed=True)
