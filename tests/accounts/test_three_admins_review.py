"""What a reviewer driving the three administrators (三员分立) found: the security admin approves a change seeing old
and new, a user signed out by a pending change is told so, a reloaded import imports nothing again and keeps its
password sheet, an import row says all its faults at once, unticking 有效 asks first, and the wording of the
administrators' pages."""

import io
import re

import pytest
from django.utils import translation
from openpyxl import load_workbook

from accounts.audit_export import write_audit_log
from accounts.choices import Approval, Role
from accounts.models import AuditEvent, User
from accounts.services import user_reset_password, user_update
from accounts.user_import import users_import
from accounts.views import MSG_SESSION_ENDED_CHANGED, MSG_SESSION_ENDED_PASSWORD
from households.admin_import import MSG_REPEATED
from households.selectors import region_directory
from tests.accounts.approval_helpers import approve
from tests.accounts.test_user_import import HEADER, _columns, _data_url_workbook, _rows, _xlsx

pytestmark = pytest.mark.django_db

APPROVALS = "/accounts/security/approvals/"
IMPORT_URL = "/admin/accounts/user/import/"


# --- 1. old → new on the approval page and API -----------------------------------------------------------------


def test_the_security_admin_sees_the_old_and_new_scope_and_role_of_a_change(personas, county, login):
    cadre = personas.cadre_a
    user_update(
        actor=personas.system_admin,
        user=cadre,
        region_path=county.village_b.path,
        region_name=county.village_b.name,
    )
    # A second change while pending is measured from what the account held before the first.
    user_update(actor=personas.system_admin, user=User.objects.get(pk=cadre.pk), role=Role.WORK_TEAM)
    security = login(personas.security_admin)

    page = security.get(APPROVALS).content.decode()
    listed = security.get("/api/v1/account-approvals/").json()

    assert "管辖区划：<del>城南村</del> → <strong>城北村</strong>" in page
    assert "角色：<del>村干部/网格员</del> → <strong>驻村工作队</strong>" in page
    rows = listed["results"] if isinstance(listed, dict) else listed
    changes = next(row for row in rows if row["username"] == "cadre_a")["changes"]
    assert {(c["field"], c["before"], c["after"]) for c in changes} == {
        ("role", "村干部/网格员", "驻村工作队"),
        ("region_path", "城南村", "城北村"),
    }
    assert next(c for c in changes if c["field"] == "region_path")["before_value"] == county.village_a.path
    approved = approve(personas.security_admin, cadre)
    assert approved.approval == Approval.APPROVED and approved.approval_pending is None
    assert (approved.role, approved.region_path) == (Role.WORK_TEAM, county.village_b.path)


def test_the_reason_field_reads_naturally(personas, county, login):
    user_update(actor=personas.system_admin, user=personas.cadre_a, role=Role.WORK_TEAM)

    page = login(personas.security_admin).get(APPROVALS).content.decode()

    assert "批准时须为空" not in page and "拒绝理由（仅在拒绝时填写，可不填）" in page


# --- 2. a session and a pending change -----------------------------------------------------------------------


def test_a_user_whose_role_change_waits_keeps_working_and_is_told_it_waits(personas, county, login):
    """The session used to end, and the account stayed closed until the security admin decided."""
    client = login(personas.cadre_a)
    assert client.get("/").status_code == 200

    user_update(actor=personas.system_admin, user=personas.cadre_a, role=Role.WORK_TEAM)
    listed = client.get("/households/")
    home = re.sub(r"\s+", " ", client.get("/").content.decode())

    assert listed.status_code == 200
    assert MSG_SESSION_ENDED_CHANGED not in listed.content.decode()
    assert MSG_SESSION_ENDED_PASSWORD not in listed.content.decode()
    assert "管辖范围变更待审批：角色 村干部/网格员 → 驻村工作队" in home
    assert "村干部/网格员工作台" in home


# --- 3. reloading the import's result page -----------------------------------------------------------------------


def _once(html: str) -> str:
    match = re.search(r'name="once" value="([^"]+)"', html)
    assert match, "no once token on the import page"
    return match.group(1)


def test_reloading_the_import_result_imports_nothing_again_and_keeps_the_password_sheet(personas, county, login):
    client = login(personas.system_admin)
    token = _once(client.get(IMPORT_URL).content.decode())
    row = ["reload_wang", "王小明", "村干部/网格员", "360425100201", "", ""]

    first = client.post(IMPORT_URL, {"file": _xlsx([row]), "once": token}).content.decode()
    again = client.post(IMPORT_URL, {"file": _xlsx([row]), "once": token}).content.decode()

    assert "新建账号 1 个" in first
    assert MSG_REPEATED in again
    assert "用户名“reload_wang”已被占用" not in again and "已存在" not in again
    assert _data_url_workbook(again, "初始密码单.xlsx") == _data_url_workbook(first, "初始密码单.xlsx")
    assert AuditEvent.objects.filter(action="user.import").count() == 1
    assert _once(again) != token  # the form under it is a new page
    assert User.objects.filter(username="reload_wang").count() == 1


