"""The go-live import brings each household's income of one year: 收入年度 and the HouseholdIncome amounts."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection

from accounts.models import AuditEvent
from households.models import Household, HouseholdEvent, HouseholdIncome, Member
from households.registry_import.columns import INCOME_COLUMNS
from households.registry_import.income import MSG_YEAR_REQUIRED
from households.registry_import.staging import MSG_SIBLING
from households.services.income import AMOUNT_FIELDS, per_capita_net_income
from tests.clock import this_year
from tests.households.test_registry_import import (
    GROUP_A,
    HEADER,
    VILLAGE_B,
    error_sheet,
    hn,
    member,
    pid,
    run,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db

SON = pid(dt.date(1995, 1, 30), 13)


def income_year() -> int:
    """Last year (the import takes 2015 to this year)."""
    return max(2020, this_year() - 1)


def income_cells() -> dict[str, str]:
    """H1's income cells, as a clerk types them."""
    return {
        "收入年度": str(income_year()),
        "工资性收入": "24,000元",
        "生产经营性收入": "６０００",
        "财产性收入": "",
        "转移性收入": "3600.50",
        "生产经营性支出": "2，000",
        "医疗支出": "1500",
    }


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def rows(h1_income: dict[str, str] | None = None, h2_income: dict[str, str] | None = None) -> list[list]:
    """H1 (3 members; the son repeats the year and the wages), H2 (2 members), H3 (no income)."""
    repeated = ("收入年度", "工资性收入")
    h1 = income_cells() if h1_income is None else h1_income
    return [
        member(hn("H1", GROUP_A), GROUP_A, "是", "张大山", pid(dt.date(1966, 4, 2), 11), "户主", **h1),
        member(hn("H1", GROUP_A), "", "否", "李秀英", pid(dt.date(1968, 8, 9), 12), "配偶"),
        member(hn("H1", GROUP_A), "", "否", "张小山", SON, "之子", **{k: v for k, v in h1.items() if k in repeated}),
        member(hn("H2"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主", **(h2_income or {})),
        member(hn("H2"), "", "否", "王六", pid(dt.date(1952, 6, 6), 22), "配偶"),
        member(hn("H3"), VILLAGE_B, "是", "赵一", pid(dt.date(1970, 2, 2), 41), "户主"),
    ]


def latest_income_copy(household: Household) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT latest_income_year, latest_income_per_capita FROM households_household WHERE id = %s",
            [household.pk],
        )
        return cursor.fetchone()


def household_updates() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd + n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'households_household'"
        )
        return cursor.fetchone()[0]


def test_a_file_with_incomes_imports_them_with_the_income_services_per_capita_figure(personas, county):
    updates = household_updates()
    record = run(
        personas.county_officer, xlsx_upload(rows(h2_income={"收入年度": str(income_year()), "转移性收入": "5000"}))
    )

    assert (record.rows_bad, record.households_created) == (0, 3), record.message
    assert record.message == "导入完成：新建农户 3 户（其中导入年度收支 2 户）、家庭成员 6 人。"
    audit = AuditEvent.objects.get(action="registry.import")
    assert audit.after["households_with_income"] == 2
    h1, h2, h3 = (Household.objects.get(number=n) for n in (hn("H1", GROUP_A), hn("H2"), hn("H3")))
    income = HouseholdIncome.objects.get(household=h1)
    amounts = {name: getattr(income, name) for name in AMOUNT_FIELDS}
    assert income.year == income_year()
    assert amounts == {
        "wage_income": Decimal("24000"),
        "business_income": Decimal("6000"),
        "property_income": Decimal("0"),
        "transfer_income": Decimal("3600.50"),
        "business_expenses": Decimal("2000"),
        "medical_expenses": Decimal("1500"),
        "education_expenses": Decimal("0"),
        "disaster_expenses": Decimal("0"),
        "other_rigid_expenses": Decimal("0"),
    }
    assert income.members_count == 3 == h1.members.count()
    assert income.per_capita_net_income == per_capita_net_income(amounts, 3) == Decimal("10533.50")
    assert income.region_path == h1.region_path
    other = HouseholdIncome.objects.get(household=h2)
    assert (other.year, other.members_count, other.per_capita_net_income) == (income_year(), 2, Decimal("2500.00"))
    assert not HouseholdIncome.objects.filter(household=h3).exists()
    # Screening reads the household's copy of its latest income, which the income table's trigger writes.
    assert latest_income_copy(h1) == (income_year(), Decimal("10533.50"))
    assert latest_income_copy(h3) == (None, None)
    assert household_updates() == updates  # written with the households: the trigger had nothing to rewrite

    changes = {c["field"]: c for c in HouseholdEvent.objects.get(household=h1).changes}
    assert changes["income_year"]["new"] == str(income_year())
    assert changes["wage_income"]["label"] == "工资性收入" and changes["wage_income"]["new"] == "24,000.00"
    assert changes["per_capita_net_income"]["new"] == "10,533.50"
    assert changes["per_capita_net_income"]["label"] == "人均纯收入（3人）"
    assert "income_year" not in {c["field"] for c in HouseholdEvent.objects.get(household=h3).changes}


