"""停止登记 through the API (POST /api/v1/members/{id}/safety-net-end/): a member who died or moved out while still
registered for 低保/特困 has that registration ended as the 数据逻辑校验 page's button ends it (households.views_checks,
check gone_on_safety_net), with the same history and audit; scoped (another village's member is a 404), edit roles
only (403 in Chinese), and a member the act does not fit (living, or not registered) a 409 in Chinese."""

import pytest

from accounts.models import AuditEvent
from config.api import MSG_NOT_FOUND
from households.api import MSG_READ_ONLY
from households.choices import AssistanceStatus, LivingStatus, Relation
from households.data_checks import BY_CODE, check_findings
from households.models import HouseholdEvent, Member
from households.services.member_status import MSG_NO_SAFETY_NET, MSG_SAFETY_NET_LIVING
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _gone_on(household, name: str, *, status=LivingStatus.DECEASED, net=AssistanceStatus.DIBAO) -> Member:
    """A member registered before member_set_status ended 低保/特困 with the mark (or imported so)."""
    return MemberFactory(
        household=household,
        name=name,
        relation=Relation.FATHER,
        living_status=status,
        status_changed_on=today(),
        assistance_status=net,
    )


def _url(member: Member) -> str:
    return f"/api/v1/members/{member.pk}/safety-net-end/"


def _trail(member: Member) -> tuple[tuple[str, list], tuple[str, str, dict, dict]]:
    """What the act left: the history row (summary, changes) and the audit event (action, summary, before, after)."""
    event = HouseholdEvent.objects.filter(member=member).latest("pk")
    audit = AuditEvent.objects.filter(object_type="households.member", object_id=str(member.pk)).latest("pk")
    return (event.summary, event.changes), (audit.action, audit.summary, audit.before, audit.after)


def _gone_on_safety_net(actor) -> set[str]:
    return {m.name for m in check_findings(actor=actor, check=BY_CODE["gone_on_safety_net"], today=today())}


def test_the_api_ends_the_registration_as_the_check_page_does_with_the_same_history_and_audit(
    household_a, personas, login
):
    by_page = _gone_on(household_a, "王已故")
    by_api = _gone_on(household_a, "王迁出", status=LivingStatus.MOVED_OUT, net=AssistanceStatus.TEKUN)
    client = login(personas.cadre_a)
    assert _gone_on_safety_net(personas.cadre_a) == {"王已故", "王迁出"}

    page = client.post(f"/households/members/{by_page.pk}/safety-net-end/")
    response = client.post(_url(by_api))

    assert page.status_code == 302
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert body["id"] == by_api.pk
    assert (body["assistance_status"], body["assistance_status_display"]) == (AssistanceStatus.NONE, "无")
    assert (body["living_status"], body["living_status_display"]) == (LivingStatus.MOVED_OUT, "迁出")
    assert _gone_on_safety_net(personas.cadre_a) == set()  # the data check no longer finds either
    for member in (by_page, by_api):
        member.refresh_from_db()
        assert member.assistance_status == AssistanceStatus.NONE
    (page_summary, page_changes), page_audit = _trail(by_page)
    (api_summary, api_changes), api_audit = _trail(by_api)
    assert page_summary == "王已故（已故）的低保登记已停止"
    assert api_summary == "王迁出（迁出）的特困供养登记已停止"
    assert page_changes == [{"field": "assistance_status", "label": "低保/特困", "old": "低保", "new": "无"}]
    assert api_changes == [{"field": "assistance_status", "label": "低保/特困", "old": "特困供养", "new": "无"}]
    assert page_audit == (
        "member.update",
        f"{household_a.number}：{page_summary}",
        {"assistance_status": "低保"},
        {"assistance_status": "无"},
    )
    assert api_audit == (
        "member.update",
        f"{household_a.number}：{api_summary}",
        {"assistance_status": "特困供养"},
        {"assistance_status": "无"},
    )
    assert AuditEvent.objects.get(action="member.update", object_id=str(by_api.pk)).actor == personas.cadre_a
    assert_matches_schema(openapi(client), "/api/v1/members/{id}/safety-net-end/", "post", response)


@pytest.mark.parametrize(
    "living, net, message",
    [
        (LivingStatus.LIVING, AssistanceStatus.DIBAO, MSG_SAFETY_NET_LIVING),
        (LivingStatus.DECEASED, AssistanceStatus.NONE, MSG_NO_SAFETY_NET),
        (LivingStatus.MOVED_OUT, "", MSG_NO_SAFETY_NET),
    ],
)
def test_a_living_member_or_one_not_registered_is_a_409_in_chinese_as_the_page_refuses_it(
    living, net, message, household_a, personas, login
):
    member = _gone_on(household_a, "王某", status=living, net=net)
    client = login(personas.cadre_a)
    events, audits = HouseholdEvent.objects.count(), AuditEvent.objects.count()

    response = client.post(_url(member))
    page = client.post(f"/households/members/{member.pk}/safety-net-end/", follow=True)

    assert response.status_code == 409
    assert response.json()["detail"] == message
    assert message in page.content.decode()  # the page's refusal, word for word
    member.refresh_from_db()
    assert member.assistance_status == net
    assert (HouseholdEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


def test_a_cadre_of_another_village_gets_a_404_and_the_registration_stays(household_a, personas, login):
    member = _gone_on(household_a, "王已故")

    response = login(personas.cadre_b).post(_url(member))

    assert response.status_code == 404 and response.json() == {"detail": MSG_NOT_FOUND}
    member.refresh_from_db()
    assert member.assistance_status == AssistanceStatus.DIBAO


def test_a_township_officer_may_end_it_as_on_the_page(household_a, personas, login):
    member = _gone_on(household_a, "王已故")

    response = login(personas.township).post(_url(member))

    assert response.status_code == 200, response.content.decode()
    assert response.json()["assistance_status_display"] == "无"


@pytest.mark.parametrize(
    "persona, message",
    [("clerk", "您的角色无权使用此接口。"), ("official", MSG_READ_ONLY), ("approver", MSG_READ_ONLY)],
)
def test_roles_that_may_not_edit_the_registry_get_a_403_in_chinese(persona, message, household_a, personas, login):
    member = _gone_on(household_a, "王已故")

    response = login(getattr(personas, persona)).post(_url(member))

    assert response.status_code == 403
    assert response.json() == {"detail": message}
    member.refresh_from_db()
    assert member.assistance_status == AssistanceStatus.DIBAO
