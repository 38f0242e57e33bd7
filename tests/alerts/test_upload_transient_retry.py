"""A feed upload whose run meets a passing database error (too many clients) is tried again shortly instead of
sitting 排队中 0% until the "what is due" sweep (review rev-clerk 2); its progress panel, once queued for a while,
says it waits and will be processed without anyone doing anything."""

import datetime as dt
from unittest import mock

import psycopg2
import pytest
from django.db import OperationalError
from django.utils import timezone

from alerts.choices import UploadStatus
from alerts.ingest import services as ingest_services
from alerts.ingest.progress import MSG_QUEUED_WAITING
from alerts.ingest.services import feed_upload_create
from alerts.models import Alert, FeedUpload
from alerts.periods import period_for_upload
from alerts.tasks import RETRY_COUNTDOWNS, feed_upload_task, transient_db_error
from tests.alerts.conftest import csv_file, feed, header_of

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


def _db_error(message: str, pgcode: str | None = None) -> OperationalError:
    # psycopg2 sets pgcode from the server's answer; none when the connection itself failed.
    cause = type("ServerError", (psycopg2.OperationalError,), {"pgcode": pgcode})(message)
    error = OperationalError(message)
    error.__cause__ = cause
    return error


TOO_MANY = 'connection to server at "127.0.0.1", port 5432 failed: FATAL:  sorry, too many clients already'


@pytest.fixture
def upload(clerks, people):
    today = timezone.localdate()
    rows = [["张大山", people["zhang"].id_number, "未参保", "10"]]
    return feed_upload_create(actor=clerks["health"], feed_type=feed(CODE), enqueue=False, today=today,
                              upload=csv_file(rows, header=header_of(CODE)),
                              period_key=period_for_upload(feed(CODE), today).key)  # fmt: skip


def test_a_run_refused_a_connection_is_retried_and_the_upload_is_processed(upload):
    real = ingest_services.feed_upload_run
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise _db_error(TOO_MANY)
        return real(**kwargs)

    with mock.patch.object(ingest_services, "feed_upload_run", flaky):
        result = feed_upload_task.apply(args=(upload.pk,))

    assert result.successful() and result.result == UploadStatus.DONE
    assert len(calls) == 2
    assert FeedUpload.objects.get(pk=upload.pk).status == UploadStatus.DONE
    assert Alert.objects.filter(upload=upload).count() == 1


def test_the_retry_waits_a_short_while_and_gives_up_after_a_few_tries(upload):
    with (
        mock.patch.object(ingest_services, "feed_upload_run", side_effect=_db_error(TOO_MANY)) as run,
        mock.patch.object(feed_upload_task, "retry", wraps=feed_upload_task.retry) as retry,
    ):
        result = feed_upload_task.apply(args=(upload.pk,))

    assert result.failed() and run.call_count == len(RETRY_COUNTDOWNS) + 1
    assert [call.kwargs["countdown"] for call in retry.call_args_list] == [*RETRY_COUNTDOWNS, RETRY_COUNTDOWNS[-1]]
    assert max(RETRY_COUNTDOWNS) <= 120
    # Still queued: the sweep (alerts.services.due.uploads_requeue_stalled) queues it again later.
    assert FeedUpload.objects.get(pk=upload.pk).status == UploadStatus.PENDING


def test_a_query_error_is_not_retried(upload):
    canceled = _db_error("canceling statement due to statement timeout", pgcode="57014")
    with mock.patch.object(ingest_services, "feed_upload_run", side_effect=canceled) as run:
        result = feed_upload_task.apply(args=(upload.pk,))
    assert result.failed() and run.call_count == 1


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (_db_error(TOO_MANY), True),
        (_db_error("too many connections", pgcode="53300"), True),
        (_db_error("terminating connection due to administrator command", pgcode="57P01"), True),
        (_db_error("deadlock detected", pgcode="40P01"), True),
        (_db_error("canceling statement due to statement timeout", pgcode="57014"), False),
        (ValueError("x"), False),
    ],
)
def test_which_errors_pass(error, transient):
    assert transient_db_error(error) is transient


def test_the_panel_of_an_upload_queued_for_a_while_says_it_waits(upload, clerks, login):
    client = login(clerks["health"])
    fresh = client.get(f"/alerts/uploads/{upload.pk}/progress/").content.decode()
    assert "排队中" in fresh and MSG_QUEUED_WAITING not in fresh

    FeedUpload.objects.filter(pk=upload.pk).update(created_at=timezone.now() - dt.timedelta(minutes=2))
    waiting = client.get(f"/alerts/uploads/{upload.pk}/progress/").content.decode()
    assert "排队中" in waiting and MSG_QUEUED_WAITING in waiting
    assert MSG_QUEUED_WAITING in client.get(f"/alerts/uploads/{upload.pk}/").content.decode()
    assert "无需任何操作" in MSG_QUEUED_WAITING
