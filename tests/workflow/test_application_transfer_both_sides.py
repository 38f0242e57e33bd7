"""A 自主申报 moved to the applicant's village was in the audit log under the receiving village only: read for the
village or township it left (the log's 区划 filter, page and API), the move was not there unless searched by name.
It now writes a row under each side (转交自主申报 where it went, 自主申报转出至申报人所在村 where it left), each naming
both villages, and the log filters by a township (its villages included) or a village."""

import pytest
from django.db import connection

from accounts.models import AuditEvent
from accounts.selectors import audit_event_list
from tests.workflow.test_application_transfer_county import household_c, misplaced  # noqa: F401

pytestmark = pytest.mark.django_db

MOVED = "由涂埠镇城北村转交虬津镇张公渡村"


def _transfers(actions):
    return [action for action in actions if action.startswith("workflow.application_transfer")]


def _transfer(login, personas, application):
    login(personas.county_officer).post(f"/workflow/applications/{application.pk}/transfer/")


def test_the_move_is_filed_under_the_village_it_left_and_the_one_it_went_to(
    misplaced,  # noqa: F811
    household_c,  # noqa: F811
    personas,
    login,
    county,
):
    _transfer(login, personas, misplaced)

    sent = AuditEvent.objects.get(action="workflow.application_transfer_out")
    received = AuditEvent.objects.get(action="workflow.application_transfer")
    assert (sent.region_path, received.region_path) == (county.village_b.path, county.village_c.path)
    assert sent.actor == received.actor == personas.county_officer
    assert MOVED in sent.summary and MOVED in received.summary
    assert (sent.object_type, sent.object_id) == (received.object_type, received.object_id)
    for region, action in (
        (county.village_b, "workflow.application_transfer_out"),
        (county.township, "workflow.application_transfer_out"),
        (county.village_c, "workflow.application_transfer"),
        (county.township2, "workflow.application_transfer"),
    ):
        found = audit_event_list(filters={"region": region.code, "category": "workflow"})
        assert _transfers(e.action for e in found) == [action], region.name
    assert not audit_event_list(filters={"region": county.village_a.code, "category": "workflow"}).exists()


def test_the_audit_page_reads_the_move_for_the_village_it_left(
    misplaced,  # noqa: F811
    household_c,  # noqa: F811
    personas,
    login,
    county,
):
    _transfer(login, personas, misplaced)
    auditor = login(personas.audit_admin)

    page = auditor.get("/accounts/audit/", {"region": county.village_b.code}).content.decode()

    assert "自主申报转出至申报人所在村" in page and MOVED in page
    assert f'<option value="{county.township.code}"' in page and "涂埠镇（全部村）" in page
    other = auditor.get("/accounts/audit/", {"region": county.village_a.code}).content.decode()
    assert MOVED not in other


def test_the_audit_api_filters_by_region_code(
    misplaced,  # noqa: F811
    household_c,  # noqa: F811
    personas,
    login,
    county,
):
    _transfer(login, personas, misplaced)
    auditor = login(personas.audit_admin)

    rows = auditor.get("/api/v1/audit-events/", {"region": county.township.code, "category": "workflow"}).json()

    actions = _transfers(row["action"] for row in rows.get("results", rows))
    assert actions == ["workflow.application_transfer_out"]
    refused = auditor.get("/api/v1/audit-events/", {"region": county.group_a.code})
    assert refused.status_code == 400 and "region" in refused.json()


def test_the_export_of_a_village_s_log_says_which_place_it_was_read_for(
    misplaced,  # noqa: F811
    household_c,  # noqa: F811
    personas,
    login,
    county,
):
    _transfer(login, personas, misplaced)

    response = login(personas.audit_admin).get("/accounts/audit/", {"region": county.village_b.code, "export": "xlsx"})

    b"".join(response.streaming_content)
    assert "区划：涂埠镇城北村" in AuditEvent.objects.get(action="audit.export").summary


def test_the_region_filter_reads_the_region_prefix_index(county):
    """The filter is a prefix of the path; on a county's years of audit rows it must read the prefix index (PostgreSQL
    uses a plain index for LIKE only under the C collation, hence the pattern operator class). Plain index scans are
    off, so that on a test table of a few rows a full scan of the created_at index cannot tie with it."""
    events = audit_event_list(filters={"region": county.village_b.code})
    sql, params = events.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "audit_region_prefix" in plan
    assert "Index Cond" in plan
