"""One member written as 户主 where the household has one (review registry finding 3): said at 与户主关系, naming the
head on file and pointing to 更换户主, not 「第1、3位成员都被标为户主」 above the form; so is an edit of the head to
another relation. A failed member edit's heading names the member as saved, not as typed (finding 4)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import Relation
from households.services import registry
from households.services.member_checks import MSG_HEAD_DEMOTED
from tests.households.conftest import make_id
from tests.households.page_form import changed, page_form

pytestmark = pytest.mark.django_db

TAKEN = "本户已有户主 张大山；更换户主请用“更换户主”。"


def test_adding_a_second_head_is_said_at_the_relation_naming_the_head(household_a, personas):
    data = {"name": "张二山", "id_number": make_id(dt.date(1972, 4, 4), 55), "relation": Relation.HEAD}

    with pytest.raises(ValidationError) as refused:
        registry.member_add(actor=personas.cadre_a, household=household_a, data=data, reason="other", reason_note="x")

    errors = refused.value.message_dict
    assert errors["relation"] == [TAKEN]
    assert "__all__" not in errors or not any("都被标为户主" in m for m in errors["__all__"])


def test_the_add_page_says_it_at_the_relation_field(household_a, personas, login):
    client = login(personas.cadre_a)
    form = page_form(client.get(f"/households/{household_a.pk}/members/new/"))
    data = changed(
        form, name="张二山", id_number=make_id(dt.date(1972, 4, 4), 55), relation=Relation.HEAD, joined_reason="other"
    ) | {"joined_note": ["补录"]}

    page = client.post(f"/households/{household_a.pk}/members/new/", data).content.decode()

    assert TAKEN in page and "都被标为户主" not in page
    assert household_a.members.count() == 3


def test_the_api_patch_of_a_member_to_head_is_refused_at_relation(household_a, personas, login):
    son = household_a.members.get(relation=Relation.SON)

    response = login(personas.cadre_a).patch(
        f"/api/v1/members/{son.pk}/", {"relation": "head"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["relation"] == [TAKEN]
    son.refresh_from_db()
    assert son.relation == Relation.SON


def test_editing_the_head_to_another_relation_points_to_head_change(household_a, personas, login):
    head = household_a.members.get(relation=Relation.HEAD)
    client = login(personas.cadre_a)
    form = page_form(client.get(f"/households/members/{head.pk}/edit/"))

    page = client.post(f"/households/members/{head.pk}/edit/", changed(form, relation=Relation.FATHER)).content
    page = page.decode()

    assert MSG_HEAD_DEMOTED in page and "请指定户主" not in page
    head.refresh_from_db()
    assert head.relation == Relation.HEAD


def test_a_failed_edit_keeps_the_saved_name_in_the_heading(household_a, personas, login):
    son = household_a.members.get(relation=Relation.SON)
    client = login(personas.cadre_a)
    form = page_form(client.get(f"/households/members/{son.pk}/edit/"))

    page = client.post(
        f"/households/members/{son.pk}/edit/", changed(form, name="张小明改", relation=Relation.HEAD)
    ).content.decode()

    assert "<h1>修改成员 张小明</h1>" in page and "修改成员 张小明改" not in page
    assert 'value="张小明改"' in page  # the typed name stays in its field, to correct
