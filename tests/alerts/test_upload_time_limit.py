"""A feed upload whose run hangs ends as 处理超时 instead of showing 处理中 for ever behind its run lock (which keeps
the "what is due" sweep away from it): its statements' timeout or the task's soft limit fail it in the run, the
hard limit's kill fails it from the worker's main process; nothing of the run is visible, the lock is free, and
the same file can then be uploaded again and processed."""

import psycopg2
import pytest
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.db import connection
from django.utils import timezone

from accounts.models import AuditEvent
from alerts.choices import UploadStatus
from alerts.ingest import runs
from alerts.ingest import services as ingest_services
from alerts.ingest.runs import MSG_TIMED_OUT, run_is_live
from alerts.ingest.services import feed_upload_create, feed_upload_run
from alerts.models import Alert, FeedUpload
from alerts.periods import period_for_upload
from alerts.tasks import feed_upload_task
from tests.alerts.conftest import csv_file, feed, header_of

CODE = "health-uninsured-cost"


def _send(clerks, people):
    today = timezone.localdate()
    rows = [["张大山", people["zhang"].id_number, "未参保", "10"]]
    return feed_upload_create(actor=clerks["health"], feed_type=feed(CODE), enqueue=False, today=today,
                              upload=csv_file(rows, header=header_of(CODE)),
                              period_key=period_for_upload(feed(CODE), today).key)  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_run_waiting_on_a_lock_ends_as_timed_out_and_the_file_can_be_sent_again(
    audit_log_flushable, clerks, people, settings
):
    settings.ALERTS_INGEST_TIME_LIMIT = 2  # each statement may take 1 s
    first = _send(clerks, people)
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        other.cursor().execute("LOCK TABLE alerts_alert IN ACCESS EXCLUSIVE MODE")  # held until rollback
        ended = feed_upload_run(upload_id=first.pk)
    finally:
        other.rollback()
        other.close()

    assert (ended.status, ended.message) == (UploadStatus.FAILED, MSG_TIMED_OUT)
    assert not Alert.objects.filter(upload=first).exists() and not run_is_live(first.pk)
    assert AuditEvent.objects.filter(action="alerts.ingest", summary__contains="处理超时").exists()
    again = _send(clerks, people)  # a failed upload frees its file's checksum
    done = feed_upload_run(upload_id=again.pk)
    assert (done.status, done.alerts_raised) == (UploadStatus.DONE, 1)


@pytest.mark.django_db
def test_the_soft_limit_met_in_the_run_fails_it_as_timed_out_not_as_a_crash(clerks, people, monkeypatch):
    upload = _send(clerks, people)

    def hangs(*args, **kwargs):
        raise SoftTimeLimitExceeded()  # what Celery raises in a run at its soft time limit

    monkeypatch.setattr(ingest_services, "_process", hangs)
    ended = feed_upload_run(upload_id=upload.pk)

    assert (ended.status, ended.message) == (UploadStatus.FAILED, MSG_TIMED_OUT)


@pytest.mark.django_db
def test_a_run_killed_at_the_hard_limit_is_failed_by_the_worker_and_a_finished_one_left_alone(clerks, people):
    upload = _send(clerks, people)
    FeedUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.RUNNING, progress=40)

    feed_upload_task.on_failure(TimeLimitExceeded(3600), "task-1", (upload.pk,), {}, None)

    upload.refresh_from_db()
    assert (upload.status, upload.message) == (UploadStatus.FAILED, MSG_TIMED_OUT)
    assert upload.finished_at is not None
    event = AuditEvent.objects.get(action="alerts.ingest", object_id=str(upload.pk))
    assert event.actor is None and "处理超时" in event.summary
    # Another error, or an upload no longer running, is not touched.
    done = _send(clerks, people)
    FeedUpload.objects.filter(pk=done.pk).update(status=UploadStatus.DONE, message="处理完成")
    feed_upload_task.on_failure(TimeLimitExceeded(3600), "task-2", (done.pk,), {}, None)
    feed_upload_task.on_failure(ValueError("x"), "task-3", (upload.pk,), {}, None)
    assert FeedUpload.objects.get(pk=done.pk).status == UploadStatus.DONE


@pytest.mark.django_db
def test_a_run_killed_before_it_claimed_its_upload_fails_it_once_and_a_run_failing_itself_is_the_clerks(
    clerks, people, monkeypatch
):
    pending = _send(clerks, people)  # killed while still 待处理: the kill fails it, as the system
    feed_upload_task.on_failure(TimeLimitExceeded(3600), "task-1", (pending.pk,), {}, None)
    feed_upload_task.on_failure(TimeLimitExceeded(3600), "task-1", (pending.pk,), {}, None)  # told twice

    assert FeedUpload.objects.get(pk=pending.pk).status == UploadStatus.FAILED
    events = AuditEvent.objects.filter(action="alerts.ingest", object_id=str(pending.pk))
    assert [(e.actor, e.actor_username) for e in events] == [(None, "系统自动")]

    def hangs(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(ingest_services, "_process", hangs)
    ran = _send(clerks, people)  # the same file again: the failed upload freed its checksum
    feed_upload_run(upload_id=ran.pk)
    event = AuditEvent.objects.get(action="alerts.ingest", object_id=str(ran.pk), summary__contains="处理超时")
    assert event.actor == clerks["health"]


def test_each_queued_run_carries_its_time_limits(settings, monkeypatch):
    settings.ALERTS_INGEST_TIME_LIMIT = 90
    sent = []
    monkeypatch.setattr(feed_upload_task, "apply_async", lambda args, **options: sent.append((args, options)))

    runs.enqueue_run(7)

    assert sent == [((7,), {"soft_time_limit": 90, "time_limit": 180})]