def test_an_unreadable_amount_rejects_its_household_naming_row_and_column_and_the_others_import(personas, county):
    record = run(personas.county_officer, xlsx_upload(rows(h1_income={**income_cells(), "转移性收入": "abc"})))

    assert (record.rows_bad, record.households_created) == (3, 2), record.message
    assert not Household.objects.filter(number=hn("H1", GROUP_A)).exists()
    assert set(Household.objects.values_list("number", flat=True)) == {hn("H2"), hn("H3")}
    assert Member.objects.count() == 3
    assert not HouseholdIncome.objects.exists()
    _, reasons = error_sheet(record)
    # A title row and the header stand above the data: H1's head is row 3.
    assert "转移性收入：无法识别“abc”，应为金额（元），不小于0，最多两位小数" in reasons[3]
    assert reasons[4] == reasons[5] == MSG_SIBLING


def test_amounts_without_a_year_and_a_year_out_of_range_are_refused(personas, county):
    no_year = {k: v for k, v in income_cells().items() if k != "收入年度"}
    record = run(
        personas.county_officer,
        xlsx_upload(rows(h1_income=no_year, h2_income={"收入年度": "2014", "工资性收入": "-100"})),
    )

    assert (record.rows_bad, record.households_created) == (5, 1), record.message
    _, reasons = error_sheet(record)
    assert f"收入年度：{MSG_YEAR_REQUIRED}" in reasons[3]
    assert f"收入年度：应为2015年到{this_year()}年之间的年份，不能是“2014”" in reasons[6]
    assert "工资性收入：金额不能为负数" in reasons[6]
    assert not HouseholdIncome.objects.exists()


def test_a_member_row_whose_income_differs_from_the_heads_is_refused(personas, county):
    data = rows()
    data[2] = member(hn("H1", GROUP_A), "", "否", "张小山", SON, "之子", 收入年度=str(income_year()), 工资性收入="2400")
    record = run(personas.county_officer, xlsx_upload(data))

    assert (record.rows_bad, record.households_created) == (3, 2), record.message
    _, reasons = error_sheet(record)
    assert reasons[5] == "工资性收入：与户主所在行的工资性收入不一致"


def test_a_file_without_the_income_columns_imports_as_before(personas, county):
    income_headers = {column.header for column in INCOME_COLUMNS}
    header = [h for h in HEADER if h not in income_headers]
    data = [[cell for h, cell in zip(HEADER, row, strict=True) if h not in income_headers] for row in rows({})]
    record = run(personas.county_officer, xlsx_upload(data, header=header))

    assert (record.rows_bad, record.households_created, record.rows_ok) == (0, 3, 6), record.message
    assert record.message == "导入完成：新建农户 3 户、家庭成员 6 人。"
    assert not HouseholdIncome.objects.exists()
    event = HouseholdEvent.objects.get(household__number=hn("H1", GROUP_A))
    assert [c["field"] for c in event.changes] == ["registry_import"]


def test_the_upload_page_and_the_template_document_the_income_columns(personas, county, login):
    client = login(personas.county_officer)

    page = client.get("/households/import/").content.decode()
    template = openpyxl.load_workbook(io.BytesIO(client.get("/households/import/template/").content))

    for header in ("收入年度", "工资性收入", "生产经营性支出", "其他刚性支出"):
        assert f"<td>{header}</td>" in page
    assert "填写了收入金额的户须填写收入年度" in page
    header = [c.value for c in template["农户档案"][1]]
    example = dict(zip(header, [c.value for c in template["农户档案"][2]], strict=True))
    assert example["收入年度"] == "2025" and example["工资性收入"] == "24000"
    notes = [row[0] for row in template["填写说明"].iter_rows(values_only=True)]
    assert "收入年度" in notes and any("收入年度和各项金额" in (text or "") for text in notes)
