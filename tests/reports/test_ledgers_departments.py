"""The ledgers built on assistance/ and alerts/: measures, alert verification, feed punctuality, labour employment
(fixtures in tests/reports/fixtures_departments.py)."""

import datetime as dt

import pytest

from alerts.models import FeedType
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db


def rows_of(client, code, **filters):
    rows = read_xlsx(download(client.post("/reports/export/", {"ledger": code, **filters})))
    return ledger_table(rows)


def test_the_measure_ledger_lists_every_measure_with_member_responsibility_and_amount(personas, departments, login):
    header, rows = rows_of(login(personas.county_officer), "measures")

    assert header == [
        "乡镇", "村", "户编号", "户主姓名", "户类型", "监测对象类别", "风险类型", "落实到成员", "措施类别", "帮扶措施",
        "具体内容", "仍要添加的理由（缺什么补什么）",
        "责任部门", "责任单位", "责任人", "开始日期", "结束日期", "完成日期", "状态", "逾期未办结",
        "已到开始日期未实施", "金额（元）", "已落实金额（元）", "计划金额（元）", "实施情况",
        "帮扶成效",
    ]  # fmt: skip
    assert [(row[3], row[7]) for row in rows] == [("张三", "张小三"), ("张三", None), ("钱七", None)]
    first = dict(zip(header, rows[0], strict=True))
    assert first["帮扶措施"] == departments.types[0].name and first["措施类别"] == departments.types[0].category.name
    assert (first["责任单位"], first["责任人"], first["金额（元）"], first["状态"], first["实施情况"]) == (
        "县医保局", "刘干部", 1500, "实施中", "按时发放",
    )  # fmt: skip
    assert first["帮扶成效"] is None  # progress, not the effect of a measure still under way
    assert rows[1][header.index("状态")] == "已完成" and rows[2][header.index("状态")] == "计划中"


def test_the_measure_ledger_filters_by_start_date_and_keeps_to_the_township(personas, departments, county, login):
    _, march = rows_of(login(personas.county_officer), "measures", date_from="2026-03-01", date_to="2026-03-31")
    _, township = rows_of(login(personas.township), "measures")
    _, village_c = rows_of(login(personas.county_officer), "measures", region=county.village_c.code)

    assert [row[7] for row in march] == ["张小三"]
    assert {row[0] for row in township} == {"涂埠镇"} and len(township) == 2
    assert [row[3] for row in village_c] == ["钱七"]


def test_the_alert_verification_ledger_shows_outcome_verifier_and_overdue(personas, departments, login):
    header, rows = rows_of(login(personas.county_officer), "alert_verification")

    assert header[:4] == ["报送部门", "数据类型", "姓名（部门数据）", "身份证号"]
    assert header[9:17] == [
        "预警日期",
        "核实期限",
        "核实日期",
        "核实结果",
        "核实情况",
        "核实层级",
        "核实人",
        "是否超期",
    ]
    by_head = {row[6]: row for row in rows}
    assert set(by_head) == {"张三", "赵六", "钱七", "'=1+1"}  # written as inert text
    on_time, late, pending, future = by_head["张三"], by_head["赵六"], by_head["钱七"], by_head["'=1+1"]
    assert on_time[0] == "乡村振兴局" and on_time[2] == "张三（信访）" and on_time[12] == "已是监测对象"
    assert on_time[14] == "村级核实" and on_time[15] and on_time[16] == "否"
    # The reason given for "no risk" is kept in the ledger, as the verification recorded it.
    assert late[12] == "无返贫致贫风险" and late[13] == "已由职工医保报销大部分费用" and late[16] == "是"
    assert pending[11] is None and pending[12] is None and pending[16] == "是"
    assert future[16] == "否"
    assert on_time[3] == departments.alerts.a1.id_number  # the county officer keeps the registry: unmasked


def test_the_alert_ledger_masks_id_numbers_for_officials_and_keeps_to_the_township(personas, departments, login):
    _, official = rows_of(login(personas.official), "alert_verification", date_from="2026-09-01")
    _, township = rows_of(login(personas.township), "alert_verification")

    id_number = departments.alerts.a1.id_number
    masked = {row[6]: row[3] for row in official}
    assert masked["张三"] == id_number[:4] + "*" * 10 + id_number[-4:]
    assert "=1+1" not in masked  # raised before September is filtered out by the date range
    assert {row[4] for row in township} == {"涂埠镇"} and len(township) == 3


