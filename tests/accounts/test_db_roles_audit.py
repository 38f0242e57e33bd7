"""manage.py grant_app_role changes who may do what in the database: each run leaves an audit event naming the
server command and the login that ran it, the role, whether it was created or updated and what it was granted,
never the password."""

import secrets

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.audit import SERVER_COMMAND
from accounts.db_roles import AUDIT_ACTION
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_each_run_is_audited_as_the_server_command_with_the_role_its_grants_and_no_password(
    personas, login, monkeypatch
):
    # Within the test's transaction: the role disappears with its rollback.
    role, password = f"t_app_{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    monkeypatch.setenv("LOGNAME", "opsadmin")  # the server login (getpass reads it first)
    monkeypatch.setenv("APP_DB_PASSWORD", password)

    call_command("grant_app_role", "--role", role)
    monkeypatch.delenv("APP_DB_PASSWORD")
    call_command("grant_app_role", "--role", role)

    created, updated = AuditEvent.objects.filter(action=AUDIT_ACTION).order_by("id")
    for event in (created, updated):
        assert event.actor is None and event.actor_username == SERVER_COMMAND
        assert event.object_id == role
        assert event.summary.endswith("，服务器用户 opsadmin")
        assert "审计日志表只能查询和追加" in event.summary and "无建库、建角色、超级用户权限" in event.summary
        assert password not in str((event.summary, event.before, event.after))
    assert created.summary.startswith(f"在服务器上用管理命令创建数据库应用角色 {role}，设置了新密码；授权：")
    assert updated.summary.startswith(f"在服务器上用管理命令更新数据库应用角色 {role}，密码未改；授权：")

    page = login(personas.audit_admin).get("/accounts/audit/?category=security").content.decode()
    assert f"更新数据库应用角色 {role}" in page and SERVER_COMMAND in page and password not in page


def test_a_refused_role_changes_nothing_and_leaves_no_event():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]

    with pytest.raises(Exception, match="不能为当前连接数据库的用户"):
        call_command("grant_app_role", "--role", owner)

    assert not AuditEvent.objects.filter(action=AUDIT_ACTION).exists()
