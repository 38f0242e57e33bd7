"""Review finding (county 1): the 部门预警信息核实台账 and the 部门数据报送及时性台账 ended without the 合计 row
the other ledgers end with, while officials read them for 核实率, 超期 and 及时率."""

import pytest

from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db


def export(client, code, **filters):
    return download(client.post("/reports/export/", {"ledger": code, **filters}))


def total_row(rows):
    header = next(row for row in rows if row[0] == "序号")
    total = next(row for row in rows if row[0] == "合计")
    return dict(zip(header, total, strict=True))


def test_the_alert_ledger_totals_alerts_verified_and_overdue(personas, departments, login):
    data = export(login(personas.county_officer), "alert_verification")
    rows = read_xlsx(data)
    header, body = ledger_table(rows)

    total = total_row(rows)

    assert rows[-1][0] == "合计"
    assert total["姓名（部门数据）"] == len(body) == 4
    assert total["核实日期"] == sum(row[header.index("核实日期")] is not None for row in body) == 2
    assert total["是否超期"] == sum(row[header.index("是否超期")] == "是" for row in body) == 2
    assert total["预警内容"] is None  # nothing that adds up
    # As an office PC opens it: the counts with what they count.
    opened = total_row(libreoffice_csv(data))
    assert (opened["姓名（部门数据）"], opened["核实日期"], opened["是否超期"]) == ("4条", "已核实2条", "2条")


def test_the_punctuality_ledger_totals_periods_owed_missing_and_on_time(personas, departments, login):
    data = export(login(personas.county_officer), "feed_punctuality", date_from="2026-10-01", date_to="2026-11-10")
    rows = read_xlsx(data)
    _, body = ledger_table(rows)

    total = total_row(rows)

    assert [row[5] for row in body] == ["迟报", "未报送", "按时报送", "未报送"]
    assert (total["报送截止日期"], total["报送日期"], total["报送情况"]) == (4, 2, 1)
    opened = total_row(libreoffice_csv(data))
    assert (opened["报送截止日期"], opened["报送日期"], opened["报送情况"]) == ("应报送4期", "未报送2期", "按时报送1期")
