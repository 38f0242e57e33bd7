"""Live progress of an upload's run (issue 8, Must 3: rows read and % shown live), for the upload page's poll and
the API.

A run writes its progress at each step, and while staging the file once per 8 MB piece (alerts.ingest.reading),
never per row. It goes to the cache (Redis), which the page reads whatever transaction the run is in: the final
write (alerts.ingest.services._finish) holds the upload's row locked in one transaction, so a row update from it
would not be seen before it commits. Outside a transaction the upload's row is updated too, so that a reader
without the cache (another process's page after a cache flush) still sees the last step.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from alerts.choices import UploadStatus

KEY = "alerts:upload-progress:{pk}"
SECONDS = 6 * 3600
ERROR_ROWS_STEP = 5000  # the error workbook's progress is reported every this many rows
# An upload still queued this long after it was sent (the workers busy, or its run retried after a passing database
# error: alerts.tasks) is said to be waiting, to be processed without anyone doing anything (review rev-clerk 2).
QUEUED_WAIT = dt.timedelta(minutes=1)
MSG_QUEUED_WAITING = "正在排队等待处理：系统将自动处理此文件，无需任何操作，请勿重复上传。"

# The steps, as the page names them, and the share of the bar each starts at: reading the file is quick (a COPY),
# checking and matching takes most of the time, then the error workbook and the alerts.
READING, CHECKING, ERRORS, RAISING = "读取文件", "核对数据、比对档案", "生成错误清单", "生成预警"
SHARES = {READING: (0, 40), CHECKING: (40, 65), ERRORS: (65, 80), RAISING: (80, 99)}


def report(upload_id: int, step: str, fraction: float = 0.0, rows: int | None = None) -> None:
    """The run is `fraction` (0–1) through `step`, `rows` rows read so far (None: unchanged)."""
    low, high = SHARES[step]
    percent = int(low + (high - low) * max(0.0, min(1.0, fraction)))
    previous = cache.get(KEY.format(pk=upload_id)) or {}
    value = {"progress": percent, "step": step, "rows_read": rows if rows is not None else previous.get("rows_read")}
    cache.set(KEY.format(pk=upload_id), value, SECONDS)
    if not connection.in_atomic_block:
        from alerts.models import FeedUpload

        fields: dict[str, Any] = {"progress": percent}
        if rows is not None:
            fields["rows_read"] = rows
        FeedUpload.objects.filter(pk=upload_id, status=UploadStatus.RUNNING).update(**fields)


def clear(upload_id: int) -> None:
    cache.delete(KEY.format(pk=upload_id))


def live(upload: Any) -> dict[str, Any]:
    """{"progress", "rows_read", "step"} of an upload now: the cache's while it runs, else its row's."""
    if upload.status == UploadStatus.RUNNING:
        value = cache.get(KEY.format(pk=upload.pk))
        if value:
            return {
                "progress": max(value["progress"], upload.progress),
                "rows_read": max(value.get("rows_read") or 0, upload.rows_read),
                "step": value["step"],
            }
    return {"progress": upload.progress, "rows_read": upload.rows_read, "step": ""}


def queued_note(upload: Any) -> str:
    """MSG_QUEUED_WAITING for an upload queued longer than QUEUED_WAIT, else ""."""
    if upload.status != UploadStatus.PENDING or timezone.now() - upload.created_at < QUEUED_WAIT:
        return ""
    return MSG_QUEUED_WAITING


def error_rows(upload_id: int, rows: Iterable[Any], total: int) -> Iterator[Any]:
    """The error rows as they are written to the workbook, the progress reported every ERROR_ROWS_STEP of them."""
    for done, row in enumerate(rows, start=1):
        if done % ERROR_ROWS_STEP == 0:
            report(upload_id, ERRORS, done / max(total, 1))
        yield row
