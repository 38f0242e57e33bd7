"""An upload's rows of persons the registry does not hold, with the county's finding on each, through the API
(GET /api/v1/feed-uploads/{id}/unregistered/): row for row what the upload's page shows the same user, scoped as
the upload itself."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from alerts.choices import UnregisteredOutcome
from alerts.models import UnregisteredEntry
from alerts.services.unregistered import unregistered_check
from households.choices import LivingStatus
from households.privacy import mask
from tests.alerts.conftest import csv_file, header_of, ingest, pid
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"
UNKNOWN = pid(dt.date(1985, 4, 4), 31)
OTHER = pid(dt.date(1990, 9, 9), 32)
WRONG_NOTE = "身份证号查无此人，疑为录入错误"
COUNTY_NOTE = "户籍在南昌市东湖区"
URL = "/api/v1/feed-uploads/{}/unregistered/"


@pytest.fixture
def uploaded(clerks, people):
    rows = [
        ["张大山", people["zhang"].id_number, "未参保", "10"],
        ["王未登", UNKNOWN, "未参保", "0"],
        ["李未登", OTHER, "未参保", "0"],
    ]
    return ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())


def check(personas, number: str, outcome: str, note: str) -> None:
    entry = UnregisteredEntry.objects.get(id_number=number)
    unregistered_check(actor=personas.county_officer, entry=entry, outcome=outcome, note=note,
                       checked_on=timezone.localdate())  # fmt: skip


def api_rows(client, upload, **params) -> dict:
    response = client.get(URL.format(upload.pk), params)
    assert response.status_code == 200, response.content.decode()
    return response.json()


def page_rows(client, upload) -> list[str]:
    """The text of each row of the upload page's list of persons the registry does not hold."""
    html = client.get(f"/alerts/uploads/{upload.pk}/").content.decode()
    items = re.findall(r"<li[^>]*data-unregistered-row>(.*?)</li>", html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def as_on_the_page(row: dict) -> str:
    """An API row written as the page writes it."""
    text = f"第 {row['line']} 行 {row['person_name'] or '（无姓名）'} {row['id_number']} {row['finding_label']}"
    if row["finding_note"]:
        text += f" 核查说明：{row['finding_note']}"
    return text + (f" {row['registry_record']}" if row["registry_record"] else "")


def test_the_clerk_reads_the_unregistered_rows_of_their_upload_and_the_countys_finding(
    personas, uploaded, clerks, login
):
    client = login(clerks["health"])
    unchecked = api_rows(client, uploaded)
    assert unchecked["count"] == 2 and uploaded.rows_unmatched == 2
    assert unchecked["results"][0] == {
        "line": 3, "person_name": "王未登", "id_number": UNKNOWN, "finding": "", "finding_display": "",
        "finding_label": "待县里核查",
        "finding_note": "", "registry_record": "",
    }  # fmt: skip

    check(personas, UNKNOWN, UnregisteredOutcome.WRONG_DATA, WRONG_NOTE)
    check(personas, OTHER, UnregisteredOutcome.NOT_RURAL, COUNTY_NOTE)
    body = client.get(URL.format(uploaded.pk)).content.decode()
    rows = api_rows(client, uploaded)["results"]

    persons = [(r["line"], r["person_name"], r["id_number"]) for r in rows]
    assert persons == [(3, "王未登", UNKNOWN), (4, "李未登", OTHER)]
    assert [(r["finding"], r["finding_label"], r["finding_note"]) for r in rows] == [
        ("wrong_data", "部门数据有误", WRONG_NOTE),
        ("not_rural", "非本县农村人口", ""),  # the county's own note is not the department's
    ]
    assert "南昌市" not in body and "张大山" not in body
    assert page_rows(client, uploaded) == [as_on_the_page(r) for r in rows]


def test_another_departments_clerk_gets_a_404_in_chinese(uploaded, clerks, login):
    client = login(clerks["civil_affairs"])

    response = client.get(URL.format(uploaded.pk))

    assert response.status_code == 404
    assert response.json() == {"detail": "未找到该记录，或您无权查看。"}
    assert client.get(f"/alerts/uploads/{uploaded.pk}/").status_code == 404  # as the page


def test_a_village_cadre_who_sees_no_uploads_is_refused(personas, uploaded, login):
    response = login(personas.cadre_a).get(URL.format(uploaded.pk))

    assert response.status_code == 403 and "王未登" not in response.content.decode()


def test_a_read_only_county_role_sees_the_numbers_masked_as_on_its_page(personas, uploaded, login):
    check(personas, UNKNOWN, UnregisteredOutcome.WRONG_DATA, WRONG_NOTE)
    client = login(personas.official)

    rows = api_rows(client, uploaded)["results"]

    assert [r["id_number"] for r in rows] == [mask(UNKNOWN), mask(OTHER)] and UNKNOWN not in str(rows)
    assert page_rows(client, uploaded) == [as_on_the_page(r) for r in rows]


def test_the_county_reads_the_registry_record_of_a_deceased_person_and_the_clerk_does_not(
    personas, clerks, county, people, login
):
    household = HouseholdFactory(village=county.village_a)
    dead = MemberFactory(household=household, name="苏帆水", living_status=LivingStatus.DECEASED,
                         status_changed_on=dt.date(2026, 10, 28))  # fmt: skip
    file = csv_file([["苏帆水", dead.id_number, "未参保", "0"]], header=header_of(CODE))
    record = ingest(clerks["health"], CODE, file, today=timezone.localdate())
    county_client, clerk_client = login(personas.county_officer), login(clerks["health"])

    county_rows = api_rows(county_client, record)["results"]
    clerk_rows = api_rows(clerk_client, record)["results"]

    assert county_rows[0]["registry_record"].startswith("档案中已登记为已故（2026-10-28，")
    assert clerk_rows[0]["registry_record"] == "" and clerk_rows[0]["id_number"] == dead.id_number
    assert page_rows(county_client, record) == [as_on_the_page(r) for r in county_rows]
    assert page_rows(clerk_client, record) == [as_on_the_page(r) for r in clerk_rows]


def test_the_rows_come_in_pages_in_file_order(uploaded, clerks, login):
    client = login(clerks["health"])

    first = api_rows(client, uploaded, page_size=1)
    second = api_rows(client, uploaded, page_size=1, page=2)
    misspelt = client.get(URL.format(uploaded.pk), {"pagesize": 1})

    assert (first["count"], [r["line"] for r in first["results"]], first["next"] is not None) == (2, [3], True)
    assert [r["line"] for r in second["results"]] == [4] and second["next"] is None
    assert misspelt.status_code == 400 and "pagesize" in misspelt.json()


def test_the_schema_documents_the_rows_in_chinese(personas, login):
    schema = login(personas.county_officer).get("/api/v1/schema/").content.decode()

    assert "/api/v1/feed-uploads/{id}/unregistered/" in schema
    assert "PaginatedUnregisteredRowList" in schema and "在上传文件中的行号" in schema and "核查说明" in schema
