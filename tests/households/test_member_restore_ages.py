"""恢复为户主 asks about the ages as 更换户主 and 分户 do: a minor restored as the household's head, or relations to the
restored head that the ages contradict, were saved silently (the only member) or refused with a "仍要保存" the page
and the API had no box for (as_head). Both now ask, and save once confirm_unusual is given, noting it in the history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import HouseholdType, LivingStatus, Relation
from households.models import HouseholdEvent
from households.services import registry
from households.services.confirm import CONFIRM_FIELD, CONFIRM_LABEL, MSG_CONFIRM, MSG_CONFIRM_API
from households.services.member_restore import member_restore
from households.services.member_status import member_set_status, relation_field
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db

OLDER_FATHER = "张小明（1994年生）与户主关系为“之父”，却比户主张大山（1968年生）年幼，请核对。"


@pytest.fixture
def family(personas, county):
    """张大山户: the head (1968), his wife (1970) and their son (1994); the head marked 已故 by mistake, his wife
    took over."""
    rows = [
        member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11),
        member_row("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2), 22),
        member_row("张小明", Relation.SON, dt.date(1994, 9, 1), 33),
    ]
    household = registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )
    m = _members(household)
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=m["张大山"],
        status=LivingStatus.DECEASED,
        on=today(),
        new_head=m["李秀英"],
        relations={m["张小明"].pk: Relation.SON},
    )
    return household


@pytest.fixture
def orphan(personas, county):
    """王小芳户: a 16-year-old heading the household alone, marked 迁出 by mistake."""
    born = dt.date(today().year - 16, 1, 5)
    household = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[member_row("王小芳", Relation.HEAD, born, 22, student_stage="senior")],
        household_type=HouseholdType.ORDINARY,
    )
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=household.members.get(),
        status=LivingStatus.MOVED_OUT,
        on=today(),
    )
    return household


def _members(household) -> dict:
    return {m.name: m for m in household.members.all()}


def test_a_minor_restored_as_the_only_members_head_is_asked_about_then_saved_with_a_note(orphan, personas):
    girl = orphan.members.get()

    with pytest.raises(ValidationError) as refused:
        member_restore(actor=personas.cadre_a, member=girl, reason="误标迁出", relation=Relation.HEAD)

    errors = refused.value.message_dict
    assert errors["relation"][0].startswith("新户主王小芳未满18周岁（")
    assert errors[CONFIRM_FIELD] == [MSG_CONFIRM]
    girl.refresh_from_db()
    assert girl.living_status == LivingStatus.MOVED_OUT

    member_restore(actor=personas.cadre_a, member=girl, reason="误标迁出", relation=Relation.HEAD, confirm_unusual=True)
    girl.refresh_from_db()
    orphan.refresh_from_db()
    assert girl.living_status == LivingStatus.LIVING and orphan.head_name == "王小芳"
    summary = HouseholdEvent.objects.filter(household=orphan, summary__startswith="撤销").get().summary
    assert summary.startswith("撤销 王小芳 的“迁出”标记，恢复为在世：误标迁出（已核实确认：新户主王小芳未满18周岁")


def test_the_restore_page_asks_about_relations_the_ages_contradict_with_the_box_and_saves_once_ticked(
    family, personas, login
):
    m = _members(family)
    client = login(personas.cadre_a)
    url = f"/households/members/{m['张大山'].pk}/restore/"
    data = {
        "reason": "误标",
        "relation": "spouse",
        "as_head": "on",
        "relations_shown": "True",
        relation_field(m["李秀英"].pk): "spouse",
        relation_field(m["张小明"].pk): "father",  # a slip for 之子
    }

    page = client.post(url, data)

    html = page.content.decode()
    assert page.status_code == 200
    assert OLDER_FATHER in html
    assert CONFIRM_LABEL in html and f'name="{CONFIRM_FIELD}"' in html
    assert page.context["form"].errors[relation_field(m["张小明"].pk)] == [OLDER_FATHER]
    assert family.members.get(name="张大山").living_status == LivingStatus.DECEASED

    assert client.post(url, {**data, CONFIRM_FIELD: "on"}).status_code == 302
    family.refresh_from_db()
    assert family.head_name == "张大山"
    assert family.members.get(name="张小明").relation == Relation.FATHER
    summary = HouseholdEvent.objects.filter(household=family, summary__startswith="更换户主").latest("pk").summary
    assert "（已核实确认：张小明（1994年生）与户主关系为“之父”" in summary


def test_the_api_restores_a_head_once_confirm_unusual_is_given(family, personas, login):
    m = _members(family)
    client = login(personas.cadre_a)
    url = f"/api/v1/members/{m['张大山'].pk}/restore/"
    body = {
        "reason": "误标",
        "relation": "spouse",
        "as_head": True,
        "relations": {str(m["李秀英"].pk): "spouse", str(m["张小明"].pk): "father"},
    }

    refused = client.post(url, body, content_type="application/json")

    assert refused.status_code == 400, refused.content.decode()
    assert refused.json()[relation_field(m["张小明"].pk)] == [OLDER_FATHER]
    assert refused.json()[CONFIRM_FIELD] == [MSG_CONFIRM_API]
    saved = client.post(url, {**body, "confirm_unusual": True}, content_type="application/json")
    assert saved.status_code == 200, saved.content.decode()
    family.refresh_from_db()
    assert family.head_name == "张大山"


def test_a_minor_restored_as_head_over_the_current_head_is_asked_about_at_restore_as_head(personas, county):
    # 王小芳 (16) headed the household; marked 迁出 by mistake, her grandmother took over.
    household = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[
            member_row("王小芳", Relation.HEAD, dt.date(today().year - 16, 1, 5), 22, student_stage="senior"),
            member_row("刘桂兰", Relation.GRANDMOTHER, dt.date(1950, 2, 2), 44),
        ],
        household_type=HouseholdType.ORDINARY,
    )
    m = _members(household)
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=m["王小芳"],
        status=LivingStatus.MOVED_OUT,
        on=today(),
        new_head=m["刘桂兰"],
        relations={},
        confirm_unusual=True,
    )
    kwargs = {"actor": personas.cadre_a, "member": m["王小芳"], "reason": "误标", "relation": Relation.GRANDDAUGHTER}
    relations = {m["刘桂兰"].pk: Relation.GRANDMOTHER}

    with pytest.raises(ValidationError) as refused:
        member_restore(**kwargs, as_head=True, relations=relations)

    assert refused.value.message_dict["as_head"][0].startswith("新户主王小芳未满18周岁（")
    member_restore(**kwargs, as_head=True, relations=relations, confirm_unusual=True)
    household.refresh_from_db()
    assert household.head_name == "王小芳"
