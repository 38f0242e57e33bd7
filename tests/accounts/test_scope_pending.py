"""A cadre moved to another village by the system admin (a scope change, 三员: it waits for the security admin's
approval) keeps working in the village last approved until the move is approved; the new village applies only then,
and a refusal leaves the old one. The cadre and the system admin see that a change waits (管辖范围变更待审批).

Before, the new village was saved over the old one and the account was closed until the decision: the cadre saw
nothing and could not work."""

import re

import pytest

from accounts.approvals import grant_fingerprint
from accounts.choices import Approval
from accounts.models import AuditEvent, User
from accounts.services import user_create, user_update
from households.models import Household
from tests.factories import HouseholdFactory
from tests.households.conftest import numbered

pytestmark = pytest.mark.django_db

APPROVALS = "/accounts/security/approvals/"
PENDING_NOTE = "管辖范围变更待审批：管辖区划 城南村 → 城北村"


@pytest.fixture
def homes(county):
    return {
        "old": HouseholdFactory(village=county.village_a, number="HSOUTH0001", head_name=numbered("南户主", 1)),
        "new": HouseholdFactory(village=county.village_b, number="HNORTH0001", head_name=numbered("北户主", 1)),
    }


def _move(client, cadre, village):
    data = {
        "last_name": cadre.last_name,
        "first_name": cadre.first_name,
        "phone": cadre.phone,
        "role": cadre.role,
        "region_path": village.path,
        "grid": "",
        "department": cadre.department,
        "is_active": "on",
    }
    return client.post(f"/admin/accounts/user/{cadre.pk}/change/", data, follow=True)


def _decide(client, cadre, decision):
    pick = grant_fingerprint(User.objects.get(pk=cadre.pk))
    return client.post(APPROVALS, {"pick": [pick], "decision": decision, "reason": ""}, follow=True)


def _seen(client) -> set[str]:
    """The household numbers the cadre's list shows, and what the rows the cadre's account opens hold."""
    page = client.get("/households/")
    assert page.status_code == 200
    return {number for number in ("HSOUTH0001", "HNORTH0001") if number in page.content.decode()}


def _visible(cadre) -> set[str]:
    """As a background job reads the account (an export, a nightly run): from the database, not the session."""
    return set(Household.objects.visible_to(User.objects.get(pk=cadre.pk)).values_list("number", flat=True))


def test_the_cadre_works_in_the_old_village_while_the_move_waits_and_in_the_new_one_once_approved(
    personas, county, homes, login
):
    cadre = personas.cadre_a
    working = login(cadre)
    admin = login(personas.system_admin)

    saved = re.sub(r"\s+", " ", _move(admin, cadre, county.village_b).content.decode())

    assert _seen(working) == {"HSOUTH0001"} and _visible(cadre) == {"HSOUTH0001"}
    assert login(cadre).get("/").status_code == 200  # a new login too
    home = re.sub(r"\s+", " ", working.get("/").content.decode())
    assert PENDING_NOTE in home and "您仍按现在的角色和管辖范围（城南村）工作" in home
    me = working.get("/api/v1/me/").json()
    assert (me["region_path"], me["scope_change_pending"]) == (county.village_a.path, PENDING_NOTE)
    assert "审批前该用户仍按原角色和管辖范围（村干部/网格员，城南村）工作" in saved
    user_page = re.sub(r"\s+", " ", admin.get(f"/admin/accounts/user/{cadre.pk}/change/").content.decode())
    assert PENDING_NOTE in user_page and "审批前该用户仍按原角色和管辖范围（村干部/网格员，城南村）工作" in user_page
    listed = re.sub(r"\s+", " ", admin.get("/admin/accounts/user/").content.decode())
    assert f"{PENDING_NOTE}（审批前按原范围工作）" in listed
    # The form shows the village asked for: saved again unchanged, the change still waits.
    assert re.search(rf'<option value="{county.village_b.path}"[^>]* selected', user_page)
    asked = login(personas.security_admin).get(APPROVALS).content.decode()
    assert "管辖区划：<strong>城北村</strong>" in asked and "审批前该账号仍按原角色和管辖范围工作" in asked

    _decide(login(personas.security_admin), cadre, "approve")

    assert _seen(working) == {"HNORTH0001"} and _visible(cadre) == {"HNORTH0001"}
    assert PENDING_NOTE not in working.get("/").content.decode()
    assert working.get("/api/v1/me/").json()["scope_change_pending"] == ""
    moved = User.objects.get(pk=cadre.pk)
    assert (moved.region_path, moved.region_name, moved.approval) == (county.village_b.path, "城北村", "")
    update = AuditEvent.objects.get(action="user.update", object_id=str(cadre.pk))
    assert update.summary == "修改用户 cadre_a：管辖区划改为 城北村，待安全管理员审核，审核通过前仍按原角色和管辖范围"
    approved = AuditEvent.objects.get(action="user.approve", object_id=str(cadre.pk))
    assert approved.summary == (
        "批准账号 cadre_a（村干部/网格员，城北村；原状态：角色或管辖区划变更待审核）；"
        "原为村干部/网格员，城南村，现已生效"
    )
    assert approved.before["region_path"] == county.village_a.path
    assert approved.after["region_path"] == county.village_b.path