def test_the_feed_punctuality_ledger_says_on_time_late_or_missing_per_period(personas, departments, login):
    header, rows = rows_of(
        login(personas.county_officer), "feed_punctuality", date_from="2026-10-01", date_to="2026-11-10"
    )

    assert header == ["报送部门", "数据类型", "报送期", "报送截止日期", "报送日期", "报送情况"]
    got = [(row[0], row[2], row[4] is not None, row[5]) for row in rows]
    assert got == [
        ("网信办", "2026年9月", True, "迟报"),
        ("网信办", "2026年10月", False, "未报送"),
        ("乡村振兴局", "2026年9月", True, "按时报送"),
        ("乡村振兴局", "2026年10月", False, "未报送"),
    ]


def test_feed_punctuality_is_for_county_staff_only(personas, departments, login):
    response = login(personas.township).post("/reports/export/", {"ledger": "feed_punctuality"})
    assert response.status_code == 404
    assert "部门数据报送及时性台账" not in login(personas.township).get("/reports/").content.decode()
    assert "部门数据报送及时性台账" in login(personas.official).get("/reports/").content.decode()


def test_the_alert_ledger_opens_in_libreoffice_and_its_values_round_trip(personas, departments, login):
    data = download(login(personas.official).post("/reports/export/", {"ledger": "alert_verification"}))

    rows = libreoffice_csv(data)

    assert rows[0][0] == "永修县部门预警信息核实台账"
    _, body = ledger_table(rows)
    assert len(body) == 4
    first = next(row for row in body if row[6] == "张三")
    assert first[9:12] == ["2026年9月25日", "2026年10月10日", "2026年10月8日"] and first[16] == "否"
    assert "**********" in first[3]
    formula = next(row for row in body if row[2].startswith("'="))
    assert formula[6] == "'=1+1"


def test_feed_punctuality_is_county_wide_whatever_region_is_chosen(personas, departments, county, login):
    client = login(personas.county_officer)
    response = client.post(
        "/reports/export/",
        {"ledger": "feed_punctuality", "region": county.village_c.code, "date_from": "2026-10-01",
         "date_to": "2026-11-10"},
    )  # fmt: skip
    rows = read_xlsx(download(response))
    # The line under the title tells what the file covers: the county, not the village chosen.
    assert "全县（本台账不分区域）" in rows[1][0] and county.village_c.name not in rows[1][0]
    assert len(ledger_table(rows)[1]) == 4
    assert "全县统计，不按所选区域筛选" in client.get("/reports/").content.decode()


def test_the_unregistered_persons_ledger_has_one_row_per_person_with_the_finding(personas, departments, login):
    header, rows = rows_of(login(personas.county_officer), "unregistered_persons")

    assert header[:5] == ["身份证号", "姓名（部门数据）", "报送的数据类型", "最近一次预警内容", "报送次数"]
    by_name = {row[1]: row for row in rows}
    assert set(by_name) == {"孙八", "周九"}
    sun, zhou = by_name["孙八"], by_name["周九"]
    feeds = set(FeedType.objects.filter(code__in=["rural-petition", "cyberspace-media"]).values_list("name", flat=True))
    assert sun[0] == "360425198001010014" and sun[4] == 2 and set(sun[2].split("、")) == feeds
    assert (sun[7], sun[8]) == ("待核查", None)
    assert (zhou[7], zhou[8], zhou[9]) == ("待建档", "应纳入档案（交村建档）", "涂埠镇城南村")
    assert zhou[12] == dt.datetime(2026, 10, 12) and sun[5] == dt.datetime(2026, 10, 3)

    _, later = rows_of(login(personas.county_officer), "unregistered_persons", date_from="2026-10-05")
    assert [(row[1], row[4]) for row in later] == [("孙八", 2)]  # last named on 10-09; 周九 on 10-03
    _, official = rows_of(login(personas.official), "unregistered_persons")
    assert {row[0] for row in official} == {"3604**********0014", "3604**********0024"}
