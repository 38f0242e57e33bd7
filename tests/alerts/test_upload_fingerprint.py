"""Review rev-ux 6: the clerk's upload page names the file by a short 文件指纹 (its first 8 characters, the full
SHA-256 value in the title), not by "文件校验值（SHA-256）" and 64 hexadecimal characters across the phone."""

import pytest
from django.utils import timezone

from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


def test_the_upload_page_shows_a_short_fingerprint_with_the_full_value_in_its_title(clerks, people, login):
    rows = [["张大山", people["zhang"].id_number, "未参保", "10"]]
    record = ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())

    page = login(clerks["health"]).get(f"/alerts/uploads/{record.pk}/").content.decode()

    assert "文件指纹" in page and "SHA-256）" not in page
    assert f'title="SHA-256 校验值：{record.checksum}">{record.checksum[:8]} ' in page
    assert page.count(record.checksum) == 1  # only in the title
