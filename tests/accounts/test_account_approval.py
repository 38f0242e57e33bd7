"""Separated duties (三员, review admins finding 3): an account of a business role that the system admin creates,
resets or gives a new role or scope opens nothing until the security admin has approved its role and scope; the
approval, the refusal and every refused login are audited."""

import pytest
from django.test import Client

from accounts.approvals import (
    MSG_APPROVAL_REFUSED,
    MSG_AWAITING_APPROVAL,
    MSG_CHANGED_SINCE,
    MSG_REASON_ON_APPROVE,
    grant_fingerprint,
)
from accounts.choices import Approval, Role
from accounts.models import AuditEvent, User
from accounts.services import user_update
from accounts.views_approvals import MSG_NO_DECISION
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

TEMP = "Temp@Pass2027"
APPROVALS = "/accounts/security/approvals/"
APPROVALS_API = "/api/v1/account-approvals/"


def _add_county_officer(client, county):
    return client.post(
        "/admin/accounts/user/add/",
        {
            "username": "rv_county9",
            "last_name": "周",
            "first_name": "九",
            "phone": "",
            "role": Role.COUNTY_OFFICER,
            "region_path": county.county.path,
            "department": "",
            "password": TEMP,
            "password_confirm": TEMP,
        },
        follow=True,
    )


def _web_login(username: str, password: str):
    return Client().post("/accounts/login/", {"username": username, "password": password})


def _token(username: str, password: str):
    return Client().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, content_type="application/json"
    )


def _decide(client, users, decision="approve", **extra):
    picks = [grant_fingerprint(user) for user in users]
    return client.post(APPROVALS, {"pick": picks, "decision": decision, **extra}, follow=True)


def test_an_account_the_system_admin_creates_cannot_sign_in_until_the_security_admin_approves(personas, county, login):
    added = _add_county_officer(login(personas.system_admin), county).content.decode()
    user = User.objects.get(username="rv_county9")

    refused_page = _web_login("rv_county9", TEMP)
    refused_token = _token("rv_county9", TEMP)
    security = login(personas.security_admin)
    listed = security.get(APPROVALS).content.decode()
    home = security.get("/").content.decode()
    approved = _decide(security, [user]).content.decode()

    assert "须经安全管理员审核角色和管辖区划后才能登录" in added
    assert user.approval == Approval.NEW and user.approval_requested_by == personas.system_admin
    assert refused_page.status_code == 200 and MSG_AWAITING_APPROVAL in refused_page.content.decode()
    assert refused_token.status_code == 403 and refused_token.json()["detail"] == MSG_AWAITING_APPROVAL
    assert AuditEvent.objects.filter(action="auth.login_unapproved", object_id=str(user.pk)).count() == 2
    assert "rv_county9" in listed and "县乡村振兴局" in listed and "永修县" in listed and "新建账号待审核" in listed
    assert "待审核账号" in home
    assert "已批准 1 个账号" in approved
    assert _web_login("rv_county9", TEMP).status_code == 302
    event = AuditEvent.objects.get(action="user.approve")
    assert event.actor == personas.security_admin
    assert event.summary == "批准账号 rv_county9（县乡村振兴局，永修县；原状态：新建账号待审核）"
    assert event.after["role"] == Role.COUNTY_OFFICER and event.after["region_path"] == county.county.path
    assert (
        AuditEvent.objects.get(action="user.create").summary == "创建用户 rv_county9（县乡村振兴局），待安全管理员审核"
    )


def test_a_reset_password_waits_too_and_a_refusal_keeps_the_account_closed(personas, login):
    sysadmin = login(personas.system_admin)
    cadre_session = login(personas.cadre_a)

    reset = sysadmin.post(
        f"/admin/accounts/user/{personas.cadre_a.pk}/password/",
        {"new_password": TEMP, "new_password_confirm": TEMP},
        follow=True,
    ).content.decode()
    personas.cadre_a.refresh_from_db()
    refused = _decide(login(personas.security_admin), [personas.cadre_a], "refuse", reason="本人未申请重置").content

    assert "须经安全管理员审核" in reset
    assert cadre_session.get("/").status_code == 302  # the old session is over
    assert MSG_APPROVAL_REFUSED in _web_login("cadre_a", TEMP).content.decode()
    assert "已拒绝 1 个账号" in refused.decode()
    event = AuditEvent.objects.get(action="user.refuse")
    assert event.summary == "拒绝账号 cadre_a（村干部/网格员，城南村；原状态：重置密码待审核）：本人未申请重置"
    # The system admin cannot undo the refusal by re-enabling the account; a new reset asks again.
    user_update(actor=personas.system_admin, user=personas.cadre_a, is_active=True)
    assert MSG_APPROVAL_REFUSED in _web_login("cadre_a", TEMP).content.decode()


