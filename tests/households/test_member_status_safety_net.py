"""A member on 低保/特困 marked 已故 or 迁出 (review: the mark quietly deleted the registration, so nobody asked 民政 to
stop paying and the data check 已故或迁出成员仍登记享受低保/特困 could never catch a new case): the registration stays
until 停止登记, the page and the message say to tell 民政, the check lists the member, and undoing a wrong mark
(also one made before, which did end it) puts back what the mark changed."""

import html
import json
import re

import pytest

from households.choices import AssistanceStatus, LivingStatus, Relation
from households.data_checks import BY_CODE, check_findings
from households.models import HouseholdEvent
from households.services.member_restore import member_restore
from households.services.member_status import member_set_status
from tests.clock import today

pytestmark = pytest.mark.django_db

STOP = "该成员登记享受低保/特困，请告知民政部门停发"


def _on_dibao(household):
    son = household.members.get(name="张小明")
    son.assistance_status = AssistanceStatus.DIBAO
    son.save(update_fields=["assistance_status"])
    return son


def _gone_on_safety_net(actor) -> set[str]:
    return {m.name for m in check_findings(actor=actor, check=BY_CODE["gone_on_safety_net"], today=today())}


def test_marking_keeps_the_dibao_says_to_tell_civil_affairs_and_the_check_lists_the_member(
    household_a, personas, login
):
    son = _on_dibao(household_a)
    client = login(personas.cadre_a)
    url = f"/households/members/{son.pk}/status/"

    form = client.get(url).content.decode()
    assert form.count(f'data-notice="safety-net">{STOP}') == 1  # on the page
    rules = json.loads(html.unescape(re.search(r'data-confirm-rules="([^"]*)"', form).group(1)))
    assert rules and all(STOP in rule["ask"] for rule in rules)  # and in the confirmation asked before saving

    page = client.post(url, {"status": "deceased", "on": today().isoformat()}, follow=True).content.decode()

    assert f"已将 张小明 标记为已故。{STOP}。" in page
    son.refresh_from_db()
    assert (son.living_status, son.assistance_status) == (LivingStatus.DECEASED, AssistanceStatus.DIBAO)
    event = HouseholdEvent.objects.filter(member=son).latest("pk")
    assert "待民政部门停发" in event.summary
    assert [c["field"] for c in event.changes] == ["living_status", "left_reason"]  # 减少原因 死亡
    assert _gone_on_safety_net(personas.cadre_a) == {"张小明"}
    listing = client.get("/households/checks/gone_on_safety_net/").content.decode()
    assert "张小明" in listing and "仍登记为低保" in listing

    client.post(f"/households/members/{son.pk}/safety-net-end/")  # 民政 has stopped it
    son.refresh_from_db()
    assert son.assistance_status == AssistanceStatus.NONE
    assert _gone_on_safety_net(personas.cadre_a) == set()


def test_a_member_without_dibao_is_marked_without_the_notice(household_a, personas, login):
    son = household_a.members.get(name="张小明")
    client = login(personas.cadre_a)
    url = f"/households/members/{son.pk}/status/"

    assert STOP not in client.get(url).content.decode()
    page = client.post(
        url, {"status": "moved_out", "on": today().isoformat(), "left_reason": "work"}, follow=True
    ).content.decode()
    assert "已将 张小明 标记为迁出。" in page and STOP not in page


def test_the_api_says_the_member_is_still_registered(household_a, personas, login):
    son = _on_dibao(household_a)
    body = (
        login(personas.cadre_a)
        .post(
            f"/api/v1/members/{son.pk}/set-status/",
            {"living_status": "moved_out", "on": today().isoformat(), "left_reason": "work"},
        )
        .json()
    )
    assert body["safety_net_registered"] is True
    assert body["member"]["assistance_status"] == AssistanceStatus.DIBAO


def test_undoing_a_wrong_mark_leaves_the_member_on_dibao(household_a, personas):
    son = _on_dibao(household_a)
    member_set_status(left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.DECEASED, on=today())

    member_restore(actor=personas.cadre_a, member=son, reason="误标", relation=Relation.SON)

    son.refresh_from_db()
    assert (son.living_status, son.assistance_status) == (LivingStatus.LIVING, AssistanceStatus.DIBAO)
    assert _gone_on_safety_net(personas.cadre_a) == set()


def _old_mark(household, son, net: str = "低保") -> None:
    """A mark made before marks left 低保/特困 as it was: it ended the registration, its history row says so."""
    son.living_status, son.assistance_status = LivingStatus.DECEASED, AssistanceStatus.NONE
    son.save(update_fields=["living_status", "assistance_status"])
    HouseholdEvent.objects.create(
        household=household,
        member=son,
        region_path=household.region_path,
        summary="张小明 标记为已故",
        changes=[
            {"field": "living_status", "label": "状态", "old": "在世", "new": "已故"},
            {"field": "assistance_status", "label": "低保/特困", "old": net, "new": "无"},
        ],
    )


def test_undoing_an_earlier_mark_that_ended_the_registration_gives_it_back(household_a, personas):
    son = household_a.members.get(name="张小明")
    _old_mark(household_a, son, "特困供养")

    member_restore(actor=personas.cadre_a, member=son, reason="误标", relation=Relation.SON)

    son.refresh_from_db()
    assert son.assistance_status == AssistanceStatus.TEKUN
    event = HouseholdEvent.objects.filter(member=son).latest("pk")
    assert {"field": "assistance_status", "label": "低保/特困", "old": "无", "new": "特困供养"} in event.changes


def test_a_registration_changed_after_the_mark_is_not_brought_back(household_a, personas):
    son = household_a.members.get(name="张小明")
    _old_mark(household_a, son)
    HouseholdEvent.objects.create(
        household=household_a,
        member=son,
        region_path=household_a.region_path,
        summary="张小明（已故）的低保登记已停止",
        changes=[{"field": "assistance_status", "label": "低保/特困", "old": "低保", "new": "无"}],
    )

    member_restore(actor=personas.cadre_a, member=son, reason="误标", relation=Relation.SON)

    son.refresh_from_db()
    assert son.assistance_status == AssistanceStatus.NONE
