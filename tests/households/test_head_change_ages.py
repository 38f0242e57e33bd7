"""A new head is asked about as a split's is (review of the household registry, finding 1): 更换户主 with the old head
recorded as the new head's 之子 although older, or a head marked 已故 with an 11-year-old taking over, was saved
silently. The page and the API ask, and save once "仍要保存" (confirm_unusual) is given, noting it in the history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import HouseholdType, LivingStatus, Relation
from households.models import HouseholdEvent
from households.services import registry
from households.services.confirm import CONFIRM_FIELD, CONFIRM_LABEL, MSG_CONFIRM, MSG_CONFIRM_API
from households.services.head_change import head_change
from households.services.member_status import member_set_status, relation_field
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(personas, county):
    """张大山户: the head (1968), his wife (1970) and their son (1994)."""
    rows = [
        member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11),
        member_row("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2), 22),
        member_row("张小明", Relation.SON, dt.date(1994, 9, 1), 33),
    ]
    return registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )


@pytest.fixture
def father_and_child(personas, county):
    """王建国户: a father and his 11-year-old daughter."""
    child_born = dt.date(today().year - 11, 1, 5)
    rows = [
        member_row("王建国", Relation.HEAD, dt.date(1980, 4, 1), 11),
        member_row("王小芳", Relation.DAUGHTER, child_born, 22, student_stage="primary"),
    ]
    return registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )


def _members(household) -> dict:
    return {m.name: m for m in household.members.all()}


def test_the_old_head_recorded_as_the_new_heads_son_though_older_is_asked_about_then_saved(family, personas):
    m = _members(family)
    relations = {m["张大山"].pk: Relation.SON, m["张小明"].pk: Relation.SON}

    with pytest.raises(ValidationError) as refused:
        head_change(actor=personas.cadre_a, household=family, new_head=m["李秀英"], relations=relations)

    errors = refused.value.message_dict
    assert errors[relation_field(m["张大山"].pk)] == [
        "张大山（1968年生）与户主关系为“之子”，却比户主李秀英（1970年生）年长，请核对。"
    ]
    assert errors[CONFIRM_FIELD] == [MSG_CONFIRM]
    family.refresh_from_db()
    assert family.head_name == "张大山"

    head_change(
        actor=personas.cadre_a, household=family, new_head=m["李秀英"], relations=relations, confirm_unusual=True
    )
    family.refresh_from_db()
    assert family.head_name == "李秀英"
    summary = HouseholdEvent.objects.filter(household=family).latest("pk").summary
    assert summary.startswith("更换户主：张大山 → 李秀英（已核实确认：张大山（1968年生）与户主关系为“之子”")


def test_the_api_asks_about_the_change_of_head_and_saves_with_confirm_unusual(family, personas, login):
    m = _members(family)
    client = login(personas.cadre_a)
    url = f"/api/v1/households/{family.pk}/change-head/"
    body = {"new_head": m["李秀英"].pk, "relations": {str(m["张大山"].pk): "son", str(m["张小明"].pk): "son"}}

    refused = client.post(url, body, content_type="application/json")

    assert refused.status_code == 400, refused.content.decode()
    errors = refused.json()
    assert "比户主李秀英（1970年生）年长" in errors[relation_field(m["张大山"].pk)][0]
    assert errors[CONFIRM_FIELD] == [MSG_CONFIRM_API]
    family.refresh_from_db()
    assert family.head_name == "张大山"

    saved = client.post(url, {**body, "confirm_unusual": True}, content_type="application/json")
    assert saved.status_code == 200, saved.content.decode()
    assert saved.json()["head_name"] == "李秀英"


def test_the_change_head_page_shows_the_question_and_the_box_and_saves_once_ticked(family, personas, login):
    m = _members(family)
    client = login(personas.cadre_a)
    url = f"/households/{family.pk}/change-head/"
    data = {
        "new_head": m["李秀英"].pk,
        "relations_for": m["李秀英"].pk,
        relation_field(m["张大山"].pk): "son",
        relation_field(m["张小明"].pk): "son",
    }

    page = client.post(url, data)

    html = page.content.decode()
    assert page.status_code == 200
    assert "却比户主李秀英（1970年生）年长，请核对。" in html
    assert CONFIRM_LABEL in html and f'name="{CONFIRM_FIELD}"' in html
    family.refresh_from_db()
    assert family.head_name == "张大山"

    assert client.post(url, {**data, CONFIRM_FIELD: "on"}).status_code == 302
    family.refresh_from_db()
    assert family.head_name == "李秀英"


def test_a_head_marked_deceased_with_an_11_year_old_taking_over_is_asked_about(father_and_child, personas, login):
    m = _members(father_and_child)
    client = login(personas.cadre_a)
    url = f"/api/v1/members/{m['王建国'].pk}/set-status/"
    body = {"living_status": "deceased", "on": today().isoformat(), "new_head": m["王小芳"].pk}

    refused = client.post(url, body, content_type="application/json")

    assert refused.status_code == 400, refused.content.decode()
    errors = refused.json()
    assert errors["new_head"][0].startswith("新户主王小芳未满18周岁（")
    assert "须核实" in errors["new_head"][0]
    assert errors[CONFIRM_FIELD] == [MSG_CONFIRM_API]
    assert _members(father_and_child)["王建国"].living_status == LivingStatus.LIVING

    saved = client.post(url, {**body, "confirm_unusual": True}, content_type="application/json")
    assert saved.status_code == 200, saved.content.decode()
    father_and_child.refresh_from_db()
    assert father_and_child.head_name == "王小芳"
    summary = HouseholdEvent.objects.filter(household=father_and_child, summary__contains="标记为已故").get().summary
    assert "（已核实确认：新户主王小芳未满18周岁" in summary


def test_the_status_page_asks_about_a_minor_new_head_with_the_box(father_and_child, personas, login):
    m = _members(father_and_child)
    client = login(personas.cadre_a)
    url = f"/households/members/{m['王建国'].pk}/status/"
    data = {"status": "deceased", "on": today().isoformat(), "new_head": m["王小芳"].pk}

    page = client.post(url, data)

    html = page.content.decode()
    assert "新户主王小芳未满18周岁" in html and CONFIRM_LABEL in html
    assert _members(father_and_child)["王建国"].living_status == LivingStatus.LIVING

    assert client.post(url, {**data, CONFIRM_FIELD: "on"}).status_code == 302
    assert _members(father_and_child)["王建国"].living_status == LivingStatus.DECEASED


def test_a_plausible_hand_over_is_not_asked_about(family, personas):
    m = _members(family)

    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=m["张大山"],
        status=LivingStatus.DECEASED,
        on=today(),
        new_head=m["李秀英"],
        relations={m["张小明"].pk: Relation.SON},
    )

    family.refresh_from_db()
    assert family.head_name == "李秀英"
