"""The audit export names the account in 操作人 for a 登录失败过多被锁定 row, as it does for the failed sign-ins that
set the lock ("尝试登录的账号：…"); the cell was empty."""

import io

import pytest
from openpyxl import load_workbook

from accounts.audit import audit_record
from accounts.audit_export import write_audit_log
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def exported_actors(reader):
    handle = io.BytesIO()
    write_audit_log(handle, events=AuditEvent.objects.order_by("-pk"), description="", reader=reader)
    sheet = load_workbook(io.BytesIO(handle.getvalue()), read_only=True).worksheets[0]
    return {row[5]: row[2] for row in sheet.iter_rows(min_row=4, values_only=True)}


def test_a_lockout_row_names_the_account_like_the_failures(personas):
    cadre = personas.cadre_a
    rows = (("auth.login_failed", "登录失败"), ("auth.lockout", "账号锁定"), ("auth.login_inactive", "账号已停用"))
    for action, summary in rows:
        audit_record(actor=None, actor_username=cadre.username, action=action, summary=summary, target=cadre)

    actors = exported_actors(personas.audit_admin)

    name = f"尝试登录的账号：{cadre.get_full_name() or cadre.username}"
    assert actors["登录失败过多被锁定"] == name
    assert actors["登录失败"] == name
    assert actors["已停用账号尝试登录"] == name
