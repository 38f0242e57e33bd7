"""迁入他户 and 分户 through the API (POST /api/v1/members/{id}/transfer/, /api/v1/households/{id}/split/): the
services the member pages call, offering the choices their forms offer; scoped (another village's record is a
404), edit roles only (403), bad input a 400 naming the field, a member whose state forbids the move a 409, and a
split the service asks about ("仍要保存") done only once confirm_unusual is sent."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from config.api import MSG_NOT_FOUND
from households.api import MSG_READ_ONLY
from households.api_moves import MSG_SPLIT_MEMBER_INVALID, MSG_SPLIT_MEMBERS, MSG_TARGET_NOT_FOUND
from households.choices import HouseholdType, LivingStatus, Relation
from households.models import Household, HouseholdEvent
from households.services import registry
from households.services.confirm import MSG_CONFIRM_API
from households.services.member_status import member_set_status
from households.services.moves import (
    MSG_NOT_LIVING,
    MSG_SPLIT_NEEDS_HEAD,
    MSG_TRANSFER_HEAD,
    MSG_TRANSFER_TARGET_HEAD,
)
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def neighbour(personas, county):
    """王大力户, also in village A: where a member of 张大山户 may move."""
    rows = [member_row("王大力", Relation.HEAD, dt.date(1960, 4, 4), 51)]
    return registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )


@pytest.fixture
def family(personas, county):
    """刘老汉户 of village A: the head, his wife, their grown-up son and the son's wife, who may set up their own."""
    rows = [
        member_row("刘老汉", Relation.HEAD, dt.date(1958, 2, 2), 13),
        member_row("陈桂兰", Relation.SPOUSE, dt.date(1960, 6, 6), 24),
        member_row("刘建国", Relation.SON, dt.date(1988, 8, 8), 35),
        member_row("赵小红", Relation.DAUGHTER_IN_LAW, dt.date(1990, 10, 10), 46),
    ]
    return registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type=HouseholdType.LIFTED_OUT
    )


def _audited(action: str, target, actor) -> bool:
    return AuditEvent.objects.filter(
        action=action, object_type=target._meta.label_lower, object_id=str(target.pk), actor=actor
    ).exists()


def test_a_son_moves_into_another_household_of_the_village_with_both_histories(household_a, neighbour, personas, login):
    son = household_a.members.get(name="张小明")
    client = login(personas.cadre_a)

    response = post(client, f"/api/v1/members/{son.pk}/transfer/", {"target": neighbour.pk, "relation": "grandson"})

    assert response.status_code == 200, response.content.decode()
    assert response.json()["household"] == neighbour.pk and response.json()["relation"] == Relation.GRANDSON
    son.refresh_from_db()
    assert son.household_id == neighbour.pk and son.region_path == neighbour.region_path
    assert HouseholdEvent.objects.filter(
        household=household_a, summary=f"张小明 迁出至农户 {neighbour.number}（减少原因：户间迁移）"
    ).exists()
    assert _audited("member.transfer_out", son, personas.cadre_a)
    assert _audited("member.transfer_in", son, personas.cadre_a)
    assert_matches_schema(openapi(client), "/api/v1/members/{id}/transfer/", "post", response)


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"relation": "grandson"}, "target", "请填写迁入的农户ID。"),
        ({"target": "OWN", "relation": "grandson"}, "target", MSG_TARGET_NOT_FOUND),
        ({"target": "OTHER_VILLAGE", "relation": "grandson"}, "target", MSG_TARGET_NOT_FOUND),
        ({"target": "NEIGHBOUR"}, "relation", "请选择该成员与迁入农户户主的关系。"),
        ({"target": "NEIGHBOUR", "relation": "head"}, "relation", MSG_TRANSFER_TARGET_HEAD),
    ],
)
def test_a_bad_transfer_is_a_chinese_400_naming_the_field(
    body, field, message, household_a, household_b, neighbour, personas, login
):
    son = household_a.members.get(name="张小明")
    ids = {"OWN": household_a.pk, "OTHER_VILLAGE": household_b.pk, "NEIGHBOUR": neighbour.pk}
    body = {key: ids.get(value, value) for key, value in body.items()}

    response = post(login(personas.cadre_a), f"/api/v1/members/{son.pk}/transfer/", body)

    assert response.status_code == 400
    assert response.json()[field] == [message]
    son.refresh_from_db()
    assert son.household_id == household_a.pk


@pytest.mark.parametrize("who, message", [("head", MSG_TRANSFER_HEAD), ("deceased", MSG_NOT_LIVING)])
def test_moving_the_head_or_a_member_no_longer_living_is_a_409(who, message, household_a, neighbour, personas, login):
    member = household_a.members.get(name="张大山" if who == "head" else "张小明")
    if who == "deceased":
        member_set_status(
            left_reason="work", actor=personas.cadre_a, member=member, status=LivingStatus.DECEASED, on=today()
        )

    response = post(
        login(personas.cadre_a), f"/api/v1/members/{member.pk}/transfer/", {"target": neighbour.pk, "relation": "other"}
    )

    assert response.status_code == 409
    assert response.json()["detail"] == message
    member.refresh_from_db()
    assert member.household_id == household_a.pk


