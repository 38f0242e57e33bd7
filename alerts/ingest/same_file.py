"""The same-file rule of feed uploads: a county's department sends a file (one SHA-256 checksum) once; a failed
upload took nothing and may come again. Another county or department sending the same bytes is not refused, nor
told that anyone received them (the 409 names an upload the caller can poll: FeedUpload.visible_to)."""

import hashlib

from django.core.files import File
from django.utils import timezone

from alerts.choices import UploadStatus
from alerts.models import FeedUpload
from config.errors import AlreadyRecorded

MSG_SAME_FILE = "该文件已于 {date} 上传过（{name}），不能重复上传。"


def file_checksum(upload: File) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks(chunk_size=4 << 20):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def same_file_error(checksum: str, *, department: str, region_path: str) -> AlreadyRecorded | None:
    """The county department's earlier upload of the file (not failed), for the API's 409 with its id."""
    sent = FeedUpload.objects.filter(checksum=checksum, department=department, region_path=region_path)
    earlier = sent.exclude(status=UploadStatus.FAILED).order_by("pk").first()
    date = earlier and timezone.localtime(earlier.created_at).strftime("%Y-%m-%d %H:%M")
    return earlier and AlreadyRecorded("file", MSG_SAME_FILE.format(date=date, name=earlier.original_name), earlier)
