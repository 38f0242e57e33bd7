import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from screening.models import MonitoringLine
from screening.selectors import line_applicable
from screening.services import config

pytestmark = pytest.mark.django_db


@pytest.fixture
def guangdong(personas):
    line = config.monitoring_line_save(
        actor=personas.county_officer, year=2023, region_prefix="4402", region_label="韶关市", amount=Decimal("10420")
    )
    config.warning_line_save(
        actor=personas.county_officer,
        line=line,
        starts_on=dt.date(2023, 7, 1),
        ends_on=dt.date(2023, 10, 31),
        amount=Decimal("10600"),
    )
    config.warning_line_save(
        actor=personas.county_officer,
        line=line,
        starts_on=dt.date(2023, 11, 1),
        ends_on=dt.date(2023, 12, 31),
        amount=Decimal("10800"),
    )
    return line


@pytest.mark.parametrize(
    ("day", "warning"),
    [
        (dt.date(2023, 3, 1), None),
        (dt.date(2023, 7, 1), Decimal("10600")),
        (dt.date(2023, 10, 31), Decimal("10600")),
        (dt.date(2023, 11, 1), Decimal("10800")),
        (dt.date(2023, 12, 31), Decimal("10800")),
    ],
)
def test_the_guangdong_periods_pick_the_right_warning_line(guangdong, day, warning):
    line, warning_amount = line_applicable(region_path="440233100201", on_date=day)

    assert line == guangdong and line.amount == Decimal("10420")
    assert warning_amount == warning


def test_the_most_specific_region_and_newest_year_win(guangdong, personas):
    # The seeded Guangdong province line (44, 2023) is less specific than the city line (4402).
    county_line = config.monitoring_line_save(
        actor=personas.county_officer, year=2022, region_prefix="440233", region_label="新丰县", amount=Decimal("9000")
    )

    assert line_applicable(region_path="440233100201", on_date=dt.date(2023, 5, 1))[0] == guangdong
    assert line_applicable(region_path="440233100201", on_date=dt.date(2022, 5, 1))[0] == county_line
    assert line_applicable(region_path="440100100201", on_date=dt.date(2023, 5, 1))[0].region_prefix == "44"


def test_overlapping_warning_periods_are_refused(guangdong, personas):
    with pytest.raises(ValidationError) as raised:
        config.warning_line_save(
            actor=personas.county_officer,
            line=guangdong,
            starts_on=dt.date(2023, 10, 1),
            ends_on=dt.date(2023, 11, 15),
            amount=Decimal("10700"),
        )

    assert "重叠" in raised.value.message_dict["starts_on"][0]


def test_a_warning_line_below_the_monitoring_line_is_refused(guangdong, personas):
    with pytest.raises(ValidationError) as raised:
        config.warning_line_save(
            actor=personas.county_officer,
            line=guangdong,
            starts_on=dt.date(2023, 1, 1),
            ends_on=dt.date(2023, 2, 1),
            amount=Decimal("10000"),
        )

    assert raised.value.message_dict["amount"] == ["预警线 10000 元不能低于监测标准 10420.00 元。"]


def test_a_second_line_for_the_same_year_and_region_is_refused(guangdong, personas):
    with pytest.raises(ValidationError) as raised:
        config.monitoring_line_save(
            actor=personas.county_officer,
            year=2023,
            region_prefix="4402",
            region_label="韶关市",
            amount=Decimal("11000"),
        )

    assert "已存在" in raised.value.message_dict["year"][0]


def test_only_the_county_bureau_sets_lines(personas):
    with pytest.raises(PermissionDenied):
        config.monitoring_line_save(
            actor=personas.township, year=2026, region_prefix="36", region_label="江西省", amount=Decimal("7000")
        )
    assert not MonitoringLine.objects.filter(year=2026).exists()


def test_a_rule_with_unknown_parameters_is_refused_in_chinese(personas):
    with pytest.raises(ValidationError) as raised:
        config.screening_rule_save(
            actor=personas.county_officer,
            code="X",
            name="x",
            kind="rigid_expense_share",
            risk_type="medical_cost",
            params={"ratio": 0.3, "share": 9},
        )

    messages = raised.value.message_dict["params"]
    assert any("没有参数“ratio”" in m for m in messages)
    assert any("参数“share”应在0.05到5之间" in m for m in messages)


def test_the_lines_page_and_form_errors(personas, login):
    client = login(personas.county_officer)
    response = client.post(
        "/screening/lines/new/", {"year": "2026", "region_prefix": "3", "region_label": "江西", "amount": "-1"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "适用区划代码前缀应为2位" in body and "金额必须大于0" in body
    assert login(personas.cadre_a).get("/screening/lines/new/").status_code == 403


def test_the_system_admin_edits_lines_in_the_admin_through_the_service(personas, login):
    from accounts.models import AuditEvent

    client = login(personas.system_admin)
    response = client.post(
        "/admin/screening/monitoringline/add/",
        {"year": "2026", "region_prefix": "36", "region_label": "江西省", "amount": "7300", "basis": "省定标准"},
    )
    duplicate = client.post(
        "/admin/screening/monitoringline/add/",
        {"year": "2026", "region_prefix": "36", "region_label": "江西省", "amount": "7400", "basis": ""},
    )

    assert response.status_code == 302
    assert MonitoringLine.objects.get(year=2026, region_prefix="36").amount == Decimal("7300")
    assert AuditEvent.objects.filter(action="screening.line_save", actor=personas.system_admin).exists()
    assert "已存在" in duplicate.content.decode()
    assert login(personas.cadre_a).get("/admin/screening/monitoringline/").status_code == 403


def test_the_county_is_told_when_this_years_line_is_not_entered_yet(personas, login, county):
    """Seed 000: the line is set again every year. Until this year's is entered, the worklist and the lines page
    say which year's line the screening still uses; once it is entered, they say nothing."""
    from screening.selectors import MSG_ENTER_NO_LINE, MSG_NO_LINE
    from tests.clock import this_year

    year = this_year()
    MonitoringLine.objects.filter(region_prefix="36").delete()
    MonitoringLine.objects.create(year=year - 1, region_prefix="36", region_label="江西省", amount=Decimal("7000"))
    client = login(personas.county_officer)

    for url in ("/screening/", "/screening/lines/"):
        page = client.get(url).content.decode()
        assert f"{year}年的监测标准尚未录入：筛查仍按 {year - 1} 年江西省标准 7,000 元执行。" in page
    assert f"{year}年的监测标准尚未录入" in login(personas.cadre_a).get("/screening/").content.decode()

    MonitoringLine.objects.create(year=year, region_prefix="36", region_label="江西省", amount=Decimal("7300"))
    assert "data-line-notice" not in client.get("/screening/").content.decode()

    MonitoringLine.objects.all().delete()
    assert MSG_NO_LINE + MSG_ENTER_NO_LINE in client.get("/screening/lines/").content.decode()
    # A village cadre cannot enter it: told what the screening does, not asked to.
    cadre_page = login(personas.cadre_a).get("/screening/lines/").content.decode()
    assert MSG_NO_LINE in cadre_page and MSG_ENTER_NO_LINE not in cadre_page


def test_the_rules_page_gives_each_rules_parameters_in_words(personas, login):
    page = login(personas.county_officer).get("/screening/rules/").content.decode()

    assert "主要务工劳动力失岗6个月以上" in page and "失岗月数：6" in page
    assert "刚性支出最低金额（元）：5000" in page and "保障项目：住房安全无保障" in page
    assert "{&#x27;" not in page and "{'" not in page  # no raw parameter dictionaries