def test_a_new_role_or_scope_waits_and_a_stale_approval_is_refused(personas, county, login):
    security = login(personas.security_admin)
    cadre = personas.cadre_a
    user_update(actor=personas.system_admin, user=cadre, region_path=county.village_b.path, region_name="城北村")
    seen = User.objects.get(pk=cadre.pk)
    # Meanwhile the system admin raises the role.
    user_update(
        actor=personas.system_admin,
        user=User.objects.get(pk=cadre.pk),
        role=Role.TOWNSHIP_OFFICER,
        region_path=county.township.path,
        region_name="涂埠镇",
    )

    stale = _decide(security, [seen]).content.decode()

    assert seen.approval == Approval.CHANGE
    assert MSG_CHANGED_SINCE.format(username="cadre_a") in stale
    # The change waits apart: the cadre signs in, in the scope last approved (tests/accounts/test_scope_pending.py).
    assert _web_login("cadre_a", TEST_PASSWORD).status_code == 302
    assert not AuditEvent.objects.filter(action="user.approve").exists()
    assert "待安全管理员审核" in AuditEvent.objects.filter(action="user.update").first().summary


def test_name_phone_and_active_changes_and_server_made_accounts_need_no_approval(personas, county):
    user_update(actor=personas.system_admin, user=personas.cadre_a, phone="13900000000")
    user_update(actor=personas.system_admin, user=personas.cadre_b, is_active=False)
    user_update(actor=personas.system_admin, user=User.objects.get(pk=personas.cadre_b.pk), is_active=True)
    from accounts.services import user_create  # the installation and demo commands pass actor=None

    made = user_create(
        actor=None,
        username="server_made",
        password=TEMP,
        role=Role.VILLAGE_CADRE,
        region_path=county.village_a.path,
        last_name="周",
    )

    assert User.objects.filter(approval="").count() == User.objects.count()
    assert made.approval == ""


def test_the_api_lists_and_decides_for_the_security_admin_only(personas, county, login):
    cadre = personas.cadre_a
    user_update(actor=personas.system_admin, user=cadre, region_path=county.village_b.path, region_name="城北村")
    cadre.refresh_from_db()
    security = login(personas.security_admin)

    listed = security.get(APPROVALS_API).json()["results"]
    body = {"role": cadre.role, "region_path": county.village_a.path, "department": ""}
    stale = security.post(f"{APPROVALS_API}{cadre.pk}/approve/", body, content_type="application/json")
    forbidden = login(personas.system_admin).post(
        f"{APPROVALS_API}{cadre.pk}/approve/",
        body | {"region_path": county.village_b.path},
        content_type="application/json",
    )
    approved = security.post(
        f"{APPROVALS_API}{cadre.pk}/approve/",
        body | {"region_path": county.village_b.path},
        content_type="application/json",
    )

    assert [(row["username"], row["approval_display"], row["region_path"]) for row in listed] == [
        ("cadre_a", "角色或管辖区划变更待审核", county.village_b.path)
    ]
    assert stale.status_code == 409 and "已被修改" in stale.json()["detail"]
    assert forbidden.status_code == 403
    assert approved.status_code == 200 and approved.json()["approval"] == ""
    assert approved.json()["region_path"] == User.objects.get(pk=cadre.pk).region_path == county.village_b.path
    assert login(personas.audit_admin).get(APPROVALS_API).status_code == 403
    assert _web_login("cadre_a", TEST_PASSWORD).status_code == 302


def test_imported_accounts_wait_for_approval_and_the_import_page_says_so(personas, county):
    from accounts.admin_import import NOTE_PASSWORDS
    from accounts.user_import import COLUMNS, users_import
    from households.selectors import region_directory

    header = [column.key for column in COLUMNS]
    row = {"username": "imp_cadre", "name": "李红梅", "role": "村干部", "region": county.village_a.path}
    cells = [row.get(key, "") for key in header]
    outcome = users_import(
        actor=personas.system_admin,
        rows=[(3, cells)],
        columns={key: n for n, key in enumerate(header)},
        regions=region_directory(),
    )

    assert [a.user.approval for a in outcome.created] == [Approval.NEW]
    assert "须经安全管理员审核" in NOTE_PASSWORDS


