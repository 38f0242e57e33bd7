"""Files chosen on a form that came back with an error (models.uploads.PendingUpload): checked as that form checks
its file (the `check` each form gives: the visit photo households.services.visits.upload_check, workflow's meeting
minutes workflow.services.attachments.upload_check), kept for the one user who chose them and the one form they were
chosen on, and reached only by a random token that works for that user alone. A kept file is deleted once its record
is saved, when it is replaced or dropped, or a day after it was chosen: an hourly task
(workflow.tasks.purge_pending_uploads, named so on the beat schedule) and each new one first delete the expired
ones, so they do not pile up."""

import datetime as dt
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from households.models import PendingUpload

KEEP_FOR = dt.timedelta(days=1)
PURGE_BATCH = 200
MSG_GONE = "之前选择的文件已失效（超过一天或不属于您），请重新选择。"

# A form's file check: raises ValidationError({field: …}) for a file its record would not take.
UploadCheck = Callable[[UploadedFile, str], None]


@dataclass(frozen=True)
class Kept:
    """The file a form's submission goes on with (None: none), and what to say at its field."""

    pending: PendingUpload | None
    refused: ValidationError | None = None  # the newly chosen file failed the check (the one kept before stays)
    gone: bool = False  # the page named a kept file this user no longer has (expired, or never theirs)


def pending_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the kept files older than a day (a bounded batch), file and row; return how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    expired = list(PendingUpload.objects.filter(created_at__lt=cutoff).order_by("created_at")[:PURGE_BATCH])
    for pending in expired:
        pending_discard(pending)
    return len(expired)


def pending_store(*, actor: Any, purpose: str, upload: UploadedFile, field: str, check: UploadCheck) -> PendingUpload:
    """Keep a chosen file for `actor` on the form `purpose`. Raises `check`'s ValidationError({field: …}) for a file
    that no record of that form would take (type, size, first bytes): such a file is not kept."""
    check(upload, field)
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


def pending_keep(
    *,
    actor: Any,
    purpose: str,
    token: str,
    upload: UploadedFile | None,
    drop: bool,
    field: str,
    check: UploadCheck,
) -> Kept:
    """The file of one submission of a form that keeps its file across errors: a newly chosen `upload` replaces the
    kept one once it passes `check`; `drop` ("不上传") deletes the kept one; otherwise the kept file of `token` goes
    on. A token of no kept file of this user's is reported (`gone`) rather than dropped unseen: the page said a file
    was chosen, and the record would be saved without it."""
    kept = pending_get(actor=actor, purpose=purpose, token=token)
    if upload is not None:
        try:
            new = pending_store(actor=actor, purpose=purpose, upload=upload, field=field, check=check)
        except ValidationError as error:
            return Kept(kept, refused=error)
        pending_discard(kept)
        return Kept(new)
    if drop:
        pending_discard(kept)
        return Kept(None)
    return Kept(kept, gone=bool(token) and kept is None)


def pending_content(pending: PendingUpload) -> ContentFile | None:
    """The kept file as an upload for a record's file field (saved under the field's own folder, its first name).
    None when its bytes are gone though its row was read: an earlier post of the same page (a phone resending it)
    saved its record with the file and deleted it meanwhile, or the purge did. The caller says it as a kept file
    no longer there (households.forms_uploads.kept_content)."""
    try:
        with pending.file.open("rb") as handle:
            return ContentFile(handle.read(), name=pending.name)
    except FileNotFoundError:
        return None


def pending_discard(pending: PendingUpload | None) -> None:
    """Delete a kept file, its stored bytes first."""
    if pending is None:
        return
    if pending.file:
        pending.file.delete(save=False)
    pending.delete()
