"""Large ledgers: generated in the background with progress, downloadable by their owner only, until they expire."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from reports.models import ExportStatus, LedgerExport
from reports.services.exports import ledger_exports_expire
from tests.factories import UserFactory
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(settings, tmp_path):
    settings.REPORTS_SYNC_ROW_LIMIT = 2
    settings.MEDIA_ROOT = str(tmp_path)


def queue(client, capture, code="monitored_households", **filters):
    with capture(execute=True):
        return client.post("/reports/export/", {"ledger": code, **filters})


def test_a_large_ledger_is_generated_in_the_background_and_offered_for_download(
    personas, registry, login, small_limit, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)

    response = queue(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    export = LedgerExport.objects.get(user=personas.county_officer)
    assert export.status == ExportStatus.DONE and export.rows_total == 4 and export.progress == 100
    page = client.get(response["Location"]).content.decode()
    assert "正在后台生成" in page and f"/reports/exports/{export.pk}/download/" in page
    rows = read_xlsx(download(client.get(f"/reports/exports/{export.pk}/download/")))
    assert len(ledger_table(rows)[1]) == 4
    progress = client.get(f"/reports/exports/{export.pk}/progress/").content.decode()
    assert "下载（4 行）" in progress


def test_an_export_is_served_only_to_the_user_who_made_it(
    personas, registry, login, small_limit, django_capture_on_commit_callbacks, county
):
    queue(login(personas.county_officer), django_capture_on_commit_callbacks)
    export = LedgerExport.objects.get()
    colleague = UserFactory(username="official2", role=personas.official.role, region_path=county.county.path)

    assert login(personas.official).get(f"/reports/exports/{export.pk}/download/").status_code == 404
    assert login(colleague).get(f"/reports/exports/{export.pk}/progress/").status_code == 404


def test_an_expired_link_is_refused_and_the_cleanup_deletes_the_file(
    personas, registry, login, small_limit, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    queue(client, django_capture_on_commit_callbacks)
    export = LedgerExport.objects.get()
    path = export.file.path
    LedgerExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    response = client.get(f"/reports/exports/{export.pk}/download/")
    expired = ledger_exports_expire()

    assert response.status_code == 410 and "下载链接已过期" in response.content.decode()
    assert expired == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED
    assert not os.path.exists(path)


def test_a_redelivered_task_does_not_write_the_file_twice(
    personas, registry, login, small_limit, django_capture_on_commit_callbacks
):
    from reports.services.exports import ledger_export_run

    queue(login(personas.county_officer), django_capture_on_commit_callbacks)
    export = LedgerExport.objects.get()

    again = ledger_export_run(export_id=export.pk)

    assert again.file.name == export.file.name and again.status == ExportStatus.DONE


def test_an_export_whose_region_left_the_users_scope_fails_with_a_chinese_reason(
    personas, registry, login, small_limit, django_capture_on_commit_callbacks, county
):
    from reports.filters import MSG_FILTERS_GONE

    queue(login(personas.township), django_capture_on_commit_callbacks)
    export = LedgerExport.objects.get()
    LedgerExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.PENDING, filters={"region": county.village_c.code, "date_from": "", "date_to": ""}
    )

    from reports.services.exports import ledger_export_run

    failed = ledger_export_run(export_id=export.pk)

    assert failed.status == ExportStatus.FAILED and failed.message == MSG_FILTERS_GONE
