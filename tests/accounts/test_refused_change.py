"""A working cadre's scope changed by the system admin: the change waits apart for the security admin, and the cadre
keeps working in the role and scope approved before (accounts.approvals); a refusal drops the change and the cadre
works on in the old village. An account whose password reset was pending stays closed. A deactivation ends the open
session (audited, 会话已终止, with the reason)."""

import pytest
from django.test import Client

from accounts.approvals import grant_fingerprint
from accounts.choices import Approval, Role
from accounts.models import AuditEvent, User
from accounts.views_approvals import MSG_REFUSED, MSG_REFUSED_RESTORED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

APPROVALS = "/accounts/security/approvals/"


@pytest.fixture
def cadre(county):
    return UserFactory(
        username="chengnan_zhou",
        last_name="周",
        first_name="平",
        role=Role.VILLAGE_CADRE,
        region_path=county.village_a.path,
        region_name=county.village_a.name,
    )


def _change(client, user, **overrides):
    data = {
        "last_name": user.last_name,
        "first_name": user.first_name,
        "phone": user.phone,
        "role": user.role,
        "region_path": user.region_path,
        "grid": "",
        "department": user.department,
        "is_active": "on",
    }
    if overrides.pop("deactivate", False):
        data.pop("is_active")
        data["deactivate_confirmed"] = "yes"
    return client.post(f"/admin/accounts/user/{user.pk}/change/", data | overrides, follow=True)


def _refuse(client, user, reason="调动手续未办完"):
    pick = grant_fingerprint(User.objects.get(pk=user.pk))
    return client.post(APPROVALS, {"pick": [pick], "decision": "refuse", "reason": reason}, follow=True)


def test_a_refused_scope_change_leaves_the_cadre_working_in_the_old_village(personas, county, cadre, login):
    working = login(cadre)
    _change(login(personas.system_admin), cadre, region_path=county.village_b.path)
    assert working.get("/").status_code == 200  # not shut out while the change waits

    page = _refuse(login(personas.security_admin), cadre).content.decode()

    assert MSG_REFUSED_RESTORED.format(count=1) in page and MSG_REFUSED.format(count=1) not in page
    restored = User.objects.get(pk=cadre.pk)
    assert (restored.region_path, restored.region_name) == (county.village_a.path, county.village_a.name)
    assert restored.approval == Approval.APPROVED and restored.approval_pending is None
    assert restored.approval_reason == "调动手续未办完"
    event = AuditEvent.objects.get(action="user.refuse")
    assert "拒绝账号 chengnan_zhou（村干部/网格员，城北村；原状态：角色或管辖区划变更待审核）" in event.summary
    assert "角色和管辖范围仍为原来的（村干部/网格员，城南村），可按原范围登录" in event.summary
    assert event.before == {"approval": Approval.CHANGE} and event.after["region_path"] == county.village_a.path
    assert working.get("/").status_code == 200  # the session opened before the change goes on
    again = login(cadre)  # the real login form
    assert again.get("/").status_code == 200
    assert "城南村" in again.get("/").content.decode()


def test_a_refused_change_of_an_account_whose_reset_was_pending_stays_closed(personas, county, cadre, login):
    admin = login(personas.system_admin)
    admin.post(
        f"/admin/accounts/user/{cadre.pk}/password/",
        {"new_password": "Chengnan@2026x", "new_password_confirm": "Chengnan@2026x"},
    )
    _change(admin, cadre, region_path=county.village_b.path)
    # Closed while waiting too: the reset still waits, whatever else changed since.
    waiting = Client().post("/accounts/login/", {"username": cadre.username, "password": "Chengnan@2026x"})
    assert waiting.status_code == 200
    assert "审批前该账号仍按原角色" not in login(personas.security_admin).get(APPROVALS).content.decode()

    page = _refuse(login(personas.security_admin), cadre).content.decode()

    restored = User.objects.get(pk=cadre.pk)
    assert restored.region_path == county.village_a.path and restored.approval == Approval.REFUSED
    assert MSG_REFUSED.format(count=1) in page
    response = Client().post("/accounts/login/", {"username": cadre.username, "password": "Chengnan@2026x"})
    assert response.status_code == 200  # refused: the system admin knows this password


@pytest.mark.parametrize(
    ("change", "reason"),
    [({"deactivate": True}, "会话已终止：账号已停用")],
    ids=["deactivation"],
)
def test_the_session_a_change_ends_is_audited_with_the_reason(personas, cadre, login, change, reason):
    working = login(cadre)
    _change(login(personas.system_admin), cadre, **change)

    assert working.get("/").status_code == 302

    event = AuditEvent.objects.get(action="auth.session_ended")
    assert event.summary == reason and event.object_id == str(cadre.pk)
    assert event.actor_username == cadre.username
