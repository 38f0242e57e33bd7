"""暂无身份证号: a baby not yet registered in the 户口 is added with its sex and birth date typed (page and API); an
older member without a number is refused; the number given later is checked against what was typed; babies without
one never collide, are never found by a number, show 暂无 on the pages, prints and ledgers, and are listed by the
data check 暂无身份证号的成员."""

import datetime as dt

import pytest

from households.choices import LivingStatus, MonitoringCategory, Relation
from households.data_checks import BY_CODE, check_findings, findings_of
from households.models import HouseholdEvent, Member
from households.services import registry
from households.services.member_restore import member_restore
from households.services.member_status import member_set_status
from households.services.newborn import (
    MSG_ID_AND_NO_ID,
    MSG_ID_REQUIRED,
    MSG_NO_ID_AGE,
    NO_ID_FIELD,
)
from tests.clock import today
from tests.factories import MemberFactory
from tests.households.conftest import make_id

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


def baby(
    name: str = "张小宝", *, born: dt.date | None = None, sex: str = "female", relation: str = Relation.GRANDDAUGHTER
):
    """A member row as the service takes it from the page or the API: 暂无身份证号 ticked, sex and birth date typed."""
    return {
        "name": name,
        "id_number": "",
        NO_ID_FIELD: True,
        "sex": sex,
        "birth_date": born or days_ago(40),
        "relation": relation,
        "health": "healthy",
        "ethnicity": "汉族",
    }


def page_data(row: dict) -> dict:
    data = {k: v for k, v in row.items() if k != NO_ID_FIELD and v is not None}
    data["birth_date"] = f"{row['birth_date']:%Y-%m-%d}"
    data |= {"student_stage": "none", "employment_place": "none", "employment_months": "0", "medical_insurance": "on"}
    data |= {"assistance_status": "none", "joined_on": f"{today():%Y-%m-%d}"}
    if row.get(NO_ID_FIELD):
        data[NO_ID_FIELD] = "on"
    return data


def test_a_cadre_adds_a_newborn_without_an_id_number_on_the_page(household_a, personas, login):
    client = login(personas.cadre_a)

    response = client.post(f"/households/{household_a.pk}/members/new/", page_data(baby()))

    assert response.status_code == 302, response.content.decode()
    member = household_a.members.get(name="张小宝")
    assert (member.id_number, member.sex, member.birth_date) == ("", "female", days_ago(40))
    event = HouseholdEvent.objects.filter(member=member).latest("pk")
    assert "暂无身份证号" in event.summary
    # The household's page says 暂无 where the number would be.
    page = client.get(f"/households/{household_a.pk}/").content.decode()
    assert f'<span id="id-{member.pk}">暂无</span>' in page


def test_the_page_shows_the_box_and_the_typed_fields(household_a, personas, login):
    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/members/new/").content.decode()

    assert 'name="no_id_number"' in page and 'name="sex"' in page and 'name="birth_date"' in page
    assert 'data-shown-by="no_id_number"' in page


def test_a_three_year_old_without_a_number_is_refused_on_the_page_and_by_the_api(household_a, personas, login):
    client = login(personas.cadre_a)
    older = baby(born=days_ago(3 * 366))

    page = client.post(f"/households/{household_a.pk}/members/new/", page_data(older))
    api = client.post(
        "/api/v1/members/",
        {**older, "household": household_a.pk, "birth_date": f"{older['birth_date']:%Y-%m-%d}"},
        content_type="application/json",
    )

    assert page.status_code == 200 and MSG_NO_ID_AGE in page.content.decode()
    assert api.status_code == 400 and api.json()["id_number"] == [MSG_NO_ID_AGE]
    assert not household_a.members.filter(name="张小宝").exists()


