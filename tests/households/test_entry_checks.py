"""What the registry refuses where it is typed (review cadre_phone findings 5, 6 and 12): a phone that cannot be
dialled, a relation that contradicts the sex in the ID number (and the data check that finds old records of it),
and required fields that say which field they are."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assistance.forms import MeasureForm
from households.choices import Relation
from households.data_checks import BY_CODE, check_findings
from households.forms import HouseholdForm, MemberForm
from households.forms_members import MemberStatusForm
from households.models import Household, Member
from households.phone import MSG_PHONE, household_phone
from households.services import registry
from households.services.newborn import MSG_ID_REQUIRED
from tests.factories import HouseholdFactory, MemberFactory
from tests.households.conftest import make_id
from tests.households.test_registry_pages import _household_post, _member_post

pytestmark = pytest.mark.django_db


# Finding 5: the household's phone


def test_a_phone_is_a_mobile_number_or_a_landline_with_its_area_code():
    assert household_phone("138 9999 0000") == "13899990000"
    assert household_phone("０７９２－１２３４５６７") == "0792-1234567"
    assert household_phone("01012345678") == "010-12345678"
    assert household_phone("") == ""
    for wrong in ("1389999000", "23899990000", "1234567", "138999900001"):
        with pytest.raises(ValidationError) as raised:
            household_phone(wrong)
        assert raised.value.messages == [MSG_PHONE]


def test_the_household_form_refuses_a_ten_digit_phone_at_the_field(personas, county, login):
    data = _household_post(county, [_member_post(0, "龚志强", make_id(dt.date(1970, 1, 1), 13), "head")])

    page = login(personas.cadre_a).post("/households/new/", {**data, "phone": "1389999000"}).content.decode()

    assert MSG_PHONE in page
    assert not Household.objects.filter(head_name="龚志强").exists()


def test_the_api_and_the_service_hold_the_same_phone_rule(household_a, personas, login):
    client = login(personas.cadre_a)

    response = client.patch(
        f"/api/v1/households/{household_a.pk}/", {"phone": "1389999000"}, content_type="application/json"
    )
    saved = client.patch(
        f"/api/v1/households/{household_a.pk}/", {"phone": "0792 1234567"}, content_type="application/json"
    )

    assert response.status_code == 400 and response.json()["phone"] == [MSG_PHONE]
    assert saved.status_code == 200
    household_a.refresh_from_db()
    assert household_a.phone == "0792-1234567"
    with pytest.raises(ValidationError) as raised:
        registry.household_update(actor=personas.cadre_a, household=household_a, phone="12345")
    assert raised.value.message_dict == {"phone": [MSG_PHONE]}


# Finding 6: relation and sex


def test_a_daughter_with_a_male_id_number_is_refused_at_the_relation_field(personas, county, login):
    boy = make_id(dt.date(2012, 9, 1), 125)  # 17th digit odd: male
    data = _household_post(
        county,
        [
            _member_post(0, "龚志强", make_id(dt.date(1970, 1, 1), 13), "head"),
            _member_post(1, "龚小雨", boy, "daughter"),
        ],
    )

    page = login(personas.cadre_a).post("/households/new/", data).content.decode()

    assert "与户主关系“之女”与身份证号中的性别（男）不符，请核对身份证号或与户主关系。" in page
    assert not Household.objects.filter(head_name="龚志强").exists()


def test_editing_a_member_checks_the_relation_against_the_sex_but_old_records_of_others_do_not_block(
    household_a, personas
):
    son = household_a.members.get(relation=Relation.SON)
    # An old record from before the rule: the spouse (a woman) filed as 之父.
    wife = household_a.members.get(relation=Relation.SPOUSE)
    Member.objects.filter(pk=wife.pk).update(relation=Relation.FATHER)

    with pytest.raises(ValidationError) as raised:
        registry.member_update(actor=personas.cadre_a, member=son, data={"relation": Relation.GRANDDAUGHTER})
    registry.member_update(actor=personas.cadre_a, member=son, data={"relation": Relation.GRANDSON})

    assert "与户主关系“之孙女”与身份证号中的性别（男）不符" in raised.value.message_dict["relation"][0]


def test_the_data_check_finds_members_whose_relation_contradicts_their_sex(personas, county):
    household = HouseholdFactory(village=county.village_a)
    MemberFactory(household=household, name="户主", relation=Relation.HEAD)
    MemberFactory(household=household, name="男之女", relation=Relation.DAUGHTER, sex="male")
    MemberFactory(household=household, name="女之父", relation=Relation.FATHER, sex="female")
    MemberFactory(household=household, name="男之子", relation=Relation.SON, sex="male")
    MemberFactory(household=household, name="女兄妹", relation=Relation.SIBLING, sex="female")

    check = BY_CODE["relation_sex"]
    rows = list(check_findings(actor=personas.cadre_a, check=check, today=timezone.localdate()))

    assert (check.label, check.kind_label) == ("与户主关系与性别不符", "逻辑错误")
    assert {m.name for m in rows} == {"男之女", "女之父"}
    assert check.describe(rows[0], timezone.localdate()).startswith("与户主关系为“")


# Finding 12: messages that name the field, selects that open with 请选择


def test_required_fields_name_themselves_on_the_household_member_and_measure_forms(household_a, personas, county):
    household = HouseholdForm({}, actor=personas.township)  # a village's form fixes 户类型
    member = MemberForm({})
    measure = MeasureForm({}, household=household_a)

    household.is_valid(), member.is_valid(), measure.is_valid()

    assert household.errors["household_type"] == ["请选择户类型。"]
    assert member.errors["relation"] == ["请选择与户主关系。"]
    assert member.errors["id_number"] == [MSG_ID_REQUIRED]  # 一周岁以下未落户的婴儿可勾选“暂无身份证号”
    assert measure.errors["responsible_person"] == ["请填写责任人。"]
    assert measure.errors["measure_type"] == ["请选择帮扶措施。"]
    assert "该字段是必填项" not in str([household.errors, member.errors, measure.errors])


def test_model_choice_selects_open_with_please_choose(household_a, personas):
    head = household_a.members.get(relation=Relation.HEAD)

    new_head = MemberStatusForm(member=head)["new_head"].as_widget()
    measure_type = MeasureForm(household=household_a)["measure_type"].as_widget()

    assert '<option value="" selected>请选择</option>' in new_head
    assert '<option value="" selected>请选择</option>' in measure_type
    assert "---------" not in new_head + measure_type


def test_the_household_and_its_members_errors_come_back_in_one_round(personas, county, login):
    """A cadre on a phone fixed the household's fields, then learnt of the members' (review recheck_cadre)."""
    data = _household_post(
        county,
        [
            _member_post(0, "龚志强", make_id(dt.date(1970, 1, 1), 13), "head"),
            _member_post(1, "", make_id(dt.date(2012, 9, 1), 126), "daughter"),
        ],
    )

    page = login(personas.cadre_a).post("/households/new/", {**data, "phone": "1389999000"}).content.decode()

    assert MSG_PHONE in page
    assert "请填写姓名。" in page