def test_a_son_and_his_wife_split_off_into_a_new_household_of_the_same_village(family, personas, login):
    son, wife = family.members.get(name="刘建国"), family.members.get(name="赵小红")
    client = login(personas.cadre_a)

    response = post(
        client, f"/api/v1/households/{family.pk}/split/", {"members": [son.pk, wife.pk], "new_head": son.pk}
    )

    assert response.status_code == 201, response.content.decode()
    new = Household.objects.get(pk=response.json()["household"]["id"])
    assert response.json()["source"]["id"] == family.pk
    assert response.json()["household"]["head_name"] == "刘建国"
    assert new.village_id == family.village_id and new.household_type == family.household_type
    assert {m.name: m.relation for m in new.members.all()} == {"刘建国": Relation.HEAD, "赵小红": Relation.SPOUSE}
    assert sorted(family.members.values_list("name", flat=True)) == ["刘老汉", "陈桂兰"]
    assert _audited("household.split", family, personas.cadre_a)
    assert _audited("household.create", new, personas.cadre_a)
    assert_matches_schema(openapi(client), "/api/v1/households/{id}/split/", "post", response)


def test_a_minor_new_head_is_asked_about_and_the_split_is_done_once_confirmed(household_a, personas, login):
    pupil = household_a.members.get(name="张小明")  # born 2012: under 18
    client = login(personas.cadre_a)
    url = f"/api/v1/households/{household_a.pk}/split/"
    body = {"members": [pupil.pk], "new_head": pupil.pk}

    asked = post(client, url, body)

    assert asked.status_code == 400
    assert asked.json()["confirm_unusual"] == [MSG_CONFIRM_API]
    assert asked.json()["new_head"][0].startswith("新户主张小明未满18周岁")
    assert Household.objects.count() == 1

    confirmed = post(client, url, {**body, "confirm_unusual": True})

    assert confirmed.status_code == 201, confirmed.content.decode()
    new = Household.objects.get(pk=confirmed.json()["household"]["id"])
    created = HouseholdEvent.objects.get(household=new)
    assert "已核实确认：新户主张小明未满18周岁" in created.summary
    assert _audited("household.create", new, personas.cadre_a)


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"members": [], "new_head": "SON"}, "members", MSG_SPLIT_MEMBERS),
        ({"new_head": "SON"}, "members", MSG_SPLIT_MEMBERS),
        ({"members": ["HEAD"], "new_head": "HEAD"}, "members", MSG_SPLIT_MEMBER_INVALID.format(pk_value="HEAD")),
        ({"members": ["OUTSIDER"], "new_head": "SON"}, "members", MSG_SPLIT_MEMBER_INVALID.format(pk_value="OUTSIDER")),
        ({"members": ["SON"]}, "new_head", "请选择新户的户主（分出成员之一的ID）。"),
        ({"members": ["SON"], "new_head": "WIFE"}, "new_head", MSG_SPLIT_NEEDS_HEAD),
    ],
)
def test_a_bad_split_is_a_chinese_400_naming_the_field(body, field, message, family, household_b, personas, login):
    ids = {
        "SON": family.members.get(name="刘建国").pk,
        "WIFE": family.members.get(name="赵小红").pk,
        "HEAD": family.members.get(name="刘老汉").pk,
        "OUTSIDER": household_b.members.get().pk,
    }
    body = {k: [ids[v] for v in value] if isinstance(value, list) else ids[value] for k, value in body.items()}
    message = message.replace("HEAD", str(ids["HEAD"])).replace("OUTSIDER", str(ids["OUTSIDER"]))

    response = post(login(personas.cadre_a), f"/api/v1/households/{family.pk}/split/", body)

    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert family.members.count() == 4 and Household.objects.count() == 2


def test_a_cadre_of_another_village_gets_a_404(household_a, neighbour, personas, login):
    son = household_a.members.get(name="张小明")
    client = login(personas.cadre_b)

    transfer = post(client, f"/api/v1/members/{son.pk}/transfer/", {"target": neighbour.pk, "relation": "other"})
    split = post(client, f"/api/v1/households/{household_a.pk}/split/", {"members": [son.pk], "new_head": son.pk})

    # The record's 404 ("not found, or not yours"), not the one of an address the API does not have.
    for response in (transfer, split):
        assert response.status_code == 404 and response.json() == {"detail": MSG_NOT_FOUND}
    assert household_a.members.count() == 3


@pytest.mark.parametrize("persona, message", [("clerk", "您的角色无权使用此接口。"), ("official", MSG_READ_ONLY)])
def test_roles_that_may_not_edit_the_registry_get_a_403_in_chinese(
    persona, message, household_a, neighbour, personas, login
):
    son = household_a.members.get(name="张小明")
    client = login(getattr(personas, persona))

    transfer = post(client, f"/api/v1/members/{son.pk}/transfer/", {"target": neighbour.pk, "relation": "other"})
    split = post(
        client,
        f"/api/v1/households/{household_a.pk}/split/",
        {"members": [son.pk], "new_head": son.pk, "confirm_unusual": True},
    )

    for response in (transfer, split):
        assert response.status_code == 403
        assert response.json() == {"detail": message}
    assert household_a.members.count() == 3
