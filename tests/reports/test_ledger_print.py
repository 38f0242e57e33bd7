"""The ledgers as printed, stamped and filed: the region in title and file name, the print setup, 序号 and 合计,
the seed forms' signature line, 附件4 from the campaign's summary page and the Chinese date style."""

import datetime as dt
import io
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from accounts.models import AuditEvent
from reports.sheets import DATE_FORMAT
from tests.reports.conftest import download, ledger_table, read_xlsx, summary_blocks

pytestmark = pytest.mark.django_db

CN_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def export(client, code, **filters):
    return client.post("/reports/export/", {"ledger": code, **filters})


def sheet_of(data: bytes, index: int = 0):
    return load_workbook(io.BytesIO(data)).worksheets[index]


def pdf_pages(data: bytes) -> int:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "ledger.xlsx"
        source.write_bytes(data)
        subprocess.run(
            ["libreoffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", folder, str(source)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        pdf = (Path(folder) / "ledger.pdf").read_bytes()
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


# Finding 1: the region chosen is in the title and in the file name, whoever exports.


def test_a_ledger_filtered_to_a_township_or_village_is_titled_and_named_after_it(personas, registry, county, login):
    client = login(personas.official)

    township = export(client, "monitored_households", region=county.township.code)
    village = export(client, "monitored_households", region=county.village_a.code)
    own = export(login(personas.township), "monitored_households")

    assert read_xlsx(download(township))[0][0] == "永修县涂埠镇监测对象台账"
    assert read_xlsx(download(village))[0][0] == "永修县涂埠镇城南村监测对象台账"
    assert "永修县涂埠镇城南村监测对象台账_" in unquote(village["Content-Disposition"])
    # The county's file of 涂埠镇 is named as the township's own export is.
    assert unquote(township["Content-Disposition"]).split("''")[1].startswith("永修县涂埠镇监测对象台账_")
    assert unquote(own["Content-Disposition"]).split("''")[1].startswith("永修县涂埠镇监测对象台账_")


def test_a_background_export_is_titled_and_named_after_its_region(
    personas, registry, county, login, settings, tmp_path
):
    from reports.models import LedgerExport
    from reports.services.exports import ledger_export_run

    settings.REPORTS_SYNC_ROW_LIMIT = 0
    settings.MEDIA_ROOT = str(tmp_path)
    client = login(personas.county_officer)
    export(client, "monitored_households", region=county.village_a.code)
    job = LedgerExport.objects.get(user=personas.county_officer)
    ledger_export_run(export_id=job.pk)

    response = client.get(f"/reports/exports/{job.pk}/download/")

    assert "永修县涂埠镇城南村监测对象台账_" in unquote(response["Content-Disposition"])
    assert read_xlsx(download(response))[0][0] == "永修县涂埠镇城南村监测对象台账"


def test_the_performance_export_is_named_after_the_region_looked_at(personas, registry, county, login):
    response = login(personas.official).get(
        f"/reports/performance/export/?period=month&date=2026-05-15&region={county.township.code}"
    )

    assert "永修县涂埠镇工作成效（月分析 2026年5月）_" in unquote(response["Content-Disposition"])
    assert read_xlsx(download(response))[0][0] == "永修县涂埠镇工作成效（月分析 2026年5月）"


# Finding 2: A4 landscape, one page wide, title and header on every page, page numbers.


def assert_prints_on_a4_landscape_one_page_wide(sheet, title_rows: str, pages_wide: int = 1) -> None:
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # One page wide (or, for a ledger too wide to read so, 2 or 3), as many down as needed (a fitToWidth left out
    # is 1 in the XLSX schema).
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (pages_wide, 0)
    assert sheet.print_title_rows.replace("$", "") == title_rows
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    if pages_wide == 1:
        assert not sheet.print_title_cols


# Re-check N4: the ledgers whose columns one A4 width would shrink under 55 % print 2 pages wide, the columns up to
# the person's name repeated on each page (monitored_households: 31 columns, about 33 % on one page).
WIDE = {
    "monitored_households": "A:F",  # 序号 乡镇 村 村民小组 户编号 户主姓名
    "members": "A:E",  # 序号 乡镇 村 户编号 户主姓名
    "alert_verification": "A:D",  # 序号 报送部门 数据类型 姓名（部门数据）
    "household_problems": "A:F",
    "screening_forms": "A:F",  # 序号 镇 村 组 户类型 户主姓名: 附件2's 13 items beside income and 两不愁 (31 columns)
    "screening_results": "A:E",
    "unregistered_persons": "A:C",  # 序号 身份证号 姓名（部门数据）: 16 columns since 档案中的登记 came in
    "measures": "A:E",  # 序号 乡镇 村 户编号 户主姓名 (24 columns since 户类型, 监测对象类别 and 风险类型 came in)
    "risk_elimination": "A:E",  # 序号 乡镇 村 户编号 户主姓名 (20 columns since the decision's income and publicity)
}


def test_every_list_ledger_prints_on_a4_landscape_one_page_wide_with_its_header_on_each_page(
    personas, cases, problems, departments, login
):
    from reports.ledgers import ledger_list

    client = login(personas.county_officer)
    for ledger in ledger_list(actor=personas.county_officer):
        sheet = sheet_of(download(export(client, ledger.code)))
        if ledger.layout is not None:
            assert_prints_on_a4_landscape_one_page_wide(sheet, "1:5")  # 附件4's two header rows
        elif ledger.sign_unit:
            assert_prints_on_a4_landscape_one_page_wide(sheet, "1:4", 2 if ledger.code in WIDE else 1)
            assert sheet.freeze_panes == "A5", ledger.code
        else:
            assert_prints_on_a4_landscape_one_page_wide(sheet, "1:3", 2 if ledger.code in WIDE else 1)
            assert sheet.freeze_panes == "A4", ledger.code
        if ledger.code in WIDE:
            assert sheet.print_title_cols.replace("$", "") == WIDE[ledger.code], ledger.code
            assert sheet["A1"].alignment.horizontal == "left"  # a centred title would be cut at the page edge


def test_a_narrow_ledger_stays_one_page_wide_without_repeated_columns(personas, departments, login):
    sheet = sheet_of(download(export(login(personas.county_officer), "feed_punctuality")))

    assert_prints_on_a4_landscape_one_page_wide(sheet, "1:3", 1)
    assert sheet["A1"].alignment.horizontal == "center"


def test_the_household_ledger_prints_two_readable_pages_wide_instead_of_one_unreadable_page(personas, registry, login):
    data = download(export(login(personas.county_officer), "monitored_households"))

    # 31 columns: several pages side by side without the page setup, a 33 % page on one page width; 2 wide here.
    assert pdf_pages(data) == 2


def test_the_performance_export_prints_one_page_wide_and_keeps_title_and_units_in_view(personas, registry, login):
    data = download(login(personas.official).get("/reports/performance/export/?period=year&date=2026-05-15"))
    sheet = sheet_of(data)

    assert_prints_on_a4_landscape_one_page_wide(sheet, "1:2")
    assert sheet.freeze_panes == "B3"


def test_each_table_of_the_performance_export_starts_a_page_with_its_header_readable(personas, registry, login):
    # A table's caption and header at the foot of one page and its rows on the next (no header repeated there);
    # three-line headers clipped in a two-line row; "—" left-aligned among right-aligned numbers.
    data = download(login(personas.official).get("/reports/performance/export/?period=year&date=2026-05-15"))
    sheet = sheet_of(data)
    captions = {cell.row: cell.value for cell in sheet["A"] if isinstance(cell.value, str) and cell.value[1:2] == "、"}

    assert [text[:2] for text in captions.values()] == ["一、", "二、", "三、", "四、"]
    # openpyxl numbers a break by the last row above it: the row before each caption after the first.
    assert sorted(brk.id for brk in sheet.row_breaks.brk) == [row - 1 for row in sorted(captions)[1:]]
    for row in captions:
        assert sheet.row_dimensions[row + 1].height >= 45
    dashes = [cell for line in sheet.iter_rows(min_col=2) for cell in line if cell.value == "—"]
    assert dashes and all(cell.alignment.horizontal == "center" for cell in dashes)


def test_the_problem_ledgers_carry_the_seed_forms_signature_line_above_their_header(personas, problems, login):
    client = login(personas.county_officer)
    for code in ("household_problems", "area_problems"):
        rows = read_xlsx(download(export(client, code)))

        assert rows[2][0].startswith("填报单位（盖章）：") and "填报人：" in rows[2][0]
        assert re.search(r"填报时间：\d{4}年\d{1,2}月\d{1,2}日$", rows[2][0])
        assert rows[3][0] == "序号"


# Finding 3: 序号 first, 合计 where it means something.


def test_every_list_ledger_opens_with_a_numbered_column(personas, registry, login):
    rows = read_xlsx(download(export(login(personas.county_officer), "members")))
    start = next(index for index, row in enumerate(rows) if row[0] == "序号")

    numbers = [row[0] for row in rows[start + 1 :] if row[0] not in (None, "合计")]

    assert rows[start][:2] == ["序号", "乡镇"]
    assert numbers == [1, 2, 3, 4, 5]


def total_row(rows):
    header = next(row for row in rows if row[0] == "序号")
    total = next(row for row in rows if row[0] == "合计")
    return dict(zip(header, total, strict=True))


def test_the_household_ledger_totals_households_and_persons(personas, registry, login):
    rows = read_xlsx(download(export(login(personas.county_officer), "monitored_households")))
    _, body = ledger_table(rows)

    total = total_row(rows)

    assert total["户编号"] == len(body) == 4
    assert total["家庭人口数"] == sum(row[14] for row in body) == 5
    assert rows[-1][0] == "合计"  # under the data, outside the autofilter
    sheet = sheet_of(download(export(login(personas.county_officer), "monitored_households")))
    assert sheet.auto_filter.ref.endswith(str(sheet.max_row - 1))
    assert sheet.cell(sheet.max_row, 5).number_format == '0"户"'


def test_the_measure_ledger_totals_the_amount(personas, departments, login):
    from assistance.models import PlanMeasure

    rows = read_xlsx(download(export(login(personas.county_officer), "measures")))
    header, body = ledger_table(rows)
    column = header.index("已落实金额（元）")

    total = total_row(rows)

    # What was given (已完成、实施中) is totalled apart from what is planned; 金额 itself is not added up.
    assert total["已落实金额（元）"] == pytest.approx(sum(row[column] or 0 for row in body))
    in_place = PlanMeasure.objects.filter(status__in=["done", "in_progress"])
    assert total["已落实金额（元）"] == pytest.approx(float(sum(m.amount or 0 for m in in_place)))
    assert total["金额（元）"] is None
    assert total["帮扶措施"] == len(body)


def test_the_labour_ledger_counts_workers_in_employment(personas, departments, login):
    rows = read_xlsx(download(export(login(personas.county_officer), "labour_employment")))
    header, body = ledger_table(rows)

    total = total_row(rows)

    assert total["姓名"] == len(body) >= 1
    assert total["是否务工就业"] == sum(row[header.index("是否务工就业")] == "是" for row in body)
    assert total["公益性岗位"] == sum(row[header.index("公益性岗位")] == "是" for row in body)
    # Those due and not registered are listed too, and counted apart from the registered in one cell.
    assert total["登记情况"] == "已登记2人，未登记3人"


def test_an_empty_ledger_has_no_total_row(personas, registry, login):
    rows = read_xlsx(download(export(login(personas.county_officer), "measures")))

    assert [row[0] for row in rows[3:]] == ["（无数据）"]


# Finding 4: 附件4 as the campaign's summary page shows it, with 导出Excel there.


def test_the_campaign_summary_page_offers_its_table_in_the_attachment_4_layout(personas, problems, login):
    client = login(personas.county_officer)
    page = client.get(f"/campaigns/{problems.pk}/summary/").content.decode()
    assert f'href="/campaigns/{problems.pk}/summary/export/"' in page and "导出Excel" in page

    response = client.get(f"/campaigns/{problems.pk}/summary/export/")
    rows = read_xlsx(download(response))

    assert "永修县整改情况汇总表（2026年集中排查）_" in unquote(response["Content-Disposition"])
    assert rows[0][0] == "永修县整改情况汇总表" and "排查名称：2026年集中排查" in rows[1][0]
    assert rows[2][0].startswith("单位（盖章）：") and CN_DATE.search(rows[2][0])
    assert rows[3] == ["单位", "问题类型", None, "共排查问题数", "已整改数", "正在整改数", "拟识别监测对象", None]
    assert rows[4][6:8] == ["户数", "人数"]
    assert rows[5][1:3] == ["“三保障”和饮水安全", "义务教育"] and rows[9][1] == "易地扶贫搬迁"
    units = summary_blocks(rows)
    assert list(units) == ["涂埠镇", "虬津镇", "合计"]
    assert units["涂埠镇"]["小计"] == [3, 1, 2] and units["涂埠镇"]["proposed"] == [1, 2]
    assert units["合计"]["合计"] == [4, 1, 3] and units["合计"]["住房安全"] == [1, 0, 1]
    event = AuditEvent.objects.get(action="reports.rectification_summary_export")
    assert event.actor == personas.county_officer and event.object_id == str(problems.pk)


def test_the_summary_export_follows_the_townships_villages_chosen_on_the_page(personas, problems, county, login):
    client = login(personas.county_officer)

    response = client.get(f"/campaigns/{problems.pk}/summary/export/?township={county.township.code}")
    rows = read_xlsx(download(response))

    assert rows[0][0] == "永修县涂埠镇整改情况汇总表" and "汇总单位：涂埠镇各村" in rows[1][0]
    assert list(summary_blocks(rows)) == ["城南村", "合计"]
    assert login(personas.cadre_b).get(f"/campaigns/{problems.pk}/summary/export/").status_code == 404


# Finding 11: dates in the seed forms' style, still real dates.


def test_date_cells_and_the_generation_line_read_in_chinese_style(personas, registry, login):
    data = download(export(login(personas.county_officer), "monitored_households", date_from="2026-01-01"))
    sheet = sheet_of(data)
    header = [cell.value for cell in sheet[3]]
    cell = sheet.cell(4, header.index("纳入监测日期") + 1)

    assert cell.number_format == DATE_FORMAT == 'yyyy"年"m"月"d"日"'
    assert cell.value == dt.datetime(2026, 3, 1)
    line = sheet["A2"].value
    assert re.search(r"生成时间：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", line)
    assert "纳入监测日期：2026年1月1日 至 不限" in line
