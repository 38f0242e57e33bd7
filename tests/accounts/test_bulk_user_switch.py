"""停用所选用户 asks first, listing the accounts, and 启用所选用户 undoes a mis-click in bulk, each account audited
(review admins finding 6)."""

import re

import pytest

from accounts.choices import Role
from accounts.models import AuditEvent, User
from accounts.services import user_update

pytestmark = pytest.mark.django_db

LIST = "/admin/accounts/user/"


def _choose(client, action, users):
    """What the change list's form sends: the action picked in its select (index 0) and the ticked rows."""
    return client.post(LIST, {"action": action, "index": 0, "_selected_action": [u.pk for u in users]})


def _confirm(client, action, users):
    return client.post(
        LIST, {"action": action, "confirmed": "yes", "_selected_action": [u.pk for u in users]}, follow=True
    )


def test_deactivation_lists_the_accounts_and_changes_nothing_until_confirmed(personas, login):
    client = login(personas.system_admin)
    chosen = [personas.cadre_a, personas.cadre_b, personas.township]

    page = _choose(client, "deactivate_users", chosen)

    body = page.content.decode()
    assert page.status_code == 200
    assert "将停用以下 <strong>3</strong> 个用户" in body
    assert "cadre_a" in body and "cadre_b" in body and "township" in body
    assert "村干部/网格员" in body and "乡镇工作人员" in body
    assert "确认停用 3 个用户" in body
    assert User.objects.filter(pk__in=[u.pk for u in chosen], is_active=True).count() == 3
    assert not AuditEvent.objects.filter(action="user.update").exists()


def test_confirmed_deactivation_and_bulk_reenabling_are_each_audited(personas, login):
    client = login(personas.system_admin)
    chosen = [personas.cadre_a, personas.cadre_b]

    done = _confirm(client, "deactivate_users", chosen).content.decode()
    enable_page = _choose(client, "activate_users", chosen).content.decode()
    enabled = _confirm(client, "activate_users", chosen).content.decode()

    assert "已停用 2 个用户。" in done
    assert "将启用以下 <strong>2</strong> 个用户" in enable_page and "确认启用 2 个用户" in enable_page
    assert "已启用 2 个用户。" in enabled
    assert User.objects.filter(pk__in=[u.pk for u in chosen], is_active=True).count() == 2
    summaries = list(AuditEvent.objects.filter(action="user.update").order_by("id").values_list("summary", flat=True))
    assert summaries == [
        "修改用户 cadre_a：停用账号",
        "修改用户 cadre_b：停用账号",
        "修改用户 cadre_a：启用账号",
        "修改用户 cadre_b：启用账号",
    ]


def test_the_confirmation_leaves_out_accounts_already_in_that_state(personas, login):
    client = login(personas.system_admin)
    User.objects.filter(pk=personas.cadre_b.pk).update(is_active=False)

    page = _choose(client, "deactivate_users", [personas.cadre_a, personas.cadre_b]).content.decode()
    nothing = _choose(client, "activate_users", [personas.cadre_a]).content.decode()

    assert "将停用以下 <strong>1</strong> 个用户" in page and "另有 1 个已停用" in page
    assert "都已是有效状态，无需操作" in nothing


def test_the_three_administrators_are_reported_not_switched(personas, login):
    client = login(personas.system_admin)

    done = _confirm(client, "deactivate_users", [personas.audit_admin, personas.cadre_a]).content.decode()

    assert "未能停用用户 auditadmin" in done and "已停用 1 个用户。" in done
    personas.audit_admin.refresh_from_db()
    assert personas.audit_admin.is_active


def test_the_bulk_confirmation_describes_each_account_by_its_grant_in_force(personas, county, login):
    """A saved change awaiting approval is not in force: the list named the new role as the account's."""
    user_update(actor=personas.system_admin, user=personas.cadre_b, role=Role.WORK_TEAM)
    client = login(personas.system_admin)

    for action in ("deactivate_users", "activate_users"):
        if action == "activate_users":
            User.objects.filter(pk__in=[personas.cadre_a.pk, personas.cadre_b.pk]).update(is_active=False)
        page = _choose(client, action, [personas.cadre_a, personas.cadre_b]).content.decode()
        said = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))

        assert "cadre_b" in said and "村干部/网格员，城北村 管辖范围变更待审批：角色 村干部/网格员 → 驻村工作队" in said
        assert "驻村工作队，城北村" not in said
        assert said.count("管辖范围变更待审批") == 1  # cadre_a has none


def test_the_confirmation_leaves_the_three_administrators_out_up_front_saying_why(personas, login):
    """Review sec, finding 5: the confirmation listed auditadmin, and refused only once confirmed."""
    client = login(personas.system_admin)

    page = _choose(client, "deactivate_users", [personas.audit_admin, personas.cadre_a]).content.decode()

    assert "将停用以下 <strong>1</strong> 个用户" in page and "确认停用 1 个用户" in page
    assert "auditadmin（审计管理员）不会停用" in page and "只能在服务器上用管理命令修改（三员分立）" in page
    assert f'name="_selected_action" value="{personas.audit_admin.pk}"' not in page
    assert "另有" not in page  # not counted among the accounts already in that state
