"""The registry's household and member forms say every error in one round: a cadre on a phone saw the fields' own
errors (a blank 姓名, no 户类型) first and the rules' (a 6-year-old at junior school, a 妻子 whose ID number is a
man's, a 户编号 already used) only on the next submit, after fixing the first ones."""

import datetime as dt

import pytest

from households.choices import Relation, StudentStage
from households.idnumber import MSG_ID_CHECK
from households.member_rules import MSG_STAGE_AGE, years_before
from households.models import Member
from households.services.members import MSG_DISABILITY_GRADE, MSG_NAME_REQUIRED, MSG_NO_HEAD
from households.services.registry import MSG_GROUP_NOT_IN_VILLAGE
from households.services.relations import MSG_RELATION_SEX
from tests.clock import today
from tests.factories import MemberFactory
from tests.households.conftest import make_id
from tests.households.page_form import page_form
from tests.households.test_registry_pages import _household_post, _member_post

pytestmark = pytest.mark.django_db

NAME_REQUIRED = "请填写姓名。"
TYPE_REQUIRED = "请选择户类型。"


def born(age: int) -> dt.date:
    """Someone `age` years old today, a month past their birthday."""
    return years_before(today(), age) - dt.timedelta(days=30)


def six_in_junior() -> str:
    return MSG_STAGE_AGE.format(age=6, stage="初中", low=10, high=18)


def daughter_is_a_man() -> str:
    return MSG_RELATION_SEX.format(relation=Relation.DAUGHTER.label, sex="男")


def one_member(post: dict) -> dict:
    return {key.removeprefix("members-0-"): value for key, value in post.items()}


def test_adding_a_member_says_a_blank_name_with_the_stage_against_the_age(household_a, personas, login):
    data = one_member(_member_post(0, "", make_id(born(6), 15), "son")) | {"student_stage": StudentStage.JUNIOR}

    page = login(personas.cadre_a).post(f"/households/{household_a.pk}/members/new/", data).content.decode()

    assert NAME_REQUIRED in page and six_in_junior() in page
    assert MSG_NAME_REQUIRED not in page.replace(NAME_REQUIRED, "", 1)  # said once, not twice
    assert not Member.objects.filter(household=household_a, id_number=data["id_number"]).exists()


def test_adding_a_member_says_a_wrong_id_number_with_a_blank_relation_and_a_missing_grade(household_a, personas, login):
    wrong = make_id(born(30), 15)[:-1] + ("0" if make_id(born(30), 15)[-1] != "0" else "1")
    data = one_member(_member_post(0, "吴丁", wrong, "")) | {"health": "disabled"}

    page = login(personas.cadre_a).post(f"/households/{household_a.pk}/members/new/", data).content.decode()

    assert "请选择与户主关系。" in page and MSG_ID_CHECK in page and MSG_DISABILITY_GRADE in page


def test_editing_a_member_says_a_cleared_name_with_the_stage_against_the_age(household_a, personas, login):
    child = MemberFactory(household=household_a, name="吴丙", relation=Relation.SON, birth_date=born(6))
    client = login(personas.cadre_a)
    form = page_form(client.get(f"/households/members/{child.pk}/edit/"))

    page = client.post(
        f"/households/members/{child.pk}/edit/", form | {"name": [""], "student_stage": [StudentStage.JUNIOR]}
    ).content.decode()

    assert NAME_REQUIRED in page and six_in_junior() in page
    child.refresh_from_db()
    assert child.name == "吴丙"


def test_a_new_household_says_the_household_and_every_members_errors_at_once(personas, county, household_b, login):
    taken = household_b
    rows = [
        _member_post(0, "", make_id(born(40), 13), "head"),
        _member_post(1, "吴乙", make_id(born(20), 15), Relation.DAUGHTER),  # an odd sequence: a man's number
        _member_post(2, "吴丁", make_id(born(6), 17), "son") | {"members-2-student_stage": StudentStage.JUNIOR},
    ]
    data = _household_post(county, rows) | {"household_type": "", "number": taken.number}

    # The township: a village's form fixes 户类型 to 一般农户 (the 脱贫户 roll is not the village's).
    page = login(personas.township).post("/households/new/", data).content.decode()

    assert TYPE_REQUIRED in page and NAME_REQUIRED in page
    assert daughter_is_a_man() in page and six_in_junior() in page
    assert "已有户编号相同的农户" in page
    assert not Member.objects.filter(name="吴乙").exists()


def test_a_blank_relation_of_the_head_is_said_at_the_field_only(personas, county, login):
    rows = [_member_post(0, "吴甲", make_id(born(40), 13), ""), _member_post(1, "吴乙", make_id(born(38), 15), "")]
    data = _household_post(county, rows) | {"household_type": ""}

    page = login(personas.township).post("/households/new/", data).content.decode()

    assert TYPE_REQUIRED in page and page.count("请选择与户主关系。") == 2
    assert MSG_NO_HEAD not in page


def test_a_new_household_says_a_group_of_another_village_with_a_blank_type(personas, county, login):
    rows = [_member_post(0, "", make_id(born(40), 13), "head")]
    data = _household_post(county, rows) | {"village": county.village_b.pk, "group": county.group_a.pk}

    page = login(personas.township).post("/households/new/", data | {"household_type": ""}).content.decode()

    assert TYPE_REQUIRED in page and NAME_REQUIRED in page and MSG_GROUP_NOT_IN_VILLAGE in page


def test_editing_a_household_says_a_group_of_another_village_with_a_blank_type(household_b, personas, county, login):
    client = login(personas.township)
    form = page_form(client.get(f"/households/{household_b.pk}/edit/"))

    page = client.post(
        f"/households/{household_b.pk}/edit/", form | {"group": [str(county.group_a.pk)], "household_type": [""]}
    ).content.decode()

    assert TYPE_REQUIRED in page and MSG_GROUP_NOT_IN_VILLAGE in page
    household_b.refresh_from_db()
    assert household_b.group is None
