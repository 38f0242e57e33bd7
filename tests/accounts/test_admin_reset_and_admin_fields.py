"""An administrator's reset sets no password the user has used, an administrator's account keeps its scope and 有效
fixed on the web as its role is, and the scope messages quote codes as the 管辖区划 list shows them (review accounts
findings 1-4)."""

import re

import pytest
from django.core.exceptions import ValidationError

from accounts.admin_forms import UserChangeForm
from accounts.models import AuditEvent
from accounts.services import (
    MSG_ADMIN_ACCOUNT_PROTECTED,
    MSG_ADMIN_SCOPE_FIXED,
    MSG_SCOPE_COUNTY,
    MSG_SCOPE_TOWNSHIP,
    MSG_SCOPE_VILLAGE,
    MSG_TEMPORARY_PASSWORD_REUSED,
    user_change_own_password,
    user_reset_password,
    user_update,
)
from tests.accounts.test_user_admin import _change_data, _change_url
from tests.accounts.test_user_import import IMPORT_URL, _data_url_workbook, _xlsx
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Fresh@Pass2027"


def _reset(client, user, password):
    return client.post(
        f"/admin/accounts/user/{user.pk}/password/", {"new_password": password, "new_password_confirm": password}
    )


# --- finding 1: a reset refuses the current and the recent passwords -----------------------------------------------


def test_a_reset_to_the_users_current_password_is_refused_on_the_page(personas, login):
    cadre = personas.cadre_a

    response = _reset(login(personas.system_admin), cadre, TEST_PASSWORD)

    assert response.status_code == 200
    assert response.context["form"].errors["new_password"] == [MSG_TEMPORARY_PASSWORD_REUSED]
    assert "临时密码不能与该用户当前密码或最近使用过的密码相同。" in response.content.decode()
    cadre.refresh_from_db()
    assert not cadre.must_change_password
    assert not AuditEvent.objects.filter(action="user.reset_password", object_id=str(cadre.pk)).exists()


def test_a_reset_to_a_recent_password_is_refused_and_a_new_one_is_taken(personas, login):
    cadre = personas.cadre_a
    user_change_own_password(user=cadre, new_password="Second@Pass2027")  # TEST_PASSWORD is now a recent one
    client = login(personas.system_admin)

    recent = _reset(client, cadre, TEST_PASSWORD)
    fresh = _reset(client, cadre, NEW_PASSWORD)

    assert MSG_TEMPORARY_PASSWORD_REUSED in recent.content.decode()
    assert fresh.status_code == 302
    cadre.refresh_from_db()
    assert cadre.check_password(NEW_PASSWORD) and cadre.must_change_password


def test_the_servers_reset_of_an_administrator_refuses_the_current_password_too(personas):
    with pytest.raises(ValidationError) as refused:
        user_reset_password(actor=None, user=personas.audit_admin, new_password=TEST_PASSWORD)

    assert refused.value.message_dict["new_password"] == [MSG_TEMPORARY_PASSWORD_REUSED]


# --- findings 2 and 3: an administrator's scope, grid, department and 有效 are fixed on the web ------------------


def test_the_security_admins_scope_and_active_are_fixed_on_the_change_page(personas, county, login):
    secadmin = personas.security_admin
    client = login(personas.system_admin)

    form = client.get(_change_url(secadmin)).context["adminform"].form
    html = client.get(_change_url(secadmin)).content.decode()
    posted = client.post(_change_url(secadmin), _change_data(secadmin, region_path=county.village_b.path))

    assert all(form.fields[name].disabled for name in ("role", "region_path", "grid", "department", "is_active"))
    assert form.fields["is_active"].help_text == MSG_ADMIN_ACCOUNT_PROTECTED
    assert MSG_ADMIN_ACCOUNT_PROTECTED in html
    assert "管理员账号的管辖区划、限定网格和部门不能修改（三权分立）。" in html
    assert posted.status_code == 302
    secadmin.refresh_from_db()
    assert (secadmin.region_path, secadmin.region_name) == (county.county.path, "永修县")
    assert not AuditEvent.objects.filter(action="user.update", object_id=str(secadmin.pk)).exists()


def test_an_ordinary_accounts_scope_and_active_stay_open(personas):
    form = UserChangeForm(instance=personas.cadre_a)

    assert not any(form.fields[name].disabled for name in ("role", "region_path", "grid", "department", "is_active"))


@pytest.mark.parametrize("field", ["region_path", "department"])
def test_the_service_refuses_to_change_an_administrators_scope_or_department(personas, county, field):
    value = {"region_path": county.village_b.path, "department": "health"}[field]

    with pytest.raises(ValidationError) as refused:
        user_update(actor=personas.system_admin, user=personas.security_admin, **{field: value})

    assert refused.value.message_dict[field] == [MSG_ADMIN_SCOPE_FIXED]
    personas.security_admin.refresh_from_db()
    assert (personas.security_admin.region_path, personas.security_admin.department) == (county.county.path, "")
    assert AuditEvent.objects.filter(action="user.refused", object_id=str(personas.security_admin.pk)).exists()


# --- finding 4: the messages quote codes as the list shows them ----------------------------------------------------


def test_the_scope_list_and_messages_show_the_same_12_digit_codes(personas, county, login):
    html = login(personas.system_admin).get(_change_url(personas.cadre_a)).content.decode()
    options = re.findall(r"<option value=\"\d*\"[^>]*>([^<]+)</option>", html)

    assert "永修县（360425000000）" in options
    assert "　涂埠镇（360425100000）" in options
    assert "　　城南村（360425100201）" in options
    assert "涂埠镇（360425100）" not in html
    for message, kind in ((MSG_SCOPE_VILLAGE, "一个村"), (MSG_SCOPE_TOWNSHIP, "一个乡镇"), (MSG_SCOPE_COUNTY, "全县")):
        (code,) = re.findall(r"如 (\d+)", message)
        assert f"管辖区划必须是{kind}" in message
        assert len(code) == 12 and any(option.endswith(f"（{code}）") for option in options), (code, message)


def test_the_initial_password_sheet_gives_a_townships_12_digit_code(personas, county, login):
    upload = _xlsx([["qiujin_zhang", "张伟", "乡镇工作人员", "虬津镇", "", ""]])

    html = login(personas.system_admin).post(IMPORT_URL, {"file": upload}).content.decode()

    assert _data_url_workbook(html, "初始密码单.xlsx")[2][3] == "虬津镇（360425101000）"
