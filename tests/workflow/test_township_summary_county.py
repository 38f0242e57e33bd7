"""The 乡镇审核汇总名单 of more than one township (a county user's, no township chosen): printed and as XLSX it says
which township each row is from, names the township when only one is listed, and is not stamped 乡镇（盖章）."""

import io
from urllib.parse import unquote

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.workflow.township_helpers import at_township, other_township

pytestmark = pytest.mark.django_db
URL = "/workflow/township-audit/summary/"
TITLE = "防止返贫动态监测乡镇审核汇总名单"


def xlsx_rows(client, **extra):
    today = timezone.localdate()
    data = {"ledger": "township_audit", "date_from": today.replace(day=1).isoformat(), "date_to": today.isoformat()}
    response = client.post("/reports/export/", {**data, **extra})
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))


def test_a_county_list_of_two_townships_has_a_township_column_and_a_filling_units_stamp(
    personas, login, county, household_a
):
    at_township(personas, household_a, personas.cadre_a)
    other = other_township(county)
    at_township(personas, other.household, other.cadre, township=other.officer)
    client = login(personas.county_officer)

    page = client.get(URL).content.decode()
    assert f"<h1>永修县{TITLE}</h1>" in page
    assert "<th>序号</th><th>乡镇</th><th>村</th>" in page
    assert "<td>涂埠镇</td><td>城南村</td>" in page and "<td>虬津镇</td><td>张公渡村</td>" in page
    assert "填报单位（盖章）" in page and "<br>乡镇（盖章）" not in page

    rows = xlsx_rows(client)
    assert rows[0][0] == f"永修县{TITLE}"
    assert rows[2][0].startswith("填报单位（盖章）")
    assert rows[3][:4] == ("序号", "乡镇", "村", "户主")
    assert {(row[1], row[2], row[3]) for row in rows[4:] if row[0] != "合计"} == {
        ("涂埠镇", "城南村", "张大山"),
        ("虬津镇", "张公渡村", "周七"),
    }


def test_a_county_list_is_the_countys_even_when_its_rows_are_of_one_township(personas, login, county, household_a):
    """区域 全部 by the county: the title and stamp read 涂埠镇's because the rows happened to be all its, while the
    filter line said 永修县（管辖范围内全部）."""
    at_township(personas, household_a, personas.cadre_a)
    client = login(personas.county_officer)

    page = client.get(URL).content.decode()
    assert f"<h1>永修县{TITLE}</h1>" in page
    assert "<th>乡镇</th>" in page  # the county's list: which township stays said on each row
    assert "填报单位（盖章）" in page and "涂埠镇人民政府" not in page

    rows = xlsx_rows(client)
    assert rows[0][0] == f"永修县{TITLE}"
    assert rows[2][0].startswith("填报单位（盖章）")
    assert rows[3][:3] == ("序号", "乡镇", "村")
    assert rows[4][1:4] == ("涂埠镇", "城南村", "张大山")


def test_a_county_list_of_a_chosen_township_names_it_in_the_title_and_on_the_stamp(
    personas, login, county, household_a
):
    at_township(personas, household_a, personas.cadre_a)
    client = login(personas.county_officer)

    rows = xlsx_rows(client, region=county.township.code)

    assert rows[0][0] == f"永修县涂埠镇{TITLE}"
    assert rows[2][0].startswith("涂埠镇人民政府（盖章）")
    assert rows[3][:3] == ("序号", "村", "户主")


def test_a_townships_own_list_has_no_township_column_and_its_governments_stamp(personas, login, household_a):
    at_township(personas, household_a, personas.cadre_a)
    client = login(personas.township)

    page = client.get(URL).content.decode()
    assert "<th>乡镇</th>" not in page and f"<h1>永修县涂埠镇{TITLE}</h1>" in page

    rows = xlsx_rows(client)
    assert rows[0][0] == f"永修县涂埠镇{TITLE}"
    assert rows[2][0].startswith("涂埠镇人民政府（盖章）")
    assert rows[3][:3] == ("序号", "村", "户主")


def xlsx_filename(client) -> str:
    today = timezone.localdate()
    data = {"ledger": "township_audit", "date_from": today.replace(day=1).isoformat(), "date_to": today.isoformat()}
    disposition = client.post("/reports/export/", data)["Content-Disposition"]
    return unquote(disposition.split("filename*=utf-8''")[-1]) if "filename*=" in disposition else disposition


def test_a_list_of_several_townships_is_signed_by_the_filling_units_head(personas, login, county, household_a):
    """乡镇负责人 under a 填报单位 stamp read as if one township signed the county's list."""
    at_township(personas, household_a, personas.cadre_a)
    other = other_township(county)
    at_township(personas, other.household, other.cadre, township=other.officer)

    several = login(personas.county_officer).get(URL).content.decode()
    own = login(personas.township).get(URL).content.decode()

    assert "负责人（签字）" in several and "乡镇负责人" not in several
    assert "乡镇负责人（签字）" in own


def test_the_countys_list_of_one_townships_rows_is_filed_under_the_countys_name(personas, login, household_a):
    """The file was named 永修县涂埠镇乡镇审核汇总名单_… for the county's 区域 全部 because its rows were 涂埠镇's."""
    at_township(personas, household_a, personas.cadre_a)

    name = xlsx_filename(login(personas.county_officer))

    assert "永修县乡镇审核汇总名单_" in name and "涂埠镇" not in name


def test_a_background_exports_file_is_named_as_its_title_too(personas, household_a):
    from reports.models import LedgerExport
    from reports.services.exports import ledger_export_filename

    at_township(personas, household_a, personas.cadre_a)
    export = LedgerExport.objects.create(
        user=personas.county_officer,
        ledger="township_audit",
        ledger_name="乡镇审核汇总名单",
        filters={},
        expires_at=timezone.now(),
    )

    name = ledger_export_filename(actor=personas.county_officer, export=export)

    assert name.startswith("永修县乡镇审核汇总名单_")
