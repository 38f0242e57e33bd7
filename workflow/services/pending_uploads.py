"""Files chosen on a form that came back with an error (models.uploads.PendingUpload): checked like any workflow
upload (services.attachments), kept for the one user who chose them and the one form they were chosen on, and
reached only by a random token that works for that user alone. A kept file is deleted once its record is saved,
when it is replaced or dropped, or a day after it was chosen: an hourly task (workflow.tasks.purge_pending_uploads)
and each new one first delete the expired ones, so they do not pile up."""

import datetime as dt
import os
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from workflow.models import PendingUpload
from workflow.services.attachments import upload_check

KEEP_FOR = dt.timedelta(days=1)
PURGE_BATCH = 200
MSG_GONE = "之前选择的文件已失效（超过一天或不属于您），请重新选择。"


def pending_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the kept files older than a day (a bounded batch), file and row; return how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    expired = list(PendingUpload.objects.filter(created_at__lt=cutoff).order_by("created_at")[:PURGE_BATCH])
    for pending in expired:
        pending_discard(pending)
    return len(expired)


def pending_store(*, actor: Any, purpose: str, upload: UploadedFile, field: str) -> PendingUpload:
    """Keep a chosen file for `actor` on the form `purpose`. Raises ValidationError({field: …}) for a file that no
    record would take (type, size, first bytes): such a file is not kept."""
    upload_check(upload, field)
    pending_purge()
    name = os.path.basename(upload.name or "")[:255] or "upload"
    return PendingUpload.objects.create(
        owner=actor, purpose=purpose, token=secrets.token_urlsafe(32), file=upload, name=name
    )


def pending_get(*, actor: Any, purpose: str, token: str) -> PendingUpload | None:
    """The kept file of this token if `actor` chose it on this form within the day, else None."""
    if not token or not getattr(actor, "is_authenticated", False):
        return None
    return PendingUpload.objects.filter(
        owner=actor, purpose=purpose, token=token, created_at__gte=timezone.now() - KEEP_FOR
    ).first()


def pending_content(pending: PendingUpload) -> ContentFile:
    """The kept file as an upload for a record's file field (saved under the field's own folder, its first name)."""
    with pending.file.open("rb") as handle:
        return ContentFile(handle.read(), name=pending.name)


def pending_discard(pending: PendingUpload | None) -> None:
    """Delete a kept file, its stored bytes first."""
    if pending is None:
        return
    if pending.file:
        pending.file.delete(save=False)
    pending.delete()
