"""The audit log names the places its events are about (review: 行政区划 6 and 网格 378 told the auditor nothing):
a region by its name with its 12-digit code beside it, a grid and a village's QR code by their village, the same on
the page, in the API's object_display and in the export's 对象 column."""

import io

import pytest
from openpyxl import load_workbook

from accounts.audit import audit_record
from households.models import Grid
from workflow.models.applications import ApplicationLink

pytestmark = pytest.mark.django_db

AUDIT = "/accounts/audit/"


@pytest.fixture
def place_events(personas, county):
    audit_record(
        actor=personas.county_officer,
        action="households.region_phone",
        summary="涂埠镇监督电话：未设置 → 0792-1234567",
        target=county.township,
        before={"supervision_phone": ""},
        after={"supervision_phone": "0792-1234567"},
    )
    grid = Grid.objects.create(village=county.village_a, name="第二网格", region_path=county.village_a.path)
    audit_record(actor=personas.system_admin, action="grid.create", summary="新建网格 城南村第二网格", target=grid)
    link = ApplicationLink.objects.create(
        village=county.village_b, region_path=county.village_b.path, token="t" * 32, created_by=personas.township
    )
    said = "城北村：生成自主申报二维码"
    audit_record(actor=personas.township, action="workflow.application_link_create", summary=said, target=link)
    return {"township": county.township, "grid": grid, "link": link}


NAMES = {
    "households.region_phone": "行政区划 涂埠镇（360425100000）",
    "grid.create": "网格 涂埠镇城南村 第二网格",
    "workflow.application_link_create": "自主申报二维码 涂埠镇城北村",
}


def test_the_page_names_a_region_with_its_code_and_a_grid_and_qr_code_by_their_village(personas, login, place_events):
    page = login(personas.audit_admin).get(AUDIT).content.decode()

    for shown in NAMES.values():
        assert shown in page
    assert f"行政区划 {place_events['township'].pk}<" not in page and f"网格 {place_events['grid'].pk}<" not in page
    assert "t" * 32 not in page  # the QR code's token is its public address, never shown


def test_the_api_names_them_as_the_page_does(personas, login, place_events):
    rows = login(personas.audit_admin).get("/api/v1/audit-events/").json()["results"]

    shown = {row["action"]: row["object_display"] for row in rows if row["action"] in NAMES}
    assert shown == NAMES


def test_the_export_names_them_in_its_object_column_beside_the_recorded_id(personas, login, place_events):
    response = login(personas.audit_admin).get(AUDIT, {"export": "xlsx"})

    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active.values)
    header = rows[2]
    by_action = {row[header.index("说明")]: dict(zip(header, row, strict=True)) for row in rows[3:]}
    region = by_action["涂埠镇监督电话：未设置 → 0792-1234567"]
    assert region["对象类型"] == "行政区划" and region["对象"] == "涂埠镇（360425100000）"
    assert region["对象编号"] == str(place_events["township"].pk)
    assert by_action["新建网格 城南村第二网格"]["对象"] == "涂埠镇城南村 第二网格"
    assert by_action["城北村：生成自主申报二维码"]["对象"] == "涂埠镇城北村"


def test_the_export_names_accounts_and_households_as_the_page_does(personas, login, county):
    from tests.factories import HouseholdFactory

    household = HouseholdFactory(village=county.village_a)
    audit_record(actor=personas.cadre_a, action="household.update", summary="修改农户", target=household)
    audit_record(actor=personas.system_admin, action="user.update", summary="修改用户", target=personas.clerk)

    response = login(personas.audit_admin).get(AUDIT, {"export": "xlsx"})

    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active.values)
    header = rows[2]
    by_summary = {row[header.index("说明")]: dict(zip(header, row, strict=True)) for row in rows[3:]}
    assert by_summary["修改农户"]["对象"] == household.number
    name = personas.clerk.get_full_name()
    assert by_summary["修改用户"]["对象"] == (f"clerk（{name}）" if name else "clerk")


def test_the_export_header_names_the_region_filtered_with_its_code(personas, login, place_events, county):
    response = login(personas.audit_admin).get(AUDIT, {"region": county.township.code, "export": "xlsx"})

    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active.values)
    assert "区划：涂埠镇（360425100000）" in rows[1][0]
