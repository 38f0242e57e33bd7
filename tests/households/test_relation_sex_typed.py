"""A member without an ID number yet (暂无身份证号) has a typed sex: a relation naming the other sex is refused with
与填写的性别 (not 身份证号中的性别, as there is no number to read it from)."""

import pytest
from django.core.exceptions import ValidationError

from households.choices import Relation
from households.services import registry
from tests.households.test_newborn import baby, page_data

pytestmark = pytest.mark.django_db

TYPED = "与户主关系“之子”与填写的性别（女）不符，请核对性别或与户主关系。"


def test_a_newborn_girl_entered_as_a_son_is_told_about_the_typed_sex(household_a, personas, login):
    with pytest.raises(ValidationError) as raised:
        registry.member_add(
            reason="moved_in", actor=personas.cadre_a, household=household_a, data=baby(relation=Relation.SON)
        )
    page = login(personas.cadre_a).post(
        f"/households/{household_a.pk}/members/new/", page_data(baby(relation=Relation.SON))
    )

    assert TYPED in str(raised.value)
    assert page.status_code == 200
    assert TYPED in page.content.decode() and "身份证号中的性别" not in page.content.decode()
    assert not household_a.members.filter(name="张小宝").exists()


def test_a_newborn_on_file_given_a_relation_of_the_other_sex_is_told_the_same(household_a, personas):
    member = registry.member_add(reason="moved_in", actor=personas.cadre_a, household=household_a, data=baby())

    with pytest.raises(ValidationError) as raised:
        registry.member_update(actor=personas.cadre_a, member=member, data={"relation": Relation.GRANDSON})

    assert "与户主关系“之孙子”与填写的性别（女）不符" in raised.value.message_dict["relation"][0]
