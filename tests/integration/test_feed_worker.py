"""A feed upload whose worker is killed half-way (SIGKILL, a real worker process) and run again by another
worker: exactly the alerts an undisturbed run gives, no duplicates, and nothing visible in between."""

import csv
import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from alerts.choices import UploadStatus
from alerts.ingest import rawtable
from alerts.ingest.services import feed_upload_create
from alerts.models import Alert, FeedType, FeedUpload, UnregisteredEntry, UnregisteredPerson
from alerts.services.due import staging_sweep
from alerts.tasks import feed_upload_task
from households import idnumber
from tests.alerts.conftest import install_feed_presets
from tests.conftest import worker_env
from tests.factories import HouseholdFactory, MemberFactory, UserFactory
from tests.integration.test_celery_worker import BASE_DIR, _test_database_url

pytestmark = pytest.mark.integration
ROWS = 400_000
STRANGERS = 10


def _start_worker(log: Path, media: Path) -> subprocess.Popen:
    env = worker_env(DATABASE_URL=_test_database_url(), REDIS_URL=settings.REDIS_URL, MEDIA_ROOT=str(media))
    with log.open("a") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-c", "1", "--without-gossip",
             "--without-mingle", "--loglevel", "INFO"],
            cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait(upload_id: int, done, timeout: float = 120) -> FeedUpload:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = FeedUpload.objects.get(pk=upload_id)
        if done(record):
            return record
        time.sleep(0.01)
    raise AssertionError(f"upload {upload_id} did not get there: {record.status} {record.progress}%")


def _big_file(registered: list[str]) -> bytes:
    """ROWS rows, GBK: the registered persons spend above the threshold, STRANGERS persons the registry does not
    hold are uninsured, everyone else is quiet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["姓名", "身份证号", "参保状态", "当年累计医疗支出"])
    step = ROWS // len(registered)
    for i in range(ROWS):
        if i % step == 0 and i // step < len(registered):
            writer.writerow(["登记人", registered[i // step], "已参保", "25000"])
        else:
            number = idnumber.make("130630", dt.date(1960, 1, 1) + dt.timedelta(days=i // 1000), i % 1000)
            insured = "未参保" if i % step == 1 and i // step < STRANGERS else "已参保"
            writer.writerow(["某人", number, insured, "10"])
    return out.getvalue().encode("gbk")


def test_a_killed_ingestion_leaves_nothing_and_the_rerun_gives_exactly_the_alerts(
    audit_log_flushable, county, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    install_feed_presets()
    clerk = UserFactory(
        username="clerk_h", role="department_clerk", region_path=county.county.path, department="health"
    )
    registered = []
    for n in range(40):
        household = HouseholdFactory(village=county.village_a)
        registered.append(MemberFactory(household=household, name=f"登记人{n}").id_number)
    feed = FeedType.objects.get(code="health-uninsured-cost")
    log = tmp_path / "worker.log"

    first = _start_worker(log, settings.MEDIA_ROOT)
    try:
        record = feed_upload_create(
            actor=clerk, feed_type=feed, upload=SimpleUploadedFile("big.csv", _big_file(registered))
        )
        _wait(record.pk, lambda r: r.status == UploadStatus.RUNNING and r.rows_read > 0)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        _stop(first)

    killed = FeedUpload.objects.get(pk=record.pk)
    assert killed.status == UploadStatus.RUNNING and killed.progress < 100
    assert not Alert.objects.exists()
    assert _staging_tables(), "the killed run's staging table is left behind until the sweep"

    second = _start_worker(log, settings.MEDIA_ROOT)
    try:
        feed_upload_task.delay(record.pk)
        done = _wait(record.pk, lambda r: r.finished, timeout=300)
        feed_upload_task.delay(record.pk).get(timeout=60)  # a redelivery after the end changes nothing
    finally:
        _stop(second)

    assert done.status == UploadStatus.DONE, done.message + log.read_text()[-3000:]
    assert (done.rows_read, done.rows_error, done.alerts_raised) == (ROWS, 0, 40)
    assert sorted(Alert.objects.values_list("id_number", flat=True)) == sorted(registered)
    assert set(Alert.objects.values_list("rule__code", flat=True)) == {"spending"}
    assert FeedUpload.objects.get(pk=record.pk).alerts_raised == 40
    # The persons the registry does not hold: each once, however many runs began.
    assert UnregisteredPerson.objects.count() == STRANGERS
    assert set(UnregisteredEntry.objects.values_list("appearances", flat=True)) == {1}
    assert UnregisteredEntry.objects.count() == STRANGERS
    # The "what is due" task drops the staging table the killed run left; the finished run dropped its own.
    for _ in range(100):
        if staging_sweep() or not _staging_tables():
            break
        time.sleep(0.05)  # the server may take a moment to see the killed worker's connection gone
    assert _staging_tables() == []


def _staging_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relkind = 'r'",
            [rawtable.SCHEMA],
        )
        return [row[0] for row in cursor.fetchall()]
