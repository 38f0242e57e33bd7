"""标记已故/迁出 and 撤销标记 through the API (POST /api/v1/members/{id}/set-status/ and /restore/): the services
the member pages call, with their rules, history and audit; scoped (another village's member is a 404), edit roles
only (403 in Chinese), bad input a 400 naming the field, and a mark the member's state does not allow a 409."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from config.api import MSG_NOT_FOUND
from households.api import MSG_READ_ONLY
from households.api_members import MSG_STATUS_REQUIRED
from households.choices import LivingStatus, Relation
from households.models import HouseholdEvent, Member
from households.services.member_restore import MSG_ALREADY_LIVING, MSG_REASON_REQUIRED, MSG_RELATION_NOT_HEAD
from households.services.member_status import (
    MSG_HEAD_NEEDS_SUCCESSOR,
    MSG_RELATION_REQUIRED,
    MSG_STATUS_DATE_FUTURE,
    member_set_status,
    relation_field,
)
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _member(household, name: str) -> Member:
    return household.members.get(name=name)


def _audited(action: str, member: Member, actor) -> bool:
    return AuditEvent.objects.filter(
        action=action, object_type="households.member", object_id=str(member.pk), actor=actor
    ).exists()


def test_a_cadre_marks_a_son_deceased_with_the_history_and_the_audit(household_a, personas, login):
    son = _member(household_a, "张小明")
    client = login(personas.cadre_a)
    url = f"/api/v1/members/{son.pk}/set-status/"

    response = post(client, url, {"living_status": "deceased", "on": today().isoformat(), "reason": "病故"})

    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert body["member"]["id"] == son.pk and body["member"]["living_status"] == LivingStatus.DECEASED
    assert body["income_recomputed"] is False  # no income entered for this year
    son.refresh_from_db()
    assert son.living_status == LivingStatus.DECEASED and son.status_changed_on == today()
    event = HouseholdEvent.objects.filter(household=household_a, member=son).latest("pk")
    assert event.summary == f"张小明 标记为已故（{today():%Y-%m-%d}）：病故"
    assert _audited("member.status", son, personas.cadre_a)
    assert_matches_schema(openapi(client), "/api/v1/members/{id}/set-status/", "post", response)


def test_a_head_moving_out_hands_over_to_the_new_head_with_every_relation(household_a, personas, login):
    head, wife, son = (_member(household_a, n) for n in ("张大山", "李秀英", "张小明"))
    client = login(personas.township)  # a township officer may edit the registry, as on the page
    url = f"/api/v1/members/{head.pk}/set-status/"
    body = {"living_status": "moved_out", "on": today().isoformat(), "new_head": wife.pk, "left_reason": "work"}

    missing = post(client, url, body)
    response = post(client, url, {**body, "relations": {str(son.pk): "son"}})

    assert missing.status_code == 400
    assert missing.json() == {relation_field(son.pk): [MSG_RELATION_REQUIRED.format(name="张小明")]}
    assert response.status_code == 200, response.content.decode()
    household_a.refresh_from_db()
    assert household_a.head_name == "李秀英"
    living = household_a.members.filter(living_status=LivingStatus.LIVING)
    assert {m.name: m.relation for m in living} == {"李秀英": Relation.HEAD, "张小明": Relation.SON}
    assert _audited("member.status", head, personas.township)
    assert _audited("member.update", wife, personas.township)  # 李秀英 成为新户主


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"on": "TODAY"}, "living_status", MSG_STATUS_REQUIRED),
        ({"living_status": "deceased", "on": "TOMORROW"}, "on", MSG_STATUS_DATE_FUTURE),
        ({"living_status": "deceased", "on": "2026-13-01"}, "on", "日期格式应为 YYYY-MM-DD（如 2026-03-01）。"),
        ({"living_status": "deceased", "on": "TODAY", "new_head": "x"}, "new_head", "家庭成员ID应为整数。"),
    ],
)
def test_bad_input_is_a_chinese_400_naming_the_field_and_marks_nobody(
    body, field, message, household_a, personas, login
):
    son = _member(household_a, "张小明")
    days = {"TODAY": today(), "TOMORROW": today() + dt.timedelta(days=1)}
    body = {key: days[value].isoformat() if value in days else value for key, value in body.items()}

    response = post(login(personas.cadre_a), f"/api/v1/members/{son.pk}/set-status/", body)

    assert response.status_code == 400
    assert response.json()[field] == [message]
    son.refresh_from_db()
    assert son.living_status == LivingStatus.LIVING


def test_living_is_no_status_to_set_and_a_head_needs_a_successor(household_a, personas, login):
    head, son = _member(household_a, "张大山"), _member(household_a, "张小明")
    client = login(personas.cadre_a)

    living = post(client, f"/api/v1/members/{son.pk}/set-status/", {"living_status": "living", "on": str(today())})
    no_successor = post(
        client, f"/api/v1/members/{head.pk}/set-status/", {"living_status": "deceased", "on": str(today())}
    )

    assert living.status_code == 400 and "restore" in living.json()["living_status"][0]
    assert no_successor.status_code == 400 and no_successor.json() == {"new_head": [MSG_HEAD_NEEDS_SUCCESSOR]}
    assert household_a.members.filter(living_status=LivingStatus.LIVING).count() == 3


def test_marking_a_member_already_deceased_is_a_409(household_a, personas, login):
    son = _member(household_a, "张小明")
    member_set_status(left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.DECEASED, on=today())
    events = HouseholdEvent.objects.count()

    response = post(
        login(personas.cadre_a),
        f"/api/v1/members/{son.pk}/set-status/",
        {"living_status": "deceased", "on": str(today())},
    )

    assert response.status_code == 409
    assert response.json()["detail"] == f"该成员已故（{today():%Y-%m-%d}），如需更改请先撤销标记。"
    assert HouseholdEvent.objects.count() == events


def test_a_wrong_mark_is_undone_with_the_reason_in_the_history_and_the_audit(household_a, personas, login):
    son = _member(household_a, "张小明")
    member_set_status(left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.DECEASED, on=today())
    client = login(personas.cadre_a)
    url = f"/api/v1/members/{son.pk}/restore/"

    response = post(client, url, {"reason": "误标了同名成员", "relation": "son"})

    assert response.status_code == 200, response.content.decode()
    assert response.json()["living_status"] == LivingStatus.LIVING
    son.refresh_from_db()
    assert son.living_status == LivingStatus.LIVING and son.status_changed_on is None
    assert HouseholdEvent.objects.filter(
        household=household_a, summary="撤销 张小明 的“已故”标记，恢复为在世：误标了同名成员"
    ).exists()
    assert _audited("member.restore", son, personas.cadre_a)
    assert_matches_schema(openapi(client), "/api/v1/members/{id}/restore/", "post", response)


def test_a_restore_without_a_reason_or_as_a_second_head_is_a_400_naming_the_field(household_a, personas, login):
    son = _member(household_a, "张小明")
    member_set_status(left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=today())
    client = login(personas.cadre_a)
    url = f"/api/v1/members/{son.pk}/restore/"

    no_reason = post(client, url, {"reason": "  ", "relation": "son"})
    second_head = post(client, url, {"reason": "误标", "relation": "head"})

    assert no_reason.status_code == 400 and no_reason.json() == {"reason": [MSG_REASON_REQUIRED]}
    assert second_head.status_code == 400
    assert second_head.json() == {"relation": [MSG_RELATION_NOT_HEAD.format(head="张大山")]}
    son.refresh_from_db()
    assert son.living_status == LivingStatus.MOVED_OUT


def test_restoring_a_member_who_is_living_is_a_409(household_a, personas, login):
    son = _member(household_a, "张小明")

    response = post(
        login(personas.cadre_a), f"/api/v1/members/{son.pk}/restore/", {"reason": "误标", "relation": "son"}
    )

    assert response.status_code == 409
    assert response.json()["detail"] == MSG_ALREADY_LIVING
    assert not AuditEvent.objects.filter(action="member.restore").exists()


@pytest.mark.parametrize("action", ["set-status", "restore"])
def test_a_cadre_of_another_village_gets_a_404(action, household_a, personas, login):
    son = _member(household_a, "张小明")
    if action == "restore":
        member_set_status(
            left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.DECEASED, on=today()
        )
    before = son.living_status if action == "set-status" else LivingStatus.DECEASED
    body = {"living_status": "deceased", "on": str(today()), "reason": "误标", "relation": "son"}

    response = post(login(personas.cadre_b), f"/api/v1/members/{son.pk}/{action}/", body)

    # The record's 404 ("not found, or not yours"), not the one of an address the API does not have.
    assert response.status_code == 404 and response.json() == {"detail": MSG_NOT_FOUND}
    son.refresh_from_db()
    assert son.living_status == before


@pytest.mark.parametrize(
    "persona, message",
    [("clerk", "您的角色无权使用此接口。"), ("official", MSG_READ_ONLY), ("approver", MSG_READ_ONLY)],
)
@pytest.mark.parametrize("action", ["set-status", "restore"])
def test_roles_that_may_not_edit_the_registry_get_a_403_in_chinese(
    action, persona, message, household_a, personas, login
):
    son = _member(household_a, "张小明")
    body = {"living_status": "deceased", "on": str(today()), "reason": "误标", "relation": "son"}

    response = post(login(getattr(personas, persona)), f"/api/v1/members/{son.pk}/{action}/", body)

    assert response.status_code == 403
    assert response.json() == {"detail": message}
    son.refresh_from_db()
    assert son.living_status == LivingStatus.LIVING


def test_restoring_the_only_member_under_another_relation_says_to_send_head(personas, county, login):
    from households.api_members import MSG_MUST_BE_HEAD_CODE
    from households.services import registry
    from tests.households.conftest import member_row

    household = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[member_row("孤老汉", Relation.HEAD, dt.date(1940, 1, 1), 11)],
        household_type="ordinary",
    )
    alone = household.members.get()
    member_set_status(
        left_reason="work", actor=personas.cadre_a, member=alone, status=LivingStatus.DECEASED, on=today()
    )
    client = login(personas.cadre_a)

    refused = post(client, f"/api/v1/members/{alone.pk}/restore/", {"reason": "误标", "relation": "father"})
    restored = post(client, f"/api/v1/members/{alone.pk}/restore/", {"reason": "误标", "relation": "head"})

    assert refused.status_code == 400
    assert refused.json() == {"relation": [MSG_MUST_BE_HEAD_CODE]}
    assert "请填写 relation 为 head（户主）" in MSG_MUST_BE_HEAD_CODE
    assert restored.status_code == 200
