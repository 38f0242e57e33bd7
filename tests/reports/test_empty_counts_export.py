"""Exports with nothing to count: the 工作成效 export says 0 alerts due and 0 verified on time for a unit with none
(its share stays "—"), and an empty 整改情况汇总表 is the form's heading over （无数据）, set up to print on A4
landscape like a filled one."""

import pytest

from reports.services.performance_export import ALERTS_COUNTED, ALERTS_ON_TIME
from tests.reports.conftest import download, read_xlsx
from tests.reports.test_ledger_print import assert_prints_on_a4_landscape_one_page_wide, sheet_of

pytestmark = pytest.mark.django_db


def test_a_unit_without_alerts_due_counts_0_of_them_and_no_share(personas, registry, login):
    data = download(login(personas.official).get("/reports/performance/export/?period=month&date=2026-05-15"))
    rows = read_xlsx(data)
    header = next(row for row in rows if row and row[0] == "单位" and ALERTS_COUNTED in row)
    due, on_time, share = (header.index(name) for name in (ALERTS_COUNTED, ALERTS_ON_TIME, "预警按时核实率"))
    table = rows[rows.index(header) + 1 :]
    units = {row[0]: row for row in table[: next(i for i, row in enumerate(table) if not any(row))]}

    assert set(units) >= {"涂埠镇", "虬津镇"}
    for name, row in units.items():
        assert (row[due], row[on_time], row[share]) == (0, 0, "—"), name


def test_an_empty_rectification_summary_prints_as_the_form_on_a4_landscape(personas, login):
    data = download(login(personas.county_officer).post("/reports/export/", {"ledger": "rectification_summary"}))
    sheet = sheet_of(data)
    rows = read_xlsx(data)

    assert rows[0][0] == "永修县整改情况汇总表"
    assert rows[2][0].startswith("单位（盖章）")
    assert rows[3][:4] == ["单位", "问题类型", None, "共排查问题数"]
    assert rows[5][0] == "（无数据）"
    assert_prints_on_a4_landscape_one_page_wide(sheet, "1:5")
