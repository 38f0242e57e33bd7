"""Refused privileged actions and refused pages leave a row in the audit log (review sec, finding 2): the system
admin unticking 有效 on the security admin, deactivating the audit admin, or a non-auditor opening the audit log
left nothing, as the refusing transaction took any row with it."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from accounts.refusals import ACCESS_DENIED, USER_REFUSED
from accounts.services import user_reset_password, user_update

pytestmark = pytest.mark.django_db


def test_unticking_active_on_the_security_admin_is_refused_and_recorded(personas):
    with pytest.raises(ValidationError):
        user_update(actor=personas.system_admin, user=personas.security_admin, is_active=False)

    (event,) = AuditEvent.objects.filter(action=USER_REFUSED)
    assert event.actor == personas.system_admin and event.object_id == str(personas.security_admin.pk)
    assert event.summary.startswith("越权操作被拒绝：停用：账号 secadmin（安全管理员）")
    assert event.after["attempted"] == "停用：账号 secadmin（安全管理员）"
    personas.security_admin.refresh_from_db()
    assert personas.security_admin.is_active


def test_a_bulk_deactivation_naming_the_audit_admin_is_refused_and_recorded(personas, login):
    """The confirmation no longer offers it; a posted list that still names it is refused, and the row stays."""
    login(personas.system_admin).post(
        "/admin/accounts/user/",
        {"action": "deactivate_users", "confirmed": "yes", "_selected_action": [personas.audit_admin.pk]},
    )

    (event,) = AuditEvent.objects.filter(action=USER_REFUSED, actor=personas.system_admin)
    assert "停用：账号 auditadmin（审计管理员）" in event.summary


def test_resetting_an_administrators_password_from_the_web_is_recorded(personas):
    with pytest.raises(ValidationError):
        user_reset_password(actor=personas.system_admin, user=personas.audit_admin, new_password="Xx#12345678")
    (event,) = AuditEvent.objects.filter(action=USER_REFUSED)
    assert "重置管理员密码：账号 auditadmin" in event.summary


def test_a_non_auditor_refused_the_audit_log_is_recorded_once(personas, login):
    response = login(personas.system_admin).get("/accounts/audit/")

    assert response.status_code == 403 and "无权访问" in response.content.decode()
    (event,) = AuditEvent.objects.filter(action=ACCESS_DENIED)
    assert event.actor == personas.system_admin and "越权操作被拒绝：访问 GET /accounts/audit/" in event.summary

    log = login(personas.audit_admin).get("/accounts/audit/", {"category": "refused"}).content.decode()
    assert "越权操作被拒绝：访问 GET /accounts/audit/" in log


def test_an_anonymous_request_records_nothing(client):
    client.get("/accounts/audit/")
    assert not AuditEvent.objects.filter(action=ACCESS_DENIED).exists()
