"""Minutes files kept across a meeting form's error (PendingUpload) are deleted a day after they were chosen by the
hourly beat task, file and row, even when no one keeps another file afterwards."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from households.models import PendingUpload
from households.services.pending_uploads import pending_store
from workflow import tasks
from workflow.services.attachments import upload_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def keep(actor, name, *, age):
    """A kept file, dated `age` ago. (Keeping a file first purges the expired ones: date it after keeping.)"""
    pending = pending_store(
        actor=actor,
        purpose="meeting:360425100201",
        upload=SimpleUploadedFile(name, b"%PDF-1.4 the minutes", content_type="application/pdf"),
        field="minutes",
        check=upload_check,
    )
    return pending, Path(pending.file.path), timezone.now() - age


def test_the_beat_task_deletes_kept_files_older_than_a_day_and_leaves_newer_ones(personas, media):
    kept = [
        keep(personas.cadre_a, "旧.pdf", age=dt.timedelta(days=1, minutes=1)),
        keep(personas.cadre_b, "新.pdf", age=dt.timedelta(hours=23)),
    ]
    for pending, _, created_at in kept:
        PendingUpload.objects.filter(pk=pending.pk).update(created_at=created_at)
    (_, stale, _), (_, fresh, _) = kept
    assert stale.exists() and stale.is_relative_to(media)

    deleted = tasks.purge_pending_uploads.delay().get()

    assert deleted == 1
    assert not stale.exists() and fresh.exists()
    assert list(PendingUpload.objects.values_list("name", flat=True)) == ["新.pdf"]


def test_the_purge_is_on_the_beat_schedule_as_a_registered_task():
    from config.celery import app

    entries = [
        e for e in django_settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.purge_pending_uploads.name
    ]

    assert len(entries) == 1
    assert tasks.purge_pending_uploads.name in app.tasks
