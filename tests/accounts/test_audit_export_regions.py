"""The audit export's 区划 column names the place (涂埠镇城南村), as a reviewer reads it, not its path."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.audit import audit_record

pytestmark = pytest.mark.django_db


def test_the_audit_export_names_the_region_of_each_event(personas, county, login):
    audit_record(
        actor=personas.cadre_a, action="household.update", summary="修改农户 H1", region_path=county.village_a.path
    )
    audit_record(
        actor=personas.township, action="household.update", summary="修改农户 H2", region_path=county.township.path
    )
    audit_record(
        actor=personas.county_officer, action="household.update", summary="修改农户 H3", region_path=county.county.path
    )

    response = login(personas.audit_admin).get("/accounts/audit/", {"category": "registry", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active.values)
    column = rows[2].index("区划")
    places = {row[6]: row[column] for row in rows[3:]}

    assert places == {"修改农户 H1": "涂埠镇城南村", "修改农户 H2": "涂埠镇", "修改农户 H3": "永修县"}


def test_the_audit_export_writes_each_events_time_as_a_local_date_time_cell(personas, county, login):
    # Text such as "2026-12-05 05:27:13" could not be sorted or filtered as a date; the ledgers write real dates.
    event = audit_record(actor=personas.cadre_a, action="household.update", summary="修改农户 H1")

    response = login(personas.audit_admin).get("/accounts/audit/", {"category": "registry", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = next(row[0] for row in sheet.iter_rows(min_row=4) if row[6].value == "修改农户 H1")

    assert cell.is_date and cell.number_format == "yyyy-mm-dd hh:mm:ss"
    assert cell.value == timezone.localtime(event.created_at).replace(tzinfo=None, microsecond=0)