def test_an_approval_needs_its_button_and_no_refusal_reason_and_a_refused_input_keeps_the_ticks(personas, login):
    """Enter in the reason field used to submit the form with its first button, 批准, dropping the reason typed."""
    sysadmin = login(personas.system_admin)
    sysadmin.post(
        f"/admin/accounts/user/{personas.cadre_a.pk}/password/", {"new_password": TEMP, "new_password_confirm": TEMP}
    )
    personas.cadre_a.refresh_from_db()
    security = login(personas.security_admin)

    page = _decide(security, [personas.cadre_a], "", reason="与任职文件不符").content.decode()
    assert MSG_NO_DECISION in page
    page = _decide(security, [personas.cadre_a], "approve", reason="与任职文件不符").content.decode()
    assert MSG_REASON_ON_APPROVE in page
    personas.cadre_a.refresh_from_db()
    assert personas.cadre_a.approval == Approval.RESET
    assert not AuditEvent.objects.filter(action__in=["user.approve", "user.refuse"]).exists()
    # what was entered stays, to correct
    assert ">与任职文件不符</textarea>" in page and "checked>" in page

    assert "已批准 1 个账号" in _decide(security, [personas.cadre_a], "approve").content.decode()


def test_a_waiting_account_the_system_admin_disabled_says_so(personas, login):
    login(personas.system_admin).post(
        f"/admin/accounts/user/{personas.cadre_a.pk}/password/", {"new_password": TEMP, "new_password_confirm": TEMP}
    )
    personas.cadre_a.refresh_from_db()
    user_update(actor=personas.system_admin, user=personas.cadre_a, is_active=False)

    page = login(personas.security_admin).get(APPROVALS).content.decode()

    assert "已停用" in page and "批准后仍不能登录" in page


def test_the_security_admins_menu_leads_to_the_approvals(personas, login):
    page = login(personas.security_admin).get("/accounts/security/").content.decode()
    menu = page[page.index('<nav class="nav"') : page.index("</nav>")]
    assert f'<a href="{APPROVALS}">账号审核</a>' in menu


def test_a_refusal_keeps_its_reason_for_the_refused_list_the_system_admin_and_the_next_review(personas, login):
    """The reason was only in the audit log: the refused list, the system admin who must correct the account and
    the security admin reviewing it again could not read why it was refused."""
    sysadmin = login(personas.system_admin)
    reset = {"new_password": TEMP, "new_password_confirm": TEMP}
    sysadmin.post(f"/admin/accounts/user/{personas.cadre_a.pk}/password/", reset)
    personas.cadre_a.refresh_from_db()
    security = login(personas.security_admin)

    _decide(security, [personas.cadre_a], "refuse", reason="本人未申请重置")
    refused_page = security.get(APPROVALS).content.decode()
    admin_list = sysadmin.get("/admin/accounts/user/?q=cadre_a").content.decode()
    listed = security.get(APPROVALS_API).json()["results"]
    # Another temporary password: the refused one is the account's current password now (review accounts finding 1).
    again_reset = {"new_password": "Again@Pass2027", "new_password_confirm": "Again@Pass2027"}
    assert sysadmin.post(f"/admin/accounts/user/{personas.cadre_a.pk}/password/", again_reset).status_code == 302
    again = security.get(APPROVALS).content.decode()

    refused_part = refused_page.split('id="refused"')[1]
    assert "拒绝理由：本人未申请重置" in refused_part and "于" in refused_part and "拒绝</div>" in refused_part
    assert "审核未通过（理由：本人未申请重置）" in admin_list
    assert listed[0]["approval_reason"] == "本人未申请重置"
    assert listed[0]["approval_decided_by"] == personas.security_admin.username
    assert "上次未通过审核：本人未申请重置" in again.split('id="pending"')[1].split('id="refused"')[0]
    personas.cadre_a.refresh_from_db()
    assert "已批准 1 个账号" in _decide(security, [personas.cadre_a], "approve").content.decode()
    personas.cadre_a.refresh_from_db()
    assert personas.cadre_a.approval_reason == "" and personas.cadre_a.approval_decided_by == personas.security_admin


def test_the_api_refuses_an_approval_with_a_reason_as_the_page_does(personas, login):
    cadre = personas.cadre_a
    login(personas.system_admin).post(
        f"/admin/accounts/user/{cadre.pk}/password/", {"new_password": TEMP, "new_password_confirm": TEMP}
    )
    cadre.refresh_from_db()
    body = {"role": cadre.role, "region_path": cadre.region_path, "department": "", "reason": "与任职文件不符"}

    answer = login(personas.security_admin).post(
        f"{APPROVALS_API}{cadre.pk}/approve/", body, content_type="application/json"
    )

    assert answer.status_code == 400 and answer.json()["detail"] == MSG_REASON_ON_APPROVE
    cadre.refresh_from_db()
    assert cadre.approval == Approval.RESET
