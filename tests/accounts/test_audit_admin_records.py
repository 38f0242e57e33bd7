"""What the security admin's own acts read like in the audit log: an approval ends in a status that has a name
(已审核, the blank choice), a policy change names what it changed and only that, and an unlock says the lock's
failures were cleared rather than changed into nothing."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from accounts.approvals import Pick, accounts_decide, grant_fingerprint
from accounts.audit import UNCHANGED, audit_record
from accounts.choices import Approval
from accounts.models import AuditEvent, User
from accounts.policy_update import security_policy_update
from accounts.views import MSG_POLICY_SAVED, MSG_POLICY_UNCHANGED

pytestmark = pytest.mark.django_db

POLICY = {
    "password_max_age_days": 90,
    "failure_limit": 5,
    "lockout_minutes": 30,
    "idle_minutes": 30,
    "token_hours": 24,
    "password_min_length": 8,
    "password_min_classes": 3,
    "password_history_size": 5,
}


def _audit_page(login, personas, **params) -> str:
    return login(personas.audit_admin).get("/accounts/audit/", params).content.decode()


def _decide(personas, user, *, approve: bool) -> None:
    fresh = User.objects.get(pk=user.pk)
    accounts_decide(actor=personas.security_admin, picks=[Pick.parse(grant_fingerprint(fresh))], approve=approve)


def test_an_approval_reads_as_approved_not_as_a_wiped_status(personas, login):
    User.objects.filter(pk=personas.cadre_a.pk).update(approval=Approval.RESET)

    _decide(personas, personas.cadre_a, approve=True)
    page = _audit_page(login, personas, action="user.approve")
    api = login(personas.audit_admin).get("/api/v1/audit-events/", {"action": "user.approve"}).json()["results"]

    assert "审核状态：重置密码待审核 → 已审核" in page
    assert {"field": "approval", "label": "审核状态", "old": "重置密码待审核", "new": "已审核"} in api[0]["changes"]
    assert AuditEvent.objects.get(action="user.approve").summary == (
        "批准账号 cadre_a（村干部/网格员，城南村；原状态：重置密码待审核）"
    )


def test_approving_a_refused_account_names_the_refusal_as_the_state_before(personas):
    User.objects.filter(pk=personas.cadre_a.pk).update(approval=Approval.REFUSED)

    _decide(personas, personas.cadre_a, approve=True)

    assert AuditEvent.objects.get(action="user.approve").summary.endswith("；原状态：审核未通过）")


def test_a_policy_change_records_and_names_only_what_changed(personas, login):
    security_policy_update(actor=personas.security_admin, **POLICY)  # the defaults: nothing changes
    security_policy_update(actor=personas.security_admin, **{**POLICY, "failure_limit": 6})

    unchanged, changed = AuditEvent.objects.filter(action="security.policy_update").order_by("id")
    page = _audit_page(login, personas, action="security.policy_update")

    assert unchanged.summary == f"修改安全策略{UNCHANGED}" and (unchanged.before, unchanged.after) == (None, None)
    assert changed.summary == "修改安全策略：连续登录失败锁定次数 5 → 6"
    assert (changed.before, changed.after) == ({"failure_limit": 5}, {"failure_limit": 6})
    assert "连续登录失败锁定次数：5 → 6" in page and "锁定时长（分钟）" not in page


def test_an_unlock_reads_as_the_lock_cleared(personas, login):
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "cadre_a", "password": "Wrong@Pass2026"})
    login(personas.security_admin).post(f"/accounts/security/unlock/{personas.cadre_a.pk}/")

    page = _audit_page(login, personas, action="auth.unlock")
    exported = login(personas.audit_admin).get("/accounts/audit/", {"action": "auth.unlock", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(exported.streaming_content)), read_only=True).active.values)

    assert "连续失败次数：5（已清除）" in page
    assert "登录地址：127.0.0.1（已清除）" in page
    assert " →<" not in page and "→ </li>" not in page
    after = rows[3][rows[2].index("变更后")]
    assert "连续失败次数：（已清除）" in after and "登录地址：（已清除）" in after


def test_a_deletion_reads_as_the_values_deleted(personas, login):
    audit_record(
        actor=personas.county_officer,
        action="campaign.delete",
        summary="删除集中排查“春季排查”",
        object_type="screening.campaign",
        object_id="3",
        before={"name": "春季排查", "villages": 2},
    )

    page = _audit_page(login, personas, action="campaign.delete")

    assert "排查名称：春季排查（已删除）" in page and "排查范围（村）：2（已删除）" in page


def test_the_policy_page_says_when_a_save_changed_nothing(personas, login):
    client = login(personas.security_admin)
    same = client.post("/accounts/security/", POLICY, follow=True).content.decode()
    assert MSG_POLICY_UNCHANGED in same and MSG_POLICY_SAVED not in same
    changed = client.post("/accounts/security/", POLICY | {"failure_limit": 6}, follow=True).content.decode()
    assert MSG_POLICY_SAVED in changed
