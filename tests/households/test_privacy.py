"""Read-only roles see ID numbers masked, and nothing beside the mask gives the number back: no full birth date on
the household page or in the API, and no full number, phone or birth date in the household's history."""

import datetime as dt

import pytest
from django.utils import timezone

from households.idnumber import mask
from households.privacy import mask_numbers_in_text
from households.services import registry
from households.services.members import age_on
from tests.households.conftest import make_id

pytestmark = pytest.mark.django_db

NEW_BIRTH = dt.date(1990, 1, 2)


def _correct_id_and_phone(household, cadre):
    """A cadre corrects a member's ID number (a common correction) and the household's phone. The corrected birth
    date makes him 36, so his 在校生情况 (初中) is corrected with it: entry refuses a stage the age cannot have."""
    son = household.members.get(name="张小明")
    old_number = son.id_number
    new_number = make_id(NEW_BIRTH, 55)
    registry.member_update(actor=cadre, member=son, data={"id_number": new_number, "student_stage": "none"})
    registry.household_update(actor=cadre, household=household, phone="13358167934")
    return old_number, new_number


def test_the_history_tab_masks_old_and_new_id_numbers_phones_and_birth_dates_for_an_official(
    household_a, personas, login
):
    old_number, new_number = _correct_id_and_phone(household_a, personas.cadre_a)

    body = login(personas.official).get(f"/households/{household_a.pk}/", {"tab": "history"}).content.decode()

    assert "修改家庭成员 张小明 的信息" in body
    assert old_number not in body and new_number not in body
    assert f"身份证号：{mask(old_number)} → {mask(new_number)}" in body
    assert "联系电话：（空） → 133****7934" in body and "13358167934" not in body
    assert "出生日期：2012年 → 1990年" in body and "1990-01-02" not in body


def test_the_history_tab_shows_the_cadre_who_keeps_the_registry_the_full_values(household_a, personas, login):
    old_number, new_number = _correct_id_and_phone(household_a, personas.cadre_a)

    body = login(personas.cadre_a).get(f"/households/{household_a.pk}/", {"tab": "history"}).content.decode()

    assert f"身份证号：{old_number} → {new_number}" in body
    assert "联系电话：（空） → 13358167934" in body
    assert "出生日期：2012-09-01 → 1990-01-02" in body


def test_the_member_list_shows_an_official_the_age_not_the_birth_date_beside_the_masked_number(
    household_a, personas, login
):
    head = household_a.members.get(name="张大山")
    age = age_on(head.birth_date, timezone.localdate())

    official = login(personas.official).get(f"/households/{household_a.pk}/").content.decode()
    cadre = login(personas.cadre_a).get(f"/households/{household_a.pk}/").content.decode()

    assert mask(head.id_number) in official
    assert "1968-03-12" not in official and f"{age}岁" in official
    assert "1968-03-12" in cadre and head.id_number in cadre


def test_the_api_gives_an_official_the_birth_year_and_no_birth_date(household_a, personas, login):
    head = household_a.members.get(name="张大山")

    official = login(personas.official).get(f"/api/v1/members/{head.pk}/").json()
    cadre = login(personas.cadre_a).get(f"/api/v1/members/{head.pk}/").json()
    nested = login(personas.official).get(f"/api/v1/households/{household_a.pk}/").json()["members"]

    assert official["id_number"] == mask(head.id_number)
    assert official["birth_date"] is None and official["birth_year"] == 1968
    assert all(m["birth_date"] is None for m in nested)
    assert cadre["id_number"] == head.id_number and cadre["birth_date"] == "1968-03-12"
    assert cadre["birth_year"] == 1968


def test_numbers_inside_free_text_are_masked_but_other_digits_are_kept():
    number = make_id(dt.date(1981, 2, 28), 13)
    text = f"联系 13912345678，身份证 {number}，户编号 3604251002010001，金额 12000 元"

    shown = mask_numbers_in_text(text)

    assert shown == f"联系 139****5678，身份证 {mask(number)}，户编号 3604251002010001，金额 12000 元"
    # Eighteen digits that are no valid ID number (a wrong check digit) are left as they are.
    wrong = number[:17] + ("1" if number[17] != "1" else "2")
    assert mask_numbers_in_text(wrong) == wrong
