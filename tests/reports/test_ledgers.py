"""The ledgers as a user downloads them: columns, rows, scope, masking, formula neutralisation, LibreOffice."""

import io

import pytest
from openpyxl import load_workbook

from reports.ledgers import ledger_list
from reports.ledgers.households import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db


def export(client, code, **filters):
    return client.post("/reports/export/", {"ledger": code, **filters})


def data_rows(rows):
    return ledger_table(rows)[1]


def test_the_monitored_household_ledger_has_a_title_chinese_headers_and_one_row_per_monitored_household(
    personas, registry, login
):
    rows = read_xlsx(download(export(login(personas.county_officer), "monitored_households")))

    assert rows[0][0] == "永修县监测对象台账"
    # The county officer's whole scope, by name: a file passed on says what it covers.
    assert "区域：永修县（管辖范围内全部）" in rows[1][0] and "生成人：" in rows[1][0]
    assert ledger_table(rows)[0] == [column.header for column in HOUSEHOLD_COLUMNS]
    assert len(HOUSEHOLD_COLUMNS) >= 28
    numbers = [row[3] for row in data_rows(rows)]
    assert numbers == ["360425100201001", "360425100201002", "360425100202001", "360425101201001"]
    first = data_rows(rows)[0]
    assert first[:2] == ["涂埠镇", "城南村"]
    assert first[9] == "边缘易致贫户" and first[11] == "大病重病重残医疗支出大"
    assert first[5] == registry.a1.members.get(relation="head").id_number


def test_a_township_officers_ledger_holds_only_their_township(personas, registry, login):
    rows = read_xlsx(download(export(login(personas.township), "monitored_households")))

    assert {row[0] for row in data_rows(rows)} == {"涂埠镇"}
    assert len(data_rows(rows)) == 3


def test_region_and_date_filters_narrow_the_ledger(personas, registry, county, login):
    client = login(personas.county_officer)

    village = read_xlsx(download(export(client, "monitored_households", region=county.village_a.code)))
    dated = read_xlsx(download(export(client, "monitored_households", date_from="2026-01-01", date_to="2026-04-30")))

    assert [row[3] for row in data_rows(village)] == ["360425100201001", "360425100201002"]
    assert "区域：城南村" in village[1][0]
    assert [row[3] for row in data_rows(dated)] == ["360425100201001", "360425101201001"]
    assert "纳入监测日期：2026年1月1日 至 2026年4月30日" in dated[1][0]
    # A township officer's file with no region chosen names the township, not "全部".
    township = read_xlsx(download(export(login(personas.township), "monitored_households")))
    assert "区域：涂埠镇（管辖范围内全部）" in township[1][0]


def test_a_region_outside_the_users_scope_is_refused_with_a_chinese_error(personas, registry, county, login):
    response = export(login(personas.township), "monitored_households", region=county.village_c.code)

    assert response.status_code == 400
    assert "不在可选范围内，请重新选择" in response.content.decode()


def test_an_end_date_before_the_start_is_shown_at_the_field(personas, registry, login):
    response = export(login(personas.county_officer), "members", date_from="2026-05-01", date_to="2026-01-01")

    assert response.status_code == 400
    assert "结束日期不能早于开始日期。" in response.content.decode()


def test_read_only_roles_see_id_numbers_and_phones_masked(personas, registry, login):
    official = data_rows(read_xlsx(download(export(login(personas.official), "monitored_households"))))[0]
    officer = data_rows(read_xlsx(download(export(login(personas.county_officer), "monitored_households"))))[0]
    id_number = registry.a1.members.get(relation="head").id_number

    assert officer[5] == id_number and officer[6] == "13812345678"
    assert official[5] == id_number[:4] + "*" * 10 + id_number[-4:]
    assert official[6] == "138****5678"


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_inert_text(personas, registry, login):
    rows = data_rows(read_xlsx(download(export(login(personas.county_officer), "monitored_households"))))

    assert rows[1][4] == "'=1+1"


def test_the_member_ledger_lists_living_members_of_monitored_households(personas, registry, login):
    rows = read_xlsx(download(export(login(personas.county_officer), "members")))

    assert ledger_table(rows)[0] == [column.header for column in MEMBER_COLUMNS]
    names = [row[5] for row in data_rows(rows)]
    assert sorted(names) == sorted(["张三", "张小三", "'=1+1", "赵六", "钱七"])
    assert "王五" not in names
    son = next(row for row in data_rows(rows) if row[5] == "张小三")
    assert son[7] == "之子" and son[9] is not None


def test_a_townships_ledger_is_titled_with_its_township(personas, registry, login):
    response = export(login(personas.township), "monitored_households")
    rows = read_xlsx(download(response))

    assert rows[0][0] == "永修县涂埠镇监测对象台账"  # a file passed on must not read as the county's
    assert "区域：涂埠镇（管辖范围内全部）" in rows[1][0]


def test_the_ledger_opens_in_libreoffice_and_its_values_round_trip(personas, registry, login):
    data = download(export(login(personas.official), "monitored_households"))

    rows = libreoffice_csv(data)

    assert rows[0][0] == "永修县监测对象台账"
    header, body = ledger_table(rows)
    assert header[:6] == ["乡镇", "村", "村民小组", "户编号", "户主姓名", "户主身份证号"]
    assert [row[3] for row in body] == ["360425100201001", "360425100201002", "360425100202001", "360425101201001"]
    assert body[1][4] == "'=1+1"
    assert body[0][5].startswith("3604") and "**********" in body[0][5]
    assert body[0][10] == "2026年3月1日"  # the seed forms' date style, still a date in the cell


def test_roles_without_reports_capability_are_refused(personas, registry, login):
    # A village cadre downloads only its village's ledgers (test_visit_ledgers.py), never a county one.
    assert login(personas.cadre_a).post("/reports/export/", {"ledger": "open_cases"}).status_code == 404
    assert login(personas.clerk).post("/reports/export/", {"ledger": "members"}).status_code == 403


def test_the_landing_page_lists_every_ledger_with_its_filters(personas, registry, login):
    page = login(personas.official).get("/reports/").content.decode()

    for ledger in ledger_list(actor=personas.official):
        assert ledger.name in page
    assert "城南村" in page and "张公渡村" in page


def test_a_ledgers_date_column_is_wide_enough_to_show_a_two_digit_month_and_day(personas, registry, login):
    # 2024年12月23日 in a 12-wide column printed as ### in LibreOffice and Excel (on screen and on paper).
    data = download(export(login(personas.county_officer), "monitored_households"))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    header_row = next(row for row in sheet.iter_rows() if row[0].value == "序号")
    dated = [cell for cell in header_row if cell.value == "纳入监测日期"]
    assert dated
    for cell in dated:
        assert sheet.column_dimensions[cell.column_letter].width >= 15, cell.value
