"""A refused account the system admin corrects goes back to the security admin as 已重新提交待审核
(accounts.approval_resubmit): a correction of the name or phone left it refused, off the list of accounts to decide,
and closed however it was corrected. The refusal's reason stays readable for the next review and in the log."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from accounts.approvals import MSG_APPROVAL_REFUSED, MSG_AWAITING_APPROVAL, grant_fingerprint, login_refusal
from accounts.choices import Approval
from accounts.models import AuditEvent, User
from accounts.services import user_update

pytestmark = pytest.mark.django_db

TEMP = "Temp@Pass2027"
APPROVALS = "/accounts/security/approvals/"
APPROVALS_API = "/api/v1/account-approvals/"


def _decide(client, user, decision, reason=""):
    pick = grant_fingerprint(User.objects.get(pk=user.pk))
    return client.post(APPROVALS, {"pick": [pick], "decision": decision, "reason": reason}, follow=True)


@pytest.fixture
def refused(personas, login):
    """cadre_a, reset by the system admin and refused by the security admin for a wrong name."""
    login(personas.system_admin).post(
        f"/admin/accounts/user/{personas.cadre_a.pk}/password/", {"new_password": TEMP, "new_password_confirm": TEMP}
    )
    _decide(login(personas.security_admin), personas.cadre_a, "refuse", reason="姓名与任职文件不符")
    user = User.objects.get(pk=personas.cadre_a.pk)
    assert user.approval == Approval.REFUSED
    return user


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
    return client.post(f"/admin/accounts/user/{user.pk}/change/", data | overrides, follow=True)


def test_a_refused_account_whose_name_is_corrected_is_resubmitted_and_audited(personas, refused, login):
    _change(login(personas.system_admin), refused, last_name="周", first_name="正名")

    user = User.objects.get(pk=refused.pk)
    assert user.approval == Approval.RESUBMITTED
    assert user.approval_requested_by == personas.system_admin
    assert user.approval_reason == "姓名与任职文件不符"  # kept for the review until the next decision
    assert login_refusal(user) == MSG_AWAITING_APPROVAL  # still closed until approved
    event = AuditEvent.objects.filter(action="user.update", object_id=str(user.pk)).latest("id")
    assert "已重新提交安全管理员审核（上次拒绝理由：姓名与任职文件不符）" in event.summary
    assert event.before["approval"] == "refused" and event.before["approval_reason"] == "姓名与任职文件不符"
    assert event.after["approval"] == "resubmitted"
    # The refusal itself stays in the log with its reason.
    refusal = AuditEvent.objects.filter(action="user.refuse", object_id=str(user.pk)).get()
    assert "姓名与任职文件不符" in refusal.summary
    history = LogEntry.objects.filter(object_id=str(user.pk)).latest("id").change_message
    assert "已重新提交安全管理员审核（上次拒绝理由：姓名与任职文件不符）" in history


def test_the_page_lists_it_as_resubmitted_with_the_reason_and_approving_it_opens_the_account(personas, refused, login):
    user_update(actor=personas.system_admin, user=refused, phone="13900000001")
    security = login(personas.security_admin)

    page = security.get(APPROVALS).content.decode()
    pending = page.split('id="pending"')[1].split('id="refused"')[0] if 'id="refused"' in page else page
    assert "已重新提交待审核" in pending and "上次未通过审核：姓名与任职文件不符" in pending
    assert 'id="refused"' not in page  # no longer among the refused
    listed = security.get(APPROVALS_API).json()["results"]
    assert [(r["username"], r["approval"], r["approval_display"]) for r in listed] == [
        ("cadre_a", "resubmitted", "已重新提交待审核")
    ]

    assert "已批准 1 个账号" in _decide(security, refused, "approve").content.decode()
    user = User.objects.get(pk=refused.pk)
    assert user.approval == Approval.APPROVED and user.approval_reason == ""
    assert Client().post("/accounts/login/", {"username": "cadre_a", "password": TEMP}).status_code == 302


def test_a_resubmitted_account_refused_again_is_closed_with_the_new_reason(personas, refused, login):
    user_update(actor=personas.system_admin, user=refused, first_name="改")

    _decide(login(personas.security_admin), refused, "refuse", reason="仍与任职文件不符")

    user = User.objects.get(pk=refused.pk)
    assert user.approval == Approval.REFUSED and user.approval_reason == "仍与任职文件不符"
    assert login_refusal(user) == MSG_APPROVAL_REFUSED


def test_a_scope_correction_of_a_refused_account_is_resubmitted_with_the_change(personas, county, refused, login):
    user_update(actor=personas.system_admin, user=refused, region_path=county.village_b.path, region_name="城北村")

    user = User.objects.get(pk=refused.pk)
    assert user.approval == Approval.RESUBMITTED
    assert user.approval_pending["region_path"] == county.village_b.path
    assert login_refusal(user) == MSG_AWAITING_APPROVAL
    page = login(personas.security_admin).get(APPROVALS).content.decode()
    assert "已重新提交待审核" in page and "城北村" in page

    _decide(login(personas.security_admin), user, "approve")
    assert User.objects.get(pk=refused.pk).region_path == county.village_b.path


def test_disabling_or_enabling_a_refused_account_resubmits_nothing(personas, refused):
    user_update(actor=personas.system_admin, user=refused, is_active=False)
    user_update(actor=personas.system_admin, user=User.objects.get(pk=refused.pk), is_active=True)

    user = User.objects.get(pk=refused.pk)
    assert user.approval == Approval.REFUSED and login_refusal(user) == MSG_APPROVAL_REFUSED


def test_a_refused_account_whose_password_is_reset_is_resubmitted_with_the_refusals_reason(personas, refused, login):
    """A reset of a refused account read 重置密码待审核, as if an open account's password had been reset, where any
    other correction of it reads 已重新提交待审核 with the reason it was refused for."""
    sysadmin = login(personas.system_admin)
    new_temp = "Temp@Pass2028"

    sysadmin.post(
        f"/admin/accounts/user/{refused.pk}/password/", {"new_password": new_temp, "new_password_confirm": new_temp}
    )

    user = User.objects.get(pk=refused.pk)
    assert user.approval == Approval.RESUBMITTED and user.approval_reason == "姓名与任职文件不符"
    assert login_refusal(user) == MSG_AWAITING_APPROVAL  # still closed until approved
    event = AuditEvent.objects.filter(action="user.reset_password", object_id=str(user.pk)).latest("id")
    assert event.summary == "重置用户 cadre_a 的密码，已重新提交安全管理员审核（上次拒绝理由：姓名与任职文件不符）"
    assert event.before == {"approval": "refused", "approval_reason": "姓名与任职文件不符"}
    assert event.after == {"approval": "resubmitted"}
    security = login(personas.security_admin)
    page = security.get(APPROVALS).content.decode()
    pending = page.split('id="pending"')[1]
    assert "已重新提交待审核" in pending and "重置密码待审核" not in pending
    assert "上次未通过审核：姓名与任职文件不符" in pending and 'id="refused"' not in page
    listed = security.get(APPROVALS_API).json()["results"]
    assert [(r["approval_display"], r["approval_reason"]) for r in listed] == [
        ("已重新提交待审核", "姓名与任职文件不符")
    ]

    assert "已批准 1 个账号" in _decide(security, user, "approve").content.decode()
    assert Client().post("/accounts/login/", {"username": "cadre_a", "password": new_temp}).status_code == 302


def test_a_resubmitted_account_reset_again_stays_resubmitted(personas, refused, login):
    user_update(actor=personas.system_admin, user=refused, first_name="改")
    temp = "Temp@Pass2028"

    login(personas.system_admin).post(
        f"/admin/accounts/user/{refused.pk}/password/", {"new_password": temp, "new_password_confirm": temp}
    )

    user = User.objects.get(pk=refused.pk)
    assert user.approval == Approval.RESUBMITTED and user.approval_reason == "姓名与任职文件不符"


def test_a_reset_of_an_open_account_still_reads_as_a_reset(personas, login):
    temp = "Temp@Pass2028"
    login(personas.system_admin).post(
        f"/admin/accounts/user/{personas.cadre_a.pk}/password/", {"new_password": temp, "new_password_confirm": temp}
    )

    user = User.objects.get(pk=personas.cadre_a.pk)
    assert user.approval == Approval.RESET
    page = login(personas.security_admin).get(APPROVALS).content.decode()
    assert "重置密码待审核" in page and "上次未通过审核" not in page
