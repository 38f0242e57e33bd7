"""An upload's error workbook carries the rows as the department sent them (full ID numbers, diagnoses): only the
uploading department's clerks, who fix the file, and the county bureau may download it; read-only county roles
(official, approver) see the upload's counts but not the workbook."""

import pytest
from django.utils import timezone

from accounts.choices import Department, Role
from alerts.access import MSG_ERRORS_NOT_YOURS
from tests.alerts.conftest import bad_check, csv_file, header_of, ingest, pid
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


def link(upload) -> str:
    return f'href="/alerts/uploads/{upload.pk}/errors/"'


@pytest.fixture
def uploaded(clerks, people):
    import datetime as dt

    rows = [
        ["张大山", people["zhang"].id_number, "未参保", "10"],
        ["错号", bad_check(pid(dt.date(1981, 1, 1), 73)), "未参保", "10"],
    ]
    record = ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    assert record.error_file
    return record


def test_the_uploading_departments_clerks_and_the_county_officer_download_the_error_workbook(
    uploaded, clerks, personas, county, login
):
    colleague = UserFactory(
        username="clerk_health_2", role=Role.DEPARTMENT_CLERK, region_path=county.county.path,
        department=Department.HEALTH,
    )  # fmt: skip
    for user in (clerks["health"], colleague, personas.county_officer):
        client = login(user)
        assert client.get(f"/alerts/uploads/{uploaded.pk}/errors/").status_code == 200, user.username
        assert link(uploaded) in client.get(f"/alerts/uploads/{uploaded.pk}/").content.decode()
        assert client.get(f"/api/v1/feed-uploads/{uploaded.pk}/").json()["has_error_file"] is True


@pytest.mark.parametrize("role", ["official", "approver"])
def test_read_only_county_roles_cannot_download_the_error_workbook(uploaded, personas, login, role):
    client = login(getattr(personas, role))

    response = client.get(f"/alerts/uploads/{uploaded.pk}/errors/")

    assert response.status_code == 403 and MSG_ERRORS_NOT_YOURS in response.content.decode()
    detail = client.get(f"/alerts/uploads/{uploaded.pk}/")
    assert detail.status_code == 200 and link(uploaded) not in detail.content.decode()
    assert link(uploaded) not in client.get(f"/alerts/uploads/{uploaded.pk}/progress/").content.decode()
    assert link(uploaded) not in client.get("/alerts/uploads/").content.decode()
    assert client.get(f"/api/v1/feed-uploads/{uploaded.pk}/").json()["has_error_file"] is False


def test_another_departments_clerk_still_finds_no_such_upload(uploaded, clerks, login):
    assert login(clerks["education"]).get(f"/alerts/uploads/{uploaded.pk}/errors/").status_code == 404


def test_each_download_of_the_error_workbook_is_recorded_in_the_audit_log(uploaded, clerks, personas, login):
    from accounts.models import AuditEvent

    assert login(clerks["health"]).get(f"/alerts/uploads/{uploaded.pk}/errors/").status_code == 200
    api = login(personas.county_officer).get(f"/api/v1/feed-uploads/{uploaded.pk}/errors/")

    assert api.status_code == 200
    events = AuditEvent.objects.filter(action="alerts.upload_errors_download").order_by("pk")
    assert [event.actor for event in events] == [clerks["health"], personas.county_officer]
    assert all(event.object_id == str(uploaded.pk) and "错误清单" in event.summary for event in events)
