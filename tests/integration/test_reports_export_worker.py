"""A large ledger is written by a real Celery worker (via Redis), with progress, and downloaded by its user."""

import time

import pytest

from reports.models import ExportStatus, LedgerExport
from tests.integration.test_celery_worker import worker
from tests.reports import conftest as shared
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

registry = shared.registry
_ = worker  # the real worker fixture of tests/integration


def test_a_real_worker_generates_a_large_ledger_for_download(worker, personas, registry, login, settings):
    settings.REPORTS_SYNC_ROW_LIMIT = 1
    client = login(personas.county_officer)

    response = client.post("/reports/export/", {"ledger": "monitored_households"})
    export = LedgerExport.objects.get()
    deadline = time.monotonic() + 90
    while export.status in (ExportStatus.PENDING, ExportStatus.RUNNING) and time.monotonic() < deadline:
        time.sleep(0.5)
        export.refresh_from_db()

    assert response.status_code == 302
    assert export.status == ExportStatus.DONE, export.message
    assert export.rows_written == 4 and export.progress == 100
    rows = read_xlsx(download(client.get(f"/reports/exports/{export.pk}/download/")))
    assert [row[3] for row in ledger_table(rows)[1]] == [
        "360425100201001",
        "360425100201002",
        "360425100202001",
        "360425101201001",
    ]
    export.file.delete()