def test_a_refused_move_leaves_the_cadre_in_the_old_village(personas, county, homes, login):
    cadre = personas.cadre_a
    working = login(cadre)
    _move(login(personas.system_admin), cadre, county.village_b)

    _decide(login(personas.security_admin), cadre, "refuse")

    assert _seen(working) == {"HSOUTH0001"} and _visible(cadre) == {"HSOUTH0001"}
    kept = User.objects.get(pk=cadre.pk)
    assert (kept.region_path, kept.approval, kept.approval_pending) == (county.village_a.path, Approval.APPROVED, None)
    assert PENDING_NOTE not in working.get("/").content.decode()
    refused = AuditEvent.objects.get(action="user.refuse", object_id=str(cadre.pk))
    assert "角色和管辖范围仍为原来的（村干部/网格员，城南村），可按原范围登录" in refused.summary


def test_moving_the_cadre_back_before_the_decision_withdraws_the_change(personas, county, login):
    cadre = personas.cadre_a
    admin = login(personas.system_admin)
    _move(admin, cadre, county.village_b)

    _move(admin, User.objects.get(pk=cadre.pk), county.village_a)

    back = User.objects.get(pk=cadre.pk)
    assert (back.region_path, back.approval, back.approval_pending) == (county.village_a.path, Approval.APPROVED, None)
    assert not login(personas.security_admin).get(APPROVALS).context["pending"]


def test_a_new_account_waits_closed_as_before(personas, county, login):
    """An account never approved has no scope to work in: it stays closed until approved."""
    made = user_create(
        actor=personas.system_admin,
        username="fresh_cadre",
        password="Fresh@Pass2026x",
        role="village_cadre",
        region_path=county.village_a.path,
        region_name="城南村",
        last_name="周",
    )
    user_update(actor=personas.system_admin, user=made, region_path=county.village_b.path, region_name="城北村")

    fresh = User.objects.get(pk=made.pk)
    assert (fresh.region_path, fresh.approval, fresh.approval_pending) == (county.village_b.path, Approval.NEW, None)


def test_approving_a_move_says_the_new_scope_is_in_force_not_that_the_account_can_now_sign_in(
    personas, county, homes, login
):
    """The account never stopped working: 现在可以登录 told the security admin it had been shut out."""
    cadre = personas.cadre_a
    _move(login(personas.system_admin), cadre, county.village_b)

    page = _decide(login(personas.security_admin), cadre, "approve").content.decode()

    assert "批准的角色和管辖范围已生效" in page and "现在可以登录" not in page
