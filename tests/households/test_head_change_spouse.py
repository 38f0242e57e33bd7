"""更换户主 re-states every relation to the new head: a member made the new head's 配偶 must be of the other sex, and
only one may be (as adding or editing a member refuses). The page and the API refuse it at that member's relation,
naming them, and change nothing; a head's 已故 hand-over is held to the same."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import HouseholdType, LivingStatus, Relation
from households.models import HouseholdEvent
from households.services import registry
from households.services.head_change import head_change
from households.services.member_status import MSG_NEW_HEAD_SPOUSE_SEX, member_set_status, relation_field
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db
R = Relation

# 张大山 made the spouse of his son: the same sex.
FATHER_AS_SPOUSE = MSG_NEW_HEAD_SPOUSE_SEX.format(name="张大山", head="张小明", sex="男")
TWO_SPOUSES = "{name}与新户主的关系不能也是“配偶”：{others}也选为配偶，只能有一名成员是新户主的配偶。"


@pytest.fixture
def family(personas, county):
    """张大山户: the head, his wife, their grown-up son and the son's wife (odd sequence = male)."""
    rows = [
        member_row("张大山", R.HEAD, dt.date(1968, 3, 12), 11),
        member_row("李秀英", R.SPOUSE, dt.date(1970, 7, 2), 22),
        member_row("张小明", R.SON, dt.date(1994, 9, 1), 33),
        member_row("王芳", R.DAUGHTER_IN_LAW, dt.date(1996, 5, 6), 44),
    ]
    return registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )


def _members(household) -> dict:
    return {m.name: m for m in household.members.all()}


def _relations(household) -> dict[str, str]:
    return {m.name: m.relation for m in household.members.all()}


def _unchanged(household, before: dict[str, str]) -> bool:
    household.refresh_from_db()
    return (
        _relations(household) == before
        and household.head_name == "张大山"
        and not HouseholdEvent.objects.filter(household=household, summary__contains="新户主").exists()
    )


def test_the_old_head_made_spouse_of_his_son_is_refused_naming_him_and_nothing_changes(family, personas):
    m = _members(family)
    before = _relations(family)
    relations = {m["张大山"].pk: R.SPOUSE, m["李秀英"].pk: R.MOTHER, m["王芳"].pk: R.OTHER}

    with pytest.raises(ValidationError) as refused:
        head_change(actor=personas.cadre_a, household=family, new_head=m["张小明"], relations=relations)

    assert refused.value.message_dict == {relation_field(m["张大山"].pk): [FATHER_AS_SPOUSE]}
    assert _unchanged(family, before)


def test_two_spouses_of_the_new_head_are_refused_each_naming_the_member(family, personas):
    m = _members(family)
    before = _relations(family)
    relations = {m["张大山"].pk: R.FATHER, m["李秀英"].pk: R.SPOUSE, m["王芳"].pk: R.SPOUSE}

    with pytest.raises(ValidationError) as refused:
        head_change(actor=personas.cadre_a, household=family, new_head=m["张小明"], relations=relations)

    assert refused.value.message_dict == {
        relation_field(m["李秀英"].pk): [TWO_SPOUSES.format(name="李秀英", others="王芳")],
        relation_field(m["王芳"].pk): [TWO_SPOUSES.format(name="王芳", others="李秀英")],
    }
    assert _unchanged(family, before)


def test_a_deceased_heads_hand_over_refuses_a_spouse_of_the_new_heads_sex(family, personas):
    m = _members(family)
    relations = {m["张小明"].pk: R.SON, m["王芳"].pk: R.SPOUSE}

    # 李秀英 takes over from her late husband; her daughter-in-law given as her 配偶.
    with pytest.raises(ValidationError) as refused:
        member_set_status(
            left_reason="work",
            actor=personas.cadre_a,
            member=m["张大山"],
            status=LivingStatus.DECEASED,
            on=today(),
            new_head=m["李秀英"],
            relations=relations,
        )

    assert refused.value.message_dict == {
        relation_field(m["王芳"].pk): [MSG_NEW_HEAD_SPOUSE_SEX.format(name="王芳", head="李秀英", sex="女")]
    }
    assert family.members.get(name="张大山").living_status == LivingStatus.LIVING


def test_the_page_shows_the_refusal_at_the_member_and_saves_nothing(family, personas, login):
    m = _members(family)
    before = _relations(family)
    client = login(personas.cadre_a)
    data = {
        "new_head": m["张小明"].pk,
        "relations_for": m["张小明"].pk,
        relation_field(m["张大山"].pk): R.SPOUSE,
        relation_field(m["李秀英"].pk): R.MOTHER,
        relation_field(m["王芳"].pk): R.SPOUSE,
    }

    page = client.post(f"/households/{family.pk}/change-head/", data)

    assert page.status_code == 200
    assert page.context["form"].errors[relation_field(m["张大山"].pk)] == [FATHER_AS_SPOUSE]
    assert FATHER_AS_SPOUSE in page.content.decode()
    assert _unchanged(family, before)

    data[relation_field(m["张大山"].pk)] = R.FATHER
    assert client.post(f"/households/{family.pk}/change-head/", data).status_code == 302
    assert _relations(family) == {"张大山": R.FATHER, "李秀英": R.MOTHER, "张小明": R.HEAD, "王芳": R.SPOUSE}


def test_the_api_refuses_it_with_a_chinese_400_at_the_member_and_changes_nothing(family, personas, login):
    m = _members(family)
    before = _relations(family)
    client = login(personas.cadre_a)
    relations = {str(m["张大山"].pk): "spouse", str(m["李秀英"].pk): "mother", str(m["王芳"].pk): "spouse"}

    refused = client.post(
        f"/api/v1/households/{family.pk}/change-head/",
        {"new_head": m["张小明"].pk, "relations": relations},
        content_type="application/json",
    )

    assert refused.status_code == 400
    # 王芳 is not told of a second 配偶: 张大山 cannot be one.
    assert refused.json() == {relation_field(m["张大山"].pk): [FATHER_AS_SPOUSE]}
    assert _unchanged(family, before)
