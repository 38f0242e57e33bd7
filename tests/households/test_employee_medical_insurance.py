"""A member insured through 职工医保 (the employees' basic medical insurance, say one working in town) is recorded as
such on the member form, the API and the go-live import, and is insured: the data checks 成员未参加基本医疗保险 and
未参保成员应纳入参保资助 list only a member in neither scheme, and the printed form says which scheme."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from households.choices import HouseholdType, Relation
from households.data_checks import BY_CODE, check_findings, years_before
from households.models import Household, Member
from households.services.members import MSG_TWO_SCHEMES
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory
from tests.households.conftest import make_id
from tests.households.test_registry_import import HEADER, csv_upload, hn, member, pid, run, xlsx_upload
from tests.households.test_registry_pages import _member_post

pytestmark = pytest.mark.django_db

EMPLOYEE_BOX = "参加职工基本医疗保险"


def found(actor, code: str) -> set[str]:
    return {m.name for m in check_findings(actor=actor, check=BY_CODE[code], today=today())}


def adult() -> dt.date:
    return years_before(today(), 35) - dt.timedelta(days=30)


@pytest.fixture
def lifted_out(county):
    """A lifted-out household recorded as 基本医疗有保障 with a member in each case: in 职工医保 only, in neither."""
    household = HouseholdFactory(village=county.village_a, head_name="职工甲", household_type=HouseholdType.LIFTED_OUT)
    MemberFactory(
        household=household, name="职工甲", birth_date=adult(), medical_insurance=False,
        employee_medical_insurance=True,
    )  # fmt: skip
    MemberFactory(
        household=household, name="未保乙", relation=Relation.SPOUSE, birth_date=adult(), medical_insurance=False
    )
    return household


def test_a_member_in_employees_insurance_is_not_listed_as_uninsured(lifted_out, personas):
    assert found(personas.cadre_a, "uninsured") == {"未保乙"}

    lifted_out.medical_ok = False
    lifted_out.save()

    assert found(personas.cadre_a, "uninsured_aid") == {"未保乙"}


def test_the_uninsured_checks_page_names_both_schemes(lifted_out, personas, login):
    page = login(personas.cadre_a).get("/households/checks/uninsured/").content.decode()

    assert "未保乙" in page
    assert page.count("城乡居民医保、职工医保均未参加") == 1  # one finding: not 职工甲, whose household names the rows
    assert "参加职工基本医疗保险" in BY_CODE["uninsured"].fix


def new_member(**fields: str) -> dict:
    data = {
        k.removeprefix("members-0-"): v
        for k, v in _member_post(0, "吴大成", make_id(dt.date(1990, 5, 5), 45), "son").items()
    }
    data.pop("medical_insurance")
    return data | {"joined_reason": "moved_in", "joined_on": f"{today():%Y-%m-%d}"} | fields


def test_the_member_form_records_employees_insurance(household_a, personas, login):
    client = login(personas.cadre_a)

    response = client.post(f"/households/{household_a.pk}/members/new/", new_member(employee_medical_insurance="on"))

    assert response.status_code == 302
    saved = Member.objects.get(household=household_a, name="吴大成")
    assert (saved.medical_insurance, saved.employee_medical_insurance) == (False, True)
    edit = client.get(f"/households/members/{saved.pk}/edit/").content.decode()
    assert EMPLOYEE_BOX in edit
    assert re.search(r'<input type="checkbox" name="employee_medical_insurance"[^>]* checked', edit)
    assert not re.search(r'<input type="checkbox" name="medical_insurance"[^>]* checked', edit)


def test_the_member_form_refuses_both_schemes_at_once(household_a, personas, login):
    data = new_member(medical_insurance="on", employee_medical_insurance="on")

    page = login(personas.cadre_a).post(f"/households/{household_a.pk}/members/new/", data).content.decode()

    assert MSG_TWO_SCHEMES in page
    assert not Member.objects.filter(household=household_a, name="吴大成").exists()


def test_the_api_reads_and_writes_employees_insurance(household_a, personas, login):
    spouse = household_a.members.get(relation=Relation.SPOUSE)
    client = login(personas.cadre_a)
    url = f"/api/v1/members/{spouse.pk}/"

    both = client.patch(url, {"employee_medical_insurance": True}, content_type="application/json")
    moved = client.patch(
        url, {"medical_insurance": False, "employee_medical_insurance": True}, content_type="application/json"
    )

    assert both.status_code == 400 and both.json()["employee_medical_insurance"] == [MSG_TWO_SCHEMES]
    assert moved.status_code == 200, moved.content.decode()[:300]
    read = client.get(url).json()
    assert (read["medical_insurance"], read["employee_medical_insurance"]) == (False, True)
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    field = schema["components"]["schemas"]["Member"]["properties"]["employee_medical_insurance"]
    assert "职工医保" in field["description"] and "未参保" in field["description"]


def test_the_import_reads_the_employees_insurance_column(personas, county):
    rows = [
        member(
            hn("E1"), county.village_b.code, "是", "孙建业", pid(dt.date(1975, 3, 3), 11), "户主", 参加职工医保="是"
        ),
        member(hn("E1"), "", "否", "周丽华", pid(dt.date(1977, 4, 4), 12), "配偶"),
    ]

    record = run(personas.county_officer, csv_upload(rows))

    assert record.rows_ok == 2, record.message
    head, spouse = Member.objects.filter(household__number=hn("E1")).order_by("id")
    # A blank 参加医保 is 城乡居民医保 unless the row says 职工医保.
    assert (head.medical_insurance, head.employee_medical_insurance) == (False, True)
    assert (spouse.medical_insurance, spouse.employee_medical_insurance) == (True, False)


def test_a_file_without_the_employees_column_still_imports(personas, county):
    gone = HEADER.index("参加职工医保")
    rows = [member(hn("E2"), county.village_b.code, "是", "郑国庆", pid(dt.date(1970, 2, 2), 21), "户主")]

    header = [h for i, h in enumerate(HEADER) if i != gone]
    record = run(personas.county_officer, xlsx_upload([[c for i, c in enumerate(rows[0]) if i != gone]], header=header))

    assert Household.objects.filter(number=hn("E2")).exists(), record.message
    head = Member.objects.get(household__number=hn("E2"))
    assert (head.medical_insurance, head.employee_medical_insurance) == (True, False)


def test_the_printed_form_says_which_scheme(household_a, personas, login):
    Member.objects.filter(household=household_a, relation=Relation.SPOUSE).update(
        medical_insurance=False, employee_medical_insurance=True
    )
    Member.objects.filter(household=household_a, relation=Relation.SON).update(medical_insurance=False)

    sheet = login(personas.cadre_a).get(f"/households/{household_a.pk}/form/print/").content.decode()

    cells = sheet.split("参加<br>医保", 1)[1]
    assert "<td>职工</td>" in cells and "<td>居民</td>" in cells and "<td>否</td><td>" in cells