# --- 4. all of a row's errors at once ----------------------------------------------------------------------------


def test_an_import_row_reports_its_region_department_and_phone_errors_together(personas, county):
    outcome = users_import(
        actor=personas.system_admin,
        rows=_rows(["rev_imp5", "张三", "村干部/网格员", "360425", "卫生健康委员会", "139"]),
        columns=_columns(HEADER),
        regions=region_directory(),
    )

    (error,) = outcome.errors
    columns = [reason.split("：", 1)[0] for reason in error.reasons]
    assert columns == ["管辖区划", "所属部门", "手机号"], error.reason
    assert "村干部和驻村工作队的管辖区划必须是一个村" in error.reason
    assert "只有行业部门用户可以选择所属部门" in error.reason
    assert not User.objects.filter(username="rev_imp5").exists()


# --- 5. unticking 有效 on the change page ------------------------------------------------------------------------


def _change_data(user: User, **overrides: str) -> dict[str, str]:
    data = {
        "last_name": user.last_name,
        "first_name": user.first_name,
        "phone": user.phone,
        "role": user.role,
        "region_path": user.region_path,
        "department": user.department,
        "is_active": "on",
        "_save": "保存",
    } | overrides
    return {k: v for k, v in data.items() if v != ""}


def test_unticking_active_on_the_change_page_asks_first_then_says_what_it_did(personas, login):
    client = login(personas.system_admin)
    url = f"/admin/accounts/user/{personas.cadre_b.pk}/change/"

    asked = client.post(url, _change_data(personas.cadre_b, is_active=""))
    still_active = User.objects.get(pk=personas.cadre_b.pk).is_active
    done = client.post(url, _change_data(personas.cadre_b, is_active="", deactivate_confirmed="yes"), follow=True)

    assert asked.status_code == 200 and "确认停用" in asked.content.decode()
    assert still_active
    assert User.objects.get(pk=personas.cadre_b.pk).is_active is False
    assert "已停用账号 cadre_b，其已退出登录，接口令牌失效" in done.content.decode()


def test_enabling_an_account_awaiting_approval_does_not_promise_it_can_sign_in(personas, login):
    user_update(actor=personas.system_admin, user=personas.cadre_b, is_active=False)
    # A reset waiting closes the account (a change of role alone leaves it working in its approved grant).
    user_reset_password(
        actor=personas.system_admin, user=User.objects.get(pk=personas.cadre_b.pk), new_password="Chengbei@2026x"
    )
    client = login(personas.system_admin)

    page = client.post(
        "/admin/accounts/user/", {"action": "activate_users", "index": 0, "_selected_action": [personas.cadre_b.pk]}
    ).content.decode()

    assert "他们可以重新登录" not in page
    assert "须经安全管理员审核批准" in page


# --- 6. wording ------------------------------------------------------------------------------------------------


def test_an_administrators_password_page_says_it_is_reset_on_the_server_without_a_form(personas, login):
    client = login(personas.system_admin)

    page = client.get(f"/admin/accounts/user/{personas.audit_admin.pk}/password/").content.decode()

    assert "只能在服务器上重置" in page
    assert 'name="new_password"' not in page


def test_the_change_page_shows_the_username_without_djangos_help_text(personas, login):
    page = login(personas.system_admin).get(f"/admin/accounts/user/{personas.cadre_a.pk}/change/").content.decode()

    with translation.override("zh-hans"):
        django_help = str(User._meta.get_field("username").help_text)
    assert "cadre_a" in page
    assert django_help not in page


def test_the_audit_export_names_the_account_a_failed_sign_in_tried(personas, client):
    client.post("/accounts/login/", {"username": "cadre_a", "password": "Wrong@Pass2026"})
    handle = io.BytesIO()

    write_audit_log(
        handle,
        events=AuditEvent.objects.filter(action="auth.login_failed"),
        description="",
        reader=personas.audit_admin,
    )

    sheet = load_workbook(io.BytesIO(handle.getvalue()), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert rows and rows[0][1] == "cadre_a"
    assert rows[0][2] == f"尝试登录的账号：{personas.cadre_a.get_full_name() or 'cadre_a'}"


def test_the_deactivation_page_describes_the_account_by_its_approved_role_and_scope(personas, county, login):
    """A change awaiting approval is not in force: the page named the new role and village as if it were."""
    cadre = personas.cadre_b
    user_update(actor=personas.system_admin, user=cadre, role=Role.WORK_TEAM)
    cadre = User.objects.get(pk=cadre.pk)
    client = login(personas.system_admin)

    asked = client.post(f"/admin/accounts/user/{cadre.pk}/change/", _change_data(cadre, is_active=""))
    said = re.sub(r"\s+", " ", asked.content.decode())

    assert "村干部/网格员，城北村；管辖范围变更待审批：角色 村干部/网格员 → 驻村工作队）" in said
    assert "（" + cadre.get_full_name() + "，驻村工作队" not in said
