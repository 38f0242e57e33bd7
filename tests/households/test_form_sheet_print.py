"""The printable 监测对象基础信息采集表 (seed 003 三(二)): one household's basic information, members and latest
income, on the household's scope, with personal numbers masked for read-only roles."""

import datetime as dt
from decimal import Decimal

import pytest

from households.choices import LivingStatus, MonitoringCategory, NationalRiskType, RiskType
from households.models import Household, Member
from households.services import income, registry

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


def sheet_url(household: Household) -> str:
    return f"/households/{household.pk}/form/print/"


@pytest.fixture
def monitored(personas, household_a):
    registry.household_update(actor=personas.cadre_a, household=household_a, phone=PHONE, help_contact=personas.cadre_a)
    # Inclusion is the workflow's to record; here the household is simply given the result.
    Household.objects.filter(pk=household_a.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL,
        monitoring_start=dt.date(2026, 3, 5),
        risk_types=[RiskType.MEDICAL_COST],
        national_risk_types=[NationalRiskType.ILLNESS],
    )
    income.income_save(
        actor=personas.cadre_a, household=household_a, year=2024, amounts={"wage_income": Decimal("11111")}
    )
    income.income_save(
        actor=personas.cadre_a,
        household=household_a,
        year=2025,
        amounts={
            "wage_income": Decimal("18000"),
            "business_income": Decimal("3500"),
            "property_income": Decimal("200"),
            "transfer_income": Decimal("2300"),
            "business_expenses": Decimal("1500"),
            "medical_expenses": Decimal("26000"),
        },
    )
    household_a.refresh_from_db()
    return household_a


def test_the_sheet_prints_the_household_its_living_members_and_its_latest_income(monitored, personas, login):
    Member.objects.filter(household=monitored, name="张小明").update(living_status=LivingStatus.MOVED_OUT)

    body = login(personas.cadre_a).get(sheet_url(monitored)).content.decode()

    assert "防止返贫监测对象基础信息采集表" in body
    assert "永修县" in body and "涂埠镇" in body and "城南村" in body and monitored.number in body
    assert "张大山" in body and "李秀英" in body and "张小明" not in body  # moved out: not a member any more
    assert "2人" in body and "2026年3月5日" in body
    assert '<span class="box">√</span>边缘易致贫户' in body and '<span class="box"></span>脱贫不稳定户' in body
    assert "大病重病重残医疗支出大" in body and '<span class="box">√</span>因病' in body
    head = monitored.members.get(name="张大山")
    assert head.id_number in body and PHONE in body  # the cadre fills the sheet in with the family
    assert "cadre_a" in body or personas.cadre_a.get_full_name() in body  # 帮扶联系人
    # The latest year only, with its totals: 18000 + 3500 + 200 + 2300 = 24000, less 1500 = 22500, ÷ 3 = 7500.
    assert "2025年度" in body and "11111" not in body
    for figure in ("18,000.00", "3,500.00", "200.00", "2,300.00", "1,500.00", "24,000.00", "22,500.00", "7,500.00"):
        assert figure in body
    assert "26,000.00" in body  # 医疗支出, 刚性支出合计
    assert "户主签字（按手印）" in body and "村委会意见" in body and "（盖章）" in body
    assert "调查人" in body and "填表日期" in body


def test_an_official_sees_id_numbers_and_phones_masked_on_the_sheet(monitored, personas, login):
    body = login(personas.official).get(sheet_url(monitored)).content.decode()

    head = monitored.members.get(name="张大山")
    assert "张大山" in body and "7,500.00" in body
    assert head.id_number not in body and head.id_number[:4] + "*" * 10 + head.id_number[-4:] in body
    assert PHONE not in body and "138****5678" in body


def test_a_household_without_income_or_monitoring_prints_blanks_to_fill_in(household_b, personas, login):
    body = login(personas.cadre_b).get(sheet_url(household_b)).content.decode()

    assert "王五" in body and "＿＿＿年度" in body
    assert '<span class="box">√</span>一般农户' in body
    assert all(f'<span class="box"></span>{c.label}' in body for c in MonitoringCategory)
    assert "　　年　月　日" in body  # 纳入监测时间 left to fill in


def test_a_household_outside_the_users_scope_is_not_found(household_a, household_b, personas, login):
    assert login(personas.cadre_b).get(sheet_url(household_a)).status_code == 404
    assert login(personas.cadre_a).get(sheet_url(household_b)).status_code == 404
    assert login(personas.clerk).get(sheet_url(household_a)).status_code == 403  # no registry at all


def test_the_household_page_links_to_the_sheet_beside_the_consent_form(household_a, personas, login):
    for user in (personas.cadre_a, personas.official):
        page = login(user).get(f"/households/{household_a.pk}/?tab=consent").content.decode()

        assert f'href="{sheet_url(household_a)}"' in page and "打印基础信息采集表" in page


def test_the_household_page_header_links_to_the_sheet_on_every_tab(household_a, personas, login):
    """Re-check N8: a checker looking for a household's 台账资料 finds the sheet without opening the 授权书 tab."""
    for user in (personas.cadre_a, personas.official):
        page = login(user).get(f"/households/{household_a.pk}/").content.decode()
        head = page[page.index('class="page-head"') : page.index('class="tabs')]

        assert f'href="{sheet_url(household_a)}"' in head and "打印基础信息采集表" in head
