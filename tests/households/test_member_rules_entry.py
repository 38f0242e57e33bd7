"""What the member form and the API refuse where it is typed: the data logic that the monthly 数据逻辑校验 lists as
逻辑错误 (a child as a labourer or at work, work months without a place or the reverse, an education the age
cannot have), an ID number whose province code does not exist; and what the go-live import does with such rows
(it loads them as the national system has them, and the checks list them)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households import idnumber
from households.choices import Education, EmploymentPlace, LabourSkill, Relation
from households.data_checks import BY_CODE, check_findings
from households.idnumber import MSG_ID_REGION, PROVINCE_CODES, check_char
from households.member_rules import (
    MSG_CHILD_LABOUR,
    MSG_CHILD_WORK_MONTHS,
    MSG_EDUCATION_TOO_HIGH,
    MSG_MONTHS_WITHOUT_PLACE,
    MSG_PLACE_WITHOUT_MONTHS,
    MSG_PRESCHOOL_EDUCATION,
    member_rule_errors,
    years_before,
)
from households.models import Member
from households.services import registry
from tests.clock import today
from tests.factories import MemberFactory
from tests.households.conftest import make_id
from tests.households.page_form import page_form
from tests.households.test_registry_import import csv_upload, hn, member, run

pytestmark = pytest.mark.django_db


def born(age: int) -> dt.date:
    """Someone `age` years old today, a month past their birthday."""
    return years_before(today(), age) - dt.timedelta(days=30)


def member_post(name: str, id_number: str, **extra: str) -> dict[str, str]:
    return {
        "name": name,
        "id_number": id_number,
        "joined_reason": "moved_in",
        "joined_on": f"{today():%Y-%m-%d}",
        "relation": "son",
        "ethnicity": "汉族",
        "health": "healthy",
        "student_stage": "none",
        "employment_place": "none",
        "employment_months": "0",
        "medical_insurance": "on",
        "assistance_status": "none",
        **extra,
    }


def unknown_province_id() -> str:
    first17 = "99999919800101123"
    return first17 + check_char(first17)


def test_the_member_form_refuses_a_toddler_registered_as_a_skilled_labourer_with_college_education(
    household_a, personas, login
):
    toddler = born(2)
    data = member_post("龚小宝", make_id(toddler, 125), labour_skill=LabourSkill.SKILLED, education=Education.COLLEGE)

    page = login(personas.cadre_a).post(f"/households/{household_a.pk}/members/new/", data).content.decode()

    assert MSG_CHILD_LABOUR.format(age=2, skill="技能劳动力") in page
    assert MSG_EDUCATION_TOO_HIGH.format(age=2, education="大专及以上") in page
    assert not Member.objects.filter(name="龚小宝").exists()


def test_the_member_form_refuses_work_months_without_a_place_and_a_place_without_months(household_a, personas, login):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/members/new/"

    months_only = client.post(url, member_post("龚务工", make_id(born(30), 127), employment_months="10"))
    place_only = client.post(
        url, member_post("龚外出", make_id(born(30), 129), employment_place=EmploymentPlace.OUT_OF_PROVINCE)
    )

    assert MSG_MONTHS_WITHOUT_PLACE.format(months=10) in months_only.content.decode()
    assert MSG_PLACE_WITHOUT_MONTHS.format(place="省外") in place_only.content.decode()
    assert not Member.objects.filter(name__in=["龚务工", "龚外出"]).exists()
    saved = client.post(
        url,
        member_post(
            "龚外出", make_id(born(30), 129), employment_place=EmploymentPlace.OUT_OF_PROVINCE, employment_months="10"
        ),
    )
    assert saved.status_code == 302
    assert Member.objects.get(name="龚外出").employment_months == 10


def test_the_edit_page_refuses_the_same_and_names_the_field(household_a, personas, login):
    adult = MemberFactory(household=household_a, name="龚成年", relation=Relation.SON, birth_date=born(40))
    client = login(personas.cadre_a)
    page = client.get(f"/households/members/{adult.pk}/edit/")
    assert page.status_code == 200

    data = page_form(page) | {"education": [Education.PRESCHOOL]}
    refused = client.post(f"/households/members/{adult.pk}/edit/", data).content.decode()

    assert MSG_PRESCHOOL_EDUCATION.format(age=40) in refused
    adult.refresh_from_db()
    assert adult.education != Education.PRESCHOOL


def test_the_api_refuses_the_same_on_create_and_on_update(household_a, personas, login):
    client = login(personas.cadre_a)
    child = make_id(born(10), 131)

    body = member_post("龚童工", child, employment_place="in_county", employment_months="3")

    created = client.post("/api/v1/members/", body | {"household": household_a.pk}, content_type="application/json")
    adult = MemberFactory(household=household_a, name="龚成年", relation=Relation.SON, birth_date=born(40))
    patched = client.patch(f"/api/v1/members/{adult.pk}/", {"employment_months": 6}, content_type="application/json")

    assert created.status_code == 400, created.content
    assert created.json()["employment_months"] == [MSG_CHILD_WORK_MONTHS.format(age=10)]
    assert "employment_place" in created.json()
    assert patched.status_code == 400, patched.content
    assert patched.json()["employment_place"] == [MSG_MONTHS_WITHOUT_PLACE.format(months=6)]
    adult.refresh_from_db()
    assert adult.employment_months == 0


def test_an_old_record_with_an_error_does_not_block_other_edits_of_the_household(household_a, personas):
    """A record from before the rule (or imported) is the data check's to list: adding someone else, or a health
    update (an alert's verification), is not refused for it."""
    old = MemberFactory(
        household=household_a, name="龚旧档", relation=Relation.SON, birth_date=born(40), employment_months=5
    )

    registry.member_update(actor=personas.cadre_a, member=old, data={"health": "chronic"})
    added = registry.member_add(
        reason="moved_in",
        actor=personas.cadre_a,
        household=household_a,
        data=member_post("龚新增", make_id(born(30), 133)) | {"medical_insurance": True, "employment_months": 0},
    )

    assert added.pk and Member.objects.get(pk=old.pk).health == "chronic"


def test_an_id_number_with_an_unknown_province_is_refused_on_the_page_and_through_the_api(household_a, personas, login):
    client = login(personas.cadre_a)
    number = unknown_province_id()

    page = client.post(f"/households/{household_a.pk}/members/new/", member_post("龚九九", number)).content.decode()
    api = client.post(
        "/api/v1/members/",
        member_post("龚九九", number) | {"household": household_a.pk, "medical_insurance": True},
        content_type="application/json",
    )

    assert MSG_ID_REGION.format(code="99") in page
    assert api.status_code == 400 and api.json()["id_number"] == [MSG_ID_REGION.format(code="99")]
    assert not Member.objects.filter(name="龚九九").exists()


def test_entry_refuses_exactly_what_the_data_checks_list(household_a, personas):
    """One definition of each rule: over members at the edge ages, the ones entry would refuse are the ones the
    checks list, rule by rule."""
    codes = {"child_labour", "child_work", "work_mismatch", "preschool_education", "education_too_high"}
    cases = []
    for age in (4, 5, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 30):
        for skill in ("", LabourSkill.ORDINARY, LabourSkill.NONE):
            for education in ("", *Education.values):
                for place, months in (("none", 0), ("in_county", 0), ("none", 4), ("out_of_province", 8)):
                    cases.append(dict(age=age, skill=skill, education=education, place=place, months=months))
    members = Member.objects.bulk_create(
        MemberFactory.build(
            household=household_a,
            region_path=household_a.region_path,
            name=f"例{i}",
            relation=Relation.SON,
            birth_date=born(c["age"]),
            labour_skill=c["skill"],
            education=c["education"],
            employment_place=c["place"],
            employment_months=c["months"],
        )
        for i, c in enumerate(cases)
    )
    listed: dict[str, set[int]] = {}
    for code in codes:
        for m in check_findings(actor=personas.county_officer, check=BY_CODE[code], today=today()):
            listed.setdefault(m.name, set()).add(code)

    for m in members:
        row = {
            "birth_date": m.birth_date,
            "labour_skill": m.labour_skill,
            "education": m.education,
            "employment_place": m.employment_place,
            "employment_months": m.employment_months,
        }
        refused = {code for code, _, _ in member_rule_errors(row, today=today())}
        assert refused == listed.get(m.name, set()), (m.name, row)


def test_the_go_live_import_loads_such_rows_as_the_national_system_has_them_and_the_checks_list_them(personas, county):
    """The import refused none of these before; it still loads them (a household left out of the go-live would be
    worse than an error to correct), and the checks list every one for the cadre to correct."""
    toddler = make_id(born(2), 141)
    rows = [
        member(hn("K1", "360425100201"), "360425100201", "是", "甲户主", make_id(born(45), 143), "户主"),
        member(
            hn("K1", "360425100201"),
            "",
            "否",
            "甲幼儿",
            toddler,
            "之子",
            户类型="",
            劳动技能="技能劳动力",
            文化程度="大专及以上",
        ),
        member(
            hn("K1", "360425100201"),
            "",
            "否",
            "甲务工",
            make_id(born(20), 145),
            "之子",
            户类型="",
            **{"务工时间（月）": "10"},
        ),
        member(hn("K1", "360425100201"), "", "否", "甲九九", unknown_province_id(), "之子", 户类型=""),
    ]

    record = run(personas.county_officer, csv_upload(rows))

    assert (record.rows_ok, record.rows_bad) == (4, 0), record.message
    officer = personas.county_officer

    def found(code: str) -> set[str]:
        return {m.name for m in check_findings(actor=officer, check=BY_CODE[code], today=today())}

    assert found("child_labour") == {"甲幼儿"}
    assert found("education_too_high") == {"甲幼儿"}
    assert found("work_mismatch") == {"甲务工"}
    assert found("id_province") == {"甲九九"}


def test_every_province_code_outside_gb_t_2260_is_refused_and_every_listed_one_taken():
    for code in (f"{n:02d}" for n in range(100)):
        first17 = f"{code}042519800101123"
        number = first17 + check_char(first17)
        if code in PROVINCE_CODES:
            assert idnumber.parse(number, today=today()).number == number
        else:
            with pytest.raises(ValidationError) as refused:
                idnumber.parse(number, today=today())
            assert refused.value.messages == [MSG_ID_REGION.format(code=code)]
            # The go-live import reads the national system's numbers as they are (the data check lists them).
            assert idnumber.parse(number, today=today(), known_region=False).number == number
    assert len(PROVINCE_CODES) == 34


def test_an_imported_number_of_an_unknown_province_does_not_block_editing_its_household(personas, county):
    rows = [
        member(hn("K2", "360425100201"), "360425100201", "是", "乙户主", make_id(born(45), 151), "户主"),
        member(hn("K2", "360425100201"), "", "否", "乙九九", unknown_province_id(), "之子", 户类型=""),
    ]
    run(personas.county_officer, csv_upload(rows))
    imported = Member.objects.get(name="乙九九")

    registry.member_update(actor=personas.cadre_a, member=imported, data={"health": "chronic"})
    registry.member_add(
        reason="moved_in",
        actor=personas.cadre_a,
        household=imported.household,
        data=member_post("乙新增", make_id(born(20), 153)) | {"medical_insurance": True, "employment_months": 0},
    )

    assert Member.objects.get(pk=imported.pk).health == "chronic"
    assert Member.objects.filter(name="乙新增", household=imported.household).exists()