def test_the_api_adds_a_newborn_and_says_it_has_no_number(household_a, personas, login):
    client = login(personas.cadre_a)
    row = baby(sex="male", relation=Relation.GRANDSON)

    response = client.post(
        "/api/v1/members/",
        {**row, "household": household_a.pk, "birth_date": f"{row['birth_date']:%Y-%m-%d}"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["id_number"], body["no_id_number"], body["sex"]) == ("", True, "male")
    assert body["birth_date"] == f"{days_ago(40):%Y-%m-%d}"
    # Read by an official: still no number, the box says why.
    read = login(personas.official).get(f"/api/v1/members/{body['id']}/").json()
    assert (read["id_number"], read["no_id_number"]) == ("", True)


def test_a_blank_number_without_the_box_is_refused_and_typed_sex_without_it_too(household_a, personas, login):
    client = login(personas.cadre_a)
    row = {k: v for k, v in baby().items() if k not in (NO_ID_FIELD, "sex", "birth_date")}

    blank = client.post("/api/v1/members/", {**row, "household": household_a.pk}, content_type="application/json")
    typed = client.post(
        "/api/v1/members/",
        {**row, "household": household_a.pk, "id_number": make_id(days_ago(40), 24), "sex": "male"},
        content_type="application/json",
    )
    both = client.post(
        "/api/v1/members/",
        {**baby(), "household": household_a.pk, "birth_date": f"{days_ago(40):%Y-%m-%d}", "id_number": "x"},
        content_type="application/json",
    )

    assert blank.status_code == 400 and blank.json()["id_number"] == [MSG_ID_REQUIRED]
    assert typed.status_code == 400 and "no_id_number" in typed.json()["sex"][0]
    assert both.status_code == 400 and both.json()["id_number"] == [MSG_ID_AND_NO_ID]


def test_the_number_given_later_must_agree_with_the_typed_birth_date_and_sex(household_a, personas):
    member = registry.member_add(
        reason="moved_in", actor=personas.cadre_a, household=household_a, data=baby(born=days_ago(40))
    )
    wrong_day = make_id(days_ago(41), 24)  # a girl's number (even sequence), one day off
    wrong_sex = make_id(days_ago(40), 25)

    with pytest.raises(Exception) as refused:
        registry.member_update(actor=personas.cadre_a, member=member, data={"id_number": wrong_day})
    assert "与登记的出生日期" in str(refused.value) and f"{days_ago(40):%Y-%m-%d}" in str(refused.value)
    with pytest.raises(Exception) as refused:
        registry.member_update(actor=personas.cadre_a, member=member, data={"id_number": wrong_sex})
    assert "与登记的性别“女”不符" in str(refused.value)

    right = make_id(days_ago(40), 24)
    registry.member_update(actor=personas.cadre_a, member=member, data={"id_number": right, NO_ID_FIELD: False})
    member.refresh_from_db()
    assert member.id_number == right
    event = HouseholdEvent.objects.filter(member=member).latest("pk")
    assert "补录身份证号" in event.summary


def test_the_edit_page_takes_the_number_and_refuses_one_that_does_not_agree(household_a, personas, login):
    from tests.households.page_form import changed, page_form

    member = registry.member_add(
        reason="moved_in", actor=personas.cadre_a, household=household_a, data=baby(born=days_ago(40))
    )
    client = login(personas.cadre_a)
    url = f"/households/members/{member.pk}/edit/"
    shown = page_form(client.get(url))
    assert shown[NO_ID_FIELD] == ["on"] and shown["birth_date"] == [f"{days_ago(40):%Y-%m-%d}"]

    wrong = client.post(url, changed(shown, id_number=make_id(days_ago(41), 24), no_id_number=False))
    assert wrong.status_code == 200 and "与登记的出生日期" in wrong.content.decode()

    right = client.post(url, changed(shown, id_number=make_id(days_ago(40), 24), no_id_number=False))
    assert right.status_code == 302
    member.refresh_from_db()
    assert member.id_number == make_id(days_ago(40), 24)


def test_two_babies_without_a_number_do_not_collide_in_a_household_or_the_county(household_a, household_b, personas):
    twins = [baby("张大宝"), baby("张二宝")]
    for row in twins:
        registry.member_add(reason="moved_in", actor=personas.cadre_a, household=household_a, data=row)
    registry.member_add(
        reason="moved_in",
        actor=personas.cadre_b,
        household=household_b,
        data=baby("王小宝", sex="male", relation=Relation.GRANDSON),
    )

    assert Member.objects.filter(id_number="", living_status=LivingStatus.LIVING).count() == 3
    # A household registered with twins in one go.
    created = registry.household_create(
        actor=personas.cadre_a,
        village=household_a.village,
        household_type="ordinary",
        members=[
            {"name": "赵大", "id_number": make_id(dt.date(1990, 1, 1), 11), "relation": Relation.HEAD},
            baby("赵甲", relation=Relation.SON, sex="male"),
            baby("赵乙", relation=Relation.DAUGHTER),
        ],
    )
    assert created.members.filter(id_number="").count() == 2


def test_a_baby_is_restored_to_the_living_beside_another_baby_without_a_number(household_a, personas):
    first = registry.member_add(reason="moved_in", actor=personas.cadre_a, household=household_a, data=baby("张大宝"))
    registry.member_add(reason="moved_in", actor=personas.cadre_a, household=household_a, data=baby("张二宝"))
    member_set_status(
        left_reason="work", actor=personas.cadre_a, member=first, status=LivingStatus.MOVED_OUT, on=today()
    )

    member_restore(actor=personas.cadre_a, member=first, reason="误标迁出", relation=Relation.GRANDDAUGHTER)

    first.refresh_from_db()
    assert first.living_status == LivingStatus.LIVING


def test_a_search_by_number_never_finds_a_baby_without_one(household_a, personas, login):
    registry.member_add(reason="moved_in", actor=personas.cadre_a, household=household_a, data=baby())
    client = login(personas.cadre_a)

    assert client.get("/api/v1/members/", {"id_number": "张"}).json()["results"] == []
    assert client.get("/api/v1/members/", {"id_number": "x"}).json()["results"] == []


def test_the_print_and_the_member_ledger_show_zanwu(household_a, personas, login):
    from tests.reports.conftest import download, ledger_table, read_xlsx

    registry.member_add(reason="moved_in", actor=personas.cadre_a, household=household_a, data=baby())
    type(household_a).objects.filter(pk=household_a.pk).update(monitoring_category=MonitoringCategory.MARGINAL)

    sheet = login(personas.cadre_a).get(f"/households/{household_a.pk}/form/print/").content.decode()
    assert '<td class="id">暂无</td>' in sheet
    for persona in (personas.county_officer, personas.official):
        rows = read_xlsx(download(login(persona).post("/reports/export/", {"ledger": "members"})))
        header, body = ledger_table(rows)
        line = next(r for r in body if "张小宝" in r)
        assert line[header.index("身份证号")] == "暂无"


def test_the_data_check_lists_babies_without_a_number_and_says_which_turned_one(household_a, personas):
    registry.member_add(reason="moved_in", actor=personas.cadre_a, household=household_a, data=baby())
    # An older record without a number (entered as a baby more than a year ago).
    MemberFactory(
        household=household_a, name="张大宝", relation=Relation.GRANDDAUGHTER, id_number="", birth_date=days_ago(400)
    )
    check = BY_CODE["no_id_number"]

    rows = check_findings(actor=personas.cadre_a, check=check, today=today())
    found = {f.member.name: f.detail for f in findings_of(check, rows, today())}

    assert set(found) == {"张小宝", "张大宝"}
    assert "个月，暂无身份证号" in found["张小宝"]
    assert "满一周岁仍无身份证号" in found["张大宝"]
    # Not taken for a number whose province code is wrong.
    assert not check_findings(actor=personas.cadre_a, check=BY_CODE["id_province"], today=today()).exists()
