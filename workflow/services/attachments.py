"""Uploaded files of the workflow (step attachments, meeting minutes): the registry's rule (JPG, PNG or PDF, at
most 10 MB, households.services.visits) plus a look at the first bytes, so that a renamed file is refused too.
They hold personal data and are served only through scoped views (views_files)."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from households.services.visits import MAX_UPLOAD, MSG_FILE_SIZE, MSG_FILE_TYPE
from households.services.visits import upload_check as registry_check_upload

__all__ = ["MAX_UPLOAD", "MSG_FILE_SIZE", "MSG_FILE_TYPE", "upload_check"]

# What a JPG, PNG or PDF starts with.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def upload_check(upload: UploadedFile | None, field: str) -> None:
    """Raise ValidationError({field: …}) unless the upload is a JPG, PNG or PDF of at most 10 MB."""
    if upload is None:
        return
    registry_check_upload(upload, field)
    name = (upload.name or "").lower()
    signatures = next((sigs for ext, sigs in SIGNATURES.items() if name.endswith(ext)), None)
    if signatures is None:
        return  # a type the registry allows and we do not know the first bytes of
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(signatures):
        raise ValidationError({field: MSG_FILE_TYPE})
