"""The 人社局 leads the 脱贫劳动力就业台账 (seed 004 (六): 〔由县人社局牵头负责〕, quarterly summary to 乡村振兴局): its
clerk reads the ledger's page, API and export county-wide and read-only; it was a 403. Another department's clerk
still gets 403, and the 人社 clerk sees nothing else of the registry or the reports."""

import datetime as dt

import pytest

from accounts.choices import Department
from assistance.models import EmploymentRecord
from assistance.quarters import quarter_of
from households.choices import HouseholdType, Relation
from households.idnumber import mask
from households.services import registry
from tests.clock import today
from tests.factories import UserFactory
from tests.households.conftest import member_row
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db

PAGE = "/assistance/employment/"
RECORDS = "/api/v1/assistance/employment/"
MEMBERS = "/api/v1/assistance/employment-members/"


def quarter():
    year, number = quarter_of(today())
    return f"{year}Q{number}"


@pytest.fixture
def hr_clerk(county):
    return UserFactory(
        username="renshe",
        role="department_clerk",
        region_path=county.county.path,
        department=Department.HUMAN_RESOURCES,
    )


@pytest.fixture
def far_household(personas, county):
    """A lifted-out household in the other township (虬津镇 张公渡村), its head working out of the province."""
    return registry.household_create(
        actor=personas.county_officer,
        village=county.village_c,
        members=[member_row("王春生", Relation.HEAD, dt.date(1980, 5, 6), 33, labour_skill="ordinary")],
        household_type=HouseholdType.LIFTED_OUT,
        address="张公渡村8号",
        phone="13900002222",
    )


@pytest.fixture
def recorded(personas, monitored_a, far_household):
    """This quarter's record of 王春生 (the other township)."""
    year, number = quarter_of(today())
    member = far_household.members.get(name="王春生")
    return EmploymentRecord.objects.create(
        member=member,
        household=far_household,
        region_path=far_household.region_path,
        year=year,
        quarter=number,
        employed=True,
        place="out_of_province",
        months=3 * number,
        monthly_income="4200",
        recorded_by=personas.county_officer,
    )


def test_the_hr_clerk_reads_the_county_wide_ledger_page_read_only(login, hr_clerk, recorded):
    response = login(hr_clerk).get(PAGE, {"quarter": quarter()})

    assert response.status_code == 200
    page = response.content.decode()
    assert "张大山" in page and "王春生" in page  # both townships
    assert "牵头负责劳动力就业台账（只读）" in page
    assert "据档案生成本季度台账" not in page and "/assistance/employment/members/" not in page
    assert "帮扶方案" not in page  # no tabs to the help pages the clerk may not open
    assert 'href="/assistance/employment/"' in page  # the menu leads to it


def test_only_the_hr_clerk_has_the_ledger_in_the_menu(login, personas, hr_clerk):
    menu = 'href="/assistance/employment/">劳动力就业台账'
    assert menu in login(hr_clerk).get("/assistance/department/").content.decode()
    assert menu not in login(personas.clerk).get("/assistance/department/").content.decode()
    assert menu not in login(personas.township).get("/").content.decode()  # the 帮扶 tabs lead there


def test_the_export_button_is_for_who_may_download_the_ledger(login, personas):
    assert "data-export" in login(personas.township).get(PAGE).content.decode()
    assert "data-export" not in login(personas.cadre_a).get(PAGE).content.decode()  # not a village ledger


def test_the_hr_clerk_may_not_record_or_generate(login, hr_clerk, recorded, monitored_a):
    client = login(hr_clerk)
    member = monitored_a.members.get(name="张大山")
    year, number = quarter_of(today())

    assert client.get(f"{PAGE}members/{member.pk}/").status_code == 403
    assert client.post(PAGE, {"action": "snapshot", "quarter": quarter()}).status_code == 403
    body = {"member": member.pk, "year": year, "quarter": number, "employed": False, "months": 0}
    refused = client.post(RECORDS, body, content_type="application/json")
    assert refused.status_code == 403
    assert EmploymentRecord.objects.count() == 1


def test_the_hr_clerk_reads_the_api_county_wide(login, hr_clerk, recorded):
    client = login(hr_clerk)

    records = client.get(RECORDS, {"quarter": quarter()})
    assert records.status_code == 200
    assert [row["name"] for row in records.json()["results"]] == ["王春生"]
    members = client.get(MEMBERS, {"quarter": quarter()})
    assert members.status_code == 200
    assert {row["name"] for row in members.json()["results"]} >= {"张大山", "王春生"}


def test_another_departments_clerk_stays_out(login, personas, recorded):
    client = login(personas.clerk)  # 卫健

    assert client.get(PAGE).status_code == 403
    assert client.get(RECORDS, {"quarter": quarter()}).status_code == 403
    assert client.get(MEMBERS).status_code == 403
    assert client.get("/reports/").status_code == 403


def test_the_hr_clerk_exports_the_ledger_and_nothing_else(login, hr_clerk, recorded, far_household):
    client = login(hr_clerk)

    assert "data-export" in client.get(PAGE, {"quarter": quarter()}).content.decode()
    rows = read_xlsx(download(client.post("/reports/export/", {"ledger": "labour_employment", "quarter": quarter()})))
    header, body = ledger_table(rows)
    names = [(row[header.index("姓名")], row[header.index("登记情况")]) for row in body]
    assert names == [("张大山", "未登记"), ("李秀英", "未登记"), ("王春生", "已登记")]
    number = far_household.members.get(name="王春生").id_number
    assert body[2][header.index("身份证号")] == mask(number)  # no registry: numbers masked
    assert client.post("/reports/export/", {"ledger": "members"}).status_code == 404
    index = client.get("/reports/").content.decode()
    assert "脱贫劳动力就业台账" in index and "监测对象台账" not in index
